namespace JsWebSocketHost.Hosting;

/// <summary>What a <see cref="ScriptHost"/> does with an uncaught error that no script handler took.</summary>
/// <remarks>
/// Either way the error is first dispatched to the global's <c>error</c> or <c>unhandledrejection</c> event (a
/// listener that calls <c>preventDefault()</c> handles it), then written to standard error and raised as
/// <see cref="ScriptHost.UncaughtError"/>.
/// Spec: https://html.spec.whatwg.org/multipage/webappapis.html#report-the-exception.
/// </remarks>
public enum UncaughtErrorMode
{
    /// <summary>
    /// The first uncaught error ends the run, as in Deno and Node: <see cref="ScriptHost.RunAsync"/> returns a result
    /// whose <see cref="ScriptRunResult.Error"/> is that error. The default, and what <c>jsws run</c> does.
    /// </summary>
    StopRun = 0,

    /// <summary>
    /// The run goes on as a browser page does: later tasks, timers and sockets keep running, and the run ends only
    /// when the loop is idle. The result still succeeds; <see cref="ScriptRunResult.Errors"/> lists what was reported.
    /// </summary>
    ReportAndContinue = 1,
}
