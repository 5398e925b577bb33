using Microsoft.Extensions.Logging;

namespace JsWebSocketHost.Cli;

/// <summary>
/// <c>jsws --log=LEVEL</c>: the host's log as one line an event on standard error,
/// <c>jsws: warn JsWebSocketHost.WebSockets[203] message</c>. Small on purpose: no configuration system to load
/// at start-up.
/// </summary>
internal sealed class StandardErrorLoggerFactory(TextWriter stderr, LogLevel minimum) : ILoggerFactory
{
    private readonly Lock _write = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("jsws logs to standard error only.");

    public void Dispose()
    {
    }

    /// <summary>Parses a level name as <c>--log</c> takes it (trace, debug, info, warn, error, critical, none).</summary>
    public static bool TryParseLevel(string text, out LogLevel level)
    {
        LogLevel? parsed = text.ToUpperInvariant() switch
        {
            "TRACE" => LogLevel.Trace,
            "DEBUG" => LogLevel.Debug,
            "INFO" or "INFORMATION" => LogLevel.Information,
            "WARN" or "WARNING" => LogLevel.Warning,
            "ERROR" => LogLevel.Error,
            "CRITICAL" => LogLevel.Critical,
            "NONE" => LogLevel.None,
            _ => null,
        };
        level = parsed ?? LogLevel.None;
        return parsed is not null;
    }

    private static string Name(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        _ => "critical",
    };

    private sealed class Logger(StandardErrorLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= owner._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"jsws: {Name(logLevel)} {category}[{eventId.Id}] {formatter(state, exception)}";
            if (exception is not null)
            {
                line += $" ({exception.GetType().Name}: {exception.Message})";
            }

            lock (owner._write)
            {
                owner._stderr.WriteLine(line);
            }
        }
    }

    private readonly TextWriter _stderr = stderr;
    private readonly LogLevel _minimum = minimum;
}
