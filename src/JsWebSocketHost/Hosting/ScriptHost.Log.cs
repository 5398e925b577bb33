using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// What the host logs about itself (category <see cref="ScriptHostDiagnostics.ScriptHostLogCategory"/>, ids 1xx):
/// runs, uncaught errors, limits and network policy denials. Nothing here runs per message.
/// </summary>
public sealed partial class ScriptHost
{
    private readonly ILogger _logger;

    /// <summary>The loggers of both categories, from <see cref="ScriptHostOptions.LoggerFactory"/> (null loggers without one).</summary>
    private static (ILogger Host, ILogger WebSockets) CreateLoggers(ScriptHostOptions options) =>
        options.LoggerFactory is { } factory
            ? (factory.CreateLogger(ScriptHostDiagnostics.ScriptHostLogCategory), factory.CreateLogger(ScriptHostDiagnostics.WebSocketsLogCategory))
            : (NullLogger.Instance, NullLogger.Instance);

    private long LogRunStarted()
    {
        Log.RunStarted(_logger);
        return Stopwatch.GetTimestamp();
    }

    private void LogRunEnded(ScriptRunResult result, long started)
    {
        var level = result.Outcome is ScriptRunOutcome.Drained or ScriptRunOutcome.Cancelled ? LogLevel.Information : LogLevel.Warning;
        if (_logger.IsEnabled(level))
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Log.RunEnded(_logger, level, result.Outcome, elapsed, result.Message ?? "");
        }
    }

    private void LogRunCancelled(long started)
    {
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Log.RunCancelled(_logger, elapsed);
        }
    }

    private void LogUncaughtError(ScriptError error) => Log.UncaughtError(_logger, error.Kind, error.Report);

    private void LogLimitReached(string limit, string message, bool endsRun) => Log.LimitReached(_logger, limit, endsRun, message);

    private void LogNetworkAccessDenied(WebSockets.NetworkAccessDeniedEventArgs denial)
    {
        if (_logger.IsEnabled(LogLevel.Warning))
        {
            Log.NetworkAccessDenied(_logger, denial.Rule, denial.Address?.ToString() ?? "(before DNS)", denial.Message);
        }
    }

    private void LogEventHandlerFailed(string eventName, Exception exception) => Log.EventHandlerFailed(_logger, eventName, exception);

    /// <summary>The source-generated log events of the host (ids 1xx; docs/logging.md lists them).</summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 100, EventName = "RunStarted", Level = LogLevel.Debug, Message = "Script run started.")]
        public static partial void RunStarted(ILogger logger);

        [LoggerMessage(EventId = 101, EventName = "RunEnded", Message = "Script run ended: {Outcome} after {ElapsedMilliseconds:0.###} ms. {Detail}")]
        public static partial void RunEnded(ILogger logger, LogLevel level, ScriptRunOutcome outcome, double elapsedMilliseconds, string detail);

        [LoggerMessage(EventId = 102, EventName = "RunCancelled", Level = LogLevel.Information,
            Message = "Script run cancelled by the caller after {ElapsedMilliseconds:0.###} ms.")]
        public static partial void RunCancelled(ILogger logger, double elapsedMilliseconds);

        [LoggerMessage(EventId = 110, EventName = "UncaughtError", Level = LogLevel.Error, Message = "Uncaught script {Kind}: {Report}")]
        public static partial void UncaughtError(ILogger logger, string kind, string report);

        [LoggerMessage(EventId = 120, EventName = "LimitReached", Level = LogLevel.Warning,
            Message = "Limit {Limit} reached (ends the run: {EndsRun}): {Message}")]
        public static partial void LimitReached(ILogger logger, string limit, bool endsRun, string message);

        [LoggerMessage(EventId = 130, EventName = "NetworkAccessDenied", Level = LogLevel.Warning,
            Message = "Network access denied by rule {Rule} for address {Address}: {Message}")]
        public static partial void NetworkAccessDenied(ILogger logger, string rule, string address, string message);

        [LoggerMessage(EventId = 140, EventName = "EventHandlerFailed", Level = LogLevel.Warning,
            Message = "A handler of the host's {EventName} event threw; the exception was ignored.")]
        public static partial void EventHandlerFailed(ILogger logger, string eventName, Exception exception);
    }
}
