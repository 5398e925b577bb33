namespace JsWebSocketHost.Hosting;

/// <summary>An uncaught script exception or unhandled promise rejection that ended a run.</summary>
public sealed class ScriptError
{
    internal ScriptError(string kind, string message, string report)
    {
        Kind = kind;
        Message = message;
        Report = report;
    }

    /// <summary><c>"error"</c> for an uncaught exception, <c>"unhandledrejection"</c> for an unhandled rejection.</summary>
    public string Kind { get; }

    /// <summary>The thrown value as a string, for example <c>TypeError: x is not a function</c>.</summary>
    public string Message { get; }

    /// <summary>The full report as written to standard error, with the JS stack (file:line:column).</summary>
    public string Report { get; }

    /// <inheritdoc />
    public override string ToString() => Report;
}
