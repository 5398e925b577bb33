using System.Net;
using System.Net.Http;

namespace JsWebSocketHost.Tests.WebSockets;

/// <summary>Host options and the constructor's headers extension, as the server sees them.</summary>
[TestFixture]
public sealed class WebSocketHostOptionsIntegrationTests : WebSocketIntegrationFixture
{
    private const string PrintHeaders = """
        ws.onmessage = e => {
          const report = JSON.parse(e.data);
          const h = report.headers;
          console.log(JSON.stringify({ origin: report.origin, ua: h["user-agent"], custom: h["x-custom"] ?? null, host: h["x-host-wide"] ?? null, tag: Object.keys(h).filter(k => k.includes("jswebsockethost")).length }));
          ws.close();
        };
        """;

    [Test]
    public async Task Origin_is_the_location_origin_and_the_user_agent_names_the_host()
    {
        await using var run = await RunScript($"const ws = new WebSocket(new URL('/headers', location));\n{PrintHeaders}");

        Assert.That(run.Output, Does.Match("^\\{\"origin\":\"http://127\\.0\\.0\\.1:\\d+\",\"ua\":\"JsWebSocketHost/\\d+\\.\\d+\\.\\d+\",\"custom\":null,\"host\":null,\"tag\":0\\}\n$"));
    }

    [Test]
    public async Task No_origin_is_sent_without_a_base_url()
    {
        await using var run = await ScriptRun.RunAsync($"const ws = new WebSocket('{Url("/headers")}');\n{PrintHeaders}");

        Assert.That(run.Output, Does.StartWith("{\"origin\":null,"));
    }

    [Test]
    public async Task Headers_from_the_host_options_and_the_constructor_dictionary_are_sent()
    {
        await using var run = await RunScript(
            $"const ws = new WebSocket(new URL('/headers', location), {{ headers: [['X-Custom', '  spaced  ']] }});\n{PrintHeaders}",
            options =>
            {
                options.WebSockets.Headers["X-Host-Wide"] = "yes";
                options.WebSockets.UserAgent = "custom-agent/1.0";
            });

        Assert.That(run.Output, Does.Contain("\"ua\":\"custom-agent/1.0\",\"custom\":\"spaced\",\"host\":\"yes\""));
    }

    [Test]
    public void A_bad_host_wide_header_is_refused_when_the_host_is_created()
    {
        var options = new JsWebSocketHost.Hosting.ScriptHostOptions();
        options.WebSockets.Headers["Sec-WebSocket-Protocol"] = "x";

        Assert.That(() => new JsWebSocketHost.Hosting.ScriptHost(options), Throws.ArgumentException.With.Message.Contains("Sec-WebSocket-Protocol"));
    }

    [Test]
    public async Task WebSockets_over_HTTP2_echo_when_the_host_opts_in()
    {
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Server.Http2WebSocketUrl("/echo")}}");
            ws.onopen = () => ws.send("over h2");
            ws.onmessage = e => { console.log(e.data); ws.close(4002, "h2 done"); };
            ws.onclose = e => console.log(e.code, e.reason, e.wasClean);
            """, options =>
            {
                options.WebSockets.HttpVersion = HttpVersion.Version20;
                options.WebSockets.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
            });

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "over h2", "4002 h2 done true" }));
    }

    [Test]
    public async Task Permessage_deflate_is_off_by_default()
    {
        await using var run = await RunScript("""
            const ws = new WebSocket(new URL("/headers", location));
            ws.onmessage = e => { console.log(JSON.stringify(JSON.parse(e.data).headers["sec-websocket-extensions"] ?? null), JSON.stringify(ws.extensions)); ws.close(); };
            """);

        Assert.That(run.Output, Is.EqualTo("null \"\"\n"));
    }

    [Test]
    public async Task Permessage_deflate_is_offered_when_enabled()
    {
        await using var run = await RunScript("""
            const ws = new WebSocket(new URL("/headers", location));
            ws.onmessage = e => { console.log(JSON.parse(e.data).headers["sec-websocket-extensions"]); ws.close(); };
            """, options => options.WebSockets.EnablePerMessageDeflate = true);

        Assert.That(run.Output, Does.StartWith("permessage-deflate"));
    }

    [Test]
    public async Task With_deflate_on_extensions_reflects_what_the_server_accepted_and_messages_still_echo()
    {
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Url("/echo?deflate=1")}}");
            ws.onopen = () => { console.log(ws.extensions.startsWith("permessage-deflate")); ws.send("z".repeat(10000)); };
            ws.onmessage = e => { console.log(e.data.length, e.data === "z".repeat(10000)); ws.close(); };
            """, options => options.WebSockets.EnablePerMessageDeflate = true);

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "true", "10000 true" }));
    }

    [Test]
    public async Task With_deflate_on_but_refused_by_the_server_extensions_stays_empty()
    {
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Url("/echo")}}");
            ws.onopen = () => { console.log(JSON.stringify(ws.extensions)); ws.close(); };
            """, options => options.WebSockets.EnablePerMessageDeflate = true);

        Assert.That(run.Output, Is.EqualTo("\"\"\n"));
    }

    [Test]
    public async Task Wss_to_a_self_signed_server_fails_under_the_default_certificate_validation()
    {
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Server.TlsWebSocketUrl("/echo")}}");
            ws.onopen = () => console.log("open");
            ws.onerror = () => console.log("error");
            ws.onclose = e => console.log("close", e.code);
            """);

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "error", "close 1006" }));
    }

    [Test]
    public async Task Wss_works_when_the_host_validates_the_certificate_itself_and_offers_a_client_certificate()
    {
        using var clientCertificate = JsWebSocketHost.TestServer.TestCertificates.CreateSelfSigned("jsws-test-client", serverAuthentication: false);
        var expected = Server.TlsCertificate!.Thumbprint;
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Server.TlsWebSocketUrl("/headers")}}");
            ws.onmessage = e => { console.log(ws.url.startsWith("wss://"), JSON.parse(e.data).clientCertificate); ws.close(); };
            ws.onclose = e => console.log(e.code, e.wasClean);
            """, options =>
            {
                options.WebSockets.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && string.Equals(certificate.GetCertHashString(), expected, StringComparison.OrdinalIgnoreCase);
                options.WebSockets.ClientCertificates = [clientCertificate];
            });

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "true CN=jsws-test-client", "1005 true" }));
    }

    [Test]
    public async Task A_configured_proxy_carries_the_connection_through_an_http_connect_tunnel()
    {
        await using var proxy = new ConnectProxy();
        await using var run = await RunScript($$"""
            const ws = new WebSocket("{{Url("/echo")}}");
            ws.onopen = () => ws.send("through the proxy");
            ws.onmessage = e => { console.log(e.data); ws.close(); };
            """, options => options.WebSockets.Proxy = new System.Net.WebProxy(proxy.Address) { BypassProxyOnLocal = false });

        Assert.That(run.Output, Is.EqualTo("through the proxy\n"));
        Assert.That(proxy.Targets, Has.Count.EqualTo(1));
        Assert.That(proxy.Targets.Single(), Is.EqualTo(Server.BaseUrl.Authority));
    }

    [TestCase(100, true, TestName = "A keep-alive interval sends keep-alive frames on an idle connection")]
    [TestCase(0, false, TestName = "A zero keep-alive interval sends none")]
    public async Task Keep_alive_follows_the_host_option(int intervalMilliseconds, bool expectFrames)
    {
        await using var relay = new FrameCountingRelay(Server.BaseUrl.Port);
        await using var run = await RunScript($$"""
            const ws = new WebSocket("ws://127.0.0.1:{{relay.Port}}/echo");
            ws.onopen = () => setTimeout(() => ws.close(), 600);
            ws.onclose = e => console.log(e.code, e.wasClean);
            """, options => options.WebSockets.KeepAliveInterval = TimeSpan.FromMilliseconds(intervalMilliseconds));

        Assert.That(run.Output, Is.EqualTo("1005 true\n"));
        Assert.That(relay.Pings + relay.Pongs, expectFrames ? Is.GreaterThanOrEqualTo(2) : Is.Zero);
    }
}
