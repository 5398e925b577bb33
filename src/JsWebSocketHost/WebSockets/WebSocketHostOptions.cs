using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace JsWebSocketHost.WebSockets;

/// <summary>
/// How a <see cref="Hosting.ScriptHost"/> opens the WebSocket connections its scripts ask for: headers, TLS,
/// proxy, keep-alive, compression, HTTP version, time limits and resource limits.
/// </summary>
/// <remarks>
/// The host takes a validated copy when it is created (as <see cref="System.Net.WebSockets.ClientWebSocketOptions"/>
/// freezes at connect): later changes to this object do not reach a host that already exists.
/// </remarks>
public sealed class WebSocketHostOptions
{
    /// <summary>The default of <see cref="MaxMessageSize"/> for trusted scripts: 64 MiB.</summary>
    public const long DefaultMaxMessageSize = 64L * 1024 * 1024;

    /// <summary>Creates options with the trusted (browser-like) defaults.</summary>
    public WebSocketHostOptions()
    {
    }

    private WebSocketHostOptions(WebSocketHostOptions other)
    {
        Headers = new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(
            new Dictionary<string, string>(other.Headers, StringComparer.OrdinalIgnoreCase));
        UserAgent = other.UserAgent;
        Proxy = other.Proxy;
        RemoteCertificateValidationCallback = other.RemoteCertificateValidationCallback;
        ClientCertificates = other.ClientCertificates is { } certificates ? new X509CertificateCollection(certificates) : null;
        KeepAliveInterval = other.KeepAliveInterval;
        EnablePerMessageDeflate = other.EnablePerMessageDeflate;
        ConnectTimeout = other.ConnectTimeout;
        ClosingHandshakeTimeout = other.ClosingHandshakeTimeout;
        HttpVersion = other.HttpVersion;
        HttpVersionPolicy = other.HttpVersionPolicy;
        MaxMessageSize = other.MaxMessageSize;
        MaxReceiveQueueBytes = other.MaxReceiveQueueBytes;
        MaxTotalReceiveQueueBytes = other.MaxTotalReceiveQueueBytes;
        MaxBufferedAmount = other.MaxBufferedAmount;
        MaxConnections = other.MaxConnections;
        MaxConnectionsPerHost = other.MaxConnectionsPerHost;
        HostNameResolver = other.HostNameResolver;
        Policy = other.Network.Build();
    }

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

    /// <summary>
    /// The largest message a peer may send, in bytes. A larger one fails the connection: the peer is sent Close
    /// 1009 (message too big) and the script sees <c>error</c>, then <c>close</c> with 1006. The frame headers'
    /// declared lengths are checked before any payload is read, so no more than this is ever buffered for one message.
    /// </summary>
    public long MaxMessageSize { get; set; } = DefaultMaxMessageSize;

    /// <summary>
    /// Receive back-pressure: once a socket's received but undelivered messages hold more than this many bytes (the
    /// script is busy), the socket is not read again until the loop catches up, so TCP pushes back on the server.
    /// Nothing is dropped.
    /// </summary>
    public long MaxReceiveQueueBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>
    /// Receive back-pressure across all of the host's sockets: once their received but undelivered messages together
    /// hold more than this, counting each message as its payload plus
    /// <see cref="QueuedMessageOverhead"/> bytes, no socket is read again until the loop has delivered half of it.
    /// The servers' further messages wait in TCP (its flow control pushes back on them). Nothing is dropped. A
    /// socket may pass the bound by the one message it is reading when the bound is reached.
    /// </summary>
    public long MaxTotalReceiveQueueBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>
    /// What one queued message counts for beyond its payload towards <see cref="MaxTotalReceiveQueueBytes"/>: about
    /// what it costs in memory (its string or array, its feedback item and its loop task).
    /// </summary>
    public const int QueuedMessageOverhead = 128;

    /// <summary>
    /// The most bytes <c>send()</c> may queue on one socket (its <c>bufferedAmount</c>). A <c>send()</c> past it
    /// flags the WebSocket as full and closes the connection (the script sees <c>error</c>, then <c>close</c> 1006),
    /// as the WebSockets Standard says.
    /// </summary>
    public long MaxBufferedAmount { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// The most WebSocket connections the host's scripts may have connecting or open at once. One more fails at once
    /// (<c>error</c>, then <c>close</c> 1006), and the host is told through <see cref="Hosting.ScriptHost.LimitReached"/>.
    /// </summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>The most connections connecting or open at once to one host (the URL's host name or address).</summary>
    public int MaxConnectionsPerHost { get; set; } = 10_000;

    /// <summary>
    /// Which connections scripts may open: schemes, hosts, ports, and the address ranges names resolve to (checked on
    /// every resolved address just before the socket connects). Allows everything by default, as a browser does;
    /// <see cref="Hosting.ScriptHostOptions.ForUntrustedScripts"/> denies non-public addresses. A denial looks to the
    /// script like a network failure; the host is told through <see cref="Hosting.ScriptHost.NetworkAccessDenied"/>.
    /// </summary>
    /// <remarks>
    /// With a <see cref="Proxy"/>, the name rules are checked on the target's URL, and the address rules on the
    /// proxy's address (the only address this host connects to) and on the URL's host when it is an address literal
    /// (the proxy would connect to it); a name is resolved by the proxy, out of this host's sight.
    /// <see cref="NetworkPolicyOptions.AllowedAddressRanges"/> is how a loopback proxy is let through when non-public
    /// addresses are denied.
    /// </remarks>
    public NetworkPolicyOptions Network { get; } = new();

    /// <summary>
    /// Resolves a host name to the addresses to connect to; null uses the system's DNS
    /// (<see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/>). The network policy checks what it returns.
    /// </summary>
    public Func<string, CancellationToken, ValueTask<IPAddress[]>>? HostNameResolver { get; set; }

    /// <summary>The network policy built from <see cref="Network"/> when the snapshot was taken.</summary>
    internal NetworkPolicy Policy { get; } = NetworkPolicy.AllowAll;

    /// <summary>A validated copy that later changes to this object do not reach.</summary>
    internal WebSocketHostOptions Snapshot()
    {
        Validate();
        return new WebSocketHostOptions(this);
    }

    internal void Validate()
    {
        if (MaxMessageSize is < 1 or > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMessageSize), MaxMessageSize, "The message size limit must be from 1 byte to 2 GiB - 1.");
        }

        if (MaxReceiveQueueBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxReceiveQueueBytes), MaxReceiveQueueBytes, "The receive queue bound must be at least 1 byte.");
        }

        if (MaxTotalReceiveQueueBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTotalReceiveQueueBytes), MaxTotalReceiveQueueBytes, "The total receive queue bound must be at least 1 byte.");
        }

        if (MaxBufferedAmount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBufferedAmount), MaxBufferedAmount, "The buffered amount limit must be at least 1 byte.");
        }

        if (MaxConnections < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConnections), MaxConnections, "The connection limit must be at least 1.");
        }

        if (MaxConnectionsPerHost < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConnectionsPerHost), MaxConnectionsPerHost, "The per-host connection limit must be at least 1.");
        }

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
