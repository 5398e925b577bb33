using JsWebSocketHost.Cli;

namespace JsWebSocketHost.Tests.Cli;

/// <summary>
/// <c>jsws test</c> on files whose outcome is known: passing, failing, timing out, throwing at top level, an unhandled
/// rejection, a harness that never completes; exact counts, the final line and the exit code.
/// </summary>
[TestFixture]
public sealed class TestCommandTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "jsws-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<(int Code, string Out, string Err)> Jsws(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var code = await CommandLine.RunAsync(["test", .. args], stdout, stderr, timeout.Token);
        return (code, stdout.ToString().ReplaceLineEndings("\n"), stderr.ToString().ReplaceLineEndings("\n"));
    }

    private static string LastLine(string output) => output.TrimEnd('\n').Split('\n')[^1];

    [Test]
    public async Task Passing_subtests_print_PASS_and_exit_0()
    {
        var file = Write("pass.any.js", """
            test(() => assert_equals(1 + 1, 2), "sync");
            promise_test(async () => assert_true(await Promise.resolve(true)), "promise");
            async_test(t => setTimeout(t.step_func_done(() => assert_false(false)), 1), "async");
            """);

        var (code, output, error) = await Jsws(file);

        Assert.That(code, Is.Zero, output + error);
        Assert.That(output, Does.Contain("  PASS sync\n"));
        Assert.That(output, Does.Contain("  PASS promise\n"));
        Assert.That(output, Does.Contain("  PASS async\n"));
        Assert.That(LastLine(output), Is.EqualTo("3 passed, 0 failed"));
    }

    [Test]
    public async Task A_failing_subtest_prints_its_message_and_exits_1()
    {
        var file = Write("fail.any.js", """
            test(() => assert_equals(1 + 1, 3, "arithmetic"), "wrong sum");
            test(() => {}, "fine");
            """);

        var (code, output, _) = await Jsws(file);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Does.Contain("  FAIL wrong sum\n      assert_equals: arithmetic expected 3 but got 2"));
        Assert.That(output, Does.Contain("      at apply (" + file + ":1:12)"), "the assertion's own location");
        Assert.That(output, Does.Not.Contain("testharness.js:"), "no harness frames");
        Assert.That(LastLine(output), Is.EqualTo("1 passed, 1 failed"));
    }

    [Test]
    public async Task A_lone_surrogate_in_a_name_or_message_is_shown_as_its_code_point_and_no_subtest_is_lost()
    {
        var file = Write("surrogates.any.js", """
            test(() => {}, "before");
            test(() => {}, "lone \uD800 lead");
            test(() => { throw new Error("bad \uDC00"); }, "lone \uDC00 trail, a pair \uD83D\uDE00 kept");
            test(() => {}, "after");
            """);

        var (code, output, _) = await Jsws(file);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Does.Contain("  PASS before\n  PASS lone U+D800 lead\n  FAIL lone U+DC00 trail, a pair \U0001F600 kept\n"));
        Assert.That(output, Does.Contain("bad U+DC00"));
        Assert.That(output, Does.Contain("  PASS after\n"));
        Assert.That(LastLine(output), Is.EqualTo("3 passed, 1 failed"));
    }

    [Test]
    public async Task A_subtest_that_never_finishes_times_out_with_the_harness()
    {
        var file = Write("hang.any.js", """
            async_test(() => {}, "never done");
            """);

        var (code, output, _) = await Jsws("--timeout=0.5", file);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Does.Contain("  TIMEOUT never done\n"));
        Assert.That(LastLine(output), Does.StartWith("0 passed, 0 failed, 1 timed out"));
    }

    [Test]
    public async Task A_throw_at_top_level_is_a_harness_error()
    {
        var file = Write("throws.any.js", """
            test(() => {}, "before");
            throw new Error("top level");
            """);

        var (code, output, _) = await Jsws(file);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Does.Contain("harness ERROR"));
        Assert.That(output, Does.Contain("top level"));
        Assert.That(LastLine(output), Is.EqualTo("1 passed, 0 failed, 1 harness errors"));
    }

    [Test]
    public async Task An_unhandled_rejection_inside_a_promise_test_fails_that_test()
    {
        var file = Write("reject.any.js", """
            promise_test(() => Promise.reject(new TypeError("nope")), "rejects");
            test(() => {}, "after");
            """);

        var (code, output, _) = await Jsws(file);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Does.Contain("  FAIL rejects\n      promise_test: Unhandled rejection with value: object \"TypeError: nope\"").Or.Contain("  FAIL rejects\n"));
        Assert.That(LastLine(output), Is.EqualTo("1 passed, 1 failed"));
    }

    [Test]
    public async Task Meta_scripts_load_first_relative_to_the_file_or_to_the_root()
    {
        Write("helpers/values.js", "globalThis.answer = 42;");
        Write("common/more.js", "globalThis.more = 'yes';");
        var file = Write("dir/meta.any.js", """
            // META: script=../helpers/values.js
            // META: script=/common/more.js
            // META: timeout=long
            test(() => { assert_equals(answer, 42); assert_equals(more, 'yes'); }, "helpers loaded");
            """);

        var (code, output, error) = await Jsws("--root", _dir, file);

        Assert.That(code, Is.Zero, output + error);
        Assert.That(LastLine(output), Is.EqualTo("1 passed, 0 failed"));
    }

    [Test]
    public async Task Each_variant_runs_with_its_own_location_search()
    {
        var file = Write("variants.any.js", """
            // META: variant=?first
            // META: variant=?second
            test(() => assert_true(location.search.length > 1), "search is " + location.search);
            """);

        var (code, output, _) = await Jsws(file);

        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("variants.any.js?first\n  PASS search is ?first\n"));
        Assert.That(output, Does.Contain("variants.any.js?second\n  PASS search is ?second\n"));
        Assert.That(LastLine(output), Is.EqualTo("2 passed, 0 failed"));
    }

    [Test]
    public async Task A_file_for_another_global_is_reported_not_applicable_and_does_not_fail()
    {
        var file = Write("worker.any.js", """
            // META: global=dedicatedworker
            test(() => assert_unreached("ran"), "worker only");
            """);

        var (code, output, _) = await Jsws(file);

        Assert.That(code, Is.Zero);
        Assert.That(output, Does.Contain("not applicable"));
        Assert.That(LastLine(output), Is.EqualTo("0 passed, 0 failed"));
    }

    [Test]
    public async Task A_folder_runs_every_test_file_but_resources_in_parallel_and_filter_narrows_it()
    {
        for (var i = 0; i < 6; i++)
        {
            Write($"suite/t{i}.any.js", $"test(() => assert_equals({i}, {i}), 'test {i}');");
        }

        Write("suite/resources/helper.js", "throw new Error('not a test');");

        var all = await Jsws("-j", "2", Path.Combine(_dir, "suite"));
        var some = await Jsws("--filter", "t3", Path.Combine(_dir, "suite"));

        Assert.That(all.Code, Is.Zero, all.Out);
        Assert.That(LastLine(all.Out), Is.EqualTo("6 passed, 0 failed"));
        Assert.That(all.Out.IndexOf("t0.any.js", StringComparison.Ordinal), Is.LessThan(all.Out.IndexOf("t5.any.js", StringComparison.Ordinal)), "printed in order");
        Assert.That(LastLine(some.Out), Is.EqualTo("1 passed, 0 failed"));
    }

    [Test]
    public async Task Serve_gives_tests_the_test_server_as_location()
    {
        var file = Write("ws.any.js", """
            promise_test(() => new Promise((resolve, reject) => {
              const ws = new WebSocket(new URL('/echo', location));
              ws.onopen = () => ws.send('ping');
              ws.onmessage = e => { assert_equals(e.data, 'ping'); ws.close(); resolve(); };
              ws.onerror = () => reject(new Error('error'));
            }), "echo through the test server");
            """);

        var (code, output, _) = await Jsws("--serve", file);

        Assert.That(code, Is.Zero, output);
        Assert.That(LastLine(output), Is.EqualTo("1 passed, 0 failed"));
    }

    [Test]
    public async Task An_upstream_style_harness_that_takes_the_first_microtask_for_load_sees_the_whole_file()
    {
        // As upstream testharness.js does in a shell: "loaded" is the first microtask after the harness ran, and
        // results after completion are dropped. The runner must hold that load until the file has run.
        var harness = Write("wpt/resources/testharness.js", """
            (function () {
              let loaded = false, complete = false;
              const tests = [], results = [], completions = [];
              Promise.resolve().then(() => { loaded = true; finish(); });
              function finish() {
                if (loaded && !complete && tests.length > 0) {
                  complete = true;
                  for (const c of completions) c(tests, { status: 0, message: null });
                }
              }
              self.test = (f, name) => {
                if (complete) return;
                let status = 0, message = null;
                try { f(); } catch (e) { status = 1; message = e.message; }
                const t = { name, status, message, stack: null };
                tests.push(t);
                for (const r of results) r(t);
                finish();
              };
              self.add_result_callback = c => results.push(c);
              self.add_completion_callback = c => completions.push(c);
            })();
            """);
        Write("wpt/common/helper.js", "globalThis.fromRoot = 'root';");
        var file = Write("wpt/dom/upstream.any.js", """
            // META: script=/common/helper.js
            test(() => {}, "first");
            test(() => { if (fromRoot !== 'root') throw new Error('no root'); }, "second, with a root-relative META script");
            test(() => { throw new Error("third fails"); }, "third");
            """);

        var (code, output, error) = await Jsws("--harness", harness, file);

        Assert.That(code, Is.EqualTo(1), output + error);
        Assert.That(output, Does.Contain("  PASS first\n  PASS second, with a root-relative META script\n  FAIL third\n      third fails\n"));
        Assert.That(LastLine(output), Is.EqualTo("2 passed, 1 failed"));
    }

    [Test]
    public async Task Expectations_turn_known_failures_into_expected_ones_and_list_what_changed_apart()
    {
        var file = Write("suite/mixed.any.js", """
            test(() => assert_true(false, "known bug"), "known failure");
            test(() => {}, "fixed now");
            test(() => assert_true(false, "new bug"), "new failure");
            """);
        var expectations = Write("expectations.json", """
            { "suite/mixed.any.js": ["known failure", "fixed now"] }
            """);

        var (code, output, _) = await Jsws("--expectations", expectations, file);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Does.Contain("  FAIL known failure (expected)\n"));
        Assert.That(output, Does.Contain("  PASS fixed now (unexpected pass: the expectations say it fails)\n"));
        Assert.That(output, Does.Contain("Unexpected failures (1):\n  " + file + " > new failure (FAIL)\n"));
        Assert.That(output, Does.Contain("Unexpected passes (1):\n  " + file + " > fixed now\n"));
        Assert.That(LastLine(output), Is.EqualTo("1 passed, 1 failed, 1 expected failures, 1 unexpected passes"));
    }

    [Test]
    public async Task Update_expectations_writes_the_known_failures_and_a_run_with_them_passes()
    {
        var file = Write("suite/broken.any.js", """
            test(() => assert_true(false), "fails");
            test(() => {}, "passes");
            """);
        Write("suite/crashes.any.js", "throw new Error('boom');");
        var expectations = Path.Combine(_dir, "expectations.json");

        var update = await Jsws("--expectations", expectations, "--update-expectations", Path.Combine(_dir, "suite"));
        var written = File.ReadAllText(expectations);
        var rerun = await Jsws("--expectations", expectations, Path.Combine(_dir, "suite"));

        Assert.That(update.Code, Is.Zero);
        Assert.That(update.Out, Does.Contain("jsws: wrote 2 expected failures to " + expectations));
        using var json = System.Text.Json.JsonDocument.Parse(written);
        Assert.That(json.RootElement.GetProperty("suite/broken.any.js").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "fails" }));
        Assert.That(json.RootElement.GetProperty("suite/crashes.any.js").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "(harness)" }));
        Assert.That(rerun.Code, Is.Zero, rerun.Out);
        Assert.That(LastLine(rerun.Out), Is.EqualTo("1 passed, 0 failed, 2 expected failures"));
        Assert.That(file, Does.Exist);
    }

    [TestCase("[1, 2]", "is not an expectations file: it is not a JSON object")]
    [TestCase("{ \"a.js\": \"x\" }", "is not an expectations file: the entry 'a.js' is not an array")]
    [TestCase("{ not json", "is not an expectations file")]
    public async Task A_bad_expectations_file_is_a_usage_error(string content, string message)
    {
        var file = Write("ok.any.js", "test(() => {}, 'x');");
        var expectations = Write("bad.json", content);

        var (code, _, error) = await Jsws("--expectations", expectations, file);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain(message));
    }

    [Test]
    public async Task Update_expectations_without_a_file_and_a_missing_expectations_file_are_usage_errors()
    {
        var file = Write("ok.any.js", "test(() => {}, 'x');");

        var withoutFile = await Jsws("--update-expectations", file);
        var missing = await Jsws("--expectations", Path.Combine(_dir, "none.json"), file);

        Assert.That(withoutFile.Code, Is.EqualTo(2));
        Assert.That(withoutFile.Err, Does.Contain("--update-expectations needs --expectations FILE"));
        Assert.That(missing.Code, Is.EqualTo(2));
        Assert.That(missing.Err, Does.Contain("does not exist (--update-expectations writes it)"));
    }

    [Test]
    public async Task Colour_is_off_when_the_output_is_not_a_terminal_and_on_when_asked_for()
    {
        var file = Write("colors.any.js", "test(() => {}, 'green'); test(() => assert_true(false), 'red');");

        var plain = await Jsws(file);
        var colored = await Jsws("--color=always", file);

        Assert.That(plain.Out, Does.Not.Contain("\u001b["));
        Assert.That(colored.Out, Does.Contain("  \u001b[32mPASS\u001b[0m green\n"));
        Assert.That(colored.Out, Does.Contain("  \u001b[31mFAIL\u001b[0m red\n"));
        Assert.That(LastLine(colored.Out), Is.EqualTo("1 passed, 1 failed"), "the closing line stays plain for CI");
    }

    [TestCase("--timeout=soon", "--timeout: 'soon' is not a number of seconds")]
    [TestCase("-j=0", "-j: '0' is not a number")]
    [TestCase("--root=/no/such/folder", "--root: '/no/such/folder' is not a folder")]
    [TestCase("--bogus", "unknown option '--bogus' for 'test'")]
    [TestCase("--color=purple", "--color: 'purple' is not one of auto, always, never")]
    [TestCase("--harness=/no/such/testharness.js", "--harness: '/no/such/testharness.js' is not a file")]
    public async Task A_bad_option_gives_one_line_and_exit_code_2(string option, string message)
    {
        var file = Write("ok.any.js", "test(() => {}, 'x');");

        var (code, _, error) = await Jsws(option, file);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.StartWith("jsws: " + message));
    }

    [Test]
    public async Task A_missing_file_is_a_usage_error()
    {
        var (code, _, error) = await Jsws(Path.Combine(_dir, "missing.any.js"));

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("cannot find the test file or folder"));
    }
}
