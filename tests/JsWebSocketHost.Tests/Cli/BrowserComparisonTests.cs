using System.Diagnostics;
using JsWebSocketHost.Cli;
using JsWebSocketHost.Cli.Testing;
using JsWebSocketHost.Cli.Testing.Browser;

namespace JsWebSocketHost.Tests.Cli;

/// <summary>
/// The parts of <c>jsws test --browser chromium</c> that need no browser: pairing the two runs row by row, the
/// differences file, the counts and closing line, finding the executable, and every bad flag or missing browser
/// ending in one line and exit code 2.
/// </summary>
[TestFixture]
public sealed class BrowserComparisonTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "jsws-browser-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static SubtestResult Sub(string name, string status, string? message = null) => new(name, status, message, null);

    private FileResult Run(string harness, params SubtestResult[] subtests) =>
        new(Path.Combine(_dir, "a.any.js"), "", subtests, harness, harness == "OK" ? null : "why");

    [Test]
    public void Rows_pair_by_name_in_jsws_order_with_repeated_names_matched_in_turn()
    {
        var jsws = Run("OK", Sub("one", "PASS"), Sub("twice", "PASS"), Sub("twice", "FAIL"), Sub("only jsws", "PASS"));
        var browser = Run("OK", Sub("twice", "FAIL"), Sub("only browser", "PASS"), Sub("one", "PASS"), Sub("twice", "PASS"));

        var comparison = BrowserComparison.Of(jsws, browser);

        Assert.That(comparison.Rows.Select(r => (r.Name, r.Jsws?.Status, r.Browser?.Status)), Is.EqualTo(new (string, string?, string?)[]
        {
            ("one", "PASS", "PASS"),
            ("twice", "PASS", "FAIL"),
            ("twice", "FAIL", "PASS"),
            ("only jsws", "PASS", null),
            ("only browser", null, "PASS"),
        }));
        Assert.That(comparison.Rows.Select(r => r.Differs), Is.EqualTo(new[] { false, true, true, true, true }));
    }

    [Test]
    public void A_harness_row_is_added_only_when_either_harness_did_not_end_OK()
    {
        Assert.That(BrowserComparison.Of(Run("OK"), Run("OK")).Rows, Is.Empty);
        Assert.That(BrowserComparison.Of(Run("NOT_APPLICABLE"), Run("NOT_APPLICABLE")).Rows, Is.Empty);

        var rows = BrowserComparison.Of(Run("OK", Sub("s", "PASS")), Run("TIMEOUT", Sub("s", "PASS"))).Rows;

        Assert.That(rows, Has.Count.EqualTo(2));
        Assert.That(rows[1].Name, Is.EqualTo("(harness)"));
        Assert.That((rows[1].Jsws!.Status, rows[1].Browser!.Status, rows[1].Differs), Is.EqualTo(("OK", "TIMEOUT", true)));
    }

    [Test]
    public void The_summary_counts_same_differ_expected_and_gone_rows_and_fails_on_the_unexpected_ones()
    {
        var path = Path.Combine(_dir, "differences.json");
        File.WriteAllText(path, """
            { "a.any.js": { "known": "Chromium rounds differently", "fixed": "was different once" } }
            """);
        var expectations = BrowserExpectations.Load(path);
        var comparison = expectations.Apply(BrowserComparison.Of(
            Run("OK", Sub("same", "PASS"), Sub("known", "PASS"), Sub("fixed", "PASS"), Sub("new", "FAIL")),
            Run("OK", Sub("same", "PASS"), Sub("known", "FAIL"), Sub("fixed", "PASS"), Sub("new", "PASS"))));
        var summary = new ComparisonSummary("Chrome/1.0");

        summary.Add(comparison);

        Assert.That((summary.Compared, summary.Same, summary.Differ, summary.ExpectedDifferences, summary.NoLongerDiffer), Is.EqualTo((4, 1, 1, 1, 1)));
        Assert.That(summary.Line, Is.EqualTo("4 compared with Chrome/1.0: 1 same, 1 differ, 1 expected differences, 1 no longer differ"));
        Assert.That(summary.AllAsExpected, Is.False);
        Assert.That(comparison.Rows.Single(r => r.Name == "known").ExpectedReason, Is.EqualTo("Chromium rounds differently"));
    }

    [Test]
    public void With_every_difference_expected_and_jsws_passing_the_run_is_as_expected()
    {
        var path = Path.Combine(_dir, "differences.json");
        File.WriteAllText(path, """{ "a.any.js": { "known": "a reason" } }""");
        var summary = new ComparisonSummary("Chrome/1.0");

        summary.Add(BrowserExpectations.Load(path).Apply(BrowserComparison.Of(Run("OK", Sub("known", "PASS")), Run("OK", Sub("known", "FAIL")))));

        Assert.That(summary.AllAsExpected, Is.True);
        Assert.That(summary.Line, Is.EqualTo("1 compared with Chrome/1.0: 0 same, 0 differ, 1 expected differences"));
    }

    [Test]
    public void A_jsws_failure_counts_unless_a_known_failure_or_a_known_difference_explains_it()
    {
        var path = Path.Combine(_dir, "differences.json");

        ComparisonSummary Summarize(SubtestResult ours, SubtestResult theirs, string differences = "{}")
        {
            File.WriteAllText(path, differences);
            var summary = new ComparisonSummary("Chrome/1.0");
            summary.Add(BrowserExpectations.Load(path).Apply(BrowserComparison.Of(Run("OK", ours), Run("OK", theirs))));
            return summary;
        }

        Assert.That(Summarize(Sub("both fail", "FAIL"), Sub("both fail", "FAIL")).JswsUnexpected, Is.EqualTo(1), "the same failure in both is still a failure");
        Assert.That(Summarize(Sub("both fail", "FAIL") with { ExpectedToFail = true }, Sub("both fail", "FAIL")).AllAsExpected, Is.True);
        Assert.That(Summarize(Sub("differs", "FAIL"), Sub("differs", "PASS"), """{ "a.any.js": { "differs": "a reason" } }""").AllAsExpected, Is.True,
            "a listed difference explains it");
        Assert.That(Summarize(Sub("ok now", "PASS") with { ExpectedToFail = true }, Sub("ok now", "PASS")).JswsUnexpected, Is.EqualTo(1), "an unexpected pass");
    }

    [Test]
    public void A_listed_difference_for_a_subtest_that_no_longer_runs_is_reported_as_gone()
    {
        var path = Path.Combine(_dir, "differences.json");
        File.WriteAllText(path, """{ "a.any.js": { "renamed away": "a reason" } }""");
        var summary = new ComparisonSummary("Chrome/1.0");

        var comparison = BrowserExpectations.Load(path).Apply(BrowserComparison.Of(Run("OK", Sub("new name", "PASS")), Run("OK", Sub("new name", "PASS"))));
        summary.Add(comparison);

        Assert.That(comparison.Rows.Select(r => (r.Name, r.NoLongerDiffers)), Is.EqualTo(new[] { ("new name", false), ("renamed away", true) }));
        Assert.That((summary.NoLongerDiffer, summary.AllAsExpected), Is.EqualTo((1, false)));
    }

    [Test]
    public void Writing_keeps_the_entries_of_files_not_run_and_writes_a_repeated_name_once()
    {
        var path = Path.Combine(_dir, "differences.json");
        File.WriteAllText(path, """{ "other.any.js": { "x": "kept as written" }, "a.any.js": { "gone": "was different" } }""");
        var expectations = BrowserExpectations.Load(path);
        var comparison = BrowserComparison.Of(Run("OK", Sub("dup", "PASS"), Sub("dup", "FAIL")), Run("OK", Sub("dup", "FAIL"), Sub("dup", "PASS")));

        var count = expectations.Write(path, [comparison], "chromium");

        Assert.That(count, Is.EqualTo(1));
        using var written = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        Assert.That(written.RootElement.GetProperty("other.any.js").GetProperty("x").GetString(), Is.EqualTo("kept as written"));
        Assert.That(written.RootElement.GetProperty("a.any.js").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "dup" }));
    }

    [Test]
    public async Task Served_pages_are_given_only_to_a_request_with_the_runners_cookie()
    {
        await using var server = await JsWebSocketHost.TestServer.WebSocketTestServer.StartAsync();
        var content = server.Content;
        Assert.That(content.TryAdd("/t/secret.any.js", "text/plain", "the test's text"u8.ToArray()), Is.True);
        using var client = new HttpClient();
        var url = new Uri(server.BaseUrl, "/t/secret.any.js?variant");

        using var anonymous = await client.GetAsync(url);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, url);
        wrong.Headers.Add("Cookie", $"{JsWebSocketHost.TestServer.ServedContent.CookieName}=00");
        using var guessed = await client.SendAsync(wrong);
        using var right = new HttpRequestMessage(HttpMethod.Get, url);
        right.Headers.Add("Cookie", $"{JsWebSocketHost.TestServer.ServedContent.CookieName}={content.Token}");
        using var runner = await client.SendAsync(right);

        Assert.That((int)anonymous.StatusCode, Is.EqualTo(404));
        Assert.That((int)guessed.StatusCode, Is.EqualTo(404));
        Assert.That((int)runner.StatusCode, Is.EqualTo(200));
        Assert.That(await runner.Content.ReadAsStringAsync(), Is.EqualTo("the test's text"));
        content.Release("/t/secret.any.js");
        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.Add("Cookie", $"{JsWebSocketHost.TestServer.ServedContent.CookieName}={content.Token}");
        using var released = await client.SendAsync(again);
        Assert.That((int)released.StatusCode, Is.EqualTo(404), "released: served no more");
    }

    [Test]
    public async Task A_folder_whose_own_path_has_support_or_resources_in_it_is_searched()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "support", "resources", "tests")).FullName;
        File.WriteAllText(Path.Combine(folder, "t.any.js"), "test(() => {}, 'ran');");
        Directory.CreateDirectory(Path.Combine(folder, "resources"));
        File.WriteAllText(Path.Combine(folder, "resources", "helper.js"), "throw new Error('a helper is not a test');");

        var (code, output, _) = await Jsws(folder);

        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("PASS ran"));
        Assert.That(output, Does.Not.Contain("helper.js"));
    }

    [TestCase("[]", "it is not a JSON object")]
    [TestCase("""{ "a.any.js": ["x"] }""", "the entry 'a.any.js' is not an object of subtest name to reason")]
    [TestCase("""{ "a.any.js": { "x": "" } }""", "'a.any.js' > 'x' needs a reason (a non-empty string)")]
    [TestCase("""{ "a.any.js": { "x": 1 } }""", "'a.any.js' > 'x' needs a reason (a non-empty string)")]
    public void A_differences_file_that_is_not_one_is_refused_with_what_is_wrong(string json, string message)
    {
        var path = Path.Combine(_dir, "differences.json");
        File.WriteAllText(path, json);

        Assert.That(() => BrowserExpectations.Load(path), Throws.TypeOf<FormatException>().With.Message.EqualTo(message));
    }

    [Test]
    public void Writing_the_differences_keeps_given_reasons_and_describes_new_ones()
    {
        var path = Path.Combine(_dir, "differences.json");
        File.WriteAllText(path, """{ "a.any.js": { "old": "the reason someone wrote" } }""");
        var expectations = BrowserExpectations.Load(path);
        var comparison = expectations.Apply(BrowserComparison.Of(
            Run("OK", Sub("old", "PASS"), Sub("new", "PASS"), Sub("same", "PASS")),
            Run("OK", Sub("old", "FAIL"), Sub("new", "FAIL", "assert_equals: expected 3 but got 2"), Sub("same", "PASS"))));

        var count = expectations.Write(path, [comparison], "chromium");

        Assert.That(count, Is.EqualTo(2));
        var reloaded = BrowserExpectations.Load(path).Apply(BrowserComparison.Of(comparison.Jsws, comparison.Browser));
        Assert.That(reloaded.Rows.Select(r => r.ExpectedReason), Is.EqualTo(new[]
        {
            "the reason someone wrote",
            "jsws PASS, chromium FAIL; chromium: assert_equals: expected 3 but got 2",
            null,
        }));
        Assert.That(File.ReadAllText(path), Does.Contain("\"the reason someone wrote\""), "readable JSON, not \\u escapes");
    }

    [Test]
    public void Chromium_is_found_on_the_search_path_under_its_usual_names_or_not_at_all()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName;
        var bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "google-chrome"), "");

        Assert.That(ChromiumBrowser.Find(null, empty), Is.Null);
        Assert.That(ChromiumBrowser.Find(null, string.Join(Path.PathSeparator, empty, bin)), Is.EqualTo(Path.Combine(bin, "google-chrome")));
        File.WriteAllText(Path.Combine(empty, "chromium"), "");
        Assert.That(ChromiumBrowser.Find(null, string.Join(Path.PathSeparator, bin, empty)), Is.EqualTo(Path.Combine(empty, "chromium")),
            "the names are tried in order, each along the whole path");
        Assert.That(ChromiumBrowser.Find(Path.Combine(bin, "google-chrome"), empty), Is.EqualTo(Path.Combine(bin, "google-chrome")));
        Assert.That(ChromiumBrowser.Find(Path.Combine(bin, "nothing-here"), bin), Is.Null);
    }

    private static async Task<(int Code, string Out, string Err)> Jsws(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var code = await CommandLine.RunAsync(["test", .. args], stdout, stderr, timeout.Token);
        return (code, stdout.ToString(), stderr.ToString().ReplaceLineEndings("\n"));
    }

    [TestCase("--browser=firefox", "jsws: --browser: 'firefox' is not supported; the browser jsws drives is chromium")]
    [TestCase("--browser-path=/no/such/chromium", "jsws: --browser-path: '/no/such/chromium' is not a file (a Chromium executable)")]
    [TestCase("--browser-expectations=d.json", "jsws: --browser-expectations lists differences from a browser; it needs --browser chromium")]
    public async Task A_bad_browser_flag_is_one_line_and_exit_2(string flag, string message)
    {
        var file = Path.Combine(_dir, "t.any.js");
        File.WriteAllText(file, "test(() => {}, 'x');");

        var (code, output, error) = await Jsws(flag, file);

        Assert.That((code, output, error), Is.EqualTo((2, "", message + "\n")));
    }

    [TestCase("--location=http://example.test/", "jsws: --browser serves the pages from the test server's origin (as --serve does); it cannot be combined with --location.")]
    [TestCase("--reporter=junit", "jsws: --browser prints a side-by-side table (--reporter console) or json, not junit")]
    [TestCase("--reporter=tap", "jsws: --browser prints a side-by-side table (--reporter console) or json, not tap")]
    public async Task Flags_that_cannot_go_with_browser_are_refused_before_anything_starts(string flag, string message)
    {
        var file = Path.Combine(_dir, "t.any.js");
        File.WriteAllText(file, "test(() => {}, 'x');");
        var fake = Path.Combine(_dir, "chromium");
        File.WriteAllText(fake, "");

        var (code, output, error) = await Jsws("--browser-path", fake, flag, file);

        Assert.That((code, output, error), Is.EqualTo((2, "", message + "\n")));
    }

    [Test]
    public async Task Without_Chromium_on_PATH_jsws_says_so_in_one_line_and_exits_2()
    {
        var file = Path.Combine(_dir, "t.any.js");
        File.WriteAllText(file, "test(() => {}, 'x');");
        var start = JswsProcess.StartInfo("test", "--browser", "chromium", file);

        start.Environment["PATH"] = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.That(process.ExitCode, Is.EqualTo(2));
        Assert.That(await stdout, Is.Empty);
        Assert.That((await stderr).ReplaceLineEndings("\n"), Is.EqualTo(
            "jsws: --browser chromium: Chromium was not found on PATH (looked for chromium, chromium-browser, google-chrome, google-chrome-stable, chrome); "
            + "install it (apt-get install chromium) or give its path with --browser-path PATH\n"));
    }

    [Test]
    public async Task A_browser_that_exits_at_once_is_one_line_and_exit_2_and_leaves_no_profile()
    {
        var file = Path.Combine(_dir, "t.any.js");
        File.WriteAllText(file, "test(() => {}, 'x');");
        var profilesBefore = Directory.GetDirectories(Path.GetTempPath(), "jsws-chromium-*").Length;

        var (code, output, error) = await Jsws("--browser-path", "/bin/false", file);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Does.Not.Contain("compared"));
        Assert.That(error, Is.EqualTo("jsws: --browser chromium: /bin/false exited before its DevTools endpoint opened\n"));
        Assert.That(Directory.GetDirectories(Path.GetTempPath(), "jsws-chromium-*"), Has.Length.LessThanOrEqualTo(profilesBefore));
    }
}
