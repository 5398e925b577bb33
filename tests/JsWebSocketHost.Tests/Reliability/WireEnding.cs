namespace JsWebSocketHost.Tests.Reliability;

/// <summary>How a connection of the wire fuzzer ends, as the standards say it must.</summary>
internal enum WireEnding
{
    /// <summary>A valid Close frame arrived: the closing handshake ends it, close event clean with that code.</summary>
    Clean,

    /// <summary>A frame broke RFC 6455 (or a host limit): the client fails the connection; error, then close 1006.</summary>
    Fail,

    /// <summary>The bytes ended with no Close (mid-frame or between frames): error, then close 1006.</summary>
    Eof,
}
