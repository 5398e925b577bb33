using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using JsWebSocketHost.Hosting;
using JsWebSocketHost.Tests.WebSockets;

namespace JsWebSocketHost.Tests.Observability;

/// <summary>The instruments of the JsWebSocketHost meter, as a <see cref="MeterListener"/> sees them.</summary>
[TestFixture]
[NonParallelizable]
public sealed class MetricsTests : WebSocketIntegrationFixture
{
    /// <summary>Listens to every instrument of the library's meter and keeps each measurement with its tags.</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener _listener = new();

        public Recorder()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ScriptHostDiagnostics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
            _listener.Start();
        }

        public ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> Measurements { get; } = new();

        /// <summary>The sum of an instrument's measurements, only those with the tag given (when one is).</summary>
        public double Sum(string instrument, string? tag = null, object? value = null) => Measurements
            .Where(m => m.Instrument == instrument && (tag is null || Equals(m.Tags.GetValueOrDefault(tag), value)))
            .Sum(m => m.Value);

        public double[] Values(string instrument) => [.. Measurements.Where(m => m.Instrument == instrument).Select(m => m.Value)];

        public void Dispose() => _listener.Dispose();

        private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (key, tagValue) in tags)
            {
                copy[key] = tagValue;
            }

            Measurements.Enqueue((instrument.Name, value, copy));
        }
    }

    [Test]
    public void Without_a_listener_the_instruments_are_disabled_and_a_listener_enables_them()
    {
        Assert.That(HostMetrics.MessagesReceived.Enabled, Is.False);
        Assert.That(HostMetrics.TaskQueueDelay.Enabled, Is.False);

        using (new Recorder())
        {
            Assert.That(HostMetrics.MessagesReceived.Enabled, Is.True);
            Assert.That(HostMetrics.TaskQueueDelay.Enabled, Is.True);
            Assert.That(HostMetrics.Meter.Name, Is.EqualTo("JsWebSocketHost"));
        }

        Assert.That(HostMetrics.BytesSent.Enabled, Is.False);
    }

    [Test]
    public async Task Opened_closed_messages_and_bytes_are_counted_in_both_directions()
    {
        using var recorder = new Recorder();

        await Run($$"""
            const ws = new WebSocket("{{Url("/echo")}}");
            ws.binaryType = "arraybuffer";
            ws.onopen = () => { ws.send("hello"); ws.send(new Uint8Array(3)); };
            let count = 0;
            ws.onmessage = () => { if (++count === 2) ws.close(4321); };
            ws.onclose = e => console.log(e.code);
            """);

        Assert.That(recorder.Sum("jsws.websocket.opened"), Is.EqualTo(1));
        Assert.That(recorder.Sum("jsws.websocket.closed", "code", 4321), Is.EqualTo(1));
        Assert.That(recorder.Sum("jsws.websocket.closed"), Is.EqualTo(1));
        Assert.That(recorder.Sum("jsws.websocket.failed"), Is.Zero);
        Assert.That(recorder.Sum("jsws.websocket.messages.sent"), Is.EqualTo(2));
        Assert.That(recorder.Sum("jsws.websocket.bytes.sent"), Is.EqualTo(8));
        Assert.That(recorder.Sum("jsws.websocket.messages.received"), Is.EqualTo(2));
        Assert.That(recorder.Sum("jsws.websocket.bytes.received"), Is.EqualTo(8));
    }

    [Test]
    public async Task Large_messages_count_their_whole_length()
    {
        using var recorder = new Recorder();

        await Run($$"""
            const ws = new WebSocket("{{Url("/messages?count=3&size=70000&type=binary")}}");
            ws.onclose = e => console.log(e.code);
            """);

        Assert.That(recorder.Sum("jsws.websocket.messages.received"), Is.EqualTo(3));
        Assert.That(recorder.Sum("jsws.websocket.bytes.received"), Is.EqualTo(3 * 70000));
        Assert.That(recorder.Sum("jsws.websocket.closed", "code", 1000), Is.EqualTo(1));
    }

    [Test]
    public async Task A_failed_connection_is_counted_with_its_cause_and_closed_with_1006()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var recorder = new Recorder();

        await Run($$"""
            new WebSocket("ws://127.0.0.1:{{port}}/").onclose = e => console.log(e.code);
            new WebSocket("{{Url("/status?code=403")}}").onclose = e => console.log(e.code);
            """);

        Assert.That(recorder.Sum("jsws.websocket.failed", "cause", "connection_refused"), Is.EqualTo(1));
        Assert.That(recorder.Sum("jsws.websocket.failed", "cause", "http_status"), Is.EqualTo(1));
        Assert.That(recorder.Sum("jsws.websocket.failed"), Is.EqualTo(2));
        Assert.That(recorder.Sum("jsws.websocket.closed", "code", 1006), Is.EqualTo(2));
        Assert.That(recorder.Sum("jsws.websocket.opened"), Is.Zero);
    }

    [Test]
    public async Task The_queue_delay_of_each_posted_task_is_recorded_in_milliseconds()
    {
        using var recorder = new Recorder();
        await using var run = new ScriptRun();
        for (var i = 0; i < 10; i++)
        {
            run.Host.Post(_ => { });
        }

        // The last task waits behind one that takes 50 ms.
        run.Host.Post(_ => Thread.Sleep(50));
        run.Host.Post(_ => { });
        await run.Host.RunAsync();

        var delays = recorder.Values("jsws.loop.task_queue_delay");
        Assert.That(delays, Has.Length.EqualTo(12));
        Assert.That(delays, Is.All.GreaterThanOrEqualTo(0));
        Assert.That(delays[^1], Is.GreaterThanOrEqualTo(45));
    }

    [Test]
    public async Task Tasks_posted_while_nobody_listens_record_no_queue_delay()
    {
        await using var run = new ScriptRun();
        run.Host.Post(_ => { });
        using var recorder = new Recorder();
        run.Host.Post(_ => { });

        await run.Host.RunAsync();

        Assert.That(recorder.Values("jsws.loop.task_queue_delay"), Has.Length.EqualTo(1));
    }
}
