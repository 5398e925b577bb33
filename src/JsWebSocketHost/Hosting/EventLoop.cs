using System.Diagnostics;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// HTML's event loop, reduced to what a window-less global needs: one FIFO task queue that any thread may post to,
/// timers on a <see cref="TimeProvider"/>, a microtask checkpoint after every task, and a liveness count that lets
/// in-parallel work (a socket) keep the loop running. Exactly one thread runs tasks at a time.
/// </summary>
/// <remarks>
/// Spec: https://html.spec.whatwg.org/multipage/webappapis.html#event-loop-processing-model.
/// A wake-up runs every task that is ready as one batch (each followed by its own checkpoint), so a burst of
/// posts from a socket costs one hand-off, not one per task. Posting allocates nothing per task in steady state.
/// </remarks>
internal sealed class EventLoop : IDisposable
{
    /// <summary>The longest delay a timer keeps exactly (about 100 years).</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(36_500);

    private static readonly TimeSpan MaxWakeWait = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly IEventLoopHost _host;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly LoopSignal _signal = new();
    private readonly ITimer _wakeTimer;
    private readonly PriorityQueue<LoopTimer, (long Due, long Sequence)> _timers = new();
    private List<WorkItem> _incoming = new(64);
    private List<WorkItem> _running = new(64);
    private long _timerSequence;
    private int _aliveTimers;
    private int _staleTimers;
    private int _liveness;
    private int _isRunning;
    private readonly Lock _runLock = new();
    private readonly List<IEndOfTaskWork> _endOfTask = [];
    private bool _timersDirty;
    private CancellationToken _runToken;
    private bool _stopRequested;
    private bool _halted;
    private bool _disposed;

    public EventLoop(IEventLoopHost host, TimeProvider timeProvider)
    {
        _host = host;
        _time = timeProvider;
        _wakeTimer = timeProvider.CreateTimer(
            static state => ((LoopSignal)state!).Set(), _signal, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>How many tasks have started (loop thread only).</summary>
    public long TaskNumber { get; private set; }

    /// <summary>The clock the loop's timers run on.</summary>
    public TimeProvider TimeProvider => _time;

    [ThreadStatic]
    private static EventLoop? _currentLoop;

    /// <summary>The loop running a task on this thread right now, if any.</summary>
    public static EventLoop? Current => _currentLoop;

    /// <summary>The host whose tasks this loop runs.</summary>
    public IEventLoopHost Host => _host;

    /// <summary>True on the thread that is running the loop's tasks right now.</summary>
    public bool IsOnLoop => _currentLoop == this;

    /// <summary>Entries in the timer queue, live and stale (for tests and diagnostics).</summary>
    public int QueuedTimerEntries => _timers.Count;

    /// <summary>True while the running loop has nothing ready and waits for a post, a hold's release or a timer.</summary>
    public bool IsWaiting => _signal.HasWaiter;

    /// <summary>Queues a task. Safe from any thread; pass a static callback and its state to avoid allocations.</summary>
    public void Post(Action<object?> callback, object? state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var postedAt = HostMetrics.TaskPostedTimestamp();
        lock (_gate)
        {
            _incoming.Add(new WorkItem(callback, state, postedAt));
        }

        // From a task on this loop: whoever runs it (the loop, or a socket thread running tasks inline) looks at the
        // queue again before parking, so waking the parked loop would only make it find nothing.
        if (!IsOnLoop)
        {
            _signal.Set();
        }
    }

    /// <summary>
    /// Queues a task from an in-parallel thread (a socket's), and when the loop is parked waiting for work, runs the
    /// ready tasks right here instead of waking the loop's own continuation: one thread hop less per message.
    /// </summary>
    /// <remarks>
    /// The loop stays exclusive: a run lock is held while tasks run, so this thread and the loop's continuation never
    /// run tasks at once. Afterwards the parked loop is woken only if it must re-check (ended, stopped, timers).
    /// </remarks>
    public void PostAndTryRunInline(Action<object?> callback, object? state)
    {
        var postedAt = HostMetrics.TaskPostedTimestamp();
        lock (_gate)
        {
            _incoming.Add(new WorkItem(callback, state, postedAt));
        }

        if (IsOnLoop)
        {
            // As in Post: the task running now is followed by a look at the queue.
            return;
        }

        if (Volatile.Read(ref _isRunning) == 0 || !_signal.HasWaiter || !_runLock.TryEnter())
        {
            _signal.Set();
            return;
        }

        try
        {
            // Re-checked under the lock: the loop may have ended, or been stopped or cancelled, since the check above.
            if (Volatile.Read(ref _isRunning) == 0 || _stopRequested || _runToken.IsCancellationRequested)
            {
                _signal.Set();
                return;
            }

            // Tasks the batch itself queued (a socket's send report, say) run here too, a few passes at most.
            for (var pass = 0; pass < 8 && RunReadyWork(_runToken) && !_stopRequested && HasIncoming(); pass++)
            {
            }
        }
        finally
        {
            _runLock.Exit();
        }

        if (_stopRequested || _timersDirty || _runToken.IsCancellationRequested || IsIdle() || HasIncoming())
        {
            _signal.Set();
        }
    }

    private bool HasIncoming()
    {
        lock (_gate)
        {
            return _incoming.Count > 0;
        }
    }

    /// <summary>Keeps the loop alive until a matching <see cref="Release"/>. Safe from any thread.</summary>
    public void AddRef() => Interlocked.Increment(ref _liveness);

    /// <summary>Drops a hold taken by <see cref="AddRef"/>; the loop may then end once idle.</summary>
    public void Release()
    {
        var now = Interlocked.Decrement(ref _liveness);
        Debug.Assert(now >= 0, "Release without AddRef");
        if (now == 0)
        {
            _signal.Set();
        }
    }

    /// <summary>Asks the running loop to return after the current task. Loop thread only.</summary>
    public void Stop() => _stopRequested = true;

    /// <summary>
    /// Stops the loop at once: the current task's microtask checkpoint and end-of-task work are skipped too (a limit
    /// ended the run). Loop thread only.
    /// </summary>
    public void Halt()
    {
        _stopRequested = true;
        _halted = true;
    }

    /// <summary>Schedules <paramref name="timer"/> to run <paramref name="delay"/> from now. Loop thread only.</summary>
    public void Schedule(LoopTimer timer, TimeSpan delay)
    {
        if (timer.IsScheduled)
        {
            Cancel(timer);
        }

        // Negative delays run at once; delays beyond MaxDelay (AbortSignal.timeout takes up to 2^53 - 1 ms) are
        // capped, so the due timestamp cannot overflow: such a timer never fires within any run anyway.
        delay = delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxDelay ? MaxDelay : delay;
        var ticks = (long)(delay.TotalSeconds * _time.TimestampFrequency);
        timer.DueTimestamp = _time.GetTimestamp() + ticks;
        timer.Sequence = ++_timerSequence;
        timer.IsScheduled = true;
        if (timer.KeepsLoopAlive)
        {
            _aliveTimers++;
        }

        _timers.Enqueue(timer, (timer.DueTimestamp, timer.Sequence));
        _timersDirty = true;
    }

    /// <summary>Removes a scheduled timer (its queue entry is dropped lazily). Loop thread only.</summary>
    public void Cancel(LoopTimer timer)
    {
        if (!timer.IsScheduled)
        {
            return;
        }

        timer.IsScheduled = false;
        _timersDirty = true;
        if (timer.KeepsLoopAlive)
        {
            _aliveTimers--;
        }

        // Its queue entry stays until it falls due; when stale entries pile up (a timeout re-armed on every
        // message, say), rebuild the queue from the live ones.
        if (++_staleTimers > 256 && _staleTimers > _timers.Count / 2)
        {
            CompactTimers();
        }
    }

    private void CompactTimers()
    {
        var live = new List<(LoopTimer Timer, (long Due, long Sequence) Key)>(_timers.Count - _staleTimers + 1);
        foreach (var (timer, key) in _timers.UnorderedItems)
        {
            if (timer.IsScheduled && timer.Sequence == key.Sequence)
            {
                live.Add((timer, key));
            }
        }

        _timers.Clear();
        _timers.EnqueueRange(live);
        _staleTimers = 0;
    }

    /// <summary>
    /// Runs tasks and timers until the loop is idle — no task queued, no timer that keeps it alive, no hold — or
    /// until <see cref="Stop"/> is called or <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.Exchange(ref _isRunning, 1) != 0)
        {
            throw new InvalidOperationException("The event loop is already running.");
        }

        _stopRequested = false;
        _halted = false;
        _runToken = cancellationToken;
        using var registration = cancellationToken.UnsafeRegister(static s => ((LoopSignal)s!).Set(), _signal);
        try
        {
            while (true)
            {
                // Every decision is taken under the run lock, so the loop never ends (or throws) while a socket
                // thread is still running tasks inline.
                bool ran;
                lock (_runLock)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (_stopRequested)
                    {
                        return;
                    }

                    ran = RunReadyWork(cancellationToken);
                    if (_stopRequested)
                    {
                        return;
                    }

                    if (!ran)
                    {
                        if (IsIdle())
                        {
                            return;
                        }

                        ArmWakeTimer();
                    }
                }

                if (!ran)
                {
                    await _signal.WaitAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            lock (_runLock)
            {
                _wakeTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _runToken = CancellationToken.None;
                Volatile.Write(ref _isRunning, 0);
            }
        }
    }

    /// <summary>Runs the batch of posted tasks that are ready, then the timers due now. Returns whether any ran.</summary>
    private bool RunReadyWork(CancellationToken cancellationToken)
    {
        var previous = _currentLoop;
        _currentLoop = this;
        var previousIntrinsics = WebIdl.HostIntrinsics.EnterRunning(_host.Intrinsics);
        try
        {
            var ran = false;
            List<WorkItem> batch;
            lock (_gate)
            {
                batch = _incoming;
                _incoming = _running;
                _running = batch;
            }

            for (var i = 0; i < batch.Count; i++)
            {
                var item = batch[i];
                ran = true;
                if (item.PostedAt != 0)
                {
                    HostMetrics.RecordTaskQueueDelay(item.PostedAt);
                }

                RunTask(item.Callback, item.State);
                if (_stopRequested || cancellationToken.IsCancellationRequested)
                {
                    RequeueFront(batch, i + 1);
                    batch.Clear();
                    return true;
                }
            }

            batch.Clear();

            // Timers due now, in (due time, scheduling order); timers scheduled during this pass wait for the next.
            var now = _time.GetTimestamp();
            var lastSequence = _timerSequence;
            while (_timers.TryPeek(out var timer, out var key) && key.Due <= now && key.Sequence <= lastSequence)
            {
                _timers.Dequeue();
                if (!timer.IsScheduled || timer.Sequence != key.Sequence)
                {
                    _staleTimers--;
                    continue; // cancelled or rescheduled: a stale entry
                }

                // Dequeued: no longer scheduled (and not a stale entry either).
                timer.IsScheduled = false;
                _timersDirty = true;
                if (timer.KeepsLoopAlive)
                {
                    _aliveTimers--;
                }

                ran = true;
                RunTask(static s => { var t = (LoopTimer)s!; t.Callback(t); }, timer);
                if (_stopRequested || cancellationToken.IsCancellationRequested)
                {
                    return true;
                }
            }

            return ran;
        }
        finally
        {
            _currentLoop = previous;
            WebIdl.HostIntrinsics.EnterRunning(previousIntrinsics);
        }
    }

    /// <summary>Runs <paramref name="work"/> once at the end of the current task. Loop thread only.</summary>
    public void ScheduleAtEndOfTask(IEndOfTaskWork work) => _endOfTask.Add(work);

    private void RunTask(Action<object?> callback, object? state)
    {
        TaskNumber++;
        _host.BeginTask();
        try
        {
            callback(state);
        }
        catch (Exception ex)
        {
            Report(ex);
        }

        if (_halted)
        {
            // A limit ended the run inside this task: nothing more of its script runs, not even its microtasks.
            _endOfTask.Clear();
            return;
        }

        try
        {
            _host.PerformMicrotaskCheckpoint();
        }
        catch (Exception ex)
        {
            Report(ex);
        }

        // Work scheduled for the end of the task (a socket's batched sends); it may schedule more, which runs too.
        for (var i = 0; i < _endOfTask.Count; i++)
        {
            try
            {
                _endOfTask[i].RunAtEndOfTask();
            }
            catch (Exception ex)
            {
                Report(ex);
            }
        }

        _endOfTask.Clear();
    }

    // Reporting must never throw out of the loop (that would leave a batch half run and run it again).
    private void Report(Exception exception)
    {
        try
        {
            _host.ReportTaskException(exception);
        }
        catch (Exception)
        {
            // Standard error is gone or the host is shutting down: nothing left to tell.
        }
    }

    private void RequeueFront(List<WorkItem> batch, int from)
    {
        if (from >= batch.Count)
        {
            return;
        }

        lock (_gate)
        {
            _incoming.InsertRange(0, batch.GetRange(from, batch.Count - from));
        }
    }

    private bool IsIdle()
    {
        lock (_gate)
        {
            return _incoming.Count == 0 && _aliveTimers == 0 && Volatile.Read(ref _liveness) == 0;
        }
    }

    private void ArmWakeTimer()
    {
        _timersDirty = false;
        while (_timers.TryPeek(out var timer, out var key) && (!timer.IsScheduled || timer.Sequence != key.Sequence))
        {
            _timers.Dequeue();
            _staleTimers--;
        }

        if (!_timers.TryPeek(out _, out var next))
        {
            _wakeTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var wait = _time.GetElapsedTime(_time.GetTimestamp(), next.Due);
        if (wait <= TimeSpan.Zero)
        {
            _signal.Set();
            return;
        }

        // System timers take at most ~49.7 days; a later due time is reached by waking early and re-arming.
        _wakeTimer.Change(wait > MaxWakeWait ? MaxWakeWait : wait, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _wakeTimer.Dispose();
    }

    // PostedAt: a Stopwatch timestamp while the queue delay histogram has a listener, else 0 (nothing measured).
    private readonly record struct WorkItem(Action<object?> Callback, object? State, long PostedAt);
}
