namespace JsWebSocketHost.Tests.WebSockets;

/// <summary>Opening, messages both ways and bufferedAmount, against the test server.</summary>
[TestFixture]
public sealed class WebSocketMessagingIntegrationTests : WebSocketIntegrationFixture
{
    [Test]
    public async Task A_relative_url_resolves_against_location_and_open_reports_the_chosen_protocol()
    {
        await using var run = await RunScript("""
            const ws = new WebSocket(new URL("/echo?protocol=chat.v2", location), ["chat.v1", "chat.v2"]);
            console.log(ws.url.startsWith("ws://127.0.0.1:"), JSON.stringify(ws.protocol), JSON.stringify(ws.extensions), ws.readyState);
            ws.onopen = e => {
              console.log("open", e.constructor === Event, e.isTrusted, e.bubbles, e.cancelable, e.target === ws, e.currentTarget === ws, ws.readyState, ws.protocol, JSON.stringify(ws.extensions));
              ws.close();
            };
            """);

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "true \"\" \"\" 0", "open true true false false true true 1 chat.v2 \"\"" }));
    }

    [TestCase("arraybuffer")]
    [TestCase("blob")]
    public async Task Messages_of_every_size_around_the_receive_buffers_echo_back_whole_and_in_order(string binaryType)
    {
        // Sizes on both sides of the 512-byte first read, the managed WebSocket's 4 KiB buffer, the 16 KiB first
        // segment and the 126/127 length encodings; text with a 2-byte character across every boundary.
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Url("/echo")}}");
            ws.binaryType = "{{binaryType}}";
            const sizes = [511, 512, 513, 4095, 4096, 4097, 16383, 16384, 16385, 65535, 65536, 65537, 200003];
            const expected = [];
            ws.onopen = () => {
              for (const size of sizes) {
                const bytes = new Uint8Array(size);
                for (let i = 0; i < size; i++) bytes[i] = (i * 7 + size) & 0xFF;
                ws.send(bytes);
                expected.push("binary " + size);
                const text = "é".repeat(size >> 1) + (size & 1 ? "x" : "");
                ws.send(text);
                expected.push("text " + size);
              }
            };
            const got = [];
            let pending = Promise.resolve();
            ws.onmessage = e => {
              pending = pending.then(async () => {
                if (typeof e.data === "string") {
                  const size = new TextEncoder().encode(e.data).length;
                  const ok = e.data === "é".repeat(size >> 1) + (size & 1 ? "x" : "");
                  got.push("text " + size + (ok ? "" : " corrupt"));
                } else {
                  const bytes = new Uint8Array(e.data instanceof Blob ? await e.data.arrayBuffer() : e.data);
                  let ok = true;
                  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== ((i * 7 + bytes.length) & 0xFF)) { ok = false; break; }
                  got.push("binary " + bytes.length + (ok ? "" : " corrupt"));
                }
                if (got.length === expected.length) {
                  console.log(JSON.stringify(got) === JSON.stringify(expected) ? "all whole, in order" : JSON.stringify(got));
                  ws.close();
                }
              });
            };
            """);

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "all whole, in order" }), run.Error);
    }

    [Test]
    public async Task Text_and_every_kind_of_binary_data_echo_back_in_order()
    {
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Url("/echo")}}");
            ws.binaryType = "arraybuffer";
            const got = [];
            const hex = b => Array.from(new Uint8Array(b)).map(x => x.toString(16).padStart(2, "0")).join("");
            ws.onopen = () => {
              const backing = new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]);
              ws.send("text");
              ws.send(backing.buffer);
              ws.send(new Uint8Array(backing.buffer, 2, 3));                 // a view: only its 3 bytes
              ws.send(new DataView(backing.buffer, 5, 2));
              ws.send(new Int16Array([-2]));
              ws.send(new Float64Array([1]));
              ws.send(new Blob(["b", new Uint8Array([0x21])]));
              ws.send("Goodbye");
            };
            ws.onmessage = e => got.push(typeof e.data === "string" ? e.data : hex(e.data));
            ws.onclose = () => console.log(got.join(" "));
            """);

        Assert.That(run.Output, Is.EqualTo("text 0001020304050607 020304 0506 feff 000000000000f03f 6221\n"));
    }

    [Test]
    public async Task Bytes_are_copied_at_send_so_later_changes_to_the_buffer_do_not_go_out()
    {
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Url("/echo")}}");
            ws.binaryType = "arraybuffer";
            ws.onopen = () => { const a = new Uint8Array([1, 2, 3]); ws.send(a); a[0] = 99; a.fill(7); };
            ws.onmessage = e => { console.log(Array.from(new Uint8Array(e.data)).join(",")); ws.close(); };
            """);

        Assert.That(run.Output, Is.EqualTo("1,2,3\n"));
    }

    [Test]
    public async Task A_lone_surrogate_is_sent_as_U_FFFD()
    {
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Url("/echo")}}");
            ws.onopen = () => ws.send("a\uD800b");
            ws.onmessage = e => { console.log(e.data === "a\uFFFDb", e.data.length); ws.close(); };
            """);

        Assert.That(run.Output, Is.EqualTo("true 3\n"));
    }

    [Test]
    public async Task BufferedAmount_grows_at_once_by_the_UTF8_or_byte_length_and_shrinks_in_a_later_task()
    {
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Url("/echo")}}");
            ws.onopen = () => {
              ws.send("héllo");                  // 6 bytes of UTF-8
              ws.send(new Uint8Array(10));
              ws.send(new Blob(["1234"]));
              console.log("after sends", ws.bufferedAmount);
              Promise.resolve().then(() => console.log("in a microtask", ws.bufferedAmount));
            };
            let n = 0;
            ws.onmessage = () => { if (++n === 3) setTimeout(() => { console.log("later", ws.bufferedAmount); ws.close(); }, 10); };
            """);

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "after sends 20", "in a microtask 20", "later 0" }));
    }

    [Test]
    public async Task Send_in_CLOSING_and_CLOSED_grows_bufferedAmount_but_sends_nothing()
    {
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Url("/echo")}}");
            const got = [];
            ws.onopen = () => { ws.close(); ws.send("while closing"); console.log("closing", ws.readyState, ws.bufferedAmount); };
            ws.onmessage = e => got.push(e.data);
            ws.onclose = () => {
              ws.send(new Uint8Array(5));
              console.log("closed", ws.readyState, ws.bufferedAmount, got.length);
              setTimeout(() => console.log("still", ws.bufferedAmount), 20);
            };
            """);

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "closing 2 13", "closed 3 18 0", "still 18" }));
    }

    [Test]
    public async Task Binary_messages_become_Blobs_or_ArrayBuffers_by_binaryType_when_they_arrive()
    {
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Url("/echo")}}");
            const kinds = [];
            ws.onopen = () => { ws.send(new Uint8Array([1])); ws.send(new Uint8Array([2])); };
            ws.onmessage = async e => {
              if (e.data instanceof Blob) {
                kinds.push("Blob:" + JSON.stringify(e.data.type) + ":" + e.data.size);
                ws.binaryType = "arraybuffer"; // the next message is already on its way, but arrives after this
              } else {
                kinds.push("ArrayBuffer:" + e.data.byteLength);
                console.log(kinds.join(" "));
                ws.close();
              }
            };
            """);

        Assert.That(run.Output, Is.EqualTo("Blob:\"\":1 ArrayBuffer:1\n"));
    }

    [Test]
    public async Task Fragmented_messages_are_reassembled()
    {
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Url("/fragmented?parts=4")}}");
            ws.binaryType = "arraybuffer";
            ws.onmessage = e => {
              if (typeof e.data === "string") console.log(e.data);
              else { console.log(new TextDecoder().decode(e.data)); ws.close(); }
            };
            """);

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "fragment0fragment1fragment2fragment3", "fragment0fragment1fragment2fragment3" }));
    }

    [Test]
    public async Task Many_messages_arrive_in_order_exactly_once_and_all_before_the_server_close()
    {
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Url("/messages?count=5000&size=24&type=text")}}");
            let expected = 0, bad = 0;
            ws.onmessage = e => { if (!e.data.startsWith(expected + " ")) bad++; expected++; };
            ws.onclose = e => console.log(expected, bad, e.code, e.wasClean);
            """);

        Assert.That(run.Output, Is.EqualTo("5000 0 1000 true\n"));
    }

    [Test]
    public async Task A_message_event_has_the_origin_of_the_url_and_the_MessageEvent_shape()
    {
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Url("/echo")}}");
            ws.onopen = () => ws.send("x");
            ws.onmessage = e => {
              console.log(e instanceof MessageEvent, e.origin === "ws://" + location.host, e.lastEventId === "", e.source, e.ports.length, e.isTrusted, e.bubbles, e.cancelable, e.target === ws);
              ws.close();
            };
            """);

        Assert.That(run.Output, Is.EqualTo("true true true null 0 true false false true\n"));
    }

    [Test]
    public async Task A_large_binary_message_arrives_whole()
    {
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Url("/echo")}}");
            ws.binaryType = "arraybuffer";
            const big = new Uint8Array(3 * 1024 * 1024 + 7);
            for (let i = 0; i < big.length; i += 4099) big[i] = i % 251;
            ws.onopen = () => ws.send(big);
            ws.onmessage = e => {
              const back = new Uint8Array(e.data);
              let same = back.length === big.length;
              for (let i = 0; same && i < big.length; i += 4099) same = back[i] === big[i];
              console.log(back.length, same);
              ws.close();
            };
            """);

        Assert.That(run.Output, Is.EqualTo($"{(3 * 1024 * 1024) + 7} true\n"));
    }

    [Test]
    public async Task Events_fire_from_tasks_never_inside_the_call_that_caused_them()
    {
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Url("/echo")}}");
            const log = [];
            ws.onopen = () => { ws.send("ping"); log.push("after send"); ws.close(); log.push("after close"); };
            ws.onmessage = () => log.push("message");
            ws.onclose = () => { log.push("close"); console.log(log.join(", ")); };
            """);

        Assert.That(run.Output, Is.EqualTo("after send, after close, close\n"));
    }

    [Test]
    public async Task An_open_socket_keeps_the_loop_alive_until_it_is_closed()
    {
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Url("/echo")}}");
            ws.onopen = () => setTimeout(() => { console.log("closing after a while", ws.readyState); ws.close(); }, 150);
            ws.onclose = () => console.log("closed");
            """);

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "closing after a while 1", "closed" }));
    }

    [Test]
    public async Task Microtasks_a_listener_queues_run_before_the_next_listener_when_the_host_fires_the_event()
    {
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Url("/echo")}}");
            const log = [];
            ws.onopen = () => ws.send("x");
            ws.addEventListener("message", () => { log.push("listener 1"); Promise.resolve().then(() => log.push("microtask from 1")); });
            ws.addEventListener("message", () => { log.push("listener 2"); ws.close(); });
            ws.onclose = () => {
              // From script, dispatchEvent runs every listener first: the microtasks wait for the script to finish.
              const t = new EventTarget();
              t.addEventListener("x", () => { log.push("script listener 1"); Promise.resolve().then(() => log.push("script microtask")); });
              t.addEventListener("x", () => log.push("script listener 2"));
              t.dispatchEvent(new Event("x"));
              log.push("after dispatchEvent");
              queueMicrotask(() => console.log(log.join(", ")));
            };
            """);

        Assert.That(run.Output, Is.EqualTo(
            "listener 1, microtask from 1, listener 2, script listener 1, script listener 2, after dispatchEvent, script microtask\n"));
    }
}
