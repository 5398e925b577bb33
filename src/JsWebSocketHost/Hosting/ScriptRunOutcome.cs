namespace JsWebSocketHost.Hosting;

/// <summary>Why a <see cref="ScriptHost.RunAsync"/> call ended.</summary>
public enum ScriptRunOutcome
{
    /// <summary>The event loop drained: no task queued, no timer pending, no socket connecting or open.</summary>
    Drained,

    /// <summary>An uncaught error or unhandled rejection ended the run (<see cref="ScriptRunResult.Error"/>).</summary>
    UncaughtError,

    /// <summary>A resource limit ended the run (<see cref="ScriptRunResult.Limit"/> names it).</summary>
    LimitExceeded,

    /// <summary>The run took longer than <see cref="ScriptLimits.RunTimeout"/>.</summary>
    TimedOut,

    /// <summary>The host was disposed while the run was in progress.</summary>
    Cancelled,
}
