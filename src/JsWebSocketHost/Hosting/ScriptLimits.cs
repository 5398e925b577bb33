namespace JsWebSocketHost.Hosting;

/// <summary>
/// Bounds on what a script may consume: Jint's constraints (allocations, statements, recursion, time per task) and
/// the host's own (time for the whole run, pending timers). Zero or <see cref="Timeout.InfiniteTimeSpan"/> means
/// no bound. A run that passes one of the Jint bounds or the run timeout ends cleanly (sockets aborted, timers
/// cleared) with a <see cref="ScriptRunResult"/> that names it.
/// </summary>
public sealed class ScriptLimits
{
    /// <summary>Creates limits with the trusted defaults: no bounds but the timer count.</summary>
    public ScriptLimits()
    {
    }

    private ScriptLimits(ScriptLimits other)
    {
        MaxAllocatedBytesPerTask = other.MaxAllocatedBytesPerTask;
        MaxStatementsPerTask = other.MaxStatementsPerTask;
        MaxRecursionDepth = other.MaxRecursionDepth;
        TaskTimeout = other.TaskTimeout;
        RunTimeout = other.RunTimeout;
        MaxTimers = other.MaxTimers;
    }

    /// <summary>
    /// The most managed memory one call into script may allocate, in bytes: Jint's allocation budget (not a
    /// retained-memory bound), which Jint starts afresh at each entry into the engine, so each listener of an event
    /// and each callback has its own (unlike <see cref="MaxStatementsPerTask"/> and <see cref="TaskTimeout"/>, which
    /// a whole task shares). Also the largest file a script may import. 0: no bound.
    /// </summary>
    public long MaxAllocatedBytesPerTask { get; set; }

    /// <summary>
    /// The most statements one task may run: a script, a timer callback, or an event with all its listeners, and the
    /// microtasks after it. 0: no bound.
    /// </summary>
    public int MaxStatementsPerTask { get; set; }

    /// <summary>
    /// The deepest call stack a script may build (Jint's <c>LimitRecursion</c>). 0: no fixed depth; a stack that
    /// would overflow the thread still throws a catchable <c>RangeError</c>.
    /// </summary>
    public int MaxRecursionDepth { get; set; }

    /// <summary>
    /// How long one task (as for <see cref="MaxStatementsPerTask"/>) may run before the run ends.
    /// <see cref="Timeout.InfiniteTimeSpan"/>: no bound.
    /// </summary>
    public TimeSpan TaskTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>
    /// How long a whole <see cref="ScriptHost.RunAsync"/> may take, waiting included (a socket left open does not
    /// keep it running past this). <see cref="Timeout.InfiniteTimeSpan"/>: no bound.
    /// </summary>
    public TimeSpan RunTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>
    /// The most timers (<c>setTimeout</c>, <c>setInterval</c>) pending at once. One more makes the call throw a
    /// <c>QuotaExceededError</c> <c>DOMException</c> the script can catch, and the host is told through
    /// <see cref="ScriptHost.LimitReached"/>.
    /// </summary>
    public int MaxTimers { get; set; } = 100_000;

    internal ScriptLimits Snapshot()
    {
        Validate();
        return new ScriptLimits(this);
    }

    private void Validate()
    {
        if (MaxAllocatedBytesPerTask < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAllocatedBytesPerTask), MaxAllocatedBytesPerTask, "The allocation limit cannot be negative (0 means no limit).");
        }

        if (MaxStatementsPerTask < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxStatementsPerTask), MaxStatementsPerTask, "The statement limit cannot be negative (0 means no limit).");
        }

        if (MaxRecursionDepth < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRecursionDepth), MaxRecursionDepth, "The recursion limit cannot be negative (0 means no limit).");
        }

        CheckTimeout(TaskTimeout, nameof(TaskTimeout));
        CheckTimeout(RunTimeout, nameof(RunTimeout));
        if (MaxTimers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTimers), MaxTimers, "The timer limit must be at least 1.");
        }
    }

    private static void CheckTimeout(TimeSpan value, string name)
    {
        if (value != Timeout.InfiniteTimeSpan && (value <= TimeSpan.Zero || value.TotalMilliseconds > int.MaxValue))
        {
            throw new ArgumentOutOfRangeException(name, value, "A timeout must be positive and at most int.MaxValue ms, or Timeout.InfiniteTimeSpan for none.");
        }
    }
}
