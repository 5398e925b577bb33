namespace JsWebSocketHost.Hosting;

/// <summary>How a <see cref="ScriptHost.RunAsync"/> call ended.</summary>
public sealed class ScriptRunResult
{
    internal ScriptRunResult(ScriptError? error) => Error = error;

    /// <summary>True when the loop drained with no uncaught error.</summary>
    public bool Succeeded => Error is null;

    /// <summary>The uncaught error or unhandled rejection that ended the run, if any.</summary>
    public ScriptError? Error { get; }

    /// <summary>The exit code a command-line runner should use: 0 on success, 1 after an uncaught error.</summary>
    public int ExitCode => Succeeded ? 0 : 1;
}
