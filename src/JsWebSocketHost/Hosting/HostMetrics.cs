using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// The library's meter (<see cref="ScriptHostDiagnostics.MeterName"/>) and its instruments, created once per process.
/// </summary>
/// <remarks>
/// With no listener attached an instrument's <see cref="Instrument.Enabled"/> is false; the message path checks it
/// first, so it costs a field read per message and allocates nothing. Measurements without tags allocate nothing
/// either; the tagged ones (<c>cause</c>, <c>code</c>) are recorded once per connection.
/// </remarks>
internal static class HostMetrics
{
    public static readonly Meter Meter = new(ScriptHostDiagnostics.MeterName, HostInfo.Version);

    /// <summary>WebSocket connections established (the opening handshake succeeded).</summary>
    public static readonly Counter<long> WebSocketsOpened = Meter.CreateCounter<long>(
        "jsws.websocket.opened", "{connection}", "WebSocket connections established.");

    /// <summary>WebSocket connections failed (the script saw error, then close 1006), tagged with the cause.</summary>
    public static readonly Counter<long> WebSocketsFailed = Meter.CreateCounter<long>(
        "jsws.websocket.failed", "{connection}", "WebSocket connections failed, by cause.");

    /// <summary>WebSocket connections closed, failed ones included, tagged with the close code the script saw.</summary>
    public static readonly Counter<long> WebSocketsClosed = Meter.CreateCounter<long>(
        "jsws.websocket.closed", "{connection}", "WebSocket connections closed, by the close code the script saw.");

    /// <summary>Whole messages received from servers.</summary>
    public static readonly Counter<long> MessagesReceived = Meter.CreateCounter<long>(
        "jsws.websocket.messages.received", "{message}", "WebSocket messages received.");

    /// <summary>Whole messages handed to the network.</summary>
    public static readonly Counter<long> MessagesSent = Meter.CreateCounter<long>(
        "jsws.websocket.messages.sent", "{message}", "WebSocket messages sent.");

    /// <summary>Payload bytes of the messages received.</summary>
    public static readonly Counter<long> BytesReceived = Meter.CreateCounter<long>(
        "jsws.websocket.bytes.received", "By", "Payload bytes of WebSocket messages received.");

    /// <summary>Payload bytes of the messages sent.</summary>
    public static readonly Counter<long> BytesSent = Meter.CreateCounter<long>(
        "jsws.websocket.bytes.sent", "By", "Payload bytes of WebSocket messages sent.");

    /// <summary>How long a posted task waited in an event loop's queue before it ran, in milliseconds.</summary>
    public static readonly Histogram<double> TaskQueueDelay = Meter.CreateHistogram<double>(
        "jsws.loop.task_queue_delay", "ms", "How long a task posted to an event loop waited in its queue before it ran.");

    /// <summary>A timestamp for a task being posted now, or 0 when nobody listens to <see cref="TaskQueueDelay"/>.</summary>
    public static long TaskPostedTimestamp() => TaskQueueDelay.Enabled ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Records the wait of a task posted at <paramref name="postedAt"/> (from <see cref="TaskPostedTimestamp"/>).</summary>
    public static void RecordTaskQueueDelay(long postedAt) =>
        TaskQueueDelay.Record(Stopwatch.GetElapsedTime(postedAt).TotalMilliseconds);
}
