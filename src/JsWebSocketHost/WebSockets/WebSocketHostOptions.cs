using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace JsWebSocketHost.WebSockets;

/// <summary>
/// How a <see cref="Hosting.ScriptHost"/> opens the WebSocket connections its scripts ask for: headers, TLS,
/// proxy, keep-alive, compression, HTTP version and time limits. Read once when the host is created.
/// </summary>
public sealed class WebSocketHostOptions
{
    /// <summary>Extra request headers sent with every opening handshake (in addition to a script's own).</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The <c>User-Agent</c> header; null sends <c>JsWebSocketHost/&lt;version&gt;</c>.</summary>
    public string? UserAgent { get; set; }

    /// <summary>The proxy for connections; null uses no proxy (loopback tests never want the system proxy).</summary>
    public IWebProxy? Proxy { get; set; }

    /// <summary>Decides whether a server certificate is accepted for <c>wss:</c>; null uses the system's validation.</summary>
    public RemoteCertificateValidationCallback? RemoteCertificateValidationCallback { get; set; }

    /// <summary>Client certificates offered during the TLS handshake.</summary>
    public X509CertificateCollection? ClientCertificates { get; set; }

    /// <summary>How often to send keep-alive pings on an idle connection; <see cref="TimeSpan.Zero"/> turns them off.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether to offer permessage-deflate (RFC 7692). Off by default, as compression has costs and risks;
    /// when on, <c>WebSocket.extensions</c> reflects what the server accepted.
    /// </summary>
    public bool EnablePerMessageDeflate { get; set; }

    /// <summary>How long the opening handshake may take before the connection fails.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for the server's Close frame after <c>close()</c> before aborting.</summary>
    public TimeSpan ClosingHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The HTTP version of the opening handshake: 1.1 by default; 2.0 (with
    /// <see cref="HttpVersionPolicy.RequestVersionExact"/> for <c>ws:</c>) gives WebSockets over HTTP/2 (RFC 8441).
    /// </summary>
    public Version HttpVersion { get; set; } = System.Net.HttpVersion.Version11;

    /// <summary>How <see cref="HttpVersion"/> is applied; see <see cref="System.Net.Http.HttpVersionPolicy"/>.</summary>
    public System.Net.Http.HttpVersionPolicy HttpVersionPolicy { get; set; } = System.Net.Http.HttpVersionPolicy.RequestVersionOrLower;

    internal void Validate()
    {
        if (KeepAliveInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(KeepAliveInterval), KeepAliveInterval, "The keep-alive interval cannot be negative.");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ConnectTimeout), ConnectTimeout, "The connect timeout must be positive.");
        }

        if (ClosingHandshakeTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ClosingHandshakeTimeout), ClosingHandshakeTimeout, "The closing handshake timeout must be positive.");
        }

        foreach (var (name, value) in Headers)
        {
            var problem = HandshakeHeaders.Check(name, value);
            if (problem is not null)
            {
                throw new ArgumentException($"The WebSocket header '{name}' cannot be used: {problem}", nameof(Headers));
            }
        }
    }
}
