using JsWebSocketHost.Hosting;
using JsWebSocketHost.TestServer;

namespace JsWebSocketHost.Tests.WebSockets;

/// <summary>
/// The base of the WebSocket integration fixtures: one in-process <see cref="WebSocketTestServer"/> (port 0, with
/// HTTP/2) per fixture, and scripts run through a real <see cref="ScriptHost"/> against it.
/// </summary>
/// <remarks>
/// Close frames the server records are kept per request target, so each test that reads one uses a target of its
/// own (an extra query parameter the behaviour ignores, such as <c>/echo?t=name</c>).
/// </remarks>
public abstract class WebSocketIntegrationFixture
{
    private static int _nextId;

    /// <summary>The running server.</summary>
    protected WebSocketTestServer Server { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartServer() => Server = await WebSocketTestServer.StartAsync(enableHttp2: true, enableTls: true);

    [OneTimeTearDown]
    public async Task StopServer() => await Server.DisposeAsync();

    /// <summary><c>ws://127.0.0.1:PORT/path?query</c>, as a string to put in a script.</summary>
    protected string Ws(string pathAndQuery) => Server.WebSocketUrl(pathAndQuery).AbsoluteUri;

    /// <summary>The serialized origin of the server's URLs, <c>ws://127.0.0.1:PORT</c>.</summary>
    protected string WsOrigin => Server.WebSocketUrl("/").GetLeftPart(UriPartial.Authority);

    /// <summary>A bound for what the server records: every wait here should end within a few seconds.</summary>
    protected static CancellationTokenSource Timeout() => new(TimeSpan.FromSeconds(10));

    /// <summary>
    /// Runs <paramref name="source"/> until the loop drains (at most 30 s), asserts that it ended without an uncaught
    /// error, and returns what it printed.
    /// </summary>
    protected static async Task<string> Run(string source, Action<ScriptHostOptions>? configure = null)
    {
        await using var run = await ScriptRun.RunAsync(source, configure);
        Assert.That(run.Result!.Succeeded, Is.True, run.Error);
        Assert.That(run.Error, Is.Empty);
        return run.Output;
    }

    /// <summary>A ws:// URL on the server with a query id unique to this call, for telling connections apart.</summary>
    protected string Url(string path, out string target)
    {
        var id = Interlocked.Increment(ref _nextId);
        target = path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "id=" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Server.WebSocketUrl(target).ToString();
    }

    /// <summary>A ws:// URL on the server with a query id unique to this call.</summary>
    protected string Url(string path) => Url(path, out _);

    /// <summary>
    /// Runs a script with <c>location</c> set to the server, asserts it ended without an uncaught error, and returns
    /// the run (its output, lines and host) for the caller to dispose.
    /// </summary>
    private protected async Task<ScriptRun> RunScript(string source, Action<ScriptHostOptions>? configure = null)
    {
        var run = await ScriptRun.RunAsync(source, options =>
        {
            options.BaseUrl = Server.BaseUrl.ToString();
            configure?.Invoke(options);
        });
        Assert.That(run.Result!.Succeeded, Is.True, run.Error);
        return run;
    }

    /// <summary>The Close frame the client sent on the connection to <paramref name="target"/>, as the server read it.</summary>
    protected async Task<ClientCloseFrame> ClientClose(string target)
    {
        using var timeout = Timeout();
        return await Server.WaitForClientCloseAsync(target, timeout.Token);
    }
}
