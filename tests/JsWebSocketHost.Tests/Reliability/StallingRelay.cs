using System.Net;
using System.Net.Sockets;

namespace JsWebSocketHost.Tests.Reliability;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a server that can stop passing bytes in one direction after a number of them,
/// to hold a connection mid-message, and that tells when the client's side of each connection ended: what the server
/// sees of a client that went away. Bounded: it relays only until disposed.
/// </summary>
/// <remarks>
/// A stalled direction is not read at all, so TCP pushes back on the sender (a client's send waits, a server's write
/// waits). <see cref="Release"/> lets every stalled direction go on, so that the relay then reads what the client
/// still sends up to its end (FIN or reset), as a server would.
/// </remarks>
internal sealed class StallingRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _upstreamPort;
    private readonly long _upstreamLimit;
    private readonly long _downstreamLimit;
    private readonly Task _accepting;
    private int _accepted;
    private int _ended;
    private long _upstreamBytes;

    /// <param name="upstreamPort">The server's port on 127.0.0.1.</param>
    /// <param name="stallUpstreamAfter">Client-to-server bytes passed before that direction stalls (-1: never).</param>
    /// <param name="stallDownstreamAfter">Server-to-client bytes passed before that direction stalls (-1: never).</param>
    public StallingRelay(int upstreamPort, long stallUpstreamAfter = -1, long stallDownstreamAfter = -1)
    {
        _upstreamPort = upstreamPort;
        _upstreamLimit = stallUpstreamAfter;
        _downstreamLimit = stallDownstreamAfter;
        _listener.Start();
        _accepting = AcceptLoopAsync();
    }

    /// <summary>The relay's port.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Connections whose client side has ended (a read gave end of stream, or the connection was reset).</summary>
    public int Ended => Volatile.Read(ref _ended);

    /// <summary>Client-to-server bytes relayed so far, over every connection.</summary>
    public long UpstreamBytes => Interlocked.Read(ref _upstreamBytes);

    /// <summary>Completes when a direction of some connection has stalled at its limit.</summary>
    public TaskCompletionSource Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets every stalled direction go on (and no direction stalls from now on).</summary>
    public void Release() => _released.TrySetResult();

    /// <summary>Waits until <paramref name="count"/> client connections have ended; false if that did not happen in time.</summary>
    public async Task<bool> WaitForEndedAsync(int count, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (Ended < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return Ended >= count;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
                var down = CopyAsync(upstream.GetStream(), client.GetStream(), _downstreamLimit, counter: null);
                var up = CopyAsync(client.GetStream(), upstream.GetStream(), _upstreamLimit, counter: true);
                await up; // the client's side ended: the upstream is closed with it
                upstream.Client.Shutdown(SocketShutdown.Send);
                await Task.WhenAny(down, Task.Delay(1000, _stop.Token));
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // One side went away, or the relay is stopping.
            }
        }
    }

    // Copies until the source ends. When counter is set, the source is the client: its end is counted (a failed read
    // of the client, a reset, is an end too); a failed write upstream only stops the relaying, not the reading.
    private async Task CopyAsync(Stream from, Stream to, long limit, bool? counter)
    {
        var buffer = new byte[64 * 1024];
        long passed = 0;
        var forwarding = true;
        try
        {
            while (true)
            {
                var room = limit < 0 || _released.Task.IsCompleted ? buffer.Length : (int)Math.Min(buffer.Length, limit - passed);
                if (room == 0)
                {
                    Stalled.TrySetResult();
                    await _released.Task.WaitAsync(_stop.Token);
                    continue;
                }

                var read = await from.ReadAsync(buffer.AsMemory(0, room), _stop.Token);
                if (read == 0)
                {
                    break;
                }

                passed += read;
                if (counter is true)
                {
                    Interlocked.Add(ref _upstreamBytes, read);
                }

                if (forwarding)
                {
                    try
                    {
                        await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                    }
                    catch (Exception ex) when (ex is IOException or SocketException && counter is true)
                    {
                        forwarding = false; // the server is gone; keep reading the client to its end
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException && counter is true)
        {
            // A reset from the client: its side ended too.
        }
        finally
        {
            if (counter is true && !_stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref _ended);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
