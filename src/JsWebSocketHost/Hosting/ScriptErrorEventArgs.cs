namespace JsWebSocketHost.Hosting;

/// <summary>The data of <see cref="ScriptHost.UncaughtError"/>: an error no script handler took.</summary>
public sealed class ScriptErrorEventArgs : EventArgs
{
    /// <summary>Creates the event data for <paramref name="error"/>.</summary>
    /// <param name="error">The uncaught error.</param>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    public ScriptErrorEventArgs(ScriptError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>The uncaught exception or unhandled rejection, with its message and report.</summary>
    public ScriptError Error { get; }
}
