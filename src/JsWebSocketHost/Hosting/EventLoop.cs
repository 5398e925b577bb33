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
    private bool _moreInBatch; // the task running now is followed by more of the same batch
    private bool _flushAtTaskEnd; // the end-of-task work goes out when this task ends, not held back (FlushAtEndOfTask)
    private long _deferredSince; // when end-of-task work was first held back for the rest of the batch; 0 if not
    private int _heldBack; // how many entries of _endOfTask earlier tasks scheduled and left held back
    private int _checksToClockRead; // statement checks of a running task until FlushIfDue next reads the clock

    // While work is held back, the statement check reads the clock once in this many calls (a few microseconds of
    // script). The count is of Jint's constraint checks: one per statement while LoopCancellationConstraint keeps
    // Jint's default of not being amortizable. A single statement that runs long (a sort, a host call) is not cut.
    private const int ChecksPerClockRead = 64;

    /// <summary>
    /// How long end-of-task work (a socket's sends) may be held back while more tasks of the same batch run, so that a
    /// loop that has fallen behind writes each socket's messages together instead of one write per task. A batch of
    /// one task holds nothing back. Timed with <see cref="Stopwatch"/>, not the loop's <see cref="TimeProvider"/>.
    /// Measured on 100 sockets x 2,000 echoed 32-byte messages (scripts/load.sh 100 2000, echo phase): 12.7 s without,
    /// 5.6-6.1 s with 1 ms, 4.5-5.9 s with 5 ms, 3.9-5.8 s with 20 ms.
    /// </summary>
    internal static readonly TimeSpan MaxSendDeferral = TimeSpan.FromMilliseconds(5);
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
    /// ended the run). Work that earlier tasks of the batch scheduled and that was held back runs first, so their sends
    /// go out as they would have without the hold (with any the halting task queued on the same sockets). Loop thread
    /// only.
    /// </summary>
    public void Halt()
    {
        if (_heldBack > 0 && !_halted)
        {
            _endOfTask.RemoveRange(_heldBack, _endOfTask.Count - _heldBack);
            RunEndOfTaskWork();
        }

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

    /// <summary>Runs the batch of posted tasks that are ready, then the timers due when it began. Returns whether any ran.</summary>
    private bool RunReadyWork(CancellationToken cancellationToken)
    {
        var previous = _currentLoop;
        _currentLoop = this;
        var previousIntrinsics = WebIdl.HostIntrinsics.EnterRunning(_host.Intrinsics);
        try
        {
            var ran = false;

            // A timer that comes due while this batch runs waits for the tasks queued meanwhile. HTML's timer
            // initialization steps queue the timer's task only once the timeout has elapsed ("run steps after a
            // timeout", then "queue a global task on the timer task source"), so a message posted before that
            // moment is in a queue first and is not overtaken.
            // Spec: https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#timer-initialisation-steps.
            var now = _time.GetTimestamp();
            List<WorkItem> batch;
            lock (_gate)
            {
                batch = _incoming;
                _incoming = _running;
                _running = batch;
            }

            try
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    var item = batch[i];
                    ran = true;
                    if (item.PostedAt != 0)
                    {
                        HostMetrics.RecordTaskQueueDelay(item.PostedAt);
                    }

                    _moreInBatch = i + 1 < batch.Count;
                    RunTask(item.Callback, item.State);
                    if (_stopRequested || cancellationToken.IsCancellationRequested)
                    {
                        RequeueFront(batch, i + 1);
                        batch.Clear();
                        return true;
                    }
                }
            }
            finally
            {
                // Whatever ends the batch, nothing stays held back once it is over.
                _moreInBatch = false;
                if (_endOfTask.Count > 0)
                {
                    RunEndOfTaskWork();
                }
            }

            batch.Clear();

            // Timers due when the batch began, in (due time, scheduling order); later ones wait for the next pass.
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

    /// <summary>
    /// Runs <paramref name="work"/> once, at the end of the current task, or while later tasks of the same batch run
    /// (at the end of one of them, or between two of their statements), at most <see cref="MaxSendDeferral"/> later.
    /// Loop thread only.
    /// </summary>
    public void ScheduleAtEndOfTask(IEndOfTaskWork work) => _endOfTask.Add(work);

    /// <summary>
    /// Asks that the end-of-task work go out at the end of the current task, not held back for the rest of the batch
    /// (a Close frame, whose handshake timer has started; a send large enough to write alone). Loop thread only.
    /// </summary>
    public void FlushAtEndOfTask() => _flushAtTaskEnd = true;

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

        if (!_halted)
        {
            try
            {
                _host.PerformMicrotaskCheckpoint();
            }
            catch (Exception ex)
            {
                Report(ex);
            }
        }

        if (_halted)
        {
            // A limit ended the run inside this task: nothing more of its script runs, not even its microtasks, and
            // its end-of-task work is dropped (Halt ran what earlier tasks had held back).
            _endOfTask.Clear();
            _heldBack = 0;
            _deferredSince = 0;
            _flushAtTaskEnd = false;
            return;
        }

        if (_moreInBatch && !_flushAtTaskEnd && _endOfTask.Count > 0)
        {
            // More tasks of this batch follow: their sends join these (one write per socket, not one per task), for
            // at most MaxSendDeferral, also within a long task (FlushIfDue, between statements).
            _heldBack = _endOfTask.Count;
            if (_deferredSince == 0)
            {
                _deferredSince = Stopwatch.GetTimestamp();
                _checksToClockRead = ChecksPerClockRead;
                return;
            }

            if (Stopwatch.GetElapsedTime(_deferredSince) < MaxSendDeferral)
            {
                return;
            }
        }

        RunEndOfTaskWork();
    }

    /// <summary>True while end-of-task work is held back (read by the statement check of the running script).</summary>
    internal bool HasDeferredWork => _deferredSince != 0;

    /// <summary>
    /// Runs held-back end-of-task work once it has waited <see cref="MaxSendDeferral"/>, from inside a task that is
    /// still running (the statement check, loop thread), so a long task does not hold an earlier task's sends back
    /// past it by more than one statement. The clock is read once every <see cref="ChecksPerClockRead"/> checks. The
    /// work runs no script: it starts sends.
    /// </summary>
    internal void FlushIfDue()
    {
        if (--_checksToClockRead > 0)
        {
            return;
        }

        _checksToClockRead = ChecksPerClockRead;
        if (IsOnLoop && Stopwatch.GetElapsedTime(_deferredSince) >= MaxSendDeferral)
        {
            RunEndOfTaskWork();
        }
    }

    // Work scheduled for the end of the task (a socket's batched sends); it may schedule more, which runs too.
    private void RunEndOfTaskWork()
    {
        _deferredSince = 0;
        _heldBack = 0;
        _flushAtTaskEnd = false;
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
