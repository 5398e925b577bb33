using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace JsWebSocketHost.Tests.Observability;

/// <summary>One log entry as a logger received it: its category, level, event, rendered message and properties.</summary>
internal sealed record LogEntry(
    string Category,
    LogLevel Level,
    EventId EventId,
    string Message,
    IReadOnlyDictionary<string, object?> Properties,
    Exception? Exception)
{
    /// <summary>A property of the entry's structured state, such as <c>Cause</c> or <c>Code</c>.</summary>
    public object? this[string name] => Properties.TryGetValue(name, out var value) ? value : null;

    public override string ToString() => $"{Category} {Level} {EventId.Id} {EventId.Name}: {Message}";
}

/// <summary>A logger factory that records every entry at or above <see cref="MinimumLevel"/>, from any thread.</summary>
internal sealed class RecordingLoggerFactory(LogLevel minimumLevel = LogLevel.Trace) : ILoggerFactory
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public LogLevel MinimumLevel { get; } = minimumLevel;

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>The entries with event id <paramref name="id"/>, in the order they were logged.</summary>
    public LogEntry[] WithId(int id) => [.. _entries.Where(e => e.EventId.Id == id)];

    /// <summary>The one entry with event id <paramref name="id"/>; fails the test if there is none or more than one.</summary>
    public LogEntry Single(int id)
    {
        var matches = WithId(id);
        Assert.That(matches, Has.Length.EqualTo(1), () => $"Expected one event {id}; got:\n{this}");
        return matches[0];
    }

    public override string ToString() => string.Join("\n", _entries);

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private sealed class RecordingLogger(RecordingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner.MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    properties[key] = value;
                }
            }

            owner._entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), properties, exception));
        }
    }
}
