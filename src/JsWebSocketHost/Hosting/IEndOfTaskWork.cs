namespace JsWebSocketHost.Hosting;

/// <summary>Work that runs once at the end of the current task, after its microtask checkpoint.</summary>
/// <remarks>
/// A socket uses it to send everything a task queued in one batch: a loop of <c>send()</c> calls becomes one write.
/// </remarks>
internal interface IEndOfTaskWork
{
    /// <summary>Runs on the loop thread at the end of the task in which it was scheduled.</summary>
    void RunAtEndOfTask();
}
