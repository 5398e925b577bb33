using JsWebSocketHost.Hosting;
using JsWebSocketHost.TestServer;

namespace JsWebSocketHost.Tests.WebSockets;

/// <summary>A fixture with one in-process test server (HTTP/1.1 and HTTP/2) for all its tests.</summary>
internal abstract class TestServerFixture
{
    private static int _nextId;

    protected WebSocketTestServer Server { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartServer() => Server = await WebSocketTestServer.StartAsync(enableHttp2: true, enableTls: true);

    [OneTimeTearDown]
    public async Task StopServer() => await Server.DisposeAsync();

    /// <summary>A ws:// URL on the server with a query id unique to this call, for telling connections apart.</summary>
    protected string Url(string path, out string target)
    {
        var id = Interlocked.Increment(ref _nextId);
        target = path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "id=" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Server.WebSocketUrl(target).ToString();
    }

    protected string Url(string path) => Url(path, out _);

    /// <summary>Runs a script with location set to the server; asserts it ended without an uncaught error.</summary>
    protected async Task<ScriptRun> Run(string source, Action<ScriptHostOptions>? configure = null)
    {
        var run = await ScriptRun.RunAsync(source, options =>
        {
            options.BaseUrl = Server.BaseUrl.ToString();
            configure?.Invoke(options);
        });
        Assert.That(run.Result!.Succeeded, Is.True, run.Error);
        return run;
    }

    protected async Task<ClientCloseFrame> ClientClose(string target)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await Server.WaitForClientCloseAsync(target, timeout.Token);
    }
}
