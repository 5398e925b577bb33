using Jint.Runtime;

namespace JsWebSocketHost.Hosting;

/// <summary>What happens when a script reaches one of the host's limits.</summary>
public sealed partial class ScriptHost
{
    private WindowTimers _timers = null!;

    internal WindowTimers Timers => _timers;

    // Why the current run ended, when a limit or the host (not the script) ended it.
    private (ScriptRunOutcome Outcome, string? Limit, string Message)? _runEnd;

    /// <summary>
    /// Raised when a script reaches a limit: one that ends the run (Jint's bounds, the run timeout), or one that
    /// fails a single operation while the script runs on (a connection, a message, a send buffer, a timer). Raised
    /// on the thread that noticed (the loop's or a socket's): keep handlers short and thread-safe. An exception a
    /// handler throws is ignored.
    /// </summary>
    public event EventHandler<ScriptLimitEventArgs>? LimitReached;

    /// <summary>
    /// Raised when the network policy denies a connection a script asked for, with the rule and the address. The
    /// script sees only a network failure (<c>error</c>, then <c>close</c> 1006). Raised on the thread that checked
    /// (the loop's or a socket's); an exception a handler throws is ignored.
    /// </summary>
    public event EventHandler<WebSockets.NetworkAccessDeniedEventArgs>? NetworkAccessDenied;

    void WebSockets.IConnectionMonitor.OnNetworkAccessDenied(WebSockets.NetworkAccessDeniedEventArgs denial)
    {
        LogNetworkAccessDenied(denial);
        try
        {
            NetworkAccessDenied?.Invoke(this, denial);
        }
#pragma warning disable CA1031 // A host's handler must not break the loop or a socket's thread.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogEventHandlerFailed(nameof(NetworkAccessDenied), ex);
        }
    }

    internal void OnLimitReached(string limit, string message, bool endsRun)
    {
        LogLimitReached(limit, message, endsRun);
        try
        {
            LimitReached?.Invoke(this, new ScriptLimitEventArgs(limit, message, endsRun));
        }
#pragma warning disable CA1031 // A host's handler must not break the loop or a socket's thread.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogEventHandlerFailed(nameof(LimitReached), ex);
        }
    }

    /// <summary>Maps Jint's constraint exceptions to the limit that raised them, or null for any other exception.</summary>
    private (string Limit, string Message)? DescribeLimit(Exception exception)
    {
        var limits = _options.Limits;
        return exception switch
        {
            MemoryLimitExceededException => (nameof(ScriptLimits.MaxAllocatedBytesPerTask),
                $"A task allocated more than its limit of {limits.MaxAllocatedBytesPerTask} bytes (MaxAllocatedBytesPerTask)."),
            StatementsCountOverflowException => (nameof(ScriptLimits.MaxStatementsPerTask),
                $"A task ran more than its limit of {limits.MaxStatementsPerTask} statements (MaxStatementsPerTask)."),
            RecursionDepthOverflowException => (nameof(ScriptLimits.MaxRecursionDepth),
                $"A call stack grew deeper than its limit of {limits.MaxRecursionDepth} calls (MaxRecursionDepth)."),
            TimeoutException when limits.TaskTimeout != Timeout.InfiniteTimeSpan => (nameof(ScriptLimits.TaskTimeout),
                $"A task ran longer than its limit of {limits.TaskTimeout.TotalSeconds:0.###} s (TaskTimeout)."),
            _ => null,
        };
    }

    /// <summary>
    /// Ends the run because of a limit, cleanly: the loop stops after this task, every socket is aborted and every
    /// timer cleared; the host is told through <see cref="LimitReached"/> and the run's result names the limit.
    /// </summary>
    private void EndRunAtLimit(string limit, string message, ScriptRunOutcome outcome = ScriptRunOutcome.LimitExceeded)
    {
        if (_runEnd is not null)
        {
            return;
        }

        _runEnd = (outcome, limit, message);
        _engine.Advanced.ResetCallStack();
        _loop.Halt();
        _ = WebSocketTransport.AbortAllAsync(closeForGood: false);
        _timers.ClearAll();
        OnLimitReached(limit, message, endsRun: true);
    }
}
