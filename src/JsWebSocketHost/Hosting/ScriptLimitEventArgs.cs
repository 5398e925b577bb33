namespace JsWebSocketHost.Hosting;

/// <summary>A script reached one of the host's limits (see <see cref="ScriptHost.LimitReached"/>).</summary>
public sealed class ScriptLimitEventArgs : EventArgs
{
    internal ScriptLimitEventArgs(string limit, string message, bool endsRun)
    {
        Limit = limit;
        Message = message;
        EndsRun = endsRun;
    }

    /// <summary>The setting's name, such as <c>MaxConnections</c>, <c>MaxMessageSize</c> or <c>MaxTimers</c>.</summary>
    public string Limit { get; }

    /// <summary>One readable sentence: what was asked for and what the limit allows.</summary>
    public string Message { get; }

    /// <summary>
    /// True when the limit ends the run (Jint's bounds and the run timeout); false when only one operation failed
    /// (a connection, a message, a timer) and the script runs on.
    /// </summary>
    public bool EndsRun { get; }
}
