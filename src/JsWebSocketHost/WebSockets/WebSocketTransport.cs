using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Net.Security;

namespace JsWebSocketHost.WebSockets;

/// <summary>
/// The seam between WebSocket objects and the network for one host: one <see cref="SocketsHttpHandler"/> (TLS,
/// proxy, HTTP/2, and later the network policy in its connect callback) shared by every connection it opens.
/// </summary>
internal sealed partial class WebSocketTransport : IDisposable
{
    private readonly Lazy<HttpMessageInvoker> _invoker;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ConnectionStream> _streams = new(StringComparer.Ordinal);
    private readonly Lock _connectionsLock = new();
    private readonly HashSet<WebSocketConnection> _connections = [];
    private readonly Dictionary<string, int> _connectionsPerHost = new(StringComparer.Ordinal);
    private long _nextTag;
    private bool _closed;
    private long _undeliveredTotal; // all connections' undelivered messages, each counted with QueuedMessageOverhead
    private readonly System.Collections.Concurrent.ConcurrentQueue<WebSocketConnection> _parkedReceivers = new();

    /// <summary>How long, at most, host disposal lets failed connections wait for their server to close.</summary>
    private static readonly TimeSpan LingerGrace = TimeSpan.FromSeconds(1);

    /// <summary>What <see cref="TryAdmit"/> answers once the host is shutting down.</summary>
    public const string ShuttingDown = "the host is shutting down";

    /// <param name="options">The host's frozen WebSocket options.</param>
    /// <param name="monitor">Told about limits and denials (the host).</param>
    public WebSocketTransport(WebSocketHostOptions options, IConnectionMonitor monitor)
    {
        Options = options;
        Monitor = monitor;
        Linger = new ClosingLinger(options.MaxConnections);
        _invoker = new Lazy<HttpMessageInvoker>(() => new HttpMessageInvoker(new WebSocketStreamHandler(CreateHandler(), this), disposeHandler: true));
    }

    /// <summary>Failed connections whose streams read on until the server closes (RFC 6455 section 7.1.1).</summary>
    public ClosingLinger Linger { get; }

    /// <summary>The host's snapshot of its WebSocket options (never changes).</summary>
    public WebSocketHostOptions Options { get; }

    public IConnectionMonitor Monitor { get; }

    /// <summary>All connections' received but undelivered messages, as counted towards the total bound.</summary>
    public long UndeliveredTotal => Volatile.Read(ref _undeliveredTotal);

    /// <summary>True while the connections' undelivered messages together pass <see cref="WebSocketHostOptions.MaxTotalReceiveQueueBytes"/>.</summary>
    public bool IsReceiveQueueFull => Volatile.Read(ref _undeliveredTotal) > Options.MaxTotalReceiveQueueBytes;

    /// <summary>A message of <paramref name="payloadBytes"/> was queued for the loop. Any thread.</summary>
    public void AddUndelivered(int payloadBytes) =>
        Interlocked.Add(ref _undeliveredTotal, payloadBytes + (long)WebSocketHostOptions.QueuedMessageOverhead);

    /// <summary>
    /// A message was delivered. Once the total is down to half the bound, every parked receive loop is resumed (not
    /// at the bound itself, where each delivery would wake them all for one message each). Loop thread.
    /// </summary>
    public void RemoveUndelivered(long payloadBytes)
    {
        var left = Interlocked.Add(ref _undeliveredTotal, -(payloadBytes + (long)WebSocketHostOptions.QueuedMessageOverhead));
        if (left <= Options.MaxTotalReceiveQueueBytes / 2 && !_parkedReceivers.IsEmpty)
        {
            while (_parkedReceivers.TryDequeue(out var connection))
            {
                connection.ResumeReceiving();
            }
        }
    }

    /// <summary>
    /// Queues a receive loop to be resumed once the total is down to half the bound. The caller checks the bound again
    /// after this (a full fence), so a delivery in between either finds it queued or has already made room.
    /// </summary>
    public void ParkReceiver(WebSocketConnection connection) => _parkedReceivers.Enqueue(connection);

    /// <summary>
    /// Counts a new connection against <see cref="WebSocketHostOptions.MaxConnections"/> and
    /// <see cref="WebSocketHostOptions.MaxConnectionsPerHost"/>. Returns null when admitted, or why not.
    /// </summary>
    public string? TryAdmit(WebSocketConnection connection, string host)
    {
        string limit;
        string message;
        lock (_connectionsLock)
        {
            if (_closed)
            {
                return ShuttingDown;
            }

            var count = _connectionsPerHost.GetValueOrDefault(host);
            if (_connections.Count >= Options.MaxConnections)
            {
                (limit, message) = (nameof(WebSocketHostOptions.MaxConnections), $"a script opened more than {Options.MaxConnections} WebSocket connections at once (MaxConnections).");
            }
            else if (count >= Options.MaxConnectionsPerHost)
            {
                (limit, message) = (nameof(WebSocketHostOptions.MaxConnectionsPerHost), $"a script opened more than {Options.MaxConnectionsPerHost} WebSocket connections to {host} at once (MaxConnectionsPerHost).");
            }
            else
            {
                _connections.Add(connection);
                _connectionsPerHost[host] = count + 1;
                return null;
            }
        }

        // Told outside the lock: the host's handler may take its time.
        Monitor.OnLimitReached(limit, message);
        return message;
    }

    /// <summary>Forgets a connection admitted by <see cref="TryAdmit"/> once it is closed. Any thread.</summary>
    public void Retire(WebSocketConnection connection, string host)
    {
        lock (_connectionsLock)
        {
            if (_connections.Remove(connection))
            {
                var count = _connectionsPerHost[host] - 1;
                if (count == 0)
                {
                    _connectionsPerHost.Remove(host);
                }
                else
                {
                    _connectionsPerHost[host] = count;
                }
            }
        }
    }

    /// <summary>Aborts every open or connecting connection (a limit ended the run, or the host is going away).</summary>
    /// <returns>A task that completes when every aborted connection has torn down.</returns>
    public Task AbortAllAsync(bool closeForGood)
    {
        WebSocketConnection[] connections;
        lock (_connectionsLock)
        {
            _closed |= closeForGood;
            connections = [.. _connections];
        }

        var completions = new Task[connections.Length + (closeForGood ? 1 : 0)];
        for (var i = 0; i < connections.Length; i++)
        {
            connections[i].Abort();
            completions[i] = connections[i].Completion;
        }

        if (closeForGood)
        {
            // Streams of failed connections still waiting for their server to close get a moment (a server that is
            // closing reads the Close frame that says why), then go too.
            var grace = Options.ClosingHandshakeTimeout < LingerGrace ? Options.ClosingHandshakeTimeout : LingerGrace;
            completions[^1] = Linger.StopAllAsync(grace);
        }

        return Task.WhenAll(completions);
    }

    /// <summary>The invoker that <c>ClientWebSocket.ConnectAsync</c> sends the opening handshake through.</summary>
    public HttpMessageInvoker Invoker => _invoker.Value;

    /// <summary>A new tag for <see cref="WebSocketStreamHandler.TagHeader"/>, unique within this transport.</summary>
    public string NewStreamTag() => Interlocked.Increment(ref _nextTag).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Called by a stream that found <paramref name="tag"/> in the request it carried.</summary>
    public void RegisterStream(string tag, ConnectionStream stream) => _streams[tag] = stream;

    /// <summary>The stream that carried the handshake tagged <paramref name="tag"/>, if it was seen.</summary>
    public ConnectionStream? TakeStream(string tag) => _streams.TryRemove(tag, out var stream) ? stream : null;

    /// <summary>The request option that carries a connection's target (its ws/wss URL and host) to the connect callback.</summary>
    public static readonly HttpRequestOptionsKey<ConnectionTarget> TargetOption = new("JsWebSocketHost.Target");

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ConnectionTarget> _targets = new(StringComparer.Ordinal);

    /// <summary>Remembers what a tagged handshake is for, until the stream handler hands it to the request.</summary>
    public void RegisterTarget(string tag, ConnectionTarget target) => _targets[tag] = target;

    /// <summary>The target registered for <paramref name="tag"/>, taken once.</summary>
    public ConnectionTarget? TakeTarget(string tag) => _targets.TryRemove(tag, out var target) ? target : null;

    private SocketsHttpHandler CreateHandler()
    {
        var options = Options;
        var handler = new SocketsHttpHandler
        {
            UseProxy = options.Proxy is not null,
            Proxy = options.Proxy,
            ConnectTimeout = options.ConnectTimeout,
            AllowAutoRedirect = false,
            UseCookies = false,
            // A connection is not kept for reuse (a 1 ms lifetime). Not 0: with 0 the pool keeps no idle
            // connection, and one it opened for a handshake cancelled meanwhile (close() while connecting) was
            // dropped without being closed, open until a GC (scripts/soak.sh: hundreds after 30 s of churn). Now it
            // is kept idle and closed by the pool's scavenger within the idle timeout.
            PooledConnectionLifetime = TimeSpan.FromMilliseconds(1),
            PooledConnectionIdleTimeout = TimeSpan.FromMilliseconds(200),
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

    // The one place connections are opened, and where the network policy checks every address the name resolved to:
    // the socket connects to exactly the addresses that were checked, so a second DNS answer cannot slip in.
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var policy = Options.Policy;
        IPAddress[]? addresses = null;
        if (!policy.IsAllowAll || Options.HostNameResolver is not null)
        {
            addresses = await ResolveAsync(endpoint.Host, cancellationToken).ConfigureAwait(false);
            if (!policy.IsAllowAll)
            {
                CheckAddresses(context, policy, addresses);
            }
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (addresses is null)
            {
                await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            }
            else if (addresses.Length == 1)
            {
                // One address (a literal, the usual case): the direct connect, not the multi-address machinery.
                await socket.ConnectAsync(new IPEndPoint(addresses[0], endpoint.Port), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await socket.ConnectAsync(addresses, endpoint.Port, cancellationToken).ConfigureAwait(false);
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        // An address literal needs no lookup (brackets come off an IPv6 literal).
        if (TryParseLiteral(host, out var literal))
        {
            return [literal];
        }

        var addresses = Options.HostNameResolver is { } resolve
            ? await resolve(host, cancellationToken).ConfigureAwait(false)
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        if (addresses is null || addresses.Length == 0)
        {
            throw new HttpRequestException(HttpRequestError.NameResolutionError, $"The name '{host}' resolved to no address.");
        }

        return addresses;
    }

    /// <summary>
    /// The address rules for a URL whose host is an address literal, checked before connecting: through a proxy the
    /// connect callback sees only the proxy's address, and the proxy would connect to this one.
    /// </summary>
    public NetworkAccessDeniedEventArgs? CheckLiteralAddress(Uri url, string host)
    {
        var policy = Options.Policy;
        if (policy.IsAllowAll || Options.Proxy is null
            || !TryParseLiteral(host, out var address))
        {
            return null;
        }

        return policy.CheckAddress(url, host, url.Port, address, viaProxy: false);
    }

    // Every resolved address must pass: a name that resolves to a public and a loopback address is denied.
    private void CheckAddresses(SocketsHttpConnectionContext context, NetworkPolicy policy, IPAddress[] addresses)
    {
        var request = context.InitialRequestMessage;
        var requestUri = request.RequestUri!;
        var target = request.Options.TryGetValue(TargetOption, out var t) ? t : ConnectionTarget.From(requestUri);
        var viaProxy = Options.Proxy is { } proxy && !proxy.IsBypassed(requestUri) && proxy.GetProxy(requestUri) is not null;
        foreach (var address in addresses)
        {
            if (policy.CheckAddress(target.Url, target.Host, target.Port, address, viaProxy) is { } denial)
            {
                Monitor.OnNetworkAccessDenied(denial);
                throw new NetworkAccessDeniedException(denial.Message);
            }
        }
    }

    // An address literal as a URL or an endpoint writes it (an IPv6 one in brackets).
    private static bool TryParseLiteral(string host, out IPAddress address) =>
        IPAddress.TryParse(host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host, out address!);

    public void Dispose()
    {
        Linger.Dispose();
        if (_invoker.IsValueCreated)
        {
            _invoker.Value.Dispose();
        }
    }
}
