namespace JsWebSocketHost.Hosting;

/// <summary>
/// Work that runs once after the task that scheduled it, after its microtask checkpoint: at the end of that task, or,
/// while the loop runs a batch of tasks, at the end of a later one or between two of its statements
/// (<see cref="EventLoop.ScheduleAtEndOfTask"/>).
/// </summary>
/// <remarks>
/// A socket uses it to send everything its tasks queued in one batch: a loop of <c>send()</c> calls becomes one write.
/// </remarks>
internal interface IEndOfTaskWork
{
    /// <summary>Runs on the loop thread, runs no script, and must not throw.</summary>
    void RunAtEndOfTask();
}
