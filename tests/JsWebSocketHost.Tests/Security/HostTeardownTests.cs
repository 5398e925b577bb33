using JsWebSocketHost.Hosting;
using JsWebSocketHost.Tests.WebSockets;

namespace JsWebSocketHost.Tests.Security;

/// <summary>Disposing a host stops its run, aborts its sockets and waits for them, from any thread, once or twice.</summary>
[TestFixture]
public sealed class HostTeardownTests : WebSocketIntegrationFixture
{
    [Test]
    public async Task Disposing_a_running_host_stops_the_run_and_aborts_its_open_socket()
    {
        var stdout = new StringWriter();
        var host = new ScriptHost(new ScriptHostOptions { StandardOutput = stdout });
        host.EnqueueScript($"const ws = new WebSocket('{Url("/echo")}'); ws.onopen = () => console.log('open');");
        var run = host.RunAsync();
        await WaitFor(() => stdout.ToString().Contains("open", StringComparison.Ordinal));

        await Task.Run(async () => await host.DisposeAsync());
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(result.Outcome, Is.EqualTo(ScriptRunOutcome.Cancelled));
        Assert.That(host.WebSocketTransport.AbortAllAsync(closeForGood: true).IsCompleted, Is.True, "no connection is left");
        Assert.That(async () => await host.DisposeAsync(), Throws.Nothing, "a second dispose is harmless");
        Assert.That(() => host.RunAsync(), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public async Task Disposing_stops_a_script_that_never_yields()
    {
        var host = new ScriptHost(new ScriptHostOptions { StandardOutput = TextWriter.Null });
        host.EnqueueScript("while (true) {}");
        var run = host.RunAsync();
        await Task.Delay(100);

        await host.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That((await run).Outcome, Is.EqualTo(ScriptRunOutcome.Cancelled));
    }

    [Test]
    public async Task A_task_on_the_loop_may_dispose_its_own_host()
    {
        var host = new ScriptHost(new ScriptHostOptions { StandardOutput = TextWriter.Null });
        host.EnqueueScript("setInterval(() => {}, 5);");
        host.Post(_ => { var disposal = host.DisposeAsync(); Assert.That(disposal.IsCompleted, Is.True, "from the loop it only starts the teardown"); });

        var result = await host.RunAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(result.Outcome, Is.EqualTo(ScriptRunOutcome.Cancelled));
    }

    [Test]
    public async Task A_hundred_hosts_run_at_once_each_with_its_own_sockets_and_limits_and_disposing_some_disturbs_none()
    {
        const int count = 100;
        var hosts = new ScriptHost[count];
        var outputs = new StringWriter[count];
        var runs = new Task<ScriptRunResult>[count];
        var url = Url("/echo");
        for (var i = 0; i < count; i++)
        {
            outputs[i] = new StringWriter();
            var options = new ScriptHostOptions { StandardOutput = outputs[i] };
            options.WebSockets.MaxConnections = 1; // per host: the second socket of each fails, and only there
            hosts[i] = new ScriptHost(options);
            var stay = i % 10 == 0 ? "true" : "false";
            hosts[i].EnqueueScript($$"""
                const ws = new WebSocket('{{url}}');
                const extra = new WebSocket('{{url}}');
                extra.onerror = () => console.log('extra error');
                ws.onopen = () => ws.send('host {{i}}');
                ws.onmessage = e => { console.log(e.data); if (!{{stay}}) ws.close(); };
                """);
        }

        for (var i = 0; i < count; i++)
        {
            runs[i] = hosts[i].RunAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        }

        // Every tenth host keeps its socket open; dispose those once they have their echo.
        for (var i = 0; i < count; i += 10)
        {
            var output = outputs[i];
            await WaitFor(() => output.ToString().Contains("host", StringComparison.Ordinal));
            await hosts[i].DisposeAsync();
        }

        var results = await Task.WhenAll(runs).WaitAsync(TimeSpan.FromSeconds(60));
        for (var i = 0; i < count; i++)
        {
            Assert.That(results[i].Outcome, Is.EqualTo(i % 10 == 0 ? ScriptRunOutcome.Cancelled : ScriptRunOutcome.Drained), $"host {i}");
            Assert.That(outputs[i].ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EquivalentTo(new[] { "extra error", $"host {i}" }), $"host {i}");
            await hosts[i].DisposeAsync();
        }
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
