using System.Threading.Tasks.Sources;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// An allocation-free auto-reset signal with one waiter: the event loop awaits it when idle, and any thread sets it
/// when work arrives. A set that comes while nobody waits is remembered, so no wake-up is lost.
/// </summary>
internal sealed class LoopSignal : IValueTaskSource
{
    private const int Idle = 0;
    private const int Signaled = 1;
    private const int Waiting = 2;

    private readonly Lock _gate = new();
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private int _state;

    /// <summary>True while a waiter waits and no <see cref="Set"/> has come for it yet.</summary>
    public bool HasWaiter => Volatile.Read(ref _state) == Waiting;

    /// <summary>Waits until <see cref="Set"/> is called, or returns at once if it was called since the last wait.</summary>
    public ValueTask WaitAsync()
    {
        lock (_gate)
        {
            if (_state == Signaled)
            {
                _state = Idle;
                return default;
            }

            _state = Waiting;
            _core.Reset();
            return new ValueTask(this, _core.Version);
        }
    }

    /// <summary>Wakes the waiter, or remembers the signal for the next wait. Safe from any thread.</summary>
    public void Set()
    {
        lock (_gate)
        {
            if (_state != Waiting)
            {
                _state = Signaled;
                return;
            }

            _state = Idle;
        }

        _core.SetResult(true);
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(
        Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
