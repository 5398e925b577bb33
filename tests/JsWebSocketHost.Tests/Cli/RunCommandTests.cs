using JsWebSocketHost.Cli;

namespace JsWebSocketHost.Tests.Cli;

[TestFixture]
public sealed class RunCommandTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "jsws-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<(int Code, string Out, string Err)> Jsws(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var code = await CommandLine.RunAsync(args, stdout, stderr, timeout.Token);
        return (code, stdout.ToString().ReplaceLineEndings("\n"), stderr.ToString().ReplaceLineEndings("\n"));
    }

    [Test]
    public async Task A_script_that_drains_exits_0()
    {
        var file = Write("ok.js", "setTimeout(() => console.log('bye'), 1);");

        var (code, output, error) = await Jsws("run", file);

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Is.EqualTo("bye\n"));
    }

    [Test]
    public async Task An_uncaught_error_exits_1_with_its_location_on_stderr()
    {
        var file = Write("fail.js", "\n\nthrow new Error('nope');\n");

        var (code, _, error) = await Jsws("run", file);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.StartWith("Uncaught Error: nope"));
        Assert.That(error, Does.Contain("fail.js:3:"));
    }

    [Test]
    public async Task A_missing_file_exits_2_with_one_clear_line()
    {
        var (code, output, error) = await Jsws("run", Path.Combine(_dir, "nope.js"));

        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.StartWith("jsws: cannot find the script"));
        Assert.That(error.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
    }

    [TestCase("--frobnicate", TestName = "An unknown flag exits 2")]
    [TestCase("--location", TestName = "A flag missing its value exits 2")]
    public async Task Usage_errors_exit_2_with_one_line(string flag)
    {
        var file = Write("ok.js", "1;");

        var (code, _, error) = await Jsws("run", file, flag);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.StartWith("jsws: "));
        Assert.That(error.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task An_unknown_command_or_no_command_exits_2()
    {
        Assert.That((await Jsws("frob")).Code, Is.EqualTo(2));
        Assert.That((await Jsws()).Code, Is.EqualTo(2));
        Assert.That((await Jsws("run")).Code, Is.EqualTo(2));
    }

    [Test]
    public async Task Help_and_version_exit_0()
    {
        var help = await Jsws("--help");
        var version = await Jsws("--version");

        Assert.That(help.Code, Is.Zero);
        Assert.That(help.Out, Does.Contain("jsws run <file|->"));
        Assert.That(version.Code, Is.Zero);
        Assert.That(version.Out, Does.Match(@"^jsws \d+\.\d+\.\d+"));
    }

    [TestCase("run", "jsws run <file|->", "--max-memory=SIZE")]
    [TestCase("repl", "jsws repl [--location URL]", "--timeout=SECONDS")]
    [TestCase("test", "jsws test <files or folders>", "--allow-net")]
    [TestCase("serve", "jsws serve [--port N]", "default port 8080")]
    public async Task Each_command_has_its_own_help_with_its_flags(string command, string usage, string flag)
    {
        var (code, output, error) = await Jsws(command, "--help");
        var (shortCode, shortOutput, _) = await Jsws(command, "-h");

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.StartWith("Usage:\n"));
        Assert.That(output, Does.Contain(usage));
        Assert.That(output, Does.Contain(flag));
        Assert.That(output, Does.Not.Contain(command == "serve" ? "--untrusted" : "jsws serve"), "only this command's part");
        Assert.That((shortCode, shortOutput), Is.EqualTo((0, output)));
    }

    [TestCase(new[] { "run", "x.js", "--untrustd" }, "unknown option '--untrustd' for 'run'. Did you mean '--untrusted'? Run 'jsws run --help' for usage.")]
    [TestCase(new[] { "run", "x.js", "--max-memroy=1MB" }, "unknown option '--max-memroy=1MB' for 'run'. Did you mean '--max-memory'?")]
    [TestCase(new[] { "test", "--reportr", "tap" }, "unknown option '--reportr' for 'test'. Did you mean '--reporter'?")]
    [TestCase(new[] { "repl", "--serv" }, "unknown option '--serv' for 'repl'. Did you mean '--serve'?")]
    [TestCase(new[] { "serve", "--prot", "1" }, "unknown option '--prot' for 'serve'. Did you mean '--port'?")]
    [TestCase(new[] { "rnu", "x.js" }, "unknown command 'rnu'. Did you mean 'run'?")]
    [TestCase(new[] { "run", "x.js", "--zzzzzz" }, "unknown option '--zzzzzz' for 'run'. Run 'jsws run --help' for usage.")]
    public async Task A_misspelt_flag_or_command_gets_a_suggestion(string[] args, string message)
    {
        var (code, _, error) = await Jsws(args);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.StartWith("jsws: " + message));
        Assert.That(error.TrimEnd('\n'), Does.Not.Contain('\n'), "one line");
    }

    [Test]
    public async Task Location_sets_the_global_location()
    {
        var file = Write("loc.js", "console.log(location.origin);");

        var (code, output, _) = await Jsws("run", file, "--location", "http://127.0.0.1:9000/app/");

        Assert.That(code, Is.Zero);
        Assert.That(output, Is.EqualTo("http://127.0.0.1:9000\n"));
    }

    [Test]
    public async Task A_bad_location_exits_2()
    {
        var file = Write("loc.js", "1;");

        var (code, _, error) = await Jsws("run", file, "--location", "not a url");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("not a url"));
    }

    [Test]
    public async Task An_mjs_file_runs_as_a_module_with_relative_imports_and_top_level_await()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "lib"));
        Write("lib/math.mjs", "export const double = x => x * 2;");
        var main = Write("main.mjs", """
            import { double } from "./lib/math.mjs";
            const value = await new Promise(resolve => setTimeout(() => resolve(21), 20));
            console.log(double(value), typeof this);
            """);

        var (code, output, error) = await Jsws("run", main);

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Is.EqualTo("42 undefined\n"));
    }

    [Test]
    public async Task The_module_flag_runs_a_js_file_as_a_module()
    {
        Write("dep.js", "export default 'from dep';");
        var main = Write("main.js", "import dep from './dep.js'; console.log(dep);");

        var (code, output, error) = await Jsws("run", main, "--module");

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Is.EqualTo("from dep\n"));
    }

    [Test]
    public async Task A_module_whose_top_level_await_rejects_exits_1()
    {
        var main = Write("bad.mjs", "await new Promise((_, reject) => setTimeout(() => reject(new Error('late failure')), 5));");

        var (code, _, error) = await Jsws("run", main);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("late failure"));
    }

    [Test]
    public async Task A_module_that_imports_a_missing_file_exits_1_naming_it()
    {
        var main = Write("missing.mjs", "import x from './not-there.mjs';");

        var (code, _, error) = await Jsws("run", main);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("not-there.mjs"));
    }

    [Test]
    public async Task Serve_sets_location_to_a_running_test_server()
    {
        var file = Write("echo.js", """
            const ws = new WebSocket(new URL("/echo", location));
            ws.onopen = () => ws.send("ping");
            ws.onmessage = e => { console.log(location.protocol, location.hostname, e.data); ws.close(); };
            """);

        var (code, output, error) = await Jsws("run", "--serve", file);

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Is.EqualTo("http: 127.0.0.1 ping\n"));
    }

    [Test]
    public async Task Serve_and_location_together_are_a_usage_error()
    {
        var file = Write("x.js", "1;");

        var (code, _, error) = await Jsws("run", "--serve", "--location", "http://127.0.0.1:1/", file);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("--serve"));
    }

    [TestCase("--port", "70000", TestName = "serve with a port out of range exits 2")]
    [TestCase("--port", "abc", TestName = "serve with a non-numeric port exits 2")]
    [TestCase("--frobnicate", "", TestName = "serve with an unknown flag exits 2")]
    public async Task Serve_usage_errors_exit_2(string flag, string value)
    {
        var args = value.Length == 0 ? new[] { "serve", flag } : new[] { "serve", flag, value };

        var (code, _, error) = await Jsws(args);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.StartWith("jsws: "));
    }

    [Test]
    public async Task Serve_prints_its_address_and_stops_on_cancellation()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var cancel = new CancellationTokenSource();
        var serving = CommandLine.RunAsync(["serve", "--port", "0"], stdout, stderr, cancel.Token);
        for (var i = 0; i < 200 && !stdout.ToString().Contains("Serving on", StringComparison.Ordinal); i++)
        {
            await Task.Delay(25);
        }

        await cancel.CancelAsync();
        var code = await serving.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(code, Is.Zero, stderr.ToString());
        Assert.That(stdout.ToString(), Does.Match(@"Serving on http://127\.0\.0\.1:\d+/"));
        Assert.That(stdout.ToString(), Does.Contain("/echo"));
    }

    [TestCase("echo.js")]
    [TestCase("chat.js")]
    [TestCase("binary.js")]
    [TestCase("hello.js")]
    [TestCase("streams.js")]
    public async Task Every_sample_runs_to_completion(string sample)
    {
        var path = Path.Combine(RepositoryPaths.Root, "samples", sample);

        var (code, output, error) = await Jsws("run", "--serve", path);

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Is.Not.Empty);
        Assert.That(error, Is.Empty);
    }

    [Test]
    public async Task A_dash_reads_the_script_from_standard_input()
    {
        using var stdin = new StringReader("setTimeout(() => console.log('from stdin'), 1);\nthrow_later();\nfunction throw_later() {}");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await CommandLine.RunAsync(["run", "-"], stdout, stderr, CancellationToken.None, stdin);

        Assert.That(code, Is.Zero, stderr.ToString());
        Assert.That(stdout.ToString().ReplaceLineEndings("\n"), Is.EqualTo("from stdin\n"));
    }

    [Test]
    public async Task An_error_in_a_script_from_standard_input_is_reported_against_stdin()
    {
        using var stdin = new StringReader("\nnull.x;");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await CommandLine.RunAsync(["run", "-"], stdout, stderr, CancellationToken.None, stdin);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr.ToString(), Does.Contain("stdin:2:"));
    }

    [Test]
    public async Task A_module_from_standard_input_is_a_usage_error()
    {
        var (code, _, error) = await Jsws("run", "-", "--module");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("standard input"));
    }
}
