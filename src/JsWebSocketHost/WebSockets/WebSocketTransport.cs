using System.Net.Http;
using System.Net.Sockets;
using System.Net.Security;

namespace JsWebSocketHost.WebSockets;

/// <summary>
/// The seam between WebSocket objects and the network for one host: one <see cref="SocketsHttpHandler"/> (TLS,
/// proxy, HTTP/2, and later the network policy in its connect callback) shared by every connection it opens.
/// </summary>
internal sealed class WebSocketTransport : IDisposable
{
    private readonly Lazy<HttpMessageInvoker> _invoker;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ConnectionStream> _streams = new(StringComparer.Ordinal);
    private long _nextTag;

    public WebSocketTransport(WebSocketHostOptions options)
    {
        Options = options;
        _invoker = new Lazy<HttpMessageInvoker>(() => new HttpMessageInvoker(new WebSocketStreamHandler(CreateHandler(options), this), disposeHandler: true));
    }

    public WebSocketHostOptions Options { get; }

    /// <summary>The invoker that <c>ClientWebSocket.ConnectAsync</c> sends the opening handshake through.</summary>
    public HttpMessageInvoker Invoker => _invoker.Value;

    /// <summary>A new tag for <see cref="WebSocketStreamHandler.TagHeader"/>, unique within this transport.</summary>
    public string NewStreamTag() => Interlocked.Increment(ref _nextTag).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Called by a stream that found <paramref name="tag"/> in the request it carried.</summary>
    public void RegisterStream(string tag, ConnectionStream stream) => _streams[tag] = stream;

    /// <summary>The stream that carried the handshake tagged <paramref name="tag"/>, if it was seen.</summary>
    public ConnectionStream? TakeStream(string tag) => _streams.TryRemove(tag, out var stream) ? stream : null;

    private static SocketsHttpHandler CreateHandler(WebSocketHostOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = options.Proxy is not null,
            Proxy = options.Proxy,
            ConnectTimeout = options.ConnectTimeout,
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.Zero,
        };
        var ssl = new SslClientAuthenticationOptions();
        if (options.RemoteCertificateValidationCallback is { } validate)
        {
            ssl.RemoteCertificateValidationCallback = validate;
        }

        if (options.ClientCertificates is { } certificates)
        {
            ssl.ClientCertificates = certificates;
        }

        handler.SslOptions = ssl;
        handler.ConnectCallback = ConnectAsync;
        return handler;
    }

    // The one place connections are opened: later also where the network policy checks the resolved address.
    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_invoker.IsValueCreated)
        {
            _invoker.Value.Dispose();
        }
    }
}
