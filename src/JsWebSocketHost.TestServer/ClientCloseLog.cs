namespace JsWebSocketHost.TestServer;

/// <summary>The Close frames clients sent, in arrival order, and the callers waiting for one.</summary>
internal sealed class ClientCloseLog
{
    /// <summary>Unclaimed frames kept at most (a long <c>jsws serve</c> run claims none); the oldest go first.</summary>
    private const int Capacity = 1000;

    private readonly Lock _lock = new();
    private readonly List<ClientCloseFrame> _frames = [];
    private readonly List<(string Target, TaskCompletionSource<ClientCloseFrame> Waiter)> _waiters = [];

    public void Add(ClientCloseFrame frame)
    {
        TaskCompletionSource<ClientCloseFrame>? waiter = null;
        lock (_lock)
        {
            var index = _waiters.FindIndex(w => Matches(frame, w.Target));
            if (index >= 0)
            {
                waiter = _waiters[index].Waiter;
                _waiters.RemoveAt(index);
            }
            else
            {
                if (_frames.Count == Capacity)
                {
                    _frames.RemoveAt(0);
                }

                _frames.Add(frame);
            }
        }

        waiter?.TrySetResult(frame);
    }

    public async Task<ClientCloseFrame> TakeAsync(string target, CancellationToken cancellationToken)
    {
        TaskCompletionSource<ClientCloseFrame> waiter;
        lock (_lock)
        {
            var index = _frames.FindIndex(f => Matches(f, target));
            if (index >= 0)
            {
                var frame = _frames[index];
                _frames.RemoveAt(index);
                return frame;
            }

            waiter = new TaskCompletionSource<ClientCloseFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((target, waiter));
        }

        try
        {
            return await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                _waiters.RemoveAll(w => w.Waiter == waiter);
            }
        }
    }

    /// <summary>A target matches the whole request target, or only its path when it has no query.</summary>
    private static bool Matches(ClientCloseFrame frame, string target)
    {
        if (string.Equals(frame.RequestTarget, target, StringComparison.Ordinal))
        {
            return true;
        }

        if (target.Contains('?', StringComparison.Ordinal))
        {
            return false;
        }

        var query = frame.RequestTarget.IndexOf('?', StringComparison.Ordinal);
        return query >= 0 && frame.RequestTarget.AsSpan(0, query).SequenceEqual(target);
    }
}
