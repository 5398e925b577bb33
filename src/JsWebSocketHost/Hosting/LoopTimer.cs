namespace JsWebSocketHost.Hosting;

/// <summary>
/// A timer owned by the <see cref="EventLoop"/>: when its due time (a <see cref="TimeProvider"/> timestamp) has come,
/// the loop runs its callback as a task. Touched only on the loop.
/// </summary>
internal sealed class LoopTimer
{
    public LoopTimer(Action<LoopTimer> callback, object? state)
    {
        Callback = callback;
        State = state;
    }

    public Action<LoopTimer> Callback { get; }

    public object? State { get; set; }

    /// <summary>The timestamp at which the timer is due, in <see cref="TimeProvider.GetTimestamp"/> units.</summary>
    public long DueTimestamp { get; set; }

    /// <summary>Orders timers with the same due time by the order in which they were scheduled.</summary>
    public long Sequence { get; set; }

    /// <summary>True while the timer is in the loop's timer queue.</summary>
    public bool IsScheduled { get; set; }

    /// <summary>False when the timer should not keep the loop alive (as Node's <c>unref</c>).</summary>
    public bool KeepsLoopAlive { get; set; } = true;
}
