namespace JsWebSocketHost.Hosting;

/// <summary>
/// Thrown into running script by <see cref="ScriptHost.InterruptCurrentTask"/>: it stops the task (no script can
/// catch it) and the run goes on.
/// </summary>
public sealed class ScriptInterruptedException : Exception
{
    /// <summary>Creates the exception with its standard message.</summary>
    public ScriptInterruptedException()
        : base("Script execution was interrupted")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ScriptInterruptedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public ScriptInterruptedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
