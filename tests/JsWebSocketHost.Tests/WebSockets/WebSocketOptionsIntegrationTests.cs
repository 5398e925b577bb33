using System.Net;
using System.Text.Json;
using JsWebSocketHost.Hosting;

namespace JsWebSocketHost.Tests.WebSockets;

/// <summary>What the host's WebSocket options and the constructor's headers extension do on the wire.</summary>
[TestFixture]
public sealed class WebSocketOptionsIntegrationTests : WebSocketIntegrationFixture
{
    /// <summary>Opens <c>/headers</c> with <paramref name="constructorArguments"/> and returns what the server saw.</summary>
    private async Task<JsonElement> HandshakeSeenByServer(string constructorArguments = "", Action<ScriptHostOptions>? configure = null)
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/headers")}}"{{constructorArguments}});
            ws.onmessage = e => { console.log(e.data); ws.close(); };
            ws.onerror = () => console.log("error");
            """, configure);
        using var json = JsonDocument.Parse(output);
        return json.RootElement.Clone();
    }

    private static string? Header(JsonElement seen, string name) =>
        seen.GetProperty("headers").TryGetProperty(name, out var value) ? value.GetString() : null;

    [Test]
    public async Task Host_headers_and_constructor_headers_both_reach_the_server()
    {
        var seen = await HandshakeSeenByServer(
            ", { protocols: ['p1', 'p2'], headers: { 'X-From-Script': 'script value', Authorization: 'Bearer abc' } }",
            options =>
            {
                options.WebSockets.Headers["X-From-Host"] = "host value";
                options.WebSockets.Headers["X-Both"] = "host";
            });

        Assert.That(Header(seen, "x-from-host"), Is.EqualTo("host value"));
        Assert.That(Header(seen, "x-from-script"), Is.EqualTo("script value"));
        Assert.That(Header(seen, "authorization"), Is.EqualTo("Bearer abc"));
        Assert.That(Header(seen, "x-both"), Is.EqualTo("host"));
        Assert.That(seen.GetProperty("protocols").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(new[] { "p1", "p2" }));
    }

    [Test]
    public async Task Constructor_headers_as_pairs_reach_the_server_and_win_over_a_host_header_of_the_same_name()
    {
        var seen = await HandshakeSeenByServer(
            ", { headers: [['X-Pair', ' trimmed '], ['X-Both', 'script']] }",
            options => options.WebSockets.Headers["X-Both"] = "host");

        Assert.That(Header(seen, "x-pair"), Is.EqualTo("trimmed"));
        Assert.That(Header(seen, "x-both"), Is.EqualTo("script"));
    }

    [Test]
    public async Task The_origin_of_location_is_sent_as_Origin_when_there_is_a_base_URL()
    {
        var seen = await HandshakeSeenByServer(configure: options => options.BaseUrl = "https://app.example:8443/some/page?q=1");

        Assert.That(seen.GetProperty("origin").GetString(), Is.EqualTo("https://app.example:8443"));
    }

    [Test]
    public async Task No_Origin_is_sent_without_a_base_URL()
    {
        var seen = await HandshakeSeenByServer();

        Assert.That(seen.GetProperty("origin").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(Header(seen, "origin"), Is.Null);
    }

    [Test]
    public async Task The_default_User_Agent_names_the_host_and_its_version()
    {
        var seen = await HandshakeSeenByServer();

        Assert.That(Header(seen, "user-agent"), Does.Match(@"^JsWebSocketHost/\d+\.\d+"));
    }

    [Test]
    public async Task A_custom_User_Agent_replaces_the_default()
    {
        var seen = await HandshakeSeenByServer(configure: options => options.WebSockets.UserAgent = "MyBot/2.0 (+tests)");

        Assert.That(Header(seen, "user-agent"), Is.EqualTo("MyBot/2.0 (+tests)"));
    }

    [Test]
    public async Task Permessage_deflate_is_not_offered_by_default_and_extensions_stays_empty()
    {
        var seen = await HandshakeSeenByServer();
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo?deflate=1")}}");
            ws.onopen = () => { console.log("open", JSON.stringify(ws.extensions)); ws.close(); };
            """);

        Assert.That(Header(seen, "sec-websocket-extensions"), Is.Null);
        Assert.That(output, Is.EqualTo("open \"\"\n"));
    }

    [Test]
    public async Task With_permessage_deflate_enabled_extensions_is_what_the_server_accepted_and_messages_echo()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo?deflate=1")}}");
            ws.binaryType = "arraybuffer";
            const text = "compressible ".repeat(2000);
            const got = [];
            ws.onopen = () => {
              console.log("connecting was", JSON.stringify(before));
              console.log(ws.extensions);
              ws.send(text);
              ws.send(new Uint8Array(5000).fill(7));
            };
            const before = ws.extensions;
            ws.onmessage = e => {
              got.push(typeof e.data === "string" ? e.data === text : e.data.byteLength === 5000 && new Uint8Array(e.data).every(b => b === 7));
              if (got.length === 2) { console.log(got.join(" ")); ws.close(1000, "bye"); }
            };
            ws.onclose = e => console.log(e.code, e.reason, e.wasClean);
            """, options => options.WebSockets.EnablePerMessageDeflate = true);

        var lines = output.Split('\n');
        Assert.That(lines[0], Is.EqualTo("connecting was \"\""));
        Assert.That(lines[1], Does.Match("^permessage-deflate(;|$)"));
        Assert.That(lines[2..], Is.EqualTo(new[] { "true true", "1000 bye true", "" }));
    }

    [Test]
    public async Task With_permessage_deflate_enabled_a_server_that_declines_it_leaves_extensions_empty()
    {
        var seen = await HandshakeSeenByServer(configure: options => options.WebSockets.EnablePerMessageDeflate = true);
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/echo")}}");
            ws.onopen = () => { console.log("open", JSON.stringify(ws.extensions)); ws.send("x"); };
            ws.onmessage = e => { console.log(e.data); ws.close(); };
            """, options => options.WebSockets.EnablePerMessageDeflate = true);

        Assert.That(Header(seen, "sec-websocket-extensions"), Does.StartWith("permessage-deflate"));
        Assert.That(output, Is.EqualTo("open \"\"\nx\n"));
    }

    [Test]
    public async Task A_handshake_slower_than_the_connect_timeout_fails_the_connection()
    {
        var output = await Run($$"""
            const ws = new WebSocket("{{Ws("/delay-handshake?ms=5000")}}");
            const start = Date.now();
            ws.onopen = () => console.log("open");
            ws.onerror = () => console.log("error", ws.readyState);
            ws.onclose = e => console.log("close", e.code, e.wasClean, Date.now() - start < 4000);
            """, options => options.WebSockets.ConnectTimeout = TimeSpan.FromMilliseconds(300));

        Assert.That(output, Is.EqualTo("error 3\nclose 1006 false true\n"));
    }

    private static void Http2(ScriptHostOptions options)
    {
        options.WebSockets.HttpVersion = HttpVersion.Version20;
        options.WebSockets.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
    }

    [Test]
    public async Task Over_HTTP2_a_socket_opens_with_its_protocol_echoes_and_closes_with_a_code()
    {
        using var cts = Timeout();
        var url = Server.Http2WebSocketUrl("/echo?protocol=chat&t=h2").AbsoluteUri;
        var output = await Run($$"""
            const ws = new WebSocket("{{url}}", ["chat"]);
            ws.binaryType = "arraybuffer";
            const got = [];
            ws.onopen = () => { console.log("open", ws.protocol); ws.send("over h2"); ws.send(new Uint8Array([4, 5])); };
            ws.onmessage = e => {
              got.push(typeof e.data === "string" ? e.data : Array.from(new Uint8Array(e.data)).join("."));
              if (got.length === 2) { console.log(got.join(" ")); ws.close(4200, "h2 bye"); }
            };
            ws.onerror = () => console.log("error");
            ws.onclose = e => console.log("close", e.code, e.reason, e.wasClean);
            """, Http2);

        Assert.That(output, Is.EqualTo("open chat\nover h2 4.5\nclose 4200 h2 bye true\n"));
        var frame = await Server.WaitForClientCloseAsync("/echo?protocol=chat&t=h2", cts.Token);
        Assert.That((frame.Code, frame.Reason), Is.EqualTo(((int?)4200, "h2 bye")));
    }

    [Test]
    public async Task Over_HTTP2_close_with_no_arguments_sends_no_status_and_the_close_event_says_1005()
    {
        using var cts = Timeout();
        var url = Server.Http2WebSocketUrl("/echo?t=h2-no-status").AbsoluteUri;
        var output = await Run($$"""
            const ws = new WebSocket("{{url}}");
            ws.onopen = () => ws.close();
            ws.onerror = () => console.log("error");
            ws.onclose = e => console.log("close", e.code, JSON.stringify(e.reason), e.wasClean);
            """, Http2);

        Assert.That(output, Is.EqualTo("close 1005 \"\" true\n"));
        var frame = await Server.WaitForClientCloseAsync("/echo?t=h2-no-status", cts.Token);
        Assert.That(frame.Code, Is.Null, frame.ToString());
    }

    [Test]
    public async Task Over_HTTP2_a_server_close_with_no_status_is_a_clean_close_1005()
    {
        using var cts = Timeout();
        var url = Server.Http2WebSocketUrl("/close?t=h2").AbsoluteUri;
        var output = await Run($$"""
            const ws = new WebSocket("{{url}}");
            ws.onopen = () => console.log("open");
            ws.onerror = () => console.log("error");
            ws.onclose = e => console.log("close", e.code, JSON.stringify(e.reason), e.wasClean);
            """, Http2);

        Assert.That(output, Is.EqualTo("open\nclose 1005 \"\" true\n"));
        var frame = await Server.WaitForClientCloseAsync("/close?t=h2", cts.Token);
        Assert.That(frame.Code, Is.Null, frame.ToString());
    }

    [Test]
    public async Task Over_HTTP2_a_server_close_with_a_code_reaches_the_close_event()
    {
        var url = Server.Http2WebSocketUrl("/close?code=4000&reason=bye").AbsoluteUri;
        var output = await Run($$"""
            const ws = new WebSocket("{{url}}");
            ws.onclose = e => console.log("close", e.code, e.reason, e.wasClean);
            """, Http2);

        Assert.That(output, Is.EqualTo("close 4000 bye true\n"));
    }
}
