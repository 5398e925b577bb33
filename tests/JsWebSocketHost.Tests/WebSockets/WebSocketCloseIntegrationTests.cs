namespace JsWebSocketHost.Tests.WebSockets;

/// <summary>The closing handshake, from either side: codes and reasons on the wire and in the close event.</summary>
[TestFixture]
public sealed class WebSocketCloseIntegrationTests : WebSocketIntegrationFixture
{
    [Test]
    public async Task Close_with_a_code_and_reason_puts_them_on_the_wire_and_the_close_event_has_the_server_echo()
    {
        using var cts = Timeout();
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo?t=code-reason")}}");
            ws.onopen = () => { ws.close(4321, "done, thanks ✓"); console.log("after close()", ws.readyState); };
            ws.onerror = () => console.log("error");
            ws.onclose = e => console.log("close", ws.readyState, e.code, JSON.stringify(e.reason), e.wasClean);
            """);

        Assert.That(output, Is.EqualTo("after close() 2\nclose 3 4321 \"done, thanks ✓\" true\n"));
        var frame = await Server.WaitForClientCloseAsync("/echo?t=code-reason", cts.Token);
        Assert.That((frame.Code, frame.Reason), Is.EqualTo(((int?)4321, "done, thanks ✓")));
    }

    [Test]
    public async Task A_reason_with_a_lone_surrogate_goes_out_with_U_FFFD_in_its_place()
    {
        using var cts = Timeout();
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo?t=surrogate-reason")}}");
            ws.onopen = () => ws.close(3000, "a\uD800b");
            ws.onclose = e => console.log(e.code, e.reason === "a\uFFFDb");
            """);

        Assert.That(output, Is.EqualTo("3000 true\n"));
        var frame = await Server.WaitForClientCloseAsync("/echo?t=surrogate-reason", cts.Token);
        Assert.That(frame.Reason, Is.EqualTo("a\uFFFDb"));
    }

    [Test]
    public async Task Close_with_no_arguments_sends_no_status_and_the_close_event_says_1005()
    {
        using var cts = Timeout();
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo?t=no-status")}}");
            ws.onopen = () => ws.close();
            ws.onclose = e => console.log(e.code, JSON.stringify(e.reason), e.wasClean);
            """);

        Assert.That(output, Is.EqualTo("1005 \"\" true\n"));
        var frame = await Server.WaitForClientCloseAsync("/echo?t=no-status", cts.Token);
        Assert.That(frame.Code, Is.Null, frame.ToString());
    }

    [Test]
    public async Task Close_with_a_reason_but_no_code_sends_1000_with_the_reason()
    {
        using var cts = Timeout();
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo?t=reason-only")}}");
            ws.onopen = () => ws.close(undefined, "only a reason");
            ws.onclose = e => console.log(e.code, e.reason, e.wasClean);
            """);

        Assert.That(output, Is.EqualTo("1000 only a reason true\n"));
        var frame = await Server.WaitForClientCloseAsync("/echo?t=reason-only", cts.Token);
        Assert.That((frame.Code, frame.Reason), Is.EqualTo(((int?)1000, "only a reason")));
    }

    [Test]
    public async Task Close_1000_with_no_reason_sends_1000_and_an_empty_reason()
    {
        using var cts = Timeout();
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo?t=1000")}}");
            ws.onopen = () => ws.close(1000);
            ws.onclose = e => console.log(e.code, JSON.stringify(e.reason), e.wasClean);
            """);

        Assert.That(output, Is.EqualTo("1000 \"\" true\n"));
        var frame = await Server.WaitForClientCloseAsync("/echo?t=1000", cts.Token);
        Assert.That((frame.Code, frame.Reason), Is.EqualTo(((int?)1000, "")));
    }

    [Test]
    public async Task Close_while_connecting_is_CLOSING_at_once_then_error_and_close_1006_once_each_and_never_open()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/delay-handshake?ms=300")}}");
            const log = [];
            ws.onopen = () => log.push("open");
            ws.onmessage = () => log.push("message");
            ws.addEventListener("error", e => log.push("error " + ws.readyState + " " + e.constructor.name));
            ws.addEventListener("close", e => {
              log.push("close " + ws.readyState + " " + e.code + " " + e.wasClean + " " + JSON.stringify(e.reason));
              // Wait past the server's delay: a late handshake must not bring open or a second close.
              setTimeout(() => console.log(log.join("\n")), 500);
            });
            ws.close();
            log.push("after close() " + ws.readyState);
            ws.close(1000);
            log.push("after second close() " + ws.readyState);
            """);

        Assert.That(output, Is.EqualTo(
            "after close() 2\nafter second close() 2\nerror 3 Event\nclose 3 1006 false \"\"\n"));
    }

    [Test]
    public async Task Close_while_open_is_CLOSING_until_the_server_answers_then_the_close_event_fires()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/delay-close-reply?ms=200")}}");
            const log = [];
            ws.onopen = () => {
              ws.close(4000, "please");
              log.push("after close() " + ws.readyState);
              setTimeout(() => log.push("50 ms later " + ws.readyState), 50);
            };
            ws.onerror = () => log.push("error");
            ws.onclose = e => { log.push("close " + ws.readyState + " " + e.code + " " + e.reason + " " + e.wasClean); console.log(log.join("\n")); };
            """);

        Assert.That(output, Is.EqualTo("after close() 2\n50 ms later 2\nclose 3 4000 please true\n"));
    }

    [Test]
    public async Task Close_twice_while_open_sends_one_Close_frame_with_the_first_code()
    {
        using var cts = Timeout();
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo?t=twice")}}");
            ws.onopen = () => { ws.close(4001, "first"); ws.close(4002, "second"); ws.close(); };
            ws.onclose = e => console.log(e.code, e.reason);
            """);

        Assert.That(output, Is.EqualTo("4001 first\n"));
        var frame = await Server.WaitForClientCloseAsync("/echo?t=twice", cts.Token);
        Assert.That((frame.Code, frame.Reason), Is.EqualTo(((int?)4001, "first")));
    }

    [Test]
    public async Task Messages_sent_before_close_still_go_out_before_the_Close_frame()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/slow-reader?ms=1")}}");
            ws.onopen = () => { ws.send("12345"); ws.send(new Uint8Array(7)); };
            const got = [];
            ws.onmessage = e => { got.push(e.data); if (got.length === 2) ws.close(1000, "end"); };
            ws.onclose = e => console.log(got.join(" "), e.code, e.reason, e.wasClean);
            """);

        Assert.That(output, Is.EqualTo("5 7 1000 end true\n"));
    }

    [Test]
    public async Task When_the_server_never_answers_close_the_socket_aborts_after_the_timeout_without_an_error_event()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/never-reply-close")}}");
            const start = Date.now();
            ws.onopen = () => ws.close(4000, "bye");
            ws.onerror = () => console.log("error");
            ws.onclose = e => {
              const waited = Date.now() - start;
              console.log("close", ws.readyState, e.code, JSON.stringify(e.reason), e.wasClean, waited >= 250, waited < 5000);
            };
            """, options => options.WebSockets.ClosingHandshakeTimeout = TimeSpan.FromMilliseconds(300));

        Assert.That(output, Is.EqualTo("close 3 1006 \"\" false true true\n"));
    }

    [Test]
    public async Task A_server_close_with_code_and_reason_is_a_clean_close_with_them()
    {
        using var cts = Timeout();
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/close?code=4000&reason=bye")}}");
            const log = [];
            ws.onopen = () => log.push("open " + ws.readyState);
            ws.onerror = () => log.push("error");
            ws.onclose = e => {
              log.push("close " + ws.readyState + " " + e.code + " " + e.reason + " " + e.wasClean);
              console.log(log.join("\n"));
            };
            """);

        Assert.That(output, Is.EqualTo("open 1\nclose 3 4000 bye true\n"));
        var frame = await Server.WaitForClientCloseAsync("/close?code=4000&reason=bye", cts.Token);
        Assert.That(frame.Code, Is.EqualTo(4000), "the client echoes the server's status code");
    }

    [Test]
    public async Task A_server_close_with_no_status_is_a_clean_close_1005_and_the_reply_has_no_status()
    {
        using var cts = Timeout();
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/close?t=no-status")}}");
            ws.onopen = () => console.log("open");
            ws.onclose = e => console.log("close", e.code, JSON.stringify(e.reason), e.wasClean);
            """);

        Assert.That(output, Is.EqualTo("open\nclose 1005 \"\" true\n"));
        var frame = await Server.WaitForClientCloseAsync("/close?t=no-status", cts.Token);
        Assert.That(frame.Code, Is.Null, frame.ToString());
    }

    [Test]
    public async Task A_Close_frame_in_the_same_packet_as_the_101_still_opens_then_closes_1005()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/raw-after-101?hex=8800")}}");
            ws.onopen = () => console.log("open", ws.readyState);
            ws.onerror = () => console.log("error");
            ws.onclose = e => console.log("close", e.code, JSON.stringify(e.reason), e.wasClean);
            """);

        Assert.That(output, Is.EqualTo("open 1\nclose 1005 \"\" true\n"));
    }

    [Test]
    public async Task A_message_and_a_Close_frame_in_the_same_packet_as_the_101_arrive_in_order()
    {
        // 81 02 "hi" (a text frame), then 88 04 03 E8 "ok" (Close 1000 "ok").
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/raw-after-101?hex=8102-6869-8804-03e8-6f6b")}}");
            ws.onopen = () => console.log("open");
            ws.onmessage = e => console.log("message", e.data, ws.readyState);
            ws.onclose = e => console.log("close", e.code, e.reason, e.wasClean);
            """);

        Assert.That(output, Is.EqualTo("open\nmessage hi 1\nclose 1000 ok true\n"));
    }

    [Test]
    public async Task The_close_event_is_a_trusted_CloseEvent_that_neither_bubbles_nor_cancels_targeted_at_the_socket()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/close?code=1000")}}");
            ws.addEventListener("close", e => {
              console.log(Object.getPrototypeOf(e) === CloseEvent.prototype, e.type, e.isTrusted, e.bubbles, e.cancelable);
              console.log(e.target === ws, e.currentTarget === ws, e.eventPhase === Event.AT_TARGET, e.code, e.wasClean);
            });
            """);

        Assert.That(output, Is.EqualTo("true close true false false\ntrue true true 1000 true\n"));
    }
}
