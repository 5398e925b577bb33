namespace JsWebSocketHost.Tests.WebSockets;

/// <summary>Receiving messages: text, binary by binaryType, fragments, bursts, origin, order against close.</summary>
[TestFixture]
public sealed class WebSocketMessagesIntegrationTests : WebSocketIntegrationFixture
{
    [Test]
    public async Task A_text_message_arrives_as_a_string_in_a_trusted_MessageEvent_from_the_socket()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo")}}");
            ws.onopen = () => ws.send("héllo \u{1F600}");
            ws.addEventListener("message", e => {
              console.log(typeof e.data, e.data, e.data.length);
              console.log(e instanceof MessageEvent, Object.getPrototypeOf(e) === MessageEvent.prototype, e.type, e.isTrusted, e.bubbles, e.cancelable);
              console.log(e.target === ws, e.currentTarget === ws, e.eventPhase === Event.AT_TARGET);
              console.log(JSON.stringify(e.lastEventId), e.source, e.ports.length);
              ws.close();
            });
            """);

        Assert.That(output, Is.EqualTo(
            "string héllo \U0001F600 8\n" +
            "true true message true false false\n" +
            "true true true\n" +
            "\"\" null 0\n"));
    }

    [Test]
    public async Task The_origin_of_a_message_is_the_serialized_origin_of_the_socket_URL()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo?t=origin")}}");
            ws.onopen = () => ws.send("x");
            ws.onmessage = e => { console.log(e.origin); ws.close(); };
            """);

        Assert.That(output, Is.EqualTo($"{WsOrigin}\n"));
        Assert.That(WsOrigin, Does.Match(@"^ws://127\.0\.0\.1:\d+$"));
    }

    [Test]
    public async Task A_binary_message_is_an_empty_typed_Blob_by_default()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo")}}");
            console.log(ws.binaryType);
            ws.onopen = () => ws.send(new Uint8Array([1, 2, 250]));
            ws.onmessage = async e => {
              console.log(e.data instanceof Blob, e.data.constructor.name, JSON.stringify(e.data.type), e.data.size);
              console.log(Array.from(new Uint8Array(await e.data.arrayBuffer())).join(","));
              ws.close();
            };
            """);

        Assert.That(output, Is.EqualTo("blob\ntrue Blob \"\" 3\n1,2,250\n"));
    }

    [Test]
    public async Task BinaryType_is_read_when_each_message_event_fires_not_when_the_message_arrives()
    {
        // Both messages are sent by the server at once, so the second has arrived before the first event fires;
        // switching binaryType in the first handler still decides the second message's type.
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/messages?count=3&size=4&type=binary")}}");
            const kinds = [];
            ws.onmessage = e => {
              kinds.push(e.data.constructor.name);
              ws.binaryType = ws.binaryType === "blob" ? "arraybuffer" : "blob";
            };
            ws.onclose = e => console.log(kinds.join(" "), e.code);
            """);

        Assert.That(output, Is.EqualTo("Blob ArrayBuffer Blob 1000\n"));
    }

    [Test]
    public async Task An_arraybuffer_message_holds_exactly_the_bytes_received()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo")}}");
            ws.binaryType = "arraybuffer";
            ws.onopen = () => { ws.send(new Uint8Array(0)); ws.send(new Uint8Array([0, 255, 7])); };
            const sizes = [];
            ws.onmessage = e => {
              sizes.push(e.data.byteLength + ":" + Array.from(new Uint8Array(e.data)).join("."));
              if (sizes.length === 2) { console.log(sizes.join(" ")); ws.close(); }
            };
            """);

        Assert.That(output, Is.EqualTo("0: 3:0.255.7\n"));
    }

    [Test]
    public async Task Fragmented_text_and_binary_messages_arrive_reassembled()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/fragmented?parts=4")}}");
            ws.binaryType = "arraybuffer";
            const got = [];
            ws.onmessage = e => {
              got.push(typeof e.data === "string" ? "text " + e.data : "binary " + new TextDecoder().decode(e.data));
              if (got.length === 2) { console.log(got.join("\n")); ws.close(); }
            };
            """);

        Assert.That(output, Is.EqualTo(
            "text fragment0fragment1fragment2fragment3\nbinary fragment0fragment1fragment2fragment3\n"));
    }

    [Test]
    public async Task Many_messages_arrive_in_order_exactly_once_and_all_before_the_close_that_follows_them()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/messages?count=5000&size=24")}}");
            let expected = 0, bad = 0, states = new Set();
            ws.onmessage = e => {
              if (e.data.length !== 24 || !e.data.startsWith(expected + " ")) bad++;
              expected++;
              states.add(ws.readyState);
            };
            ws.onclose = e => console.log(expected, bad, [...states].join(","), e.code, JSON.stringify(e.reason), e.wasClean);
            """);

        Assert.That(output, Is.EqualTo("5000 0 1 1000 \"\" true\n"));
    }

    [Test]
    public async Task Each_message_event_is_a_task_of_its_own_with_a_microtask_checkpoint_after_it()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/messages?count=3&size=1")}}");
            const log = [];
            ws.onmessage = e => {
              log.push("message " + e.data);
              Promise.resolve().then(() => log.push("microtask " + e.data));
            };
            ws.onclose = () => console.log(log.join(", "));
            """);

        Assert.That(output, Is.EqualTo("message 0, microtask 0, message 1, microtask 1, message 2, microtask 2\n"));
    }

    [Test]
    public async Task A_large_binary_message_arrives_whole()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/messages?count=2&size=3000000&type=binary")}}");
            ws.binaryType = "arraybuffer";
            const got = [];
            ws.onmessage = e => {
              const bytes = new Uint8Array(e.data);
              got.push(e.data.byteLength + ":" + String.fromCharCode(bytes[0], bytes[1]) + ":" + bytes.every((b, i) => i < 2 || b === 120));
            };
            ws.onclose = e => console.log(got.join(" "), e.code);
            """);

        Assert.That(output, Is.EqualTo("3000000:0 :true 3000000:1 :true 1000\n"));
    }

    [Test]
    public async Task Invalid_UTF8_in_a_text_message_fails_the_connection_and_the_server_sees_1007()
    {
        using var cts = Timeout();
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/invalid-utf8?t=client")}}");
            ws.onopen = () => console.log("open");
            ws.onmessage = e => console.log("message", JSON.stringify(e.data));
            ws.onerror = e => console.log("error", e.constructor.name, ws.readyState);
            ws.onclose = e => console.log("close", e.code, e.wasClean, JSON.stringify(e.reason), ws.readyState);
            """);

        Assert.That(output, Is.EqualTo("open\nerror Event 3\nclose 1006 false \"\" 3\n"));
        var frame = await Server.WaitForClientCloseAsync("/invalid-utf8?t=client", cts.Token);
        Assert.That(frame.Code, Is.EqualTo(1007));
    }

    [Test]
    public async Task Messages_that_arrive_after_close_was_called_are_not_delivered()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/delay-close-reply?ms=200")}}");
            let messages = 0;
            ws.onopen = () => { ws.send("one"); ws.send("two"); ws.close(); };
            ws.onmessage = () => messages++;
            ws.onclose = e => console.log(messages, e.code, e.wasClean);
            """);

        Assert.That(output, Is.EqualTo("0 1005 true\n"));
    }
}
