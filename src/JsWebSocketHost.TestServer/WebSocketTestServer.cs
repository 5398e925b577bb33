using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace JsWebSocketHost.TestServer;

/// <summary>
/// A loopback WebSocket server with deterministic behaviours chosen by path and query, for tests, samples and
/// <c>jsws serve</c>. Kestrel, in-process, bound to 127.0.0.1 only, with logging off.
/// </summary>
/// <remarks>
/// <para>Behaviours (the query parameters are optional unless said; README.md of this project has the full table):</para>
/// <list type="table">
///   <item><term><c>/echo?protocol=x&amp;deflate=1</c></term><description>Echoes text as text and binary as binary, fragmented
///   messages reassembled and echoed whole; answers a client's Close with the same code and reason (no status
///   when it had none); closes 1000 "Goodbye" after the text <c>Goodbye</c>; accepts subprotocol x when offered;
///   with <c>deflate=1</c>, accepts permessage-deflate when offered (no extension otherwise).</description></item>
///   <item><term><c>/close?code=N&amp;reason=R</c></term><description>Accepts, then closes at once with that code and
///   reason, and waits for the client's Close; no code: a Close frame with no status (an empty payload). A code a server may not send, or a reason over 123 bytes, is
///   refused with 400 before the upgrade.</description></item>
///   <item><term><c>/drop?after=ms&amp;abort=1&amp;partial=1&amp;accept=0</c></term><description>Accepts, waits <c>after</c> ms (default 0), then ends
///   the TCP connection without a Close frame: gracefully (FIN, after what was written has gone out), or with
///   <c>abort=1</c> through <c>HttpContext.Abort()</c> (a reset; with <c>after=0</c> it can cut off the 101 itself).
///   <c>partial=1</c>: first sends a text frame without FIN (a message that never ends). <c>accept=0</c>: aborts
///   before accepting (a reset before the 101; over HTTP/2, of the stream before its 200).</description></item>
///   <item><term><c>/delay-handshake?ms=N</c></term><description>Waits N ms (default 1000) before accepting, then echoes.</description></item>
///   <item><term><c>/delay-close-reply?ms=N</c></term><description>Echoes, but waits N ms (default 1000) before answering a client's Close.</description></item>
///   <item><term><c>/never-reply-close</c></term><description>Echoes, but never answers a client's Close; the TCP
///   connection stays open until the client goes.</description></item>
///   <item><term><c>/invalid-utf8</c></term><description>Sends one text frame whose payload is invalid UTF-8 (C3 28). Raw.</description></item>
///   <item><term><c>/fragmented?parts=N</c></term><description>Sends "fragment0fragment1…" as N text frames (continuation
///   frames after the first), then the same bytes as one binary message of N frames, then echoes.</description></item>
///   <item><term><c>/subprotocol?pick=x</c></term><description>Selects x even when the client did not offer it;
///   <c>pick=</c> selects none; then echoes. Raw.</description></item>
///   <item><term><c>/status?code=403</c></term><description>Refuses the upgrade with that HTTP status (200-599).</description></item>
///   <item><term><c>/redirect?to=/echo</c></term><description>Answers 302 Found with that Location.</description></item>
///   <item><term><c>/bad-accept</c></term><description>Answers 101 with a wrong Sec-WebSocket-Accept. Raw.</description></item>
///   <item><term><c>/raw-after-101?hex=8800&amp;extensions=E&amp;end=1</c></term><description>Answers a correct 101 and those
///   bytes in the same write, then reads until the client's Close (recorded, not
///   answered) or the end; <c>extensions</c>: a <c>Sec-WebSocket-Extensions</c> header in the 101 (whatever the
///   client offered); <c>end=1</c>: ends the connection (FIN) right after the bytes instead. Raw.</description></item>
///   <item><term><c>/garbage</c></term><description>Answers bytes that are not HTTP. Raw.</description></item>
///   <item><term><c>/headers</c></term><description>Sends one text message, JSON <c>{"headers":{…},"origin":…,"protocols":[…]}</c>
///   of the handshake request (lower-case header names), then echoes.</description></item>
///   <item><term><c>/slow-reader?ms=N</c></term><description>Every N ms reads one message and replies with its length as text.</description></item>
///   <item><term><c>/messages?count=N&amp;size=S&amp;type=text|binary</c></term><description>Sends N messages of S bytes
///   (message i starts with "i "), then closes 1000.</description></item>
///   <item><term><c>/ping-flood?count=N&amp;size=S</c></term><description>Sends N pings of S bytes (ping i starts with i,
///   32-bit big-endian) and the text <c>after N pings</c> in the same write as the 101; answers each text message
///   with <c>pongs=K last=J</c> (Pongs seen in order, index of the last ping answered) and a Close with the same
///   Close. Raw.</description></item>
/// </list>
/// <para>
/// "Raw" behaviours are answered by Kestrel connection middleware that reads the first request on an HTTP/1.1
/// connection itself, so they work only over HTTP/1.1 and only as a connection's first request (every refusal the
/// server sends carries <c>Connection: close</c>, so a client never reuses a connection for a second handshake).
/// </para>
/// </remarks>
public sealed partial class WebSocketTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly ClientCloseLog _closes;
    private readonly Uri _webSocketBase;
    private readonly Uri? _http2WebSocketBase;
    private readonly Uri? _tlsWebSocketBase;
    private int _disposed;

    private WebSocketTestServer(
        WebApplication app, CancellationTokenSource stopping, ClientCloseLog closes, int port, int? http2Port, int? tlsPort, X509Certificate2? certificate)
    {
        TlsCertificate = certificate;
        if (tlsPort is { } tls)
        {
            _tlsWebSocketBase = new Uri(string.Create(CultureInfo.InvariantCulture, $"wss://127.0.0.1:{tls}/"));
        }

        _app = app;
        _stopping = stopping;
        _closes = closes;
        BaseUrl = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
        _webSocketBase = new Uri(string.Create(CultureInfo.InvariantCulture, $"ws://127.0.0.1:{port}/"));
        if (http2Port is { } h2)
        {
            _http2WebSocketBase = new Uri(string.Create(CultureInfo.InvariantCulture, $"ws://127.0.0.1:{h2}/"));
        }
    }

    /// <summary>The HTTP/1.1 endpoint, <c>http://127.0.0.1:PORT/</c>; <c>GET /</c> there lists the behaviours.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The self-signed certificate of the TLS endpoint, when the server was started with <c>enableTls</c>.</summary>
    public X509Certificate2? TlsCertificate { get; }

    /// <summary>The <c>wss://</c> URL of a behaviour on the TLS endpoint (HTTP/1.1 over TLS, self-signed certificate).</summary>
    /// <param name="pathAndQuery">A path and query such as <c>/echo</c>. The raw behaviours are not served there.</param>
    /// <returns><c>wss://127.0.0.1:TLSPORT/path?query</c>.</returns>
    /// <exception cref="InvalidOperationException">The server was started without <c>enableTls</c>.</exception>
    public Uri TlsWebSocketUrl(string pathAndQuery) =>
        Resolve(_tlsWebSocketBase ?? throw new InvalidOperationException("Start the server with enableTls: true for wss:// URLs."), pathAndQuery);

    /// <summary>Whether the server also listens for HTTP/2 (h2c) WebSockets; see <see cref="Http2WebSocketUrl"/>.</summary>
    public bool IsHttp2Enabled => _http2WebSocketBase is not null;

    /// <summary>Starts a server on 127.0.0.1.</summary>
    /// <param name="port">The HTTP/1.1 port; 0 picks a free one (read it from <see cref="BaseUrl"/>).</param>
    /// <param name="enableHttp2">
    /// Also listen, on a port of its own, for HTTP/2 over cleartext with prior knowledge (h2c), where WebSockets use
    /// extended CONNECT (RFC 8441); see <see cref="Http2WebSocketUrl"/>.
    /// </param>
    /// <param name="enableTls">
    /// Also listen, on a port of its own, for HTTP/1.1 over TLS with a self-signed certificate made at start
    /// (<see cref="TlsCertificate"/>); a client certificate is allowed, and <c>/headers</c> reports its subject.
    /// </param>
    /// <param name="ct">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop it.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is not 0-65535.</exception>
    /// <exception cref="IOException">The port is taken.</exception>
    public static async Task<WebSocketTestServer> StartAsync(int port = 0, bool enableHttp2 = false, bool enableTls = false, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);

        var stopping = new CancellationTokenSource();
        var closes = new ClientCloseLog();
        var raw = new RawBehaviours(closes);
        var content = new ServedContent();
        var behaviours = new HttpBehaviours(content, stopping.Token);
        ListenOptions? http1 = null;
        ListenOptions? http2 = null;
        ListenOptions? tls = null;
        var certificate = enableTls ? TestCertificates.CreateSelfSigned("127.0.0.1", serverAuthentication: true) : null;

        // An empty builder reads no configuration (no ASPNETCORE_URLS, no appsettings) and adds no logging.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.Use(next => new RawConnectionMiddleware(next, raw, stopping.Token).OnConnectionAsync);
                http1 = listen;
            });
            if (certificate is not null)
            {
                kestrel.Listen(IPAddress.Loopback, 0, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    listen.UseHttps(https =>
                    {
                        https.ServerCertificate = certificate;
                        https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                        https.AllowAnyClientCertificate();
                    });
                    tls = listen;
                });
            }

            if (enableHttp2)
            {
                kestrel.Listen(IPAddress.Loopback, 0, listen =>
                {
                    listen.Protocols = HttpProtocols.Http2;
                    http2 = listen;
                });
            }
        });

        var app = builder.Build();
        try
        {
            app.Use((context, next) =>
            {
                ObservedUpgrade.Install(context, closes);
                return next(context);
            });
            app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
            app.Run(behaviours.HandleAsync);
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            stopping.Dispose();
            throw;
        }

        return new WebSocketTestServer(
            app, stopping, closes, BoundPort(http1), http2 is null ? null : BoundPort(http2), tls is null ? null : BoundPort(tls), certificate)
        {
            Content = content,
        };
    }

    /// <summary>Pages and scripts served on this origin by path and query (for <c>jsws test --browser</c>).</summary>
    internal ServedContent Content { get; private init; } = new();

    /// <summary>The <c>ws://</c> URL of a behaviour on the HTTP/1.1 endpoint.</summary>
    /// <param name="pathAndQuery">A path and query such as <c>/close?code=4000&amp;reason=bye</c>; a missing leading '/' is added.</param>
    /// <returns><c>ws://127.0.0.1:PORT/path?query</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pathAndQuery"/> is null.</exception>
    public Uri WebSocketUrl(string pathAndQuery) => Resolve(_webSocketBase, pathAndQuery);

    /// <summary>The <c>ws://</c> URL of a behaviour on the HTTP/2 (h2c) endpoint.</summary>
    /// <param name="pathAndQuery">A path and query such as <c>/echo</c>. The raw behaviours are HTTP/1.1 only (404 here).</param>
    /// <returns><c>ws://127.0.0.1:H2PORT/path?query</c>: connect with <c>HttpVersion = 2.0</c> and
    /// <c>HttpVersionPolicy.RequestVersionExact</c>.</returns>
    /// <exception cref="InvalidOperationException">The server was started without <c>enableHttp2</c>.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="pathAndQuery"/> is null.</exception>
    public Uri Http2WebSocketUrl(string pathAndQuery) =>
        Resolve(_http2WebSocketBase ?? throw new InvalidOperationException("Start the server with enableHttp2: true for HTTP/2 WebSockets."), pathAndQuery);

    /// <summary>Waits for a Close frame that a client sent on a connection opened at <paramref name="requestTarget"/>.</summary>
    /// <param name="requestTarget">The exact path and query of the handshake, or a path alone, which matches any query.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>
    /// The oldest such frame not yet returned (each is returned once); its <see cref="ClientCloseFrame.Code"/> is null
    /// when the frame had no status. Recorded by every behaviour that reads the client's frames after the handshake.
    /// </returns>
    public Task<ClientCloseFrame> WaitForClientCloseAsync(string requestTarget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requestTarget);
        return _closes.TakeAsync(requestTarget, cancellationToken);
    }

    /// <summary>Stops the server: open connections are aborted, and pending behaviours end.</summary>
    /// <returns>A task that completes when Kestrel has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _app.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Kestrel aborts the connections that did not finish in time.
            }
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        TlsCertificate?.Dispose();
        _stopping.Dispose();
    }

    private static int BoundPort(ListenOptions? listen) =>
        listen?.IPEndPoint?.Port ?? throw new InvalidOperationException("Kestrel did not report the bound port.");

    private static Uri Resolve(Uri baseUri, string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        var relative = pathAndQuery.StartsWith('/') ? pathAndQuery : "/" + pathAndQuery;
        // The authority comes first and the rest starts with '/', so the URL cannot leave this server.
        return new Uri(baseUri.GetLeftPart(UriPartial.Authority) + relative);
    }
}
