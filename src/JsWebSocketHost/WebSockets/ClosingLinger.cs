using System.Buffers;
using System.Net.Sockets;

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

    private const int DiscardBufferSize = 4096;

    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _lock = new();
    private readonly HashSet<Task> _lingering = [];

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
            if (_shutdown.IsCancellationRequested || _lingering.Count >= MaxLingering)
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

    /// <summary>Ends every lingering read now; the task completes when every stream has been disposed.</summary>
    public Task StopAllAsync()
    {
        Task[] lingering;
        lock (_lock)
        {
            if (!_shutdown.IsCancellationRequested)
            {
                _shutdown.Cancel();
            }

            lingering = [.. _lingering];
        }

        return Task.WhenAll(lingering);
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
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // Reset, timed out, or shut down: the stream goes either way.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
