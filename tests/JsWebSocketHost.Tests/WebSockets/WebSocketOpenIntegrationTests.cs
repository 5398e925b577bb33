namespace JsWebSocketHost.Tests.WebSockets;

/// <summary>Opening a WebSocket against the test server: URLs, protocol, extensions, the open event, liveness.</summary>
[TestFixture]
public sealed class WebSocketOpenIntegrationTests : WebSocketIntegrationFixture
{
    [Test]
    public async Task A_URL_object_relative_to_location_opens_and_echoes()
    {
        var output = await Run("""
            const ws = new WebSocket(new URL("/echo?t=url-object", location));
            console.log(ws.url, ws.readyState);
            ws.onopen = () => { console.log("open", ws.readyState); ws.send("via URL"); };
            ws.onmessage = e => { console.log("message", e.data); ws.close(1000); };
            ws.onclose = e => console.log("close", e.code, e.wasClean);
            """, options => options.BaseUrl = Server.BaseUrl.AbsoluteUri);

        Assert.That(output, Is.EqualTo(
            $"{Ws("/echo?t=url-object")} 0\nopen 1\nmessage via URL\nclose 1000 true\n"));
    }

    [Test]
    public async Task A_relative_string_and_an_http_URL_both_become_ws_URLs_that_connect()
    {
        var http = new Uri(Server.BaseUrl, "/echo?t=http").AbsoluteUri;
        var output = await Run($$"""
            const urls = ["echo?t=relative", "{{http}}"];
            let closed = 0;
            for (const url of urls) {
              const ws = new WebSocket(url);
              ws.onopen = () => { console.log("open", ws.url); ws.close(); };
              ws.onclose = e => { if (++closed === 2) console.log("both closed"); };
            }
            """, options => options.BaseUrl = Server.BaseUrl.AbsoluteUri);

        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EquivalentTo(new[]
        {
            $"open {Ws("/echo?t=relative")}", $"open {Ws("/echo?t=http")}", "both closed",
        }));
        Assert.That(output, Does.EndWith("both closed\n"));
    }

    [Test]
    public async Task Protocol_is_empty_until_open_then_the_one_the_server_chose()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo?protocol=x")}}", ["x", "y"]);
            console.log("connecting", JSON.stringify(ws.protocol), JSON.stringify(ws.extensions), ws.bufferedAmount);
            ws.onopen = () => {
              console.log("open", JSON.stringify(ws.protocol), JSON.stringify(ws.extensions), ws.bufferedAmount);
              ws.close();
            };
            ws.onclose = () => console.log("closed", JSON.stringify(ws.protocol));
            """);

        Assert.That(output, Is.EqualTo("connecting \"\" \"\" 0\nopen \"x\" \"\" 0\nclosed \"x\"\n"));
    }

    [Test]
    public async Task Protocol_stays_empty_when_the_server_chooses_none_of_those_offered()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo?protocol=z")}}", ["x", "y"]);
            ws.onopen = () => { console.log("open", JSON.stringify(ws.protocol)); ws.close(); };
            ws.onclose = e => console.log("close", e.code);
            """);

        Assert.That(output, Is.EqualTo("open \"\"\nclose 1005\n"));
    }

    [Test]
    public async Task The_open_event_is_a_trusted_plain_Event_that_neither_bubbles_nor_cancels_targeted_at_the_socket()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo")}}");
            ws.addEventListener("open", e => {
              console.log(Object.getPrototypeOf(e) === Event.prototype, e.type, e.isTrusted, e.bubbles, e.cancelable);
              console.log(e.target === ws, e.currentTarget === ws, e.eventPhase === Event.AT_TARGET, e.defaultPrevented);
              ws.close();
            });
            """);

        Assert.That(output, Is.EqualTo("true open true false false\ntrue true true false\n"));
    }

    [Test]
    public async Task Open_fires_in_a_task_of_its_own_after_the_script_that_created_the_socket()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo")}}");
            ws.onopen = () => {
              console.log("open");
              queueMicrotask(() => console.log("microtask from open"));
              ws.close();
            };
            ws.onclose = () => console.log("close");
            // Busy for a while: the handshake completes meanwhile, but open must wait for this task to end.
            const start = Date.now();
            while (Date.now() - start < 200) {}
            console.log("script end", ws.readyState);
            Promise.resolve().then(() => console.log("script microtask"));
            """);

        Assert.That(output, Is.EqualTo("script end 0\nscript microtask\nopen\nmicrotask from open\nclose\n"));
    }

    [Test]
    public async Task A_connecting_socket_alone_keeps_the_run_alive_until_it_opens()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/delay-handshake?ms=300")}}");
            ws.onopen = () => { console.log("open after the delay"); ws.close(); };
            ws.onclose = e => console.log("close", e.code, e.wasClean);
            """);

        Assert.That(output, Is.EqualTo("open after the delay\nclose 1005 true\n"));
    }

    [Test]
    public async Task An_open_socket_keeps_the_run_alive_with_no_timer_pending_and_the_run_ends_once_it_closes()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo")}}");
            ws.onopen = () => {
              // Until the timer fires it holds the run too; afterwards only the open socket does.
              setTimeout(() => { console.log("timer"); ws.send("later"); }, 50);
            };
            ws.onmessage = e => {
              // While the echo was on its way nothing but the open socket held the run.
              console.log("message", e.data);
              setTimeout(() => ws.close(4001, "done"), 50);
            };
            ws.onclose = e => console.log("close", e.code, e.reason);
            """);

        Assert.That(output, Is.EqualTo("timer\nmessage later\nclose 4001 done\n"));
    }
}
