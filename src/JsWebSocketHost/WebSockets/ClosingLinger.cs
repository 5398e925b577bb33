using System.Buffers;

namespace JsWebSocketHost.WebSockets;

/// <summary>
/// Keeps reading (and dropping) what a server still sends after the client's Close frame went out on a failed
/// connection, until the server closes, the closing timeout passes, or the host shuts down; then lets the stream go.
/// </summary>
/// <remarks>
/// RFC 6455 section 7.1.1: the server should close the TCP connection first, and the client waits for it. A client
/// that let go at once, with bytes from the server still unread, would make its TCP stack answer with a reset that
/// may discard its own Close frame (over HTTP/2, a stream reset that drops it with the stream): the server would
/// never learn why (1002, 1007, 1009). The script is told at once; only the connection's teardown waits.
/// </remarks>
internal sealed class ClosingLinger : IDisposable
{
    /// <summary>Streams left lingering at most; past this a failed connection lets go at once, as before.</summary>
    public const int MaxLingering = 256;

    private const int DiscardBufferSize = 16 * 1024;

    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _lock = new();
    private readonly HashSet<Task> _lingering = [];
    private readonly int _capacity;
    private bool _stopping;

    /// <param name="maxConnections">
    /// The host's connection limit: lingering sockets no longer count towards it, so at most this many linger too
    /// (and never more than <see cref="MaxLingering"/>).
    /// </param>
    public ClosingLinger(int maxConnections = MaxLingering) => _capacity = Math.Clamp(maxConnections, 1, MaxLingering);

    /// <summary>How many streams are lingering now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _lingering.Count;
            }
        }
    }

    /// <summary>
    /// Reads <paramref name="stream"/> to its end for at most <paramref name="timeout"/>, then disposes it. Returns
    /// false (and leaves the stream to the caller) when the host is shutting down or too many streams linger.
    /// </summary>
    public bool TryStart(Stream stream, TimeSpan timeout)
    {
        lock (_lock)
        {
            if (_stopping || _lingering.Count >= _capacity)
            {
                return false;
            }

            var task = DrainAsync(stream, timeout);
            if (!task.IsCompleted)
            {
                _lingering.Add(task);
                _ = task.ContinueWith(Forget, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            return true;
        }
    }

    /// <summary>
    /// Lets lingering reads go on for at most <paramref name="grace"/> (so a server that is closing gets its chance
    /// to read the Close frame), then ends them; no new one starts. The task completes when every stream has been
    /// disposed.
    /// </summary>
    public async Task StopAllAsync(TimeSpan grace = default)
    {
        Task[] lingering;
        lock (_lock)
        {
            _stopping = true;
            lingering = [.. _lingering];
        }

        var all = Task.WhenAll(lingering);
        if (grace > TimeSpan.Zero && !all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(grace)).ConfigureAwait(false);
        }

        lock (_lock)
        {
            if (!_shutdown.IsCancellationRequested)
            {
                _shutdown.Cancel();
            }
        }

        await all.ConfigureAwait(false);
    }

    public void Dispose()
    {
        _ = StopAllAsync();
    }

    private static void Forget(Task task, object? state)
    {
        var linger = (ClosingLinger)state!;
        lock (linger._lock)
        {
            linger._lingering.Remove(task);
        }
    }

    private async Task DrainAsync(Stream stream, TimeSpan timeout)
    {
        // Off the disposing thread (and out of the locks it holds): reads of buffered data complete synchronously.
        await Task.Yield();
        var buffer = ArrayPool<byte>.Shared.Rent(DiscardBufferSize);
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
            stop.CancelAfter(timeout);
            while (await stream.ReadAsync(buffer, stop.Token).ConfigureAwait(false) > 0)
            {
                // Dropped: nothing after the client's failure Close is delivered.
            }
        }
        catch (Exception)
        {
            // Reset, timed out, shut down, or anything else: this is teardown, and the stream goes either way.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            try
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception)
            {
                // As above: nothing is waiting for this stream.
            }
        }
    }
}
