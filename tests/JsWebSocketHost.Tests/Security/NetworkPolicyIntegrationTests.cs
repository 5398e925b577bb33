using System.Collections.Concurrent;
using System.Net;
using JsWebSocketHost.Hosting;
using JsWebSocketHost.Tests.WebSockets;
using JsWebSocketHost.WebSockets;

namespace JsWebSocketHost.Tests.Security;

/// <summary>
/// Scripts that try to reach addresses the host's network policy denies, in every spelling; each attempt looks to
/// the script like a network failure, and the host is told the rule and the address.
/// </summary>
[TestFixture]
public sealed class NetworkPolicyIntegrationTests : WebSocketIntegrationFixture
{
    private int Port => Server.BaseUrl.Port;

    private static async Task<(string Output, NetworkAccessDeniedEventArgs[] Denials, ScriptRunResult Result)> RunWithPolicy(
        string source, Action<WebSocketHostOptions> configure)
    {
        var denials = new ConcurrentQueue<NetworkAccessDeniedEventArgs>();
        await using var run = new ScriptRun(configure: o => configure(o.WebSockets));
        run.Host.NetworkAccessDenied += (_, e) => denials.Enqueue(e);
        run.Host.EnqueueScript(source, "test.js");
        var result = await run.Host.RunAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        return (run.Output, [.. denials], result);
    }

    private static string Attempt(string url) => $$"""
        const ws = new WebSocket('{{url}}');
        ws.onopen = () => { console.log('open'); ws.send('hi'); };
        ws.onmessage = e => { console.log('message ' + e.data); ws.close(); };
        ws.onerror = e => console.log('error ' + e.constructor.name);
        ws.onclose = e => console.log(`close ${e.code} ${e.wasClean} '${e.reason}'`);
        """;

    private static void DenyNonPublic(WebSocketHostOptions o) => o.Network.DenyNonPublicAddresses = true;

    [TestCase("ws://127.0.0.1:{0}/echo", "127.0.0.1")]
    [TestCase("ws://127.1:{0}/echo", "127.0.0.1")]
    [TestCase("ws://0x7f.1:{0}/echo", "127.0.0.1")]
    [TestCase("ws://2130706433:{0}/echo", "127.0.0.1")]
    [TestCase("ws://[::1]:{0}/echo", "::1")]
    [TestCase("ws://[::ffff:127.0.0.1]:{0}/echo", "::ffff:127.0.0.1")]
    [TestCase("ws://0.0.0.0:{0}/echo", "0.0.0.0")]
    [TestCase("ws://[::]:{0}/echo", "::")]
    [TestCase("ws://169.254.169.254/latest/meta-data", "169.254.169.254")]
    [TestCase("ws://[::ffff:169.254.169.254]/", "::ffff:169.254.169.254")]
    [TestCase("ws://10.0.0.1/", "10.0.0.1")]
    [TestCase("ws://192.168.1.1/", "192.168.1.1")]
    [TestCase("ws://100.64.0.1/", "100.64.0.1")]
    [TestCase("ws://[fe80::1]/", "fe80::1")]
    [TestCase("ws://[fd00::1]/", "fd00::1")]
    [TestCase("ws://224.0.0.1/", "224.0.0.1")]
    [TestCase("http://127.0.0.1:{0}/echo", "127.0.0.1")]
    [TestCase("https://127.0.0.1:{0}/echo", "127.0.0.1")]
    public async Task A_non_public_address_in_any_spelling_is_denied_like_a_network_failure_and_the_host_is_told(string url, string address)
    {
        var (output, denials, result) = await RunWithPolicy(Attempt(string.Format(System.Globalization.CultureInfo.InvariantCulture, url, Port)), DenyNonPublic);

        Assert.That(result.Outcome, Is.EqualTo(ScriptRunOutcome.Drained));
        Assert.That(output, Is.EqualTo("error Event\nclose 1006 false ''\n"));
        Assert.That(denials, Has.Length.EqualTo(1));
        Assert.That(denials[0].Rule, Is.EqualTo("non-public-address"));
        Assert.That(denials[0].Address, Is.EqualTo(IPAddress.Parse(address)));
        Assert.That(denials[0].Message, Does.Contain("DenyNonPublicAddresses"));
    }

    [Test]
    public async Task A_name_that_resolves_to_loopback_is_denied_by_the_address_it_resolved_to()
    {
        var (output, denials, _) = await RunWithPolicy(Attempt($"ws://rebind.test:{Port}/echo"), o =>
        {
            DenyNonPublic(o);
            o.HostNameResolver = (host, _) => ValueTask.FromResult(host == "rebind.test" ? new[] { IPAddress.Loopback } : []);
        });

        Assert.That(output, Is.EqualTo("error Event\nclose 1006 false ''\n"));
        Assert.That(denials.Single().Address, Is.EqualTo(IPAddress.Loopback));
        Assert.That(denials.Single().Url.Host, Is.EqualTo("rebind.test"));
    }

    [Test]
    public async Task A_name_with_one_public_and_one_loopback_answer_is_denied()
    {
        var (output, denials, _) = await RunWithPolicy(Attempt($"ws://mixed.test:{Port}/echo"), o =>
        {
            DenyNonPublic(o);
            o.HostNameResolver = (_, _) => ValueTask.FromResult(new[] { IPAddress.Parse("93.184.216.34"), IPAddress.Loopback });
        });

        Assert.That(output, Is.EqualTo("error Event\nclose 1006 false ''\n"));
        Assert.That(denials.Single().Address, Is.EqualTo(IPAddress.Loopback));
    }

    [Test]
    public async Task A_name_the_resolver_maps_to_the_test_server_connects_when_the_policy_allows_it()
    {
        var (output, denials, _) = await RunWithPolicy(Attempt($"ws://server.test:{Port}/echo"),
            o => o.HostNameResolver = (_, _) => ValueTask.FromResult(new[] { IPAddress.Loopback }));

        Assert.That(output, Is.EqualTo("open\nmessage hi\nclose 1005 true ''\n"));
        Assert.That(denials, Is.Empty);
    }

    [Test]
    public async Task An_explicitly_allowed_host_still_works_under_the_non_public_denial_and_only_that_spelling()
    {
        var allowed = await RunWithPolicy(Attempt($"ws://127.0.0.1:{Port}/echo"), o =>
        {
            DenyNonPublic(o);
            o.Network.AllowedHosts.Add($"127.0.0.1:{Port}");
        });
        var otherName = await RunWithPolicy(Attempt($"ws://localhost:{Port}/echo"), o =>
        {
            DenyNonPublic(o);
            o.Network.AllowedHosts.Add($"127.0.0.1:{Port}");
        });
        var otherPort = await RunWithPolicy(Attempt($"ws://127.0.0.1:{Port + 1}/echo"), o => o.Network.AllowedHosts.Add($"127.0.0.1:{Port}"));

        Assert.That(allowed.Output, Is.EqualTo("open\nmessage hi\nclose 1005 true ''\n"));
        Assert.That(allowed.Denials, Is.Empty);
        Assert.That(otherName.Output, Is.EqualTo("error Event\nclose 1006 false ''\n"));
        Assert.That(otherName.Denials.Single().Rule, Is.EqualTo("not-allowed-host"));
        Assert.That(otherName.Denials.Single().Address, Is.Null, "denied by name, before any DNS lookup");
        Assert.That(otherPort.Denials.Single().Rule, Is.EqualTo("not-allowed-host"));
    }

    [Test]
    public async Task A_denied_host_wins_over_an_allowed_one()
    {
        var (output, denials, _) = await RunWithPolicy(Attempt($"ws://127.0.0.1:{Port}/echo"), o =>
        {
            o.Network.AllowedHosts.Add("127.0.0.1");
            o.Network.DeniedHosts.Add($"127.0.0.1:{Port}");
        });

        Assert.That(output, Is.EqualTo("error Event\nclose 1006 false ''\n"));
        Assert.That(denials.Single().Rule, Is.EqualTo("denied-host"));
    }

    [TestCase("127.0.0.1")]
    [TestCase("127.0.0.1:{0}")]
    public async Task A_denied_address_also_stops_a_name_that_resolves_to_it(string entry)
    {
        var (output, denials, _) = await RunWithPolicy(Attempt($"ws://localhost:{Port}/echo"), o =>
        {
            o.Network.DeniedHosts.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, entry, Port));
            o.HostNameResolver = (_, _) => ValueTask.FromResult(new[] { IPAddress.Loopback });
        });

        Assert.That(output, Is.EqualTo("error Event\nclose 1006 false ''\n"));
        Assert.That(denials.Single().Rule, Is.EqualTo("denied-host"));
        Assert.That(denials.Single().Address, Is.EqualTo(IPAddress.Loopback));
    }

    [Test]
    public async Task The_host_callback_sees_the_url_and_the_resolved_address_and_can_deny()
    {
        var seen = new ConcurrentQueue<NetworkAccessRequest>();
        var (output, denials, _) = await RunWithPolicy(Attempt($"ws://127.0.0.1:{Port}/echo?who=me"), o => o.Network.Callback = request =>
        {
            seen.Enqueue(request);
            return false;
        });

        var request = seen.Single();
        Assert.That(request.Url.AbsoluteUri, Is.EqualTo($"ws://127.0.0.1:{Port}/echo?who=me"));
        Assert.That(request.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(request.Port, Is.EqualTo(Port));
        Assert.That(request.Address, Is.EqualTo(IPAddress.Loopback));
        Assert.That(request.ViaProxy, Is.False);
        Assert.That(output, Is.EqualTo("error Event\nclose 1006 false ''\n"));
        Assert.That(denials.Single().Rule, Is.EqualTo("callback"));
    }

    [Test]
    public async Task Through_a_proxy_the_address_rules_apply_to_the_proxy_and_an_allowed_range_lets_it_through()
    {
        await using var proxy = new ConnectProxy();
        var url = $"ws://127.0.0.1:{Port}/echo";
        void ViaProxy(WebSocketHostOptions o)
        {
            DenyNonPublic(o);
            o.Network.AllowedHosts.Add($"127.0.0.1:{Port}"); // the target's name is allowed; the proxy's address is not
            o.Proxy = new WebProxy(proxy.Address) { BypassProxyOnLocal = false };
        }

        var denied = await RunWithPolicy(Attempt(url), ViaProxy);
        var allowed = await RunWithPolicy(Attempt(url), o =>
        {
            ViaProxy(o);
            o.Network.AllowedAddressRanges.Add("127.0.0.1/32");
        });

        Assert.That(denied.Output, Is.EqualTo("error Event\nclose 1006 false ''\n"));
        Assert.That(denied.Denials.Single().Message, Does.Contain("proxy"));
        Assert.That(allowed.Output, Is.EqualTo("open\nmessage hi\nclose 1005 true ''\n"));
        Assert.That(proxy.Targets, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Through_an_allowed_proxy_an_address_literal_is_still_judged_by_the_address_rules()
    {
        await using var proxy = new ConnectProxy();
        var (output, denials, _) = await RunWithPolicy(Attempt("ws://169.254.169.254/latest/meta-data"), o =>
        {
            DenyNonPublic(o);
            o.Network.AllowedAddressRanges.Add("127.0.0.1/32"); // lets the loopback proxy through
            o.Proxy = new WebProxy(proxy.Address) { BypassProxyOnLocal = false };
        });

        Assert.That(output, Is.EqualTo("error Event\nclose 1006 false ''\n"));
        Assert.That(denials.Single().Rule, Is.EqualTo("non-public-address"));
        Assert.That(denials.Single().Address, Is.EqualTo(IPAddress.Parse("169.254.169.254")));
        Assert.That(proxy.Targets, Is.Empty, "the proxy was never asked to connect");
    }

    [Test]
    public async Task Only_the_allowed_schemes_connect()
    {
        var (output, denials, _) = await RunWithPolicy(Attempt($"ws://127.0.0.1:{Port}/echo"), o => o.Network.AllowedSchemes.Add("wss"));

        Assert.That(output, Is.EqualTo("error Event\nclose 1006 false ''\n"));
        Assert.That(denials.Single().Rule, Is.EqualTo("scheme"));
    }

    [Test]
    public async Task The_untrusted_preset_denies_loopback()
    {
        var denials = new ConcurrentQueue<NetworkAccessDeniedEventArgs>();
        var stdout = new StringWriter();
        var options = ScriptHostOptions.ForUntrustedScripts();
        options.StandardOutput = stdout;
        await using var host = new ScriptHost(options);
        host.NetworkAccessDenied += (_, e) => denials.Enqueue(e);
        host.EnqueueScript(Attempt($"ws://127.0.0.1:{Port}/echo"));

        await host.RunAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.That(stdout.ToString(), Is.EqualTo("error Event\nclose 1006 false ''\n"));
        Assert.That(denials.Single().Rule, Is.EqualTo("non-public-address"));
    }

    [Test]
    public void A_bad_policy_entry_is_refused_when_the_host_is_created()
    {
        var options = new ScriptHostOptions();
        options.WebSockets.Network.AllowedHosts.Add("exa mple.com:99999");

        Assert.That(() => new ScriptHost(options), Throws.ArgumentException.With.Message.Contains("exa mple.com:99999"));
    }

    [TestCase("'a\\r\\nb'", TestName = "A protocol with CR LF is refused with a SyntaxError")]
    [TestCase("['ok', 'x\\ny']", TestName = "A protocol with LF in a list is refused with a SyntaxError")]
    [TestCase("{ headers: { 'X-A': 'v\\rInjected: 1' } }", TestName = "A header value with a lone CR is refused with a SyntaxError")]
    [TestCase("{ headers: { 'X-A\\r\\nInjected': 'v' } }", TestName = "A header name with CR LF is refused with a SyntaxError")]
    public async Task Handshake_injection_through_protocols_or_headers_is_refused(string second)
    {
        var output = await Run($$"""
            try { new WebSocket('ws://127.0.0.1:{{Port}}/echo', {{second}}); console.log('no error'); }
            catch (e) { console.log(e.name); }
            """);

        Assert.That(output, Is.EqualTo("SyntaxError\n"));
    }

    [Test]
    public void A_host_header_with_CR_LF_is_refused_when_the_host_is_created()
    {
        var options = new ScriptHostOptions();
        options.WebSockets.Headers["X-A"] = "v\r\nInjected: 1";

        Assert.That(() => new ScriptHost(options), Throws.ArgumentException.With.Message.Contains("X-A"));
    }
}
