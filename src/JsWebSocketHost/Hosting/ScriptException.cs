namespace JsWebSocketHost.Hosting;

/// <summary>
/// A script threw, or a promise it returned was rejected, while a host call such as
/// <see cref="ScriptHost.EvaluateAsync{T}"/> waited for it.
/// </summary>
/// <remarks>
/// The exception carries text only (the thrown value as a string and the report with its JS stack), never a script
/// object, so it may travel to any thread and outlive the host.
/// </remarks>
public sealed class ScriptException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public ScriptException()
        : this("A script error occurred.")
    {
    }

    /// <summary>Creates an exception whose message and report are <paramref name="message"/>.</summary>
    /// <param name="message">The thrown value as a string, e.g. <c>TypeError: x is not a function</c>.</param>
    public ScriptException(string message)
        : this(message, message, "error")
    {
    }

    /// <summary>Creates an exception whose message and report are <paramref name="message"/>.</summary>
    /// <param name="message">The thrown value as a string.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public ScriptException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Report = message;
        Kind = "error";
    }

    internal ScriptException(string message, string report, string kind)
        : base(message)
    {
        Report = report;
        Kind = kind;
    }

    /// <summary>
    /// <c>"error"</c> when the script threw (a syntax error included), <c>"rejection"</c> when the promise it
    /// returned was rejected.
    /// </summary>
    public string Kind { get; }

    /// <summary>The thrown value as the console shows it, with the JS stack (file:line:column) when it has one.</summary>
    public string Report { get; }
}
