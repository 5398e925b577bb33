namespace JsWebSocketHost.Hosting;

/// <summary>How a <see cref="ScriptHost.RunAsync"/> call ended.</summary>
public sealed class ScriptRunResult
{
    internal ScriptRunResult(ScriptRunOutcome outcome, ScriptError? error, string? limit, string? message)
    {
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

    /// <summary>One line that says why the run ended, when it did not drain.</summary>
    public string? Message { get; }
}
