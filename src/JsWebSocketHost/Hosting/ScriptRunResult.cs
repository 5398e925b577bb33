namespace JsWebSocketHost.Hosting;

/// <summary>How a <see cref="ScriptHost.RunAsync"/> call ended.</summary>
public sealed class ScriptRunResult
{
    internal ScriptRunResult(ScriptRunOutcome outcome, ScriptError? error, string? limit, string? message, IReadOnlyList<ScriptError> errors)
    {
        Errors = errors;
        Outcome = outcome;
        Error = error;
        Limit = limit;
        Message = message;
    }

    /// <summary>Why the run ended.</summary>
    public ScriptRunOutcome Outcome { get; }

    /// <summary>True when the loop drained with no uncaught error.</summary>
    public bool Succeeded => Outcome == ScriptRunOutcome.Drained;

    /// <summary>The uncaught error or unhandled rejection that ended the run, if any.</summary>
    public ScriptError? Error { get; }

    /// <summary>
    /// The limit that ended the run, as its setting's name (for example <c>MaxStatementsPerTask</c> or
    /// <c>RunTimeout</c>), or null.
    /// </summary>
    public string? Limit { get; }

    /// <summary>
    /// Every uncaught error and unhandled rejection reported during the run, in order (the first
    /// <see cref="ScriptHost.MaxRecordedErrors"/>). With <see cref="UncaughtErrorMode.StopRun"/> that is at most the one
    /// in <see cref="Error"/>; with <see cref="UncaughtErrorMode.ReportAndContinue"/> the run still succeeds and they
    /// are listed here (and were raised as <see cref="ScriptHost.UncaughtError"/>).
    /// </summary>
    public IReadOnlyList<ScriptError> Errors { get; }

    /// <summary>One line that says why the run ended, when it did not drain.</summary>
    public string? Message { get; }
}
