using System.Diagnostics;
using System.Text.Json;
using JsWebSocketHost.Cli;
using JsWebSocketHost.Cli.Testing.Browser;

namespace JsWebSocketHost.Tests.Cli;

/// <summary>
/// <c>jsws test --browser chromium</c> against the real headless Chromium from the system package: the same file in
/// jsws and in a page on the test server's origin, the side-by-side table, known differences, the JSON report, a page
/// that never completes, and no browser process left behind. Where Chromium is not installed these are ignored
/// (reported as skipped), unless JSWS_REQUIRE_BROWSER=1, as in CI, makes that a failure.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ChromiumComparisonTests
{
    // Two subtests pass in both (location and a WebSocket round trip are the same in both), one differs because only
    // the browser has a document. Rows come in the order the subtests completed: the promise test last.
    private const string Mixed = """
        test(() => assert_equals(location.pathname, "/mixed.any.js"), "location is the file's path on the test server");
        promise_test(async () => {
          const ws = new WebSocket(new URL("/echo", location));
          await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
          const echoed = new Promise(resolve => { ws.onmessage = e => resolve(e.data); });
          ws.send("hello");
          assert_equals(await echoed, "hello");
          ws.close();
        }, "a WebSocket to the test server echoes");
        test(() => assert_equals(typeof document, "object"), "only a browser has a document");
        """;

    private const string Marker = "JSWS_CHROMIUM_TEST_MARKER";

    private string _dir = null!;
    private string _chromium = null!;
    private string _marker = null!;

    [SetUp]
    public void SetUp()
    {
        var found = ChromiumBrowser.Find(null);
        if (found is null)
        {
            const string Missing = "Chromium is not installed (apt-get install chromium)";
            if (Environment.GetEnvironmentVariable("JSWS_REQUIRE_BROWSER") == "1")
            {
                Assert.Fail(Missing + ", and JSWS_REQUIRE_BROWSER=1 requires it");
            }

            Assert.Ignore(Missing);
        }

        _chromium = found!;
        _dir = Path.Combine(Path.GetTempPath(), "jsws-chromium-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);

        // Every process the browser starts inherits this, so NoBrowserLeft finds them wherever they were reparented.
        _marker = Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(Marker, _marker);
    }

    [TearDown]
    public void TearDown()
    {
        Environment.SetEnvironmentVariable(Marker, null);
        if (_dir is not null && Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    // Relative paths from the test folder, so location.pathname is the file's name.
    private async Task<(int Code, string Out, string Err)> Jsws(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = _dir;
        try
        {
            var code = await CommandLine.RunAsync(["test", "--browser-path", _chromium, .. args], stdout, stderr, timeout.Token);
            return (code, stdout.ToString().ReplaceLineEndings("\n"), stderr.ToString().ReplaceLineEndings("\n"));
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    private static string[] LastLines(string output, int count) => output.TrimEnd('\n').Split('\n')[^count..];

    [Test]
    public async Task The_table_shows_each_subtest_in_both_and_marks_the_difference()
    {
        Write("mixed.any.js", Mixed);

        var (code, output, error) = await Jsws("mixed.any.js");

        Assert.That(code, Is.EqualTo(1), output + error);
        Assert.That(output, Does.StartWith("mixed.any.js\n  jsws                chromium            subtest\n"));
        Assert.That(output, Does.Contain("\n  PASS                PASS                location is the file's path on the test server\n"));
        Assert.That(output, Does.Contain("\n  PASS                PASS                a WebSocket to the test server echoes\n"));
        Assert.That(output, Does.Contain("\n≠ FAIL                PASS                only a browser has a document\n"
            + "      jsws: assert_equals: expected \"object\" but got \"undefined\"\n"));
        Assert.That(output, Does.Contain("Differences not in the expectations (1):\n  mixed.any.js > only a browser has a document (jsws FAIL, chromium PASS)\n"));
        var last = LastLines(output, 3);
        Assert.That(last[0], Is.EqualTo("jsws: 2 passed, 1 failed"));
        Assert.That(last[1], Does.Match(@"^Chrome/\d+[.\d]*: 3 passed, 0 failed$"));
        Assert.That(last[2], Does.Match(@"^3 compared with Chrome/\d+[.\d]*: 2 same, 1 differ$"));
        Assert.That(NoBrowserLeft(), Is.True, "the browser and its helpers ended with the run");
    }

    [Test]
    public async Task A_difference_listed_with_its_reason_is_expected_and_the_run_exits_0()
    {
        Write("mixed.any.js", Mixed);
        var differences = Write("differences.json", """
            { "mixed.any.js": { "only a browser has a document": "jsws runs scripts without a DOM document" } }
            """);

        var (code, output, error) = await Jsws("--browser-expectations", differences, "mixed.any.js");

        Assert.That(code, Is.Zero, output + error);
        Assert.That(output, Does.Contain("\n~ FAIL                PASS                only a browser has a document  (expected: jsws runs scripts without a DOM document)\n"));
        Assert.That(LastLines(output, 1)[0], Does.Match(@"^3 compared with Chrome/[\d.]+: 2 same, 0 differ, 1 expected differences$"));
    }

    [Test]
    public async Task Update_expectations_writes_the_differences_with_what_was_seen_as_their_reason()
    {
        Write("mixed.any.js", Mixed);
        var differences = Path.Combine(_dir, "differences.json");

        var (code, output, _) = await Jsws("--browser-expectations", differences, "--update-expectations", "mixed.any.js");

        Assert.That(code, Is.Zero);
        Assert.That(output, Does.EndWith($"jsws: wrote 1 expected differences from chromium to {differences}\n"));
        using var written = JsonDocument.Parse(File.ReadAllText(differences));
        Assert.That(written.RootElement.GetProperty("mixed.any.js").GetProperty("only a browser has a document").GetString(),
            Is.EqualTo("jsws FAIL, chromium PASS; jsws: assert_equals: expected \"object\" but got \"undefined\""));
    }

    [Test]
    public async Task The_json_report_has_both_sides_of_every_row()
    {
        Write("mixed.any.js", Mixed);

        var (code, output, error) = await Jsws("--reporter", "json", "mixed.any.js");

        Assert.That(code, Is.EqualTo(1));
        using var report = JsonDocument.Parse(output);
        var root = report.RootElement;
        Assert.That(root.GetProperty("browser").GetString(), Does.StartWith("Chrome/"));
        var rows = root.GetProperty("files")[0].GetProperty("rows").EnumerateArray().ToList();
        Assert.That(rows.Select(r => (r.GetProperty("name").GetString(), r.GetProperty("jsws").GetProperty("status").GetString(),
            r.GetProperty("browser").GetProperty("status").GetString(), r.GetProperty("differs").GetBoolean())), Is.EqualTo(new (string?, string?, string?, bool)[]
        {
            ("location is the file's path on the test server", "PASS", "PASS", false),
            ("only a browser has a document", "FAIL", "PASS", true),
            ("a WebSocket to the test server echoes", "PASS", "PASS", false),
        }));
        Assert.That((root.GetProperty("compared").GetInt32(), root.GetProperty("same").GetInt32(), root.GetProperty("differ").GetInt32()), Is.EqualTo((3, 2, 1)));
        Assert.That(error, Does.Match(@"^3 compared with Chrome/[\d.]+: 2 same, 1 differ\n$"));
    }

    [Test]
    public async Task A_page_that_never_completes_times_out_in_both_and_a_file_for_workers_applies_to_neither()
    {
        Write("never.any.js", """
            setup({ explicit_done: true });
            test(() => {}, "ran");
            """);
        Write("worker.any.js", """
            // META: global=dedicatedworker
            test(() => {}, "in a worker");
            """);

        var (code, output, error) = await Jsws("--timeout", "1", "never.any.js", "worker.any.js");

        Assert.That(code, Is.EqualTo(1), "a harness timeout is not a pass, even when both agree");
        Assert.That(output, Does.Contain("never.any.js\n  jsws                chromium            subtest\n"
            + "  PASS                PASS                ran\n"
            + "  TIMEOUT             TIMEOUT             (harness)\n"), error);
        Assert.That(output, Does.Contain("worker.any.js\n  not applicable: meant for dedicatedworker, not a window\n"));
        Assert.That(LastLines(output, 1)[0], Does.Match(@"^2 compared with Chrome/[\d.]+: 2 same, 0 differ$"));
    }

    [Test]
    public async Task A_browser_that_dies_mid_run_ends_the_remaining_pages_as_errors_and_the_run_still_reports()
    {
        // slow.any.js knocks on a listener of this test's when it starts in jsws: by then the browser is up and
        // connected (files run after the launch), and its page comes only when jsws is done with the file (4 s).
        using var knock = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        knock.Start();
        var port = ((System.Net.IPEndPoint)knock.LocalEndpoint).Port;
        Write("slow.any.js", $"async_test(t => {{ new WebSocket('ws://127.0.0.1:{port}/'); t.step_timeout(() => t.done(), 4000); }}, 'waits');");
        Write("after.any.js", "test(() => {}, 'runs after');");

        var run = Jsws("slow.any.js", "after.any.js");
        var browser = await WaitForBrowserAsync();
        using (var knocked = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            using var client = await knock.AcceptTcpClientAsync(knocked.Token);
        }

        Process.GetProcessById(browser).Kill();
        var (code, output, error) = await run;

        Assert.That(code, Is.EqualTo(1), output + error);
        Assert.That(output, Does.Contain("the DevTools connection closed"));
        Assert.That(output, Does.Contain("after.any.js\n"));
        Assert.That(LastLines(output, 1)[0], Does.Contain(" compared with "));
        Assert.That(error, Does.Not.Contain("Unhandled exception"));
    }

    [Test]
    public async Task Two_files_that_map_to_one_page_URL_each_run_their_own_page()
    {
        var sub = Directory.CreateDirectory(Path.Combine(_dir, "sub")).FullName;
        Write("dup.any.js", "test(() => {}, 'outer file');");
        File.WriteAllText(Path.Combine(sub, "dup.any.js"), "test(() => {}, 'inner file');");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = sub;
        int code;
        try
        {
            code = await CommandLine.RunAsync(["test", "--browser-path", _chromium, "-j", "2", "../dup.any.js", "dup.any.js"], stdout, stderr, CancellationToken.None);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }

        var output = stdout.ToString().ReplaceLineEndings("\n");
        Assert.That(code, Is.Zero, output + stderr);
        Assert.That(output, Does.Contain("  PASS                PASS                outer file\n"));
        Assert.That(output, Does.Contain("  PASS                PASS                inner file\n"));
    }

    [Test]
    public async Task Killing_jsws_ends_its_browser_and_removes_the_profile()
    {
        Write("slow.any.js", "async_test(t => { t.step_timeout(() => t.done(), 20000); }, 'waits');");
        var temp = Directory.CreateDirectory(Path.Combine(_dir, "tmp")).FullName;
        using var jsws = StartJsws(temp, "--timeout", "30", "slow.any.js");
        await WaitForBrowserAsync();

        jsws.Kill(); // SIGKILL: no cleanup runs in jsws

        Assert.That(NoBrowserLeft(), Is.True, "the watchdog ended the browser");
        Assert.That(await Eventually(() => Directory.GetDirectories(temp, "jsws-chromium-*").Length == 0), Is.True, "and deleted its profile");
    }

    [Test]
    public async Task Ctrl_C_during_a_browser_run_exits_130_and_leaves_nothing_running()
    {
        Write("slow.any.js", "async_test(t => { t.step_timeout(() => t.done(), 20000); }, 'waits');");
        var temp = Directory.CreateDirectory(Path.Combine(_dir, "tmp")).FullName;
        using var jsws = StartJsws(temp, "--timeout", "30", "slow.any.js");
        var stderr = jsws.StandardError.ReadToEndAsync();
        var stdout = jsws.StandardOutput.ReadToEndAsync();
        await WaitForBrowserAsync();

        using (var kill = Process.Start("kill", ["-INT", jsws.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await jsws.WaitForExitAsync(timeout.Token);
        Assert.That(jsws.ExitCode, Is.EqualTo(130), await stdout + await stderr);
        Assert.That(await stderr, Does.Not.Contain("Unhandled exception"));
        Assert.That(NoBrowserLeft(), Is.True);
        Assert.That(Directory.GetDirectories(temp, "jsws-chromium-*"), Is.Empty);
    }

    private Process StartJsws(string temp, params string[] args)
    {
        var start = JswsProcess.StartInfo(["test", "--browser-path", _chromium, .. args]);
        start.WorkingDirectory = _dir;

        start.Environment["TMPDIR"] = temp;
        return Process.Start(start)!;
    }

    // The browser's main process (the one with the DevTools port) among this test's processes, once it is up.
    private async Task<int> WaitForBrowserAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            // Not the watchdog shell around it, nor a helper (renderer, zygote: --type=...).
            var browser = MarkedProcesses().FirstOrDefault(static p => p.CommandLine.Contains("--remote-debugging-port", StringComparison.Ordinal)
                && !p.CommandLine.StartsWith("/bin/sh", StringComparison.Ordinal) && !p.CommandLine.Contains("--type=", StringComparison.Ordinal));
            if (browser.Pid != 0)
            {
                await Task.Delay(500); // its first page is being opened
                return browser.Pid;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the browser did not start");
    }

    private static async Task<bool> Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    // The processes (other than this one) that carry this test's marker in their environment.
    private List<(int Pid, string CommandLine)> MarkedProcesses()
    {
        var needle = $"{Marker}={_marker}";
        var found = new List<(int, string)>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(dir, "environ")).Split('\0').Contains(needle))
                {
                    found.Add((pid, File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ')));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone, or not ours to read.
            }
        }

        return found;
    }

    // No process of this test's browser is left (zombies aside: a process that ended but is not reaped yet).
    private bool NoBrowserLeft()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var left = MarkedProcesses().Where(static p => p.CommandLine.Length > 0).ToList();
            if (left.Count == 0)
            {
                return true;
            }

            if (DateTime.UtcNow > deadline)
            {
                TestContext.Out.WriteLine("left: " + string.Join("; ", left.Select(static p => $"{p.Pid} {p.CommandLine}")));
                return false;
            }

            Thread.Sleep(100);
        }
    }
}
