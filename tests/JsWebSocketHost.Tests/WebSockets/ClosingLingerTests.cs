using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using JsWebSocketHost.Hosting;
using JsWebSocketHost.WebSockets;

namespace JsWebSocketHost.Tests.WebSockets;

/// <summary>
/// RFC 6455 section 7.1.1 on a failed connection: after the client's Close frame, the client reads on until the
/// server closes (or the closing timeout passes, or the host shuts down), so no TCP reset discards that Close frame.
/// Real loopback sockets: the server side is a plain <see cref="TcpListener"/>.
/// </summary>
[TestFixture]
public sealed class ClosingLingerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    // A masked client Close frame with the status 1002 (mask key 1 2 3 4).
    private static readonly byte[] Close1002 = [0x88, 0x82, 1, 2, 3, 4, 0x03 ^ 1, 0xEA ^ 2];

    [Test]
    public async Task A_failed_connections_Close_frame_reaches_a_server_that_reads_only_after_it_has_sent()
    {
        // Like a server that sends a burst and then reads (an ASP.NET handler that sends, then awaits the Close):
        // without the linger, the client's reset fails the server's sends and the Close frame is never read.
        for (var round = 0; round < 5; round++)
        {
            await using var pair = await SocketPair.ConnectAsync();
            using var linger = new ClosingLinger();
            var sending = pair.ServerSendsAsync(frames: 16 * 1024);
            var stream = new ConnectionStream(pair.Client, framesOnly: true, linger: linger, closingTimeout: Bound);

            // The client has read a little, so more is unread in its socket when it lets go.
            await stream.ReadExactlyAsync(new byte[64]);
            await stream.WriteAsync(Close1002);
            await stream.DisposeAsync();
            Assert.That(linger.Count, Is.EqualTo(1), "the client reads on while the server has not closed");

            Assert.That(await sending.WaitAsync(Bound), Is.True, $"round {round}: every frame the server sent was taken");
            var received = await pair.ServerReadsAsync(Close1002.Length).WaitAsync(Bound);
            Assert.That(received, Is.EqualTo(Close1002), $"round {round}: the server read the client's Close frame");

            pair.Server.Shutdown(SocketShutdown.Send);
            await WaitUntil(() => linger.Count == 0, "the client lets go once the server has closed");
            Assert.That(await pair.ServerSeesEndAsync().WaitAsync(Bound), Is.True, "the client's socket was closed");
        }
    }

    [Test]
    public async Task Reading_on_ends_at_the_closing_timeout_counted_from_the_Close_frame()
    {
        await using var pair = await SocketPair.ConnectAsync();
        using var linger = new ClosingLinger();
        var stream = new ConnectionStream(pair.Client, framesOnly: true, linger: linger, closingTimeout: TimeSpan.FromMilliseconds(400));
        var clock = Stopwatch.StartNew();
        await stream.WriteAsync(Close1002);
        await Task.Delay(150);
        await stream.DisposeAsync();
        Assert.That(linger.Count, Is.EqualTo(1));

        // The server never closes: the client goes when the timeout, counted from its Close frame, is up.
        Assert.That(await pair.ServerSeesEndAsync().WaitAsync(Bound), Is.True);
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(380)).And.LessThan(TimeSpan.FromSeconds(3)));
        await WaitUntil(() => linger.Count == 0, "the lingering read is over");
    }

    [Test]
    public async Task Shutting_down_ends_every_lingering_read_at_once_and_no_new_one_starts()
    {
        await using var first = await SocketPair.ConnectAsync();
        await using var second = await SocketPair.ConnectAsync();
        using var linger = new ClosingLinger();
        var stream = new ConnectionStream(first.Client, framesOnly: true, linger: linger, closingTimeout: TimeSpan.FromMinutes(1));
        await stream.WriteAsync(Close1002);
        await stream.DisposeAsync();
        Assert.That(linger.Count, Is.EqualTo(1));

        var clock = Stopwatch.StartNew();
        await linger.StopAllAsync().WaitAsync(Bound);
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)), "shutdown does not wait for the closing timeout");
        Assert.That(linger.Count, Is.Zero);
        Assert.That(await first.ServerSeesEndAsync().WaitAsync(Bound), Is.True);

        var late = new ConnectionStream(second.Client, framesOnly: true, linger: linger, closingTimeout: TimeSpan.FromMinutes(1));
        await late.WriteAsync(Close1002);
        await late.DisposeAsync();
        Assert.That(linger.Count, Is.Zero, "after shutdown a failed connection lets go at once");
        Assert.That(await second.ServerSeesEndAsync().WaitAsync(Bound), Is.True);
    }

    [Test]
    public async Task Shutting_down_with_a_grace_lets_a_server_that_closes_in_time_read_the_Close_frame()
    {
        await using var pair = await SocketPair.ConnectAsync();
        using var linger = new ClosingLinger();
        var sending = pair.ServerSendsAsync(frames: 16 * 1024);
        var stream = new ConnectionStream(pair.Client, framesOnly: true, linger: linger, closingTimeout: TimeSpan.FromMinutes(1));
        await stream.ReadExactlyAsync(new byte[64]);
        await stream.WriteAsync(Close1002);
        await stream.DisposeAsync();

        // The host goes away at once, but the server still gets its say within the grace: it finishes sending,
        // reads the Close frame and closes.
        var stopping = linger.StopAllAsync(TimeSpan.FromSeconds(5));
        Assert.That(await sending.WaitAsync(Bound), Is.True, "every frame the server sent was taken");
        Assert.That(await pair.ServerReadsAsync(Close1002.Length).WaitAsync(Bound), Is.EqualTo(Close1002));
        var clock = Stopwatch.StartNew();
        pair.Server.Shutdown(SocketShutdown.Send);
        await stopping.WaitAsync(Bound);
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)), "shutdown ends as soon as the server has closed, not at the end of the grace");
        Assert.That(linger.Count, Is.Zero);
    }

    [Test]
    public async Task At_most_the_hosts_connection_limit_of_connections_linger()
    {
        using var linger = new ClosingLinger(maxConnections: 2);
        var streams = new List<TrickleStream>();
        for (var i = 0; i < 5; i++)
        {
            var inner = new TrickleStream();
            streams.Add(inner);
            var stream = new ConnectionStream(inner, framesOnly: true, linger: linger, closingTimeout: TimeSpan.FromMinutes(1));
            await stream.WriteAsync(Close1002);
            await stream.DisposeAsync();
        }

        Assert.That(linger.Count, Is.EqualTo(2), "lingering sockets no longer count towards MaxConnections, so no more of them linger");
        Assert.That(streams.Count(s => s.Disposed), Is.EqualTo(3));
        await linger.StopAllAsync().WaitAsync(Bound);
        Assert.That(streams.All(s => s.Disposed), Is.True);
    }

    [Test]
    public async Task A_connection_lets_go_at_once_when_the_server_closed_first_or_no_Close_was_sent()
    {
        await using var afterServerClose = await SocketPair.ConnectAsync();
        await using var withoutClose = await SocketPair.ConnectAsync();
        using var linger = new ClosingLinger();

        // The server's Close came in: the closing handshake is complete.
        await afterServerClose.Server.SendAsync(new byte[] { 0x88, 0x02, 0x03, 0xE8 });
        var closed = new ConnectionStream(afterServerClose.Client, framesOnly: true, linger: linger, closingTimeout: TimeSpan.FromMinutes(1));
        await closed.ReadExactlyAsync(new byte[4]);
        await closed.WriteAsync(Close1002);
        await closed.DisposeAsync();
        Assert.That(linger.Count, Is.Zero, "nothing to wait for after the server's Close");
        Assert.That(await afterServerClose.ServerSeesEndAsync().WaitAsync(Bound), Is.True);

        // An abort: no Close frame was sent, so there is nothing to protect.
        var aborted = new ConnectionStream(withoutClose.Client, framesOnly: true, linger: linger, closingTimeout: TimeSpan.FromMinutes(1));
        await aborted.DisposeAsync();
        Assert.That(linger.Count, Is.Zero, "no Close frame, no waiting");
        Assert.That(await withoutClose.ServerSeesEndAsync().WaitAsync(Bound), Is.True);
    }

    [Test]
    public async Task At_most_MaxLingering_connections_read_on_and_the_rest_let_go_at_once()
    {
        using var linger = new ClosingLinger();
        var streams = new List<TrickleStream>();
        for (var i = 0; i < ClosingLinger.MaxLingering + 3; i++)
        {
            var inner = new TrickleStream();
            streams.Add(inner);
            var stream = new ConnectionStream(inner, framesOnly: true, linger: linger, closingTimeout: TimeSpan.FromMinutes(1));
            await stream.WriteAsync(Close1002);
            await stream.DisposeAsync();
        }

        Assert.That(linger.Count, Is.EqualTo(ClosingLinger.MaxLingering));
        Assert.That(streams.Count(s => s.Disposed), Is.EqualTo(3), "those past the bound are disposed at once");
        await linger.StopAllAsync().WaitAsync(Bound);
        Assert.That(streams.All(s => s.Disposed), Is.True);
    }

    [Test]
    public async Task Host_disposal_ends_the_wait_for_a_server_that_never_closes()
    {
        await using var server = new SilentAfterFaultServer();
        var run = new ScriptRun(configure: options => options.WebSockets.ClosingHandshakeTimeout = TimeSpan.FromMinutes(1));
        try
        {
            run.Host.EnqueueScript($$"""
                const ws = new WebSocket('{{server.Url}}');
                ws.onerror = () => console.log('error');
                ws.onclose = e => console.log('close', e.code, e.wasClean);
                """, "linger.js");
            using var timeout = new CancellationTokenSource(Bound);
            var result = await run.Host.RunAsync(timeout.Token);
            Assert.That(result.Outcome, Is.EqualTo(ScriptRunOutcome.Drained), result.Message);
            Assert.That(run.OutputLines, Is.EqualTo(new[] { "error", "close 1006 false" }), "the script is told at once");
            Assert.That(await server.CloseStatus.WaitAsync(Bound), Is.EqualTo(1007), "the server read why");
            Assert.That(server.Ended.IsCompleted, Is.False, "the client still waits for the server to close");
        }
        finally
        {
            var clock = Stopwatch.StartNew();
            await run.DisposeAsync().AsTask().WaitAsync(Bound);
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)), "disposal waits a grace of 1 s at most, not the closing timeout");
        }

        Assert.That(await server.Ended.WaitAsync(Bound), Is.True, "the client's socket is closed with the host");
    }

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.That(clock.Elapsed, Is.LessThan(Bound), what);
            await Task.Delay(10);
        }
    }

    /// <summary>A connected pair of loopback sockets: the client's as a stream, the server's as a socket.</summary>
    private sealed class SocketPair : IAsyncDisposable
    {
        private SocketPair(Stream client, Socket server)
        {
            Client = client;
            Server = server;
        }

        public Stream Client { get; }

        public Socket Server { get; }

        public static async Task<SocketPair> ConnectAsync()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            var accepting = listener.AcceptSocketAsync();
            await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
            return new SocketPair(new NetworkStream(client, ownsSocket: true), await accepting);
        }

        /// <summary>Writes 1 KiB binary frames; false if the client reset the connection first.</summary>
        public async Task<bool> ServerSendsAsync(int frames)
        {
            var frame = new byte[4 + 1024];
            frame[0] = 0x82;
            frame[1] = 126;
            frame[2] = 0x04; // 1024-byte payload
            try
            {
                for (var i = 0; i < frames; i++)
                {
                    await Server.SendAsync(frame, SocketFlags.None);
                }

                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        public async Task<byte[]> ServerReadsAsync(int count)
        {
            var received = new byte[count];
            var read = 0;
            while (read < count)
            {
                var n = await Server.ReceiveAsync(received.AsMemory(read));
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            return received[..read];
        }

        /// <summary>True once the client's side has ended (FIN or reset), after anything it sent.</summary>
        public async Task<bool> ServerSeesEndAsync()
        {
            var buffer = new byte[256];
            try
            {
                while (await Server.ReceiveAsync(buffer) > 0)
                {
                }
            }
            catch (SocketException)
            {
            }

            return true;
        }

        public ValueTask DisposeAsync()
        {
            Server.Dispose();
            return Client.DisposeAsync();
        }
    }

    /// <summary>A stream whose reads never end until it is disposed.</summary>
    private sealed class TrickleStream : Stream
    {
        private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Disposed => _disposed.Task.IsCompleted;

        public override bool CanRead => true;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await _disposed.Task.WaitAsync(cancellationToken);
            return 0;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _disposed.TrySetResult();
            base.Dispose(disposing);
        }
    }

    /// <summary>
    /// A WebSocket server on 127.0.0.1 that accepts one connection, sends a text frame that is not UTF-8, records the
    /// client's Close status, and then neither sends nor closes.
    /// </summary>
    private sealed class SilentAfterFaultServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly TaskCompletionSource<int> _closeStatus = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<bool> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task _serving;
        private Socket? _client;

        public SilentAfterFaultServer()
        {
            _listener.Start();
            _serving = ServeAsync();
        }

        public string Url => $"ws://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

        public Task<int> CloseStatus => _closeStatus.Task;

        public Task<bool> Ended => _ended.Task;

        private async Task ServeAsync()
        {
            try
            {
                _client = await _listener.AcceptSocketAsync();
                await RawHandshake.AcceptAsync(_client);
                await _client.SendAsync(new byte[] { 0x81, 0x02, 0xC3, 0x28 });

                var frame = new byte[8];
                var read = 0;
                while (read < frame.Length)
                {
                    var n = await _client.ReceiveAsync(frame.AsMemory(read));
                    if (n == 0)
                    {
                        break;
                    }

                    read += n;
                }

                _closeStatus.TrySetResult(read >= 8 && (frame[0] & 0x0F) == 0x8 ? ((frame[6] ^ frame[2]) << 8) | (frame[7] ^ frame[3]) : -1);
                while (await _client.ReceiveAsync(frame) > 0)
                {
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
            finally
            {
                _closeStatus.TrySetResult(-1);
                _ended.TrySetResult(true);
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _client?.Dispose();
            await _serving;
        }
    }
}
