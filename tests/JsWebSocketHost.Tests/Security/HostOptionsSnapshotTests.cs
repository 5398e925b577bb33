using JsWebSocketHost.Hosting;
using JsWebSocketHost.Tests.WebSockets;

namespace JsWebSocketHost.Tests.Security;

/// <summary>The host reads a validated snapshot of its options once; changing the object later reaches nothing.</summary>
[TestFixture]
public sealed class HostOptionsSnapshotTests : WebSocketIntegrationFixture
{
    [Test]
    public async Task Changing_the_options_after_the_host_exists_has_no_effect()
    {
        var stdout = new StringWriter();
        var options = new ScriptHostOptions { StandardOutput = stdout, BaseUrl = Server.BaseUrl.ToString() };
        options.WebSockets.Headers["X-Before"] = "1";
        await using var host = new ScriptHost(options);

        // Each of these used to reach the running host: a header that throws inside Configure, a negative timeout
        // that made close() throw a .NET exception, a new base URL.
        options.WebSockets.Headers["X-After"] = "2";
        options.WebSockets.Headers["Bad Name"] = "x";
        options.WebSockets.ClosingHandshakeTimeout = TimeSpan.FromSeconds(-1);
        options.BaseUrl = "http://example.invalid/";
        options.Limits.MaxStatementsPerTask = 1;
        host.EnqueueScript("""
            const ws = new WebSocket('/headers');
            ws.onmessage = e => { const h = JSON.parse(e.data).headers; console.log(h['x-before'], h['x-after'], location.host === new URL(ws.url).host); ws.close(); };
            ws.onclose = e => console.log('close', e.code);
            """);

        var result = await host.RunAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);

        Assert.That(result.Outcome, Is.EqualTo(ScriptRunOutcome.Drained), result.Message);
        Assert.That(stdout.ToString(), Is.EqualTo("1 undefined true\nclose 1005\n"));
    }

    [Test]
    public void Invalid_settings_throw_an_ArgumentException_naming_the_setting_when_the_host_is_created()
    {
        var options = new ScriptHostOptions();
        options.WebSockets.MaxMessageSize = 0;
        Assert.That(() => new ScriptHost(options), Throws.InstanceOf<ArgumentException>().With.Property("ParamName").EqualTo("MaxMessageSize"));

        options = new ScriptHostOptions();
        options.Limits.RunTimeout = TimeSpan.FromSeconds(-2);
        Assert.That(() => new ScriptHost(options), Throws.InstanceOf<ArgumentException>().With.Property("ParamName").EqualTo("RunTimeout"));

        options = new ScriptHostOptions();
        options.WebSockets.MaxTotalReceiveQueueBytes = 0;
        Assert.That(() => new ScriptHost(options), Throws.InstanceOf<ArgumentException>().With.Property("ParamName").EqualTo("MaxTotalReceiveQueueBytes"));

        options = new ScriptHostOptions();
        options.Limits.MaxTimers = 0;
        Assert.That(() => new ScriptHost(options), Throws.InstanceOf<ArgumentException>().With.Property("ParamName").EqualTo("MaxTimers"));
    }

    [Test]
    public void The_presets_differ_where_the_README_table_says()
    {
        var trusted = ScriptHostOptions.ForTrustedScripts();
        var untrusted = ScriptHostOptions.ForUntrustedScripts();

        Assert.That(trusted.AllowStringCompilation, Is.True);
        Assert.That(untrusted.AllowStringCompilation, Is.False);
        Assert.That(trusted.Limits.MaxStatementsPerTask, Is.Zero);
        Assert.That(untrusted.Limits.MaxStatementsPerTask, Is.EqualTo(10_000_000));
        Assert.That(untrusted.Limits.RunTimeout, Is.EqualTo(TimeSpan.FromMinutes(5)));
        Assert.That(trusted.WebSockets.MaxMessageSize, Is.EqualTo(64 * 1024 * 1024));
        Assert.That(untrusted.WebSockets.MaxMessageSize, Is.EqualTo(1024 * 1024));
        Assert.That(untrusted.WebSockets.MaxConnections, Is.EqualTo(16));
        Assert.That(trusted.WebSockets.MaxTotalReceiveQueueBytes, Is.EqualTo(8 * 1024 * 1024));
        Assert.That(untrusted.WebSockets.MaxTotalReceiveQueueBytes, Is.EqualTo(4 * 1024 * 1024));
        Assert.That(new ScriptHostOptions().Limits.MaxTimers, Is.EqualTo(trusted.Limits.MaxTimers));
    }
}
