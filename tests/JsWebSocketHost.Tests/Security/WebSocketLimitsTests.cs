using System.Collections.Concurrent;
using Jint.Native;
using JsWebSocketHost.Hosting;
using JsWebSocketHost.Tests.WebSockets;
using JsWebSocketHost.WebSockets;

namespace JsWebSocketHost.Tests.Security;

/// <summary>
/// Servers and scripts that try to make the host hold more than its limits: oversized messages, floods, full send
/// buffers, too many sockets. Each is refused the way the spec allows, and the host is told which limit it was.
/// </summary>
[TestFixture]
public sealed class WebSocketLimitsTests : WebSocketIntegrationFixture
{
    private static async Task<(ScriptRun Run, ScriptLimitEventArgs[] Reports)> RunWithReports(string source, Action<ScriptHostOptions> configure)
    {
        var reports = new ConcurrentQueue<ScriptLimitEventArgs>();
        var run = new ScriptRun(configure: configure);
        run.Host.LimitReached += (_, e) => reports.Enqueue(e);
        run.Host.EnqueueScript(source, "test.js");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        run.Result = await run.Host.RunAsync(timeout.Token);
        return (run, [.. reports]);
    }

    private const string ReportEvents = """
        ws.onopen = () => console.log('open');
        ws.onmessage = e => console.log('message ' + (e.data.byteLength ?? e.data.size ?? e.data.length));
        ws.onerror = e => console.log('error ' + e.constructor.name);
        ws.onclose = e => console.log(`close ${e.code} ${e.wasClean}`);
        """;

    [Test]
    public async Task A_message_over_the_size_limit_fails_the_connection_and_the_host_is_told()
    {
        var (run, reports) = await RunWithReports($"""
            const ws = new WebSocket('{Url("/messages?count=1&size=2000000&type=binary")}');
            ws.binaryType = 'arraybuffer';
            {ReportEvents}
            """, o => o.WebSockets.MaxMessageSize = 1024 * 1024);
        await using var _ = run;

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "open", "error Event", "close 1006 false" }), run.Error);
        Assert.That(reports.Select(r => (r.Limit, r.EndsRun)), Is.EqualTo(new[] { ("MaxMessageSize", false) }));
        Assert.That(reports[0].Message, Does.Contain("1048576 bytes"));
    }

    [Test]
    public async Task A_message_at_exactly_the_size_limit_is_delivered()
    {
        var (run, reports) = await RunWithReports($"""
            const ws = new WebSocket('{Url("/messages?count=2&size=100000&type=binary")}');
            ws.binaryType = 'arraybuffer';
            {ReportEvents}
            """, o => o.WebSockets.MaxMessageSize = 100_000);
        await using var _ = run;

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "open", "message 100000", "message 100000", "close 1000 true" }), run.Error);
        Assert.That(reports, Is.Empty);
    }

    [Test]
    public async Task An_endless_message_is_refused_with_1009_and_allocates_at_most_the_limit_plus_64_KiB()
    {
        const int limit = 1024 * 1024;

        // One frame declaring 1.2 GB is refused by its header, before any payload: what that run allocates is the
        // cost of a connection (handshake, events), the baseline; the second of two runs, once its code is warm.
        // Endless 64 KiB fragments are read up to the limit, then refused: measured after a warm-up run of the same
        // path with a 64 KiB limit (so JIT and type loading are paid already, and the pool holds no segment of the
        // larger sizes that run did not need).
        await MeasureEndlessMessage(oneHugeFrame: true, limit);
        var (overhead, hugeFrameBytesSent) = await MeasureEndlessMessage(oneHugeFrame: true, limit);
        await MeasureEndlessMessage(oneHugeFrame: false, 64 * 1024);
        var (fragments, fragmentBytesSent) = await MeasureEndlessMessage(oneHugeFrame: false, limit);

        TestContext.Out.WriteLine($"allocated: {overhead} bytes (one 1.2 GB frame), {fragments} bytes (endless fragments)");
        Assert.That(overhead, Is.LessThan(512 * 1024), "a declared 1.2 GB frame allocates nothing for its payload");
        Assert.That(fragments - overhead, Is.LessThan(limit + 64 * 1024));
        Assert.That(hugeFrameBytesSent, Is.LessThan(64L * 1024 * 1024), "the client stopped reading");
        Assert.That(fragmentBytesSent, Is.LessThan(64L * 1024 * 1024), "the client stopped reading");
    }

    private static async Task<(long Allocated, long BytesSent)> MeasureEndlessMessage(bool oneHugeFrame, int limit)
    {
        await using var server = new EndlessMessageServer(oneHugeFrame);
        await using var run = new ScriptRun(configure: o => o.WebSockets.MaxMessageSize = limit);
        run.Host.EnqueueScript($"const ws = new WebSocket('{server.Url}'); ws.binaryType = 'arraybuffer';\n{ReportEvents}", "test.js");

        // The engine is built before the measure starts.
        var before = GC.GetTotalAllocatedBytes(precise: true);
        run.Result = await run.Host.RunAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        var status = await server.ClientCloseStatus.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "open", "error Event", "close 1006 false" }), run.Error);
        Assert.That(status, Is.EqualTo(1009), "the peer was told: message too big");
        return (allocated, server.BytesSent);
    }

    [Test]
    public async Task A_flooding_server_against_a_slow_handler_is_held_back_and_every_message_arrives_in_order()
    {
        const int count = 400;
        const int size = 32 * 1024;
        const int bound = 128 * 1024;
        long peak = 0;
        var run = new ScriptRun(configure: o => o.WebSockets.MaxReceiveQueueBytes = bound);
        await using var _ = run;
        run.Host.Post(engine => engine.SetValue("probe", new Func<JsValue, double>(ws =>
        {
            var undelivered = ((JsWebSocket)ws).Connection.UndeliveredBytes;
            peak = Math.Max(peak, undelivered);
            return undelivered;
        })));
        run.Host.EnqueueScript($$"""
            const ws = new WebSocket('{{Url($"/messages?count={count}&size={size}&type=text")}}');
            let next = 0, wrong = 0;
            const busy = ms => { const until = performance.now() + ms; while (performance.now() < until) {} };
            // This first task holds the loop while the server floods: the socket's messages queue up past the bound,
            // then the socket must stop being read, so the queue grows no further while the task goes on.
            const until = performance.now() + 10000;
            let filled;
            while (!(filled = probe(ws) > {{bound}}) && performance.now() < until) {}
            busy(300);
            probe(ws);
            ws.onmessage = e => {
              if (parseInt(e.data) !== next++ || e.data.length !== {{size}}) wrong++;
              probe(ws);
              if (next % 100 === 0) setTimeout(() => busy(50), 0);
            };
            ws.onclose = e => console.log(`${next} ${wrong} ${filled} ${e.code}`);
            """, "test.js");

        run.Result = await run.Host.RunAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.That(run.Output, Is.EqualTo($"{count} 0 true 1000\n"), run.Error);
        TestContext.Out.WriteLine($"peak undelivered: {peak} bytes");
        Assert.That(peak, Is.LessThanOrEqualTo(bound + size), "undelivered bytes stayed within the bound plus one message");
    }

    [Test]
    public async Task Flooding_servers_on_many_sockets_are_held_back_by_the_total_bound_and_every_message_arrives_in_order()
    {
        const int sockets = 8;
        const int count = 200;
        const int size = 8 * 1024;
        const int bound = 256 * 1024; // 8 sockets x 200 x 8 KiB is 12.5 MiB, each socket far under its own 16 MiB
        long peak = 0;
        var run = new ScriptRun(configure: o => o.WebSockets.MaxTotalReceiveQueueBytes = bound);
        await using var _ = run;
        var transport = run.Host.WebSocketTransport;
        run.Host.Post(engine => engine.SetValue("probe", new Func<double>(() =>
        {
            var undelivered = transport.UndeliveredTotal;
            peak = Math.Max(peak, undelivered);
            return undelivered;
        })));
        run.Host.EnqueueScript($$"""
            const busy = ms => { const until = performance.now() + ms; while (performance.now() < until) {} };
            let received = 0, wrong = 0, closed = 0, clean = 0;
            for (let s = 0; s < {{sockets}}; s++) {
              const ws = new WebSocket('{{Url($"/messages?count={count}&size={size}&type=text")}}');
              let next = 0;
              ws.onmessage = e => {
                if (parseInt(e.data) !== next++ || e.data.length !== {{size}}) wrong++;
                received++;
                probe();
                if (received % 100 === 0) setTimeout(() => busy(20), 0);
              };
              ws.onclose = e => {
                if (e.code === 1000) clean++;
                if (++closed === {{sockets}}) console.log(`${received} ${wrong} ${clean} ${filled}`);
              };
            }
            // This first task holds the loop while the servers flood: together the sockets' messages pass the total
            // bound, then no socket may be read, so the total grows no further while the task goes on.
            const until = performance.now() + 10000;
            let filled;
            while (!(filled = probe() > {{bound}}) && performance.now() < until) {}
            busy(300);
            probe();
            """, "test.js");

        run.Result = await run.Host.RunAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.That(run.Output, Is.EqualTo($"{sockets * count} 0 {sockets} true\n"), run.Error);
        TestContext.Out.WriteLine($"peak undelivered across sockets: {peak} bytes");
        Assert.That(peak, Is.LessThanOrEqualTo(bound + sockets * (size + WebSocketHostOptions.QueuedMessageOverhead)),
            "the total stayed within the bound plus one message per socket");
        Assert.That(transport.UndeliveredTotal, Is.Zero, "every queued message was counted out when delivered");
    }

    [Test]
    public async Task A_send_past_the_buffered_amount_limit_flags_the_socket_as_full_and_closes_it()
    {
        var (run, reports) = await RunWithReports($$"""
            const ws = new WebSocket('{{Url("/echo")}}');
            ws.onopen = () => {
              ws.send('a'.repeat(600));
              ws.send('b'.repeat(600));
              console.log('buffered ' + ws.bufferedAmount);
              ws.send('c');
              console.log('buffered ' + ws.bufferedAmount);
            };
            ws.onmessage = e => console.log('message ' + e.data.length);
            ws.onerror = () => console.log('error');
            ws.onclose = e => console.log(`close ${e.code} ${e.wasClean}`);
            """, o => o.WebSockets.MaxBufferedAmount = 1000);
        await using var _ = run;

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "buffered 1200", "buffered 1201", "error", "close 1006 false" }).Or
            .EqualTo(new[] { "buffered 1200", "buffered 1201", "message 600", "error", "close 1006 false" }), run.Error);
        Assert.That(reports.Select(r => r.Limit), Is.EqualTo(new[] { "MaxBufferedAmount" }), "told once");
    }

    [Test]
    public async Task Connections_past_the_total_limit_fail_like_network_errors_and_room_comes_back_after_a_close()
    {
        var (run, reports) = await RunWithReports($$"""
            const url = '{{Url("/echo")}}';
            const events = [];
            const open = (name) => {
              const ws = new WebSocket(url);
              ws.onopen = () => { events.push(name + ' open'); if (name === 'd') { b.close(); ws.close(); } };
              ws.onerror = () => events.push(name + ' error');
              ws.onclose = e => { events.push(name + ' close ' + e.code); if (name === 'a') open('d'); if (name === 'd') console.log(events.join(', ')); };
              return ws;
            };
            const a = open('a'), b = open('b'), c = open('c');
            setTimeout(() => a.close(), 300);
            """, o => o.WebSockets.MaxConnections = 2);
        await using var _ = run;

        Assert.That(run.Output.Trim().Split(", "), Is.SupersetOf(new[] { "a open", "b open", "c error", "c close 1006", "a close 1005", "d open" }), run.Output);
        Assert.That(run.Output, Does.Not.Contain("c open"));
        Assert.That(reports.Select(r => r.Limit), Is.EqualTo(new[] { "MaxConnections" }));
    }

    [Test]
    public async Task Connections_past_the_per_host_limit_fail_but_another_host_name_still_connects()
    {
        var port = Server.BaseUrl.Port;
        var (run, reports) = await RunWithReports($$"""
            const seen = [];
            const done = () => { if (seen.length === 3) { console.log(seen.sort().join(', ')); sockets.forEach(s => s.close()); } };
            const sockets = ['127.0.0.1', '127.0.0.1', 'localhost'].map((host, i) => {
              const ws = new WebSocket(`ws://${host}:{{port}}/echo`);
              ws.onopen = () => { seen.push(i + ' open'); done(); };
              ws.onerror = () => { seen.push(i + ' error'); done(); };
              return ws;
            });
            """, o => o.WebSockets.MaxConnectionsPerHost = 1);
        await using var _ = run;

        Assert.That(run.Output.Trim(), Is.EqualTo("0 open, 1 error, 2 open"), run.Error);
        Assert.That(reports.Select(r => r.Limit), Is.EqualTo(new[] { "MaxConnectionsPerHost" }));
        Assert.That(reports[0].Message, Does.Contain("127.0.0.1"));
    }

    [Test]
    public async Task A_message_of_exactly_the_limit_ending_with_an_empty_final_frame_is_delivered()
    {
        // "abc" as a text frame without FIN, then an empty final continuation frame: legal, and exactly 3 bytes.
        var (run, reports) = await RunWithReports($$"""
            const ws = new WebSocket('{{Url("/raw-after-101?hex=010361626380-00")}}');
            ws.onmessage = e => { console.log('message ' + e.data); ws.close(); };
            ws.onerror = () => console.log('error');
            """, o => o.WebSockets.MaxMessageSize = 3);
        await using var _ = run;

        Assert.That(run.Output, Is.EqualTo("message abc\n"), run.Error);
        Assert.That(reports, Is.Empty);
    }

    [Test]
    public async Task A_url_the_parser_accepts_but_the_handshake_cannot_carry_fails_like_a_network_error()
    {
        var output = await Run("""
            try {
              const ws = new WebSocket('ws://a!b.example.com/');
              ws.onerror = () => console.log('error');
              ws.onclose = e => console.log('close ' + e.code);
            } catch (e) { console.log('threw ' + e); }
            """);

        Assert.That(output, Is.EqualTo("error\nclose 1006\n"));
    }

    [Test]
    public async Task A_server_cannot_forge_a_no_status_close_with_a_marker_reason()
    {
        var output = await Run($$"""
            const ws = new WebSocket('{{Url("/close?code=1000&reason=%00jsws%3Ano-status")}}');
            ws.onclose = e => console.log(JSON.stringify([e.code, e.reason, e.wasClean]));
            """);

        Assert.That(output, Is.EqualTo("[1000,\"\\u0000jsws:no-status\",true]\n"));
    }

    [Test]
    public async Task An_empty_close_from_the_server_is_still_reported_as_1005()
    {
        var output = await Run($$"""
            const ws = new WebSocket('{{Url("/raw-after-101?hex=8800")}}');
            ws.onclose = e => console.log(JSON.stringify([e.code, e.reason, e.wasClean]));
            """);

        Assert.That(output, Is.EqualTo("[1005,\"\",true]\n"));
    }
}
