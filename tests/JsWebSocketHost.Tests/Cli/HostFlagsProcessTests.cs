using System.Diagnostics;
using JsWebSocketHost.TestServer;

namespace JsWebSocketHost.Tests.Cli;

/// <summary>
/// The permission and limit flags of <c>jsws run</c>, through a real <c>jsws</c> process: each bad value gives one
/// line and exit code 2, each limit stops the run with one line naming it and exit code 3, and the network flags
/// allow exactly what they name.
/// </summary>
[TestFixture]
public sealed class HostFlagsProcessTests
{
    private const string Connect = """
        const ws = new WebSocket(URL_HERE);
        ws.onopen = () => { console.log('open'); ws.close(); };
        ws.onerror = () => console.log('error');
        ws.onclose = e => console.log('close ' + e.code);
        """;

    private WebSocketTestServer _server = null!;
    private string _dir = null!;

    [OneTimeSetUp]
    public async Task Start() => _server = await WebSocketTestServer.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    [SetUp]
    public void MakeFolder()
    {
        _dir = Path.Combine(Path.GetTempPath(), "jsws-flags-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    private int Port => _server.BaseUrl.Port;

    private string Script(string source)
    {
        var path = Path.Combine(_dir, "main.js");
        File.WriteAllText(path, source);
        return path;
    }

    private string ConnectTo(string url) => Script(Connect.Replace("URL_HERE", $"'{url}'", StringComparison.Ordinal));

    private static async Task<(int Code, string Out, string Err)> Jsws(params string[] args)
    {
        var start = JswsProcess.StartInfo(args);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout).ReplaceLineEndings("\n"), (await stderr).ReplaceLineEndings("\n"));
    }

    [TestCase("--allow-net=exa mple.com", "--allow-net: 'exa mple.com' is not HOST[:PORT]")]
    [TestCase("--allow-net=example.com:99999", "--allow-net: 'example.com:99999' is not HOST[:PORT]")]
    [TestCase("--deny-net", "--deny-net needs hosts")]
    [TestCase("--max-message-size=abc", "--max-message-size: 'abc' is not a size")]
    [TestCase("--max-message-size=0", "--max-message-size: '0' is not a size")]
    [TestCase("--max-memory=12XB", "--max-memory: '12XB' is not a size")]
    [TestCase("--timeout=-1", "--timeout: '-1' is not a number of seconds")]
    [TestCase("--timeout=soon", "--timeout: 'soon' is not a number of seconds")]
    [TestCase("--header=NoColon", "--header: 'NoColon' is not \"Name: value\"")]
    [TestCase("--header=Sec-WebSocket-Key: x", "--header: 'Sec-WebSocket-Key' cannot be sent")]
    [TestCase("--untrusted=yes", "unknown option '--untrusted=yes'")]
    [TestCase("--log=loud", "--log: 'loud' is not a level")]
    [TestCase("--log", "--log: '' is not a level")]
    public async Task A_bad_flag_value_gives_one_line_and_exit_code_2(string flag, string message)
    {
        var script = Script("console.log('ran');");

        var (code, output, error) = await Jsws("run", flag, script);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.StartWith("jsws: " + message));
        Assert.That(error.TrimEnd('\n'), Does.Not.Contain("\n"), "one line");
    }

    [Test]
    public async Task The_help_documents_every_flag()
    {
        var (code, output, _) = await Jsws("--help");

        Assert.That(code, Is.Zero);
        foreach (var flag in new[] { "--untrusted", "--allow-net", "--deny-net", "--allow-read", "--max-message-size", "--max-memory", "--timeout", "--header", "--log" })
        {
            Assert.That(output, Does.Contain(flag));
        }
    }

    [Test]
    public async Task Without_flags_every_host_is_allowed_as_in_a_browser()
    {
        var (code, output, error) = await Jsws("run", ConnectTo($"ws://127.0.0.1:{Port}/echo"));

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Is.EqualTo("open\nclose 1005\n"));
    }

    [Test]
    public async Task Untrusted_denies_loopback_like_a_network_failure()
    {
        var (code, output, error) = await Jsws("run", "--untrusted", ConnectTo($"ws://127.0.0.1:{Port}/echo"));

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Is.EqualTo("error\nclose 1006\n"));
    }

    [Test]
    public async Task An_allow_net_entry_is_honoured_under_untrusted_and_allows_only_what_it_names()
    {
        var allowed = await Jsws("run", "--untrusted", $"--allow-net=127.0.0.1:{Port}", ConnectTo($"ws://127.0.0.1:{Port}/echo"));
        var otherName = await Jsws("run", $"--allow-net=127.0.0.1:{Port}", ConnectTo($"ws://localhost:{Port}/echo"));

        Assert.That(allowed.Out, Is.EqualTo("open\nclose 1005\n"), allowed.Err);
        Assert.That(otherName.Out, Is.EqualTo("error\nclose 1006\n"), otherName.Err);
    }

    [Test]
    public async Task Log_writes_the_policy_denial_and_the_failure_cause_to_standard_error_while_the_script_sees_only_1006()
    {
        var (code, output, error) = await Jsws("run", "--untrusted", "--log=warn", ConnectTo($"ws://127.0.0.1:{Port}/echo"));

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Is.EqualTo("error\nclose 1006\n"));
        Assert.That(error, Does.Contain("jsws: warn JsWebSocketHost.ScriptHost[130]"));
        Assert.That(error, Does.Contain("non-public-address"));
        Assert.That(error, Does.Contain("jsws: warn JsWebSocketHost.WebSockets[203]"));
        Assert.That(error, Does.Not.Contain("[201]"), "info events are below --log=warn");
    }

    [Test]
    public async Task Deny_net_wins_over_allow_net()
    {
        var (_, output, error) = await Jsws("run", "--allow-net=127.0.0.1", $"--deny-net=127.0.0.1:{Port}", ConnectTo($"ws://127.0.0.1:{Port}/echo"));

        Assert.That(output, Is.EqualTo("error\nclose 1006\n"), error);
    }

    [Test]
    public async Task Serve_with_untrusted_still_reaches_its_own_test_server_but_nothing_else_local()
    {
        var script = Script($$"""
            const own = new WebSocket(new URL('/echo', location));
            own.onopen = () => { console.log('own open'); own.close(); };
            own.onclose = () => {
              const other = new WebSocket('ws://127.0.0.1:{{Port}}/echo');
              other.onerror = () => console.log('other error');
            };
            """);

        var (code, output, error) = await Jsws("run", "--serve", "--untrusted", script);

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Is.EqualTo("own open\nother error\n"));
    }

    [Test]
    public async Task Timeout_stops_a_run_that_never_ends_with_one_line_and_exit_code_3()
    {
        var (code, output, error) = await Jsws("run", "--timeout=0.5", Script("setInterval(() => {}, 10); console.log('started');"));

        Assert.That(code, Is.EqualTo(3));
        Assert.That(output, Is.EqualTo("started\n"));
        Assert.That(error, Is.EqualTo("jsws: the run was stopped: The run took longer than its limit of 0.5 s (RunTimeout).\n"));
    }

    [Test]
    public async Task Max_memory_stops_a_script_that_allocates_without_bound()
    {
        var (code, _, error) = await Jsws("run", "--max-memory=16MB", Script("const a = []; while (true) a.push('x'.repeat(1000) + a.length);"));

        Assert.That(code, Is.EqualTo(3));
        Assert.That(error, Does.StartWith("jsws: the run was stopped: A task allocated more than its limit of 16000000 bytes (MaxAllocatedBytesPerTask)."));
    }

    [Test]
    public async Task Untrusted_stops_an_endless_loop()
    {
        var (code, _, error) = await Jsws("run", "--untrusted", Script("while (true) {}"));

        Assert.That(code, Is.EqualTo(3));
        Assert.That(error, Does.Contain("MaxStatementsPerTask").Or.Contain("TaskTimeout"));
    }

    [Test]
    public async Task Max_message_size_fails_a_connection_that_receives_more()
    {
        var script = Script($$"""
            const ws = new WebSocket('ws://127.0.0.1:{{Port}}/messages?count=1&size=5000');
            ws.onmessage = e => console.log('message');
            ws.onerror = () => console.log('error');
            ws.onclose = e => console.log('close ' + e.code);
            """);

        var limited = await Jsws("run", "--max-message-size=4KiB", script);
        var roomy = await Jsws("run", "--max-message-size=5000", script);

        Assert.That(limited.Out, Is.EqualTo("error\nclose 1006\n"), limited.Err);
        Assert.That(roomy.Out, Is.EqualTo("message\nclose 1000\n"), roomy.Err);
    }

    [Test]
    public async Task Header_flags_are_sent_with_every_handshake()
    {
        var script = Script($$"""
            const ws = new WebSocket('ws://127.0.0.1:{{Port}}/headers');
            ws.onmessage = e => { const h = JSON.parse(e.data).headers; console.log(h['x-one'], h['x-two']); ws.close(); };
            """);

        var (code, output, error) = await Jsws("run", "--header", "X-One: 1", "--header=X-Two:  two words ", script);

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Is.EqualTo("1 two words\n"));
    }
}
