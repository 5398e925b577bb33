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

    public WebSocketTransport(WebSocketHostOptions options)
    {
        Options = options;
        _invoker = new Lazy<HttpMessageInvoker>(() => new HttpMessageInvoker(new WebSocketStreamHandler(CreateHandler(options)), disposeHandler: true));
    }

    public WebSocketHostOptions Options { get; }

    /// <summary>The invoker that <c>ClientWebSocket.ConnectAsync</c> sends the opening handshake through.</summary>
    public HttpMessageInvoker Invoker => _invoker.Value;

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

        // HTTP/1.1: one connection is one WebSocket, so its plaintext stream is filtered here. HTTP/2 multiplexes
        // streams on the connection; there WebSocketStreamHandler filters the WebSocket's own stream.
        handler.PlaintextStreamFilter = static (context, _) => ValueTask.FromResult<Stream>(
            context.NegotiatedHttpVersion.Major == 1 ? new ConnectionStream(context.PlaintextStream) : context.PlaintextStream);
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
