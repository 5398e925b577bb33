namespace JsWebSocketHost.Hosting;

/// <summary>What the <see cref="EventLoop"/> asks of the host that owns the script engine.</summary>
internal interface IEventLoopHost
{
    /// <summary>The intrinsics of the host's engine, marked as running on a thread while the loop runs tasks there.</summary>
    WebIdl.HostIntrinsics? Intrinsics { get; }

    /// <summary>
    /// Runs HTML's "perform a microtask checkpoint" after a task: promise jobs, <c>queueMicrotask</c> callbacks, and
    /// the notification of rejected promises.
    /// </summary>
    void PerformMicrotaskCheckpoint();

    /// <summary>A task is about to run (its budgets start now).</summary>
    void BeginTask();

    /// <summary>Handles an exception that escaped a task or a checkpoint (an uncaught script error, a limit).</summary>
    void ReportTaskException(Exception exception);
}
