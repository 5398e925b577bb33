namespace JsWebSocketHost.Tests.WebSockets;

/// <summary>Closing from either side, failures, and what each side sees, against the test server.</summary>
[TestFixture]
public sealed class WebSocketClosingIntegrationTests : WebSocketIntegrationFixture
{
    [Test]
    public async Task Close_with_code_and_reason_reaches_the_server_and_the_echo_reaches_the_close_event()
    {
        var url = Url("/echo", out var target);
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{url}}");
            ws.onopen = () => { ws.close(4000, "done é"); console.log("readyState", ws.readyState); };
            ws.onclose = e => console.log(e.code, e.reason, e.wasClean, ws.readyState);
            """);
        var frame = await ClientClose(target);

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "readyState 2", "4000 done é true 3" }));
        Assert.That(frame.Code, Is.EqualTo(4000));
        Assert.That(frame.Reason, Is.EqualTo("done é"));
    }

    [Test]
    public async Task Close_without_arguments_sends_no_status_and_the_close_event_says_1005()
    {
        var url = Url("/echo", out var target);
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{url}}");
            ws.onopen = () => ws.close();
            ws.onclose = e => console.log(e.code, JSON.stringify(e.reason), e.wasClean);
            """);
        var frame = await ClientClose(target);

        Assert.That(frame.Code, Is.Null, "the Close frame must have no body");
        Assert.That(run.Output, Is.EqualTo("1005 \"\" true\n"));
    }

    [Test]
    public async Task A_reason_without_a_code_is_sent_with_1000()
    {
        var url = Url("/echo", out var target);
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{url}}");
            ws.onopen = () => ws.close(undefined, "just a reason");
            ws.onclose = e => console.log(e.code, e.reason);
            """);
        var frame = await ClientClose(target);

        Assert.That((frame.Code, frame.Reason), Is.EqualTo(((int?)1000, "just a reason")));
        Assert.That(run.Output, Is.EqualTo("1000 just a reason\n"));
    }

    [Test]
    public async Task Close_while_connecting_fails_once_with_error_then_close_and_never_opens()
    {
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Url("/delay-handshake?ms=300")}}");
            const log = [];
            ws.onopen = () => log.push("open");
            ws.onmessage = () => log.push("message");
            ws.onerror = e => log.push("error " + ws.readyState + " " + (e.constructor === Event));
            ws.onclose = e => { log.push("close " + ws.readyState + " " + e.code + " " + e.wasClean); setTimeout(() => console.log(log.join(", ")), 400); };
            setTimeout(() => { ws.close(); log.push("close() returned " + ws.readyState); }, 20);
            """);

        Assert.That(run.Output, Is.EqualTo("close() returned 2, error 3 true, close 3 1006 false\n"));
    }

    [Test]
    public async Task A_server_close_gives_CLOSING_then_close_with_its_code_and_reason_cleanly()
    {
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Url("/close?code=4001&reason=server%20says%20bye")}}");
            const log = [];
            ws.onopen = () => log.push("open");
            ws.onerror = () => log.push("error");
            ws.onclose = e => { log.push(`close ${e.code} ${e.reason} ${e.wasClean} ${ws.readyState}`); console.log(log.join(", ")); };
            """);

        Assert.That(run.Output, Is.EqualTo("open, close 4001 server says bye true 3\n"));
    }

    [Test]
    public async Task A_server_close_without_status_is_1005_and_is_answered_with_no_status()
    {
        var url = Url("/close", out var target);
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{url}}");
            ws.onclose = e => console.log(e.code, e.wasClean);
            """);
        var frame = await ClientClose(target);

        Assert.That(run.Output, Is.EqualTo("1005 true\n"));
        Assert.That(frame.Code, Is.Null);
    }

    [Test]
    public async Task The_server_close_is_echoed_with_its_code()
    {
        var url = Url("/close?code=4321&reason=x", out var target);
        await using var run = await RunScript($"new WebSocket(\"{url}\");");
        var frame = await ClientClose(target);

        Assert.That(frame.Code, Is.EqualTo(4321));
    }

    [Test]
    public async Task A_close_frame_in_the_same_packet_as_the_101_still_gives_open_then_close()
    {
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Url("/raw-after-101?hex=8800")}}");
            const log = [];
            ws.onopen = () => log.push("open");
            ws.onerror = () => log.push("error");
            ws.onclose = e => { log.push("close " + e.code + " " + e.wasClean); console.log(log.join(", ")); };
            """);

        Assert.That(run.Output, Is.EqualTo("open, close 1005 true\n"));
    }

    [Test]
    public async Task A_server_that_never_answers_close_is_aborted_after_the_closing_timeout_without_an_error_event()
    {
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Url("/never-reply-close")}}");
            const log = [];
            let closedAt = 0;
            ws.onopen = () => { closedAt = performance.now(); ws.close(1000); };
            ws.onerror = () => log.push("error");
            ws.onclose = e => { log.push(`close ${e.code} ${e.wasClean} waited ${performance.now() - closedAt >= 250}`); console.log(log.join(", ")); };
            """, options => options.WebSockets.ClosingHandshakeTimeout = TimeSpan.FromMilliseconds(300));

        Assert.That(run.Output, Is.EqualTo("close 1006 false waited true\n"));
    }

    [Test]
    public async Task A_slow_close_reply_within_the_timeout_is_still_clean()
    {
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Url("/delay-close-reply?ms=100")}}");
            ws.onopen = () => ws.close(3000, "slow");
            ws.onclose = e => console.log(e.code, e.reason, e.wasClean);
            """);

        Assert.That(run.Output, Is.EqualTo("3000 slow true\n"));
    }

    [TestCase("/drop?after=50", true, TestName = "A TCP drop after open fails the connection")]
    [TestCase("/status?code=403", false, TestName = "A 403 instead of 101 fails the connection")]
    [TestCase("/redirect?to=/echo", false, TestName = "A redirect is not followed and fails the connection")]
    [TestCase("/bad-accept", false, TestName = "A wrong Sec-WebSocket-Accept fails the connection")]
    [TestCase("/garbage", false, TestName = "Garbage instead of HTTP fails the connection")]
    [TestCase("/subprotocol?pick=unoffered", false, TestName = "A subprotocol the client did not offer fails the connection")]
    [TestCase("/invalid-utf8", true, TestName = "Invalid UTF-8 in a text message fails the connection")]
    public async Task Failures_give_error_then_close_1006_with_readyState_CLOSED_in_both(string path, bool opens)
    {
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Url(path)}}");
            const log = [];
            ws.onopen = () => log.push("open");
            ws.onmessage = () => log.push("message");
            ws.onerror = e => log.push(`error ${ws.readyState} ${e.constructor.name}`);
            ws.onclose = e => { log.push(`close ${ws.readyState} ${e.code} ${e.wasClean}`); console.log(log.join(", ")); };
            """);

        Assert.That(run.Output, Is.EqualTo((opens ? "open, " : "") + "error 3 Event, close 3 1006 false\n"));
    }

    [Test]
    public async Task Invalid_utf8_is_answered_with_1007()
    {
        var url = Url("/invalid-utf8", out var target);
        await using var run = await RunScript($"const ws = new WebSocket(\"{url}\"); ws.onerror = () => {{}};");
        var frame = await ClientClose(target);

        Assert.That(frame.Code, Is.EqualTo(1007));
    }

    [Test]
    public async Task An_unresolvable_host_fails_with_error_then_close()
    {
        await using var run = await RunScript("""
            const ws = new WebSocket("ws://no-such-host.invalid/");
            const log = [];
            ws.onopen = () => log.push("open");
            ws.onerror = () => log.push("error " + ws.readyState);
            ws.onclose = e => { log.push("close " + e.code); console.log(log.join(", ")); };
            """);

        Assert.That(run.Output, Is.EqualTo("error 3, close 1006\n"));
    }

    [Test]
    public async Task A_handshake_slower_than_the_connect_timeout_fails()
    {
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Url("/delay-handshake?ms=3000")}}");
            const start = performance.now();
            ws.onerror = () => console.log("error");
            ws.onclose = e => console.log("close", e.code, performance.now() - start < 2500);
            """, options => options.WebSockets.ConnectTimeout = TimeSpan.FromMilliseconds(200));

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "error", "close 1006 true" }));
    }

    [Test]
    public async Task The_reply_to_a_server_close_goes_out_even_in_the_middle_of_a_burst_of_sends()
    {
        var url = Url("/close?code=4003&reason=mid-burst", out var target);
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{url}}");
            ws.onopen = () => { for (let i = 0; i < 2000; i++) ws.send("burst " + i); };
            ws.onclose = e => console.log(e.code, e.reason, e.wasClean);
            """);
        var frame = await ClientClose(target);

        Assert.That(run.Output, Is.EqualTo("4003 mid-burst true\n"));
        Assert.That(frame.Code, Is.EqualTo(4003), "the client's Close reply must reach the server");
    }
}
