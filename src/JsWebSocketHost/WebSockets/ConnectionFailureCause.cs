namespace JsWebSocketHost.WebSockets;

/// <summary>
/// Why a WebSocket connection failed, for the host's logs and metrics. The script never sees it: for every cause it
/// gets the spec's <c>error</c> event and <c>close</c> with 1006.
/// </summary>
internal enum ConnectionFailureCause
{
    /// <summary>A network failure none of the other causes describes.</summary>
    NetworkError,

    /// <summary>The host name did not resolve.</summary>
    DnsFailure,

    /// <summary>Nothing accepted the TCP connection (RST on connect).</summary>
    ConnectionRefused,

    /// <summary>The connection or its opening handshake took longer than the connect timeout.</summary>
    ConnectTimeout,

    /// <summary>The TLS handshake failed (an untrusted or mismatched certificate, say).</summary>
    TlsFailure,

    /// <summary>The server answered the opening handshake with an HTTP status other than 101 (200 over HTTP/2).</summary>
    HttpStatus,

    /// <summary>The server broke the protocol: a bad handshake response, a bad frame, invalid UTF-8 in a text message.</summary>
    ProtocolError,

    /// <summary>The connection ended without a Close frame (FIN or reset after the handshake).</summary>
    ConnectionLost,

    /// <summary>A message was larger than <see cref="WebSocketHostOptions.MaxMessageSize"/>.</summary>
    MessageTooBig,

    /// <summary>The network policy denied the connection.</summary>
    PolicyDenied,

    /// <summary>The port is one Fetch blocks (a "bad port").</summary>
    BadPort,

    /// <summary>A connection limit or the send buffer limit was reached.</summary>
    LimitReached,

    /// <summary>The connection was aborted: <c>close()</c> while connecting, the host's disposal, or a run ended by a limit.</summary>
    Aborted,
}
