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

    private string _dir = null!;
    private string _chromium = null!;

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
    }

    [TearDown]
    public void TearDown()
    {
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

    // No process is left whose command line names one of this run's Chromium profiles.
    private static bool NoBrowserLeft()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (true)
        {
            var left = Directory.GetDirectories("/proc")
                .Where(static d => int.TryParse(Path.GetFileName(d), out _))
                .Any(static d =>
                {
                    try
                    {
                        return File.ReadAllText(Path.Combine(d, "cmdline")).Contains("jsws-chromium-", StringComparison.Ordinal)
                            && !File.ReadAllText(Path.Combine(d, "cmdline")).Contains("jsws-chromium-test-", StringComparison.Ordinal);
                    }
                    catch (IOException)
                    {
                        return false;
                    }
                    catch (UnauthorizedAccessException)
                    {
                        return false;
                    }
                });
            if (!left)
            {
                return true;
            }

            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            Thread.Sleep(100);
        }
    }
}
