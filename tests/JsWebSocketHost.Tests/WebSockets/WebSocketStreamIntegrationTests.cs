using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Jint.Native;
using JsWebSocketHost.Hosting;
using JsWebSocketHost.WebSockets;

namespace JsWebSocketHost.Tests.WebSockets;

/// <summary>
/// WebSocketStream against real servers on 127.0.0.1: back-pressure on both sides (a server that floods, a server
/// that stops reading), many messages in order, what goes on the wire, and the host's policy and limits.
/// </summary>
[TestFixture]
public sealed class WebSocketStreamIntegrationTests : WebSocketIntegrationFixture
{
    private const int MiB = 1024 * 1024;

    // Logs a script's failure instead of leaving it as an unhandled rejection, so the output says what went wrong.
    private const string LogFailure = ".catch(e => console.log('failed: ' + e + (e && e.stack ? '\\n' + e.stack : '')))";

    private static async Task<(ScriptRun Run, ScriptLimitEventArgs[] Limits, NetworkAccessDeniedEventArgs[] Denials)> RunWithReports(
        string source, Action<ScriptHostOptions>? configure = null, Action<ScriptRun>? prepare = null, int timeoutSeconds = 30)
    {
        var limits = new ConcurrentQueue<ScriptLimitEventArgs>();
        var denials = new ConcurrentQueue<NetworkAccessDeniedEventArgs>();
        var run = new ScriptRun(configure: configure);
        run.Host.LimitReached += (_, e) => limits.Enqueue(e);
        run.Host.NetworkAccessDenied += (_, e) => denials.Enqueue(e);
        prepare?.Invoke(run);
        run.Host.EnqueueScript(source, "test.js");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        run.Result = await run.Host.RunAsync(timeout.Token);
        return (run, [.. limits], [.. denials]);
    }

    private static JsonElement LastJsonLine(ScriptRun run)
    {
        Assert.That(run.OutputLines, Is.Not.Empty, run.Error);
        var last = run.OutputLines[^1];
        Assert.That(last, Does.StartWith("{"), run.Output + run.Error);
        return JsonDocument.Parse(last).RootElement.Clone();
    }

    [Test]
    public async Task A_flooding_server_is_held_back_until_the_script_reads_then_every_message_arrives_in_order_once()
    {
        // 400 binary messages of 256 KiB (100 MiB): while the script does not read, the client takes in about one
        // message, so the server gets no further than what the loopback socket buffers hold.
        const int count = 400;
        const int size = 256 * 1024;
        await using var server = RawPeer.Start((socket, peer, ct) => FloodAsync(socket, count, size, peer, ct));
        var (run, _, _) = await RunWithReports($$"""
            const wss = new WebSocketStream('{{server.Url}}');
            const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
            (async () => {
              const { readable } = await wss.opened;
              await sleep(1500);
              const before = serverWritten(), held = undelivered(wss);
              await sleep(500);
              const later = serverWritten();
              const reader = readable.getReader();
              let next = 0, wrong = 0;
              for (;;) {
                const { value, done } = await reader.read();
                if (done) break;
                const index = new DataView(value.buffer, value.byteOffset, 4).getUint32(0);
                if (!(value instanceof Uint8Array) || value.length !== {{size}} || index !== next || value[{{size}} - 1] !== (next & 0xFF)) wrong++;
                next++;
              }
              const closed = await wss.closed;
              console.log(JSON.stringify({ before, later, held, next, wrong, code: closed.closeCode }));
            })(){{LogFailure}};
            """, prepare: run => run.Host.Post(engine =>
            {
                engine.SetValue("serverWritten", new Func<double>(() => server.MessagesWritten));
                engine.SetValue("undelivered", new Func<JsValue, double>(wss => ((JsWebSocketStream)wss).Connection!.UndeliveredBytes));
            }), timeoutSeconds: 60);
        await using var _ = run;

        var result = LastJsonLine(run);
        TestContext.Out.WriteLine($"server had written {result.GetProperty("before")} of {count} messages before the script read");
        Assert.That(result.GetProperty("next").GetInt32(), Is.EqualTo(count), "every message arrived");
        Assert.That(result.GetProperty("wrong").GetInt32(), Is.Zero, "each in order, whole, exactly once");
        Assert.That(result.GetProperty("code").GetInt32(), Is.EqualTo(1000));
        Assert.That(result.GetProperty("before").GetInt32(), Is.LessThan(count / 4), "the server could not send 100 MiB into a client that did not read");
        Assert.That(result.GetProperty("later").GetInt32(), Is.LessThan(count / 4), "nor later, while it still did not read");
        Assert.That(result.GetProperty("held").GetDouble(), Is.LessThanOrEqualTo(size), "at most one message waited for the loop");
        Assert.That(server.MessagesWritten, Is.EqualTo(count));
    }

    [Test]
    public async Task Writes_to_a_server_that_stops_reading_stop_resolving_and_desiredSize_and_ready_show_it()
    {
        // The server completes the handshake and reads nothing until told: 96 writes of 1 MiB are queued, and only
        // those the socket buffers take resolve; once it reads, every write resolves and the server gets them all.
        const int count = 96;
        var startReading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new SinkStats();
        await using var server = RawPeer.Start((socket, ct) => SinkAsync(socket, startReading.Task, sink, ct));
        var (run, _, _) = await RunWithReports($$"""
            const wss = new WebSocketStream('{{server.Url}}');
            (async () => {
              const { writable } = await wss.opened;
              const writer = writable.getWriter();
              const chunk = new Uint8Array({{MiB}}).fill(7);
              let resolved = 0, rejected = 0, readySettled = false;
              const writes = [];
              for (let i = 0; i < {{count}}; i++) writes.push(writer.write(chunk).then(() => resolved++, () => rejected++));
              writer.ready.then(() => readySettled = true, () => readySettled = true);
              const initialDesiredSize = writer.desiredSize;
              await new Promise(resolve => setTimeout(resolve, 2000));
              const stalled = { resolved, rejected, desiredSize: writer.desiredSize, readySettled, initialDesiredSize };
              startReading();
              await Promise.all(writes);
              await writer.ready;
              const after = { resolved, rejected, desiredSize: writer.desiredSize };
              wss.close();
              const closed = await wss.closed;
              console.log(JSON.stringify({ stalled, after, code: closed.closeCode }));
            })(){{LogFailure}};
            """, prepare: run => run.Host.Post(engine => engine.SetValue("startReading", new Action(() => startReading.TrySetResult()))),
            timeoutSeconds: 60);
        await using var _ = run;

        var result = LastJsonLine(run);
        var stalled = result.GetProperty("stalled");
        var resolvedWhileStalled = stalled.GetProperty("resolved").GetInt32();
        TestContext.Out.WriteLine($"{resolvedWhileStalled} of {count} writes of 1 MiB resolved while the server did not read");
        Assert.That(stalled.GetProperty("initialDesiredSize").GetInt32(), Is.EqualTo(1 - count), "a high water mark of 1 chunk");
        Assert.That(resolvedWhileStalled, Is.LessThan(count / 2), "the writes stopped resolving");
        Assert.That(stalled.GetProperty("rejected").GetInt32(), Is.Zero);
        Assert.That(stalled.GetProperty("desiredSize").GetInt32(), Is.EqualTo(1 - (count - resolvedWhileStalled)), "desiredSize counts the writes not yet done");
        Assert.That(stalled.GetProperty("readySettled").GetBoolean(), Is.False, "ready stays pending under back-pressure");
        var after = result.GetProperty("after");
        Assert.That(after.GetProperty("resolved").GetInt32(), Is.EqualTo(count));
        Assert.That(after.GetProperty("rejected").GetInt32(), Is.Zero);
        Assert.That(after.GetProperty("desiredSize").GetInt32(), Is.EqualTo(1));
        Assert.That(result.GetProperty("code").GetInt32(), Is.EqualTo(1005), "the server answered the empty Close");
        Assert.That(sink.Messages, Is.EqualTo(count));
        Assert.That(sink.PayloadBytes, Is.EqualTo((long)count * MiB));
        Assert.That(sink.AllSevens, Is.True, "every byte as written");
    }

    [Test]
    public async Task Close_without_reading_while_the_server_floods_still_completes_the_closing_handshake()
    {
        // The readable is never read, so backpressure holds the socket; the closing handshake must lift it to reach
        // the server's Close behind 2,000 messages (Chromium 156 never gets there: its closed promise stays pending).
        var (run, _, _) = await RunWithReports($$"""
            const wss = new WebSocketStream('{{Url("/messages?count=2000&size=1000")}}');
            (async () => {
              const { readable } = await wss.opened;
              await new Promise(resolve => setTimeout(resolve, 200));
              wss.close();
              const closed = await wss.closed;
              // What was queued before close() stays readable; what arrived after it was dropped.
              const reader = readable.getReader();
              let queued = 0, first = null;
              for (let r; !(r = await reader.read()).done;) { first ??= r.value; queued++; }
              console.log(closed.closeCode, first?.startsWith('0 '), queued < 100);
            })(){{LogFailure}};
            """);
        await using var _ = run;

        Assert.That(run.Output, Is.EqualTo("1000 true true\n"), run.Error);
    }

    [Test]
    public async Task A_thousand_messages_written_without_waiting_echo_back_through_the_reader_in_order()
    {
        var (run, _, _) = await RunWithReports($$"""
            const wss = new WebSocketStream('{{Url("/echo")}}');
            (async () => {
              const { readable, writable } = await wss.opened;
              const writer = writable.getWriter(), reader = readable.getReader();
              const writes = [];
              for (let i = 0; i < 1000; i++) {
                writes.push(writer.write(i % 3 === 0 ? new Uint8Array([i & 0xFF, i >> 8, 1, 2, 3]) : 'message ' + i));
              }
              let wrong = 0;
              for (let i = 0; i < 1000; i++) {
                const { value, done } = await reader.read();
                if (done) { wrong++; break; }
                const ok = i % 3 === 0
                  ? value instanceof Uint8Array && value.length === 5 && value[0] === (i & 0xFF) && value[1] === (i >> 8)
                  : value === 'message ' + i;
                if (!ok) wrong++;
              }
              await Promise.all(writes);
              await writer.close();
              const closed = await wss.closed;
              const end = await reader.read();
              console.log(wrong, closed.closeCode, end.done);
            })(){{LogFailure}};
            """);
        await using var _ = run;

        Assert.That(run.Output, Is.EqualTo("0 1005 true\n"), run.Error);
    }

    [Test]
    public async Task Cancel_abort_close_and_writer_close_put_the_right_Close_frame_on_the_wire()
    {
        using var cts = Timeout();
        var (run, _, _) = await RunWithReports($$"""
            const open = async url => { const wss = new WebSocketStream(url); return { wss, info: await wss.opened }; };
            (async () => {
              const a = await open('{{Ws("/echo?t=wss-cancel")}}');
              await a.info.readable.cancel(new WebSocketError('', { closeCode: 3333, reason: 'cancelled \u2713' }));
              const b = await open('{{Ws("/echo?t=wss-abort")}}');
              await b.info.writable.abort(new WebSocketError('', { reason: 'aborted' }));
              const c = await open('{{Ws("/echo?t=wss-close")}}');
              c.wss.close({ closeCode: 4001 });
              const d = await open('{{Ws("/echo?t=wss-writer-close")}}');
              await d.info.writable.getWriter().close();
              const e = await open('{{Ws("/echo?t=wss-duck")}}');
              await e.info.readable.cancel({ closeCode: 3000, reason: 'not a WebSocketError' });
              const results = [];
              for (const s of [a, b, c, d, e]) { const r = await s.wss.closed; results.push(r.closeCode + ' ' + r.reason); }
              console.log(results.join(', '));
            })(){{LogFailure}};
            """);
        await using var _ = run;

        Assert.That(run.Output, Is.EqualTo("3333 cancelled \u2713, 1000 aborted, 4001 , 1005 , 1005 \n"), run.Error);
        Assert.That(await Frame("/echo?t=wss-cancel"), Is.EqualTo(((int?)3333, "cancelled \u2713")));
        Assert.That(await Frame("/echo?t=wss-abort"), Is.EqualTo(((int?)1000, "aborted")));
        Assert.That(await Frame("/echo?t=wss-close"), Is.EqualTo(((int?)4001, "")));
        Assert.That(await Frame("/echo?t=wss-writer-close"), Is.EqualTo(((int?)null, "")), "no status");
        Assert.That(await Frame("/echo?t=wss-duck"), Is.EqualTo(((int?)null, "")), "no status");

        async Task<(int? Code, string Reason)> Frame(string target)
        {
            var frame = await Server.WaitForClientCloseAsync(target, cts.Token);
            return (frame.Code, frame.Reason);
        }
    }

    [Test]
    public async Task An_already_aborted_signal_makes_no_connection()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var (run, _, _) = await RunWithReports($$"""
            const reason = new Error('never');
            const wss = new WebSocketStream('ws://127.0.0.1:{{port}}/', { signal: AbortSignal.abort(reason) });
            Promise.allSettled([wss.opened, wss.closed]).then(r => {
              wss.close();
              console.log(r.map(x => x.status + ' ' + (x.reason === reason)).join(', '));
            });
            setTimeout(() => {}, 200);
            """);
        await using var _ = run;

        Assert.That(run.Output, Is.EqualTo("rejected true, rejected true\n"), run.Error);
        Assert.That(listener.Pending(), Is.False, "nothing connected");
    }

    [Test]
    public async Task Close_after_the_signal_aborted_the_handshake_does_nothing_and_the_promises_keep_the_reason()
    {
        // Chromium 156's renderer crashes on this close(); the standard says it does nothing (the state is CLOSING).
        var (run, _, _) = await RunWithReports($$"""
            const controller = new AbortController();
            const reason = new Error('stop');
            const wss = new WebSocketStream('{{Url("/delay-handshake?ms=500")}}', { signal: controller.signal });
            setTimeout(() => {
              controller.abort(reason);
              wss.close({ closeCode: 3000 });
              wss.close();
              Promise.allSettled([wss.opened, wss.closed]).then(r => console.log(r.map(x => x.status + ' ' + (x.reason === reason)).join(', ')));
            }, 50);
            """);
        await using var _ = run;

        Assert.That(run.Output, Is.EqualTo("rejected true, rejected true\n"), run.Error);
    }

    [Test]
    public async Task A_denied_address_rejects_opened_and_closed_with_WebSocketErrors_and_the_host_is_told()
    {
        var (run, _, denials) = await RunWithReports($$"""
            const wss = new WebSocketStream('{{Url("/echo")}}');
            Promise.allSettled([wss.opened, wss.closed]).then(r => console.log(r.map(x =>
              `${x.status} ${x.reason?.constructor.name} ${x.reason?.name} ${x.reason?.closeCode}`).join(', ')));
            """, o => o.WebSockets.Network.DenyNonPublicAddresses = true);
        await using var _ = run;

        Assert.That(run.Output, Is.EqualTo("rejected WebSocketError WebSocketError null, rejected WebSocketError WebSocketError 1006\n"), run.Error);
        Assert.That(denials.Select(d => d.Rule), Is.EqualTo(new[] { "non-public-address" }));
    }

    [Test]
    public async Task A_message_over_the_size_limit_fails_the_stream_with_1006_and_the_server_is_told_1009()
    {
        var (run, limits, _) = await RunWithReports($$"""
            const wss = new WebSocketStream('{{Url("/messages?count=2&size=2000000&type=binary")}}');
            (async () => {
              const { readable } = await wss.opened;
              const reader = readable.getReader();
              const read = await reader.read().then(r => 'value ' + r.value.length, e => e);
              const closed = await wss.closed.then(() => 'resolved', e => e);
              console.log(read.name, read.closeCode, read === closed);
            })(){{LogFailure}};
            """, o => o.WebSockets.MaxMessageSize = MiB);
        await using var _ = run;

        Assert.That(run.Output, Is.EqualTo("WebSocketError 1006 true\n"), run.Error);
        Assert.That(limits.Select(l => l.Limit), Is.EqualTo(new[] { "MaxMessageSize" }));
    }

    [Test]
    public async Task A_write_past_the_buffered_amount_limit_closes_the_stream_and_the_write_rejects()
    {
        var (run, limits, _) = await RunWithReports($$"""
            const wss = new WebSocketStream('{{Url("/echo")}}');
            (async () => {
              const { writable } = await wss.opened;
              const writer = writable.getWriter();
              await writer.write('small');
              const big = await writer.write(new Uint8Array(2048)).then(() => 'resolved', e => e);
              const closed = await wss.closed.then(() => 'resolved', e => e);
              console.log(big.name, closed.name, closed.closeCode, big === closed);
            })(){{LogFailure}};
            """, o => o.WebSockets.MaxBufferedAmount = 1000);
        await using var _ = run;

        Assert.That(run.Output, Is.EqualTo("WebSocketError WebSocketError 1006 true\n"), run.Error);
        Assert.That(limits.Select(l => l.Limit), Is.EqualTo(new[] { "MaxBufferedAmount" }));
    }

    [Test]
    public async Task Streams_count_towards_the_connection_limit_with_WebSockets()
    {
        var (run, limits, _) = await RunWithReports($$"""
            const ws = new WebSocket('{{Url("/echo")}}');
            ws.onopen = async () => {
              const wss = new WebSocketStream('{{Url("/echo")}}');
              const opened = await wss.opened.then(() => 'opened', e => e.name);
              ws.close();
              console.log(opened);
            };
            """, o => o.WebSockets.MaxConnections = 1);
        await using var _ = run;

        Assert.That(run.Output, Is.EqualTo("WebSocketError\n"), run.Error);
        Assert.That(limits.Select(l => l.Limit), Is.EqualTo(new[] { "MaxConnections" }));
    }

    [Test]
    public async Task A_stream_over_HTTP2_echoes_and_closes_with_its_code()
    {
        var (run, _, _) = await RunWithReports($$"""
            const wss = new WebSocketStream('{{Server.Http2WebSocketUrl("/echo")}}');
            (async () => {
              const { readable, writable } = await wss.opened;
              const writer = writable.getWriter(), reader = readable.getReader();
              await writer.write('over h2');
              const { value } = await reader.read();
              wss.close({ closeCode: 4002, reason: 'h2 done' });
              const closed = await wss.closed;
              console.log(value, closed.closeCode, closed.reason);
            })(){{LogFailure}};
            """, o =>
            {
                o.WebSockets.HttpVersion = HttpVersion.Version20;
                o.WebSockets.HttpVersionPolicy = System.Net.Http.HttpVersionPolicy.RequestVersionExact;
            });
        await using var _ = run;

        Assert.That(run.Output, Is.EqualTo("over h2 4002 h2 done\n"), run.Error);
    }

    // The flood: count binary frames of size bytes (frame i starts with i, big-endian, and ends with i & 0xFF), then
    // Close 1000; then reads until the client's Close or the end.
    private static async Task FloodAsync(Socket socket, int count, int size, RawPeer peer, CancellationToken ct)
    {
        var frame = new byte[10 + size];
        frame[0] = 0x82;
        frame[1] = 127;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(2), (ulong)size);
        for (var i = 0; i < count; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(10), (uint)i);
            frame[^1] = (byte)i;
            await socket.SendAsync(frame, ct);
            peer.NoteMessageWritten();
        }

        await socket.SendAsync(new byte[] { 0x88, 0x02, 0x03, 0xE8 }, ct);
        var buffer = new byte[4096];
        while (await socket.ReceiveAsync(buffer, ct) > 0)
        {
            // Until the client's Close and the end of the connection.
        }
    }

    // The sink: reads nothing until told, then reads the client's frames (masked), counting data messages and their
    // payload bytes, and answers the client's Close with the same payload.
    private static async Task SinkAsync(Socket socket, Task startReading, SinkStats stats, CancellationToken ct)
    {
        await startReading.WaitAsync(ct);
        var header = new byte[14];
        var payload = new byte[64 * 1024];
        while (true)
        {
            await ReadExactlyAsync(socket, header.AsMemory(0, 2), ct);
            var opcode = header[0] & 0x0F;
            long length = header[1] & 0x7F;
            if (length == 126)
            {
                await ReadExactlyAsync(socket, header.AsMemory(2, 2), ct);
                length = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2));
            }
            else if (length == 127)
            {
                await ReadExactlyAsync(socket, header.AsMemory(2, 8), ct);
                length = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(2));
            }

            var mask = new byte[4];
            await ReadExactlyAsync(socket, mask, ct);
            var close = new List<byte>();
            for (long done = 0; done < length;)
            {
                var n = (int)Math.Min(payload.Length, length - done);
                await ReadExactlyAsync(socket, payload.AsMemory(0, n), ct);
                for (var i = 0; i < n; i++)
                {
                    var b = (byte)(payload[i] ^ mask[(done + i) & 3]);
                    if (opcode == 0x8)
                    {
                        close.Add(b);
                    }
                    else if (b != 7)
                    {
                        stats.AllSevens = false;
                    }
                }

                done += n;
            }

            if (opcode == 0x8)
            {
                await socket.SendAsync(new byte[] { 0x88, (byte)close.Count }.Concat(close).ToArray(), ct);
                socket.Shutdown(SocketShutdown.Send);
                return;
            }

            stats.PayloadBytes += length;
            if ((header[0] & 0x80) != 0)
            {
                stats.Messages++;
            }
        }
    }

    private static async Task ReadExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken ct)
    {
        while (buffer.Length > 0)
        {
            var n = await socket.ReceiveAsync(buffer, ct);
            if (n == 0)
            {
                throw new EndOfStreamException("The client went away.");
            }

            buffer = buffer[n..];
        }
    }

    /// <summary>What the sink server read.</summary>
    private sealed class SinkStats
    {
        public int Messages { get; set; }

        public long PayloadBytes { get; set; }

        public bool AllSevens { get; set; } = true;
    }

    /// <summary>
    /// A WebSocket server on 127.0.0.1 for one connection: it answers the handshake (<see cref="RawHandshake"/>) and
    /// then runs a behaviour on the plain socket. Bounded to 60 s; disposing it ends the behaviour.
    /// </summary>
    private sealed class RawPeer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(60));
        private Task _serving = Task.CompletedTask;
        private long _messagesWritten;

        private RawPeer()
        {
        }

        public string Url => $"ws://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

        /// <summary>The messages the behaviour has written so far (as it reports them).</summary>
        public long MessagesWritten => Interlocked.Read(ref _messagesWritten);

        public static RawPeer Start(Func<Socket, CancellationToken, Task> behaviour) => Start((socket, _, ct) => behaviour(socket, ct));

        public static RawPeer Start(Func<Socket, RawPeer, CancellationToken, Task> behaviour)
        {
            var peer = new RawPeer();
            peer._listener.Start();
            peer._serving = peer.ServeAsync(behaviour);
            return peer;
        }

        public void NoteMessageWritten() => Interlocked.Increment(ref _messagesWritten);

        private async Task ServeAsync(Func<Socket, RawPeer, CancellationToken, Task> behaviour)
        {
            using var socket = await _listener.AcceptSocketAsync(_stop.Token);
            await RawHandshake.AcceptAsync(socket);
            try
            {
                await behaviour(socket, this, _stop.Token);
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
            {
                // The client went away, or the test ended.
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _serving;
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                // Never connected, or stopped.
            }

            _listener.Dispose();
            _stop.Dispose();
        }
    }
}
