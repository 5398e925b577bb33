using System.Diagnostics.Metrics;
using JsWebSocketHost.Hosting;

namespace JsWebSocketHost.Tests.Reliability;

/// <summary>
/// Counts what the host's own meter reports about connections and messages while it is alive: the host's view, to
/// hold against what the script saw. Only the connection and message counters are enabled (the loop's queue-delay
/// histogram would time every task).
/// </summary>
internal sealed class ConnectionMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public ConnectionMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ScriptHostDiagnostics.MeterName && instrument.Name.StartsWith("jsws.websocket.", StringComparison.Ordinal)
                && !instrument.Name.StartsWith("jsws.websocket.bytes.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name;
            foreach (var (tag, tagValue) in tags)
            {
                key += $"|{tag}={tagValue}";
            }

            lock (_lock)
            {
                _counts[key] = _counts.GetValueOrDefault(key) + value;
            }
        });
        _listener.Start();
    }

    /// <summary>Connections established.</summary>
    public long Opened => Get("jsws.websocket.opened");

    /// <summary>Connections closed, with the close code the script saw.</summary>
    public long ClosedWith(int code) => Get($"jsws.websocket.closed|code={code}");

    /// <summary>Connections closed, whatever the code.</summary>
    public long Closed => Sum("jsws.websocket.closed");

    /// <summary>Connections failed, whatever the cause.</summary>
    public long Failed => Sum("jsws.websocket.failed");

    /// <summary>Whole messages received.</summary>
    public long MessagesReceived => Get("jsws.websocket.messages.received");

    /// <summary>Whole messages handed to the network.</summary>
    public long MessagesSent => Get("jsws.websocket.messages.sent");

    public override string ToString()
    {
        lock (_lock)
        {
            return string.Join(", ", _counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value}"));
        }
    }

    public void Dispose() => _listener.Dispose();

    private long Get(string key)
    {
        lock (_lock)
        {
            return _counts.GetValueOrDefault(key);
        }
    }

    private long Sum(string instrument)
    {
        lock (_lock)
        {
            return _counts.Where(c => c.Key == instrument || c.Key.StartsWith(instrument + "|", StringComparison.Ordinal)).Sum(c => c.Value);
        }
    }
}
