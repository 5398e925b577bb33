namespace JsWebSocketHost.Hosting;

/// <summary>How a <see cref="ScriptHost.RunAsync"/> call ended.</summary>
public sealed class ScriptRunResult
{
    internal ScriptRunResult(ScriptError? error, IReadOnlyList<ScriptError> errors)
    {
        Error = error;
        Errors = errors;
    }

    /// <summary>True when the loop drained with no uncaught error ending the run.</summary>
    public bool Succeeded => Error is null;

    /// <summary>The uncaught error or unhandled rejection that ended the run, if any.</summary>
    public ScriptError? Error { get; }

    /// <summary>
    /// Every uncaught error and unhandled rejection reported during the run, in order (the first
    /// <see cref="ScriptHost.MaxRecordedErrors"/>). With <see cref="UncaughtErrorMode.StopRun"/> that is at most the one
    /// in <see cref="Error"/>; with <see cref="UncaughtErrorMode.ReportAndContinue"/> the run still succeeds and they
    /// are listed here (and were raised as <see cref="ScriptHost.UncaughtError"/>).
    /// </summary>
    public IReadOnlyList<ScriptError> Errors { get; }

    /// <summary>The exit code a command-line runner should use: 0 on success, 1 after an uncaught error.</summary>
    public int ExitCode => Succeeded ? 0 : 1;
}
