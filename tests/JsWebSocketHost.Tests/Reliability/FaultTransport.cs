namespace JsWebSocketHost.Tests.Reliability;

/// <summary>How a fault case reaches the test server.</summary>
public enum FaultTransport
{
    /// <summary>HTTP/1.1 and its 101 upgrade (every behaviour, raw ones included).</summary>
    Http11,

    /// <summary>HTTP/2 over cleartext with extended CONNECT (RFC 8441); the raw behaviours are not served there.</summary>
    Http2,
}
