using Jint.Native;
using JsWebSocketHost.WebSockets;

namespace JsWebSocketHost.Tests.WebSockets;

/// <summary>send(): what goes on the wire for each kind of data, bufferedAmount, and order.</summary>
[TestFixture]
public sealed class WebSocketSendIntegrationTests : WebSocketIntegrationFixture
{
    [Test]
    public async Task A_string_with_lone_surrogates_goes_out_as_UTF8_with_U_FFFD_in_their_place()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo")}}");
            ws.onopen = () => {
              ws.send("a\uD800b\uDC00c\uD83D\uDE00");
              console.log("buffered", ws.bufferedAmount);
            };
            ws.onmessage = e => {
              console.log(e.data === "a\uFFFDb\uFFFDc\u{1F600}", Array.from(e.data, c => c.codePointAt(0).toString(16)).join(" "));
              ws.close();
            };
            """);

        // a (1) + U+FFFD (3) + b (1) + U+FFFD (3) + c (1) + U+1F600 (4) = 13 bytes of UTF-8.
        Assert.That(output, Is.EqualTo("buffered 13\ntrue 61 fffd 62 fffd 63 1f600\n"));
    }

    [Test]
    public async Task Non_string_values_are_sent_as_their_string_conversion()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo")}}");
            const got = [];
            ws.onopen = () => { ws.send(42); ws.send(null); ws.send({ toString() { return "obj"; } }); };
            ws.onmessage = e => { got.push(typeof e.data + ":" + e.data); if (got.length === 3) { console.log(got.join(" ")); ws.close(); } };
            """);

        Assert.That(output, Is.EqualTo("string:42 string:null string:obj\n"));
    }

    [Test]
    public async Task A_Blob_is_sent_as_one_binary_message_of_its_bytes_whatever_its_type()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo")}}");
            ws.binaryType = "arraybuffer";
            const blobs = [
              new Blob(["ab", new Uint8Array([1, 2]), new Blob(["é"])], { type: "text/plain" }),
              new Blob(["single"]),
              new Blob([]),
              new Blob(["0123456789"]).slice(2, 5),
            ];
            const got = [];
            ws.onopen = () => {
              for (const b of blobs) ws.send(b);
              console.log("buffered", ws.bufferedAmount);
            };
            ws.onmessage = e => {
              got.push(e.data.constructor.name + " " + Array.from(new Uint8Array(e.data)).join("."));
              if (got.length === blobs.length) { console.log(got.join("\n")); ws.close(); }
            };
            """);

        Assert.That(output, Is.EqualTo(
            "buffered 15\n" +
            "ArrayBuffer 97.98.1.2.195.169\n" +
            "ArrayBuffer 115.105.110.103.108.101\n" +
            "ArrayBuffer \n" +
            "ArrayBuffer 50.51.52\n"));
    }

    [Test]
    public async Task An_ArrayBuffer_is_sent_whole_and_changing_it_after_send_changes_nothing_sent()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo")}}");
            ws.binaryType = "arraybuffer";
            ws.onopen = () => {
              const buffer = new Uint8Array([1, 2, 3, 4]).buffer;
              ws.send(buffer);
              new Uint8Array(buffer).fill(9);
              console.log("buffered", ws.bufferedAmount);
            };
            ws.onmessage = e => { console.log(Array.from(new Uint8Array(e.data)).join(".")); ws.close(); };
            """);

        Assert.That(output, Is.EqualTo("buffered 4\n1.2.3.4\n"));
    }

    [Test]
    public async Task Every_kind_of_ArrayBufferView_sends_only_the_bytes_it_views_copied_at_send_time()
    {
        // Each view looks at bytes 8-15 of a 24-byte buffer filled with 0, 1, 2, ...; the buffer is overwritten
        // right after each send(), so an echo that shows the old bytes proves the copy was taken at once.
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo")}}");
            ws.binaryType = "arraybuffer";
            const makers = [
              ["Int8Array", b => new Int8Array(b, 8, 8)],
              ["Uint8Array", b => new Uint8Array(b, 8, 8)],
              ["Uint8ClampedArray", b => new Uint8ClampedArray(b, 8, 8)],
              ["Int16Array", b => new Int16Array(b, 8, 4)],
              ["Uint16Array", b => new Uint16Array(b, 8, 4)],
              ["Int32Array", b => new Int32Array(b, 8, 2)],
              ["Uint32Array", b => new Uint32Array(b, 8, 2)],
              ["Float32Array", b => new Float32Array(b, 8, 2)],
              ["Float64Array", b => new Float64Array(b, 8, 1)],
              ["BigInt64Array", b => new BigInt64Array(b, 8, 1)],
              ["BigUint64Array", b => new BigUint64Array(b, 8, 1)],
              ["DataView", b => new DataView(b, 8, 8)],
            ];
            const got = [];
            let expectedBuffered = 0;
            ws.onopen = () => {
              for (const [name, make] of makers) {
                const buffer = new ArrayBuffer(24);
                new Uint8Array(buffer).forEach((_, i, a) => a[i] = i);
                const view = make(buffer);
                ws.send(view);
                expectedBuffered += 8;
                new Uint8Array(buffer).fill(255);
              }
              console.log("buffered", ws.bufferedAmount === expectedBuffered, ws.bufferedAmount);
            };
            ws.onmessage = e => {
              got.push(makers[got.length][0] + " " + Array.from(new Uint8Array(e.data)).join("."));
              if (got.length === makers.length) { console.log(got.join("\n")); ws.close(); }
            };
            """);

        var expected = new[]
        {
            "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array",
            "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array", "DataView",
        }.Select(name => name + " 8.9.10.11.12.13.14.15\n");
        Assert.That(output, Is.EqualTo("buffered true 96\n" + string.Concat(expected)));
    }

    [Test]
    public async Task BufferedAmount_grows_at_once_by_the_byte_length_and_shrinks_only_in_a_later_task()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo")}}");
            ws.onopen = () => {
              const seen = [ws.bufferedAmount];
              ws.send("héllo"); seen.push(ws.bufferedAmount);           // 6 bytes of UTF-8
              ws.send(new Uint8Array(10)); seen.push(ws.bufferedAmount);
              ws.send(new Blob(["abc"])); seen.push(ws.bufferedAmount);
              ws.send(""); seen.push(ws.bufferedAmount);
              // Still within this task: nothing has been taken off, whatever the network did meanwhile.
              Promise.resolve().then(() => console.log("microtask", ws.bufferedAmount));
              console.log(seen.join(" "));
            };
            let echoes = 0;
            ws.onmessage = () => {
              if (++echoes === 4) setTimeout(() => { console.log("after the echoes", ws.bufferedAmount); ws.close(); }, 0);
            };
            """);

        Assert.That(output, Is.EqualTo("0 6 16 19 19\nmicrotask 19\nafter the echoes 0\n"));
    }

    [Test]
    public async Task BufferedAmount_holds_still_within_a_task_while_the_network_takes_the_bytes_and_never_counts_what_a_reply_answers()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo")}}");
            const size = 16 << 20, count = 3;
            ws.onopen = () => {
              for (let i = 0; i < count; i++) ws.send(new Uint8Array(size));
              setTimeout(() => {
                // The sends go out one after the other from the end of the open task, each counted as its write
                // starts. Read bufferedAmount while some still wait, then wait until the network has surely
                // taken them all: within this task the value does not move.
                const first = ws.bufferedAmount;
                const until = Date.now() + 500;
                while (Date.now() < until) {}
                console.log("same task", first === ws.bufferedAmount, first > 0 && first < count * size);
              }, 0);
            };
            let replies = 0;
            ws.onmessage = () => {
              console.log("reply", ++replies, ws.bufferedAmount);
              if (replies === count) ws.close();
            };
            """);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Does.Contain("same task true true"), output);
        var replies = lines.Where(l => l.StartsWith("reply", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToArray();
        Assert.That(replies.Select(r => r[1]), Is.EqualTo(new[] { "1", "2", "3" }), output);
        for (var k = 1; k <= 3; k++)
        {
            // The reply to message k never finds message k (or one before it) still counted: each write was
            // counted before it started. Only the messages after it may still wait.
            Assert.That(long.Parse(replies[k - 1][2], System.Globalization.CultureInfo.InvariantCulture), Is.LessThanOrEqualTo((3 - k) * (16L << 20)), output);
        }
    }

    [Test]
    public async Task Send_while_closing_or_closed_grows_bufferedAmount_sends_nothing_and_does_not_throw()
    {
        using var cts = Timeout();
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo?t=send-closing")}}");
            let messages = 0;
            ws.onopen = () => {
              ws.close(4002, "bye");
              ws.send("abc");
              ws.send(new Uint8Array(5));
              console.log("closing", ws.readyState, ws.bufferedAmount);
            };
            ws.onmessage = () => messages++;
            ws.onclose = e => {
              ws.send("de");
              console.log("closed", ws.readyState, ws.bufferedAmount, e.code, e.reason);
              setTimeout(() => console.log("later", ws.bufferedAmount, messages), 100);
            };
            """);

        Assert.That(output, Is.EqualTo("closing 2 8\nclosed 3 10 4002 bye\nlater 10 0\n"));
        var frame = await Server.WaitForClientCloseAsync("/echo?t=send-closing", cts.Token);
        Assert.That((frame.Code, frame.Reason), Is.EqualTo(((int?)4002, "bye")));
    }

    [Test]
    public async Task Send_after_the_server_closed_the_connection_grows_bufferedAmount_and_sends_nothing()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo")}}");
            ws.onopen = () => ws.send("Goodbye");
            ws.onmessage = e => console.log("message", e.data);
            ws.onclose = e => {
              const before = ws.bufferedAmount;
              ws.send("xyz");
              const grown = ws.bufferedAmount - before;
              console.log("close", e.code, e.reason, ws.readyState, grown);
              setTimeout(() => console.log("later", ws.bufferedAmount - before), 100);
            };
            """);

        Assert.That(output, Is.EqualTo("close 1000 Goodbye 3 3\nlater 3\n"));
    }

    [Test]
    public async Task Sends_of_every_kind_keep_their_order()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo")}}");
            ws.binaryType = "arraybuffer";
            const got = [];
            const total = 400;
            ws.onopen = () => {
              for (let i = 0; i < total; i++) {
                const text = String(i);
                switch (i % 4) {
                  case 0: ws.send(text); break;
                  case 1: ws.send(new Blob(["b", text])); break;
                  case 2: ws.send(new TextEncoder().encode("u" + text)); break;
                  case 3: ws.send(new Blob([new Blob(["m"]), new TextEncoder().encode(text)])); break;
                }
              }
            };
            ws.onmessage = e => {
              got.push(typeof e.data === "string" ? e.data : new TextDecoder().decode(e.data));
              if (got.length === total) {
                const expected = Array.from({ length: total }, (_, i) => ["", "b", "u", "m"][i % 4] + i);
                console.log(got.length, got.every((g, i) => g === expected[i]), got.slice(0, 5).join(","));
                ws.close();
              }
            };
            """);

        Assert.That(output, Is.EqualTo("400 true 0,b1,u2,m3,4\n"));
    }

    [Test]
    public async Task A_large_message_goes_out_whole_and_bufferedAmount_returns_to_zero()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo")}}");
            ws.binaryType = "arraybuffer";
            const big = new Uint8Array(1024 * 1024).map((_, i) => i % 251);
            ws.onopen = () => { ws.send(big); console.log("buffered", ws.bufferedAmount); };
            ws.onmessage = e => {
              const back = new Uint8Array(e.data);
              console.log(back.length, back.every((b, i) => b === i % 251));
              // A send that did not complete at once reports its bytes from the send loop's thread: poll for it.
              const start = Date.now();
              const poll = setInterval(() => {
                if (ws.bufferedAmount === 0 || Date.now() - start > 5000) {
                  clearInterval(poll);
                  console.log("buffered", ws.bufferedAmount);
                  ws.close();
                }
              }, 1);
            };
            """);

        Assert.That(output, Is.EqualTo("buffered 1048576\n1048576 true\nbuffered 0\n"));
    }

    [Test]
    public async Task A_send_held_back_for_the_rest_of_a_batch_goes_out_while_a_long_task_of_that_batch_still_runs()
    {
        var run = new ScriptRun();
        await using var _ = run;
        run.Host.Post(engine =>
        {
            // The echo has arrived once the socket holds undelivered bytes: the loop is busy, so nothing delivers it.
            engine.SetValue("echoArrived", new Func<JsValue, bool>(ws => ((JsWebSocket)ws).Connection.UndeliveredBytes > 0));

            // Two tasks posted from one task land in the same batch: the first sends, the second runs for 3 s.
            engine.SetValue("postBatch", new Action(() =>
            {
                run.Host.Post(e => e.Evaluate("ws.send('a')"));
                run.Host.Post(e => e.Evaluate("""
                    const until = performance.now() + 3000;
                    while (performance.now() < until) { if (echoArrived(ws)) { sawEcho = true; break; } }
                    """));
            }));
        });
        run.Host.EnqueueScript($$"""
            var ws = new WebSocket("{{Ws("/echo")}}");
            var sawEcho = false;
            // From a timer, so that the batch runs on the loop, not inline on the thread that reported the open (which
            // starts reading only after that).
            ws.onopen = () => setTimeout(postBatch, 50);
            ws.onmessage = e => { console.log(`echo ${e.data}, seen during the long task: ${sawEcho}`); ws.close(); };
            """, "test.js");

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        run.Result = await run.Host.RunAsync(bound.Token);

        Assert.That(run.Output, Is.EqualTo("echo a, seen during the long task: true\n"), run.Error);
    }
}
