namespace JsWebSocketHost.Tests.WebSockets;

/// <summary>Failed connections: each is an error event then a close event (1006, not clean), both in CLOSED.</summary>
[TestFixture]
public sealed class WebSocketFailureIntegrationTests : WebSocketIntegrationFixture
{
    /// <summary>Logs every event with the ready state seen inside its handler, and prints the log at close.</summary>
    private const string LogEvents = """
        const log = [];
        ws.onopen = e => log.push("open " + ws.readyState);
        ws.onmessage = e => log.push("message");
        ws.onerror = e => log.push("error " + ws.readyState + " " + Object.getPrototypeOf(e).constructor.name + " " + e.isTrusted + " " + e.bubbles + " " + e.cancelable + " " + (e.target === ws));
        ws.onclose = e => {
          log.push("close " + ws.readyState + " " + e.code + " " + e.wasClean + " " + JSON.stringify(e.reason));
          // A second error or close would show up in a later task.
          setTimeout(() => console.log(log.join("\n")), 50);
        };
        """;

    private const string FailedBeforeOpen = "error 3 Event true false false true\nclose 3 1006 false \"\"\n";

    [TestCase("/status?code=403", TestName = "A handshake refused with 403 fails the connection without open")]
    [TestCase("/status?code=200", TestName = "A handshake answered with 200 over HTTP/1.1 fails the connection without open")]
    [TestCase("/redirect?to=/echo", TestName = "A redirect is not followed and fails the connection without open")]
    [TestCase("/bad-accept", TestName = "A wrong Sec-WebSocket-Accept fails the connection without open")]
    [TestCase("/garbage", TestName = "A response that is not HTTP fails the connection without open")]
    [TestCase("/subprotocol?pick=notoffered", TestName = "A subprotocol the client did not offer fails the connection without open")]
    [TestCase("/subprotocol?pick=chat", TestName = "A subprotocol chosen when none was offered fails the connection without open")]
    [TestCase("/no-such-behaviour", TestName = "A 404 fails the connection without open")]
    public async Task A_failed_handshake_is_error_then_close_1006_both_in_CLOSED(string target)
    {
        var protocols = target.Contains("notoffered", StringComparison.Ordinal) ? "[\"a\", \"b\"]" : "[]";
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws(target)}}", {{protocols}});
            {{LogEvents}}
            """);

        Assert.That(output, Is.EqualTo(FailedBeforeOpen));
    }

    [Test]
    public async Task A_name_that_does_not_resolve_fails_the_connection_without_open()
    {
        var output = await Run("""
            const ws = new WebSocket("ws://nonexistent.invalid/");
            """ + "\n" + LogEvents);

        Assert.That(output, Is.EqualTo(FailedBeforeOpen));
    }

    [Test]
    public async Task A_TCP_connection_dropped_after_open_is_error_then_close_1006()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/drop?after=100")}}");
            {{LogEvents}}
            """);

        Assert.That(output, Is.EqualTo("open 1\n" + FailedBeforeOpen));
    }

    [Test]
    public async Task A_TCP_reset_after_open_is_error_then_close_1006()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/drop?after=100&abort=1")}}");
            {{LogEvents}}
            """);

        Assert.That(output, Is.EqualTo("open 1\n" + FailedBeforeOpen));
    }

    [Test]
    public async Task Events_of_a_failure_fire_in_later_tasks_never_inside_the_call_that_caused_them()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/delay-handshake?ms=5000")}}");
            const log = [];
            ws.onerror = () => log.push("error");
            ws.onclose = () => { log.push("close"); console.log(log.join(", ")); };
            ws.close();
            log.push("right after close()");
            queueMicrotask(() => log.push("microtask"));
            Promise.resolve().then(() => log.push("promise"));
            """);

        Assert.That(output, Is.EqualTo("right after close(), microtask, promise, error, close\n"));
    }

    [Test]
    public async Task Microtasks_queued_by_the_error_handler_run_before_the_close_handler()
    {
        // error and close fire in one task, but each handler is a callback with no script below it, after which
        // HTML performs a microtask checkpoint ("clean up after running script").
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/status?code=404")}}");
            const log = [];
            ws.onerror = () => {
              log.push("error");
              Promise.resolve().then(() => log.push("promise from error"));
              queueMicrotask(() => log.push("microtask from error"));
            };
            ws.onclose = () => {
              log.push("close");
              queueMicrotask(() => console.log(log.join(", ")));
            };
            """);

        Assert.That(output, Is.EqualTo("error, promise from error, microtask from error, close\n"));
    }

    [Test]
    public async Task The_run_ends_after_a_failure_with_nothing_left_holding_it()
    {
        var output = await Run($$"""
            for (const path of ["/status?code=500", "/garbage", "/bad-accept"]) {
              const ws = new WebSocket("ws://127.0.0.1:{{Server.BaseUrl.Port}}" + path);
              ws.onclose = e => console.log(path, e.code);
            }
            """);

        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EquivalentTo(new[]
        {
            "/status?code=500 1006", "/garbage 1006", "/bad-accept 1006",
        }));
    }
}
