using System.Text.Json;

namespace JsWebSocketHost.Tests.Cli;

/// <summary>The built-in testharness.js that <c>jsws test</c> loads before a test file.</summary>
[TestFixture]
public sealed class TestHarnessTests
{
    private const string Reporter = """
        add_result_callback(t => __report(JSON.stringify({ kind: "result", name: t.name, status: t.status, message: t.message })));
        add_completion_callback((tests, s) => __report(JSON.stringify({
          kind: "complete", status: s.status, message: s.message,
          tests: tests.map(t => ({ name: t.name, status: t.status, message: t.message })),
        })));
        """;

    private static string HarnessSource()
    {
        using var stream = typeof(JsWebSocketHost.Cli.CommandLine).Assembly
            .GetManifestResourceStream("JsWebSocketHost.Cli.Testing.testharness.js");
        Assert.That(stream, Is.Not.Null, "the harness is embedded in the CLI assembly");
        using var reader = new StreamReader(stream!);
        return reader.ReadToEnd();
    }

    /// <summary>What the reporter saw: results in the order they came, then the completion.</summary>
    private sealed record HarnessRun(List<JsonElement> Results, JsonElement? Completion, List<string> Log)
    {
        public int HarnessStatus => Completion!.Value.GetProperty("status").GetInt32();

        public string? HarnessMessage => Completion!.Value.GetProperty("message").GetString();

        public (string Name, int Status, string? Message)[] Tests => Completion!.Value.GetProperty("tests").EnumerateArray()
            .Select(t => (t.GetProperty("name").GetString()!, t.GetProperty("status").GetInt32(), t.GetProperty("message").GetString()))
            .ToArray();

        public string[] ResultNames => Results.Select(r => r.GetProperty("name").GetString()!).ToArray();
    }

    private static async Task<HarnessRun> RunTestFileAsync(string testFile, string? preamble = null, string? baseUrl = null)
    {
        var results = new List<JsonElement>();
        var log = new List<string>();
        JsonElement? completion = null;
        await using var run = new ScriptRun(configure: baseUrl is null ? null : options => options.BaseUrl = baseUrl);
        run.Host.SetGlobal("__report", (Action<string>)(json =>
        {
            var element = JsonDocument.Parse(json).RootElement.Clone();
            if (element.GetProperty("kind").GetString() == "complete")
            {
                Assert.That(completion, Is.Null, "the harness completes once");
                completion = element;
            }
            else
            {
                results.Add(element);
            }
        }));
        run.Host.SetGlobal("__log", (Action<string>)log.Add);
        if (preamble is not null)
        {
            run.Host.EnqueueScript(preamble, "preamble.js");
        }

        run.Host.EnqueueScript(HarnessSource(), "testharness.js");
        run.Host.EnqueueScript(Reporter, "reporter.js");
        run.Host.EnqueueScript(testFile, "test.js");
        run.Host.EnqueueScript("__jsws_loaded();", "load.js");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = await run.Host.RunAsync(timeout.Token);
        Assert.That(result.Succeeded, Is.True, run.Error);
        Assert.That(completion, Is.Not.Null, "the harness completed");
        return new HarnessRun(results, completion, log);
    }

    [Test]
    public async Task Passing_and_failing_sync_tests_report_their_status_and_assert_message()
    {
        var run = await RunTestFileAsync("""
            test(() => assert_equals(1 + 1, 2), "adds");
            test(() => assert_equals(1 + 2, 2, "the sum"), "fails");
            test(() => { null.x; }, "throws");
            """);

        Assert.That(run.HarnessStatus, Is.EqualTo(0));
        Assert.That(run.HarnessMessage, Is.Null);
        Assert.That(run.Tests, Is.EqualTo(new[]
        {
            ("adds", 0, (string?)null),
            ("fails", 1, "assert_equals: the sum expected 2 but got 3"),
            ("throws", 1, run.Tests[2].Message),
        }));
        Assert.That(run.Tests[2].Message, Does.Contain("null"));
        Assert.That(run.ResultNames, Is.EqualTo(new[] { "adds", "fails", "throws" }));
    }

    [Test]
    public async Task Unnamed_tests_take_a_one_line_arrow_body_or_else_the_title_numbered_from_the_second()
    {
        // Jint's Function.prototype.toString gives no source text, so the preamble gives each function the source a
        // browser would, through a replacement the harness calls as it would the built-in.
        var run = await RunTestFileAsync("""
            const src = (f, text) => { sources.set(f, text); return f; };
            test(src(() => assert_true(true), "() => assert_true(true)"));
            test(src(() => { assert_true(true); }, "() => { assert_true(true); }"));
            test(src(() => assert_true(true), "() =>   assert_true(true)"));
            test(src(function () {}, "function () {}"));
            promise_test(src(async () => {}, "async () => {}"));
            test(src(() => { assert_true(true); }, "() => {\n  assert_true(true);\n}"));
            async_test(t => t.done());
            """, preamble: """
            globalThis.META_TITLE = 'Widgets';
            const sources = new WeakMap();
            const native = Function.prototype.toString;
            Function.prototype.toString = function () { return sources.has(this) ? sources.get(this) : native.call(this); };
            """);

        Assert.That(run.Tests.Select(t => t.Name), Is.EqualTo(new[]
        {
            "assert_true(true)", "assert_true(true) 1", "assert_true(true) 2", "Widgets", "Widgets 1", "Widgets 2", "Widgets 3",
        }));
    }

    [Test]
    public async Task Without_a_title_an_unnamed_test_is_named_after_the_file_up_to_its_first_dot()
    {
        var run = await RunTestFileAsync("test(function () {});", baseUrl: "http://127.0.0.1/dom/Event-isTrusted.any.js");

        Assert.That(run.Tests.Select(t => t.Name), Is.EqualTo(new[] { "Event-isTrusted" }));
    }

    [Test]
    public async Task Assert_equals_uses_SameValue_for_negative_zero_and_NaN()
    {
        var run = await RunTestFileAsync("""
            test(() => assert_equals(-0, 0), "-0 is not 0");
            test(() => assert_equals(NaN, NaN), "NaN is NaN");
            test(() => assert_not_equals(0, -0), "0 differs from -0");
            test(() => assert_equals("1", 1), "types differ");
            """);

        Assert.That(run.Tests, Is.EqualTo(new[]
        {
            ("-0 is not 0", 1, (string?)"assert_equals: expected 0 but got -0"),
            ("NaN is NaN", 0, null),
            ("0 differs from -0", 0, null),
            ("types differ", 1, "assert_equals: expected (number) 1 but got (string) \"1\""),
        }));
    }

    [Test]
    public async Task An_async_test_ends_through_step_timeout_and_step_func_done()
    {
        var run = await RunTestFileAsync("""
            async_test(t => {
              t.step_timeout(() => {
                queueMicrotask(t.step_func_done(() => assert_true(true)));
              }, 10);
            }, "passes later");
            const failing = async_test("fails later");
            setTimeout(failing.step_func_done(() => assert_true(false, "flag")), 5);
            """);

        Assert.That(run.HarnessStatus, Is.EqualTo(0));
        Assert.That(run.Tests, Is.EqualTo(new[]
        {
            ("passes later", 0, (string?)null),
            ("fails later", 1, "assert_true: flag expected true got false"),
        }));
        Assert.That(run.ResultNames, Is.EqualTo(new[] { "fails later", "passes later" }), "results come as tests finish");
    }

    [Test]
    public async Task Promise_tests_resolve_reject_and_run_one_after_another_in_order()
    {
        var run = await RunTestFileAsync("""
            const order = [];
            promise_test(async () => {
              order.push("a start");
              await new Promise(r => setTimeout(r, 20));
              order.push("a end");
            }, "a resolves");
            promise_test(() => {
              order.push("b start");
              return Promise.reject(new TypeError("no good"));
            }, "b rejects");
            promise_test(async () => {
              order.push("c start");
              assert_array_equals(order, ["a start", "a end", "b start", "c start"]);
            }, "c sees the order");
            promise_test(() => Promise.reject(42), "d rejects with a non-error");
            """);

        Assert.That(run.HarnessStatus, Is.EqualTo(0));
        Assert.That(run.Tests, Is.EqualTo(new[]
        {
            ("a resolves", 0, (string?)null),
            ("b rejects", 1, "no good"),
            ("c sees the order", 0, null),
            ("d rejects with a non-error", 1, "promise_test: Unhandled rejection with value: 42"),
        }));
    }

    [Test]
    public async Task Assert_throws_dom_matches_a_name_a_legacy_code_and_reports_a_wrong_name()
    {
        var run = await RunTestFileAsync("""
            test(() => assert_throws_dom("SyntaxError", () => { throw new DOMException("bad", "SyntaxError"); }), "by name");
            test(() => assert_throws_dom(11, () => { throw new DOMException("bad", "InvalidStateError"); }), "by code");
            test(() => assert_throws_dom("NOT_FOUND_ERR", DOMException, () => { throw new DOMException("x", "NotFoundError"); }), "constant and constructor");
            test(() => assert_throws_dom("SyntaxError", () => { throw new DOMException("bad", "InvalidStateError"); }, "parse"), "wrong name");
            test(() => assert_throws_dom("SyntaxError", () => { throw new SyntaxError("js"); }), "a JS SyntaxError is not a DOMException");
            test(() => assert_throws_dom("SyntaxError", () => {}), "no throw");
            test(() => assert_throws_js(TypeError, () => { null.x; }), "throws_js");
            """);

        var tests = run.Tests;
        Assert.That(tests.Select(t => t.Status), Is.EqualTo(new[] { 0, 0, 0, 1, 1, 1, 0 }));
        Assert.That(tests[3].Message, Is.EqualTo(
            "assert_throws_dom: parse threw object \"InvalidStateError: bad\" (\"InvalidStateError\") but expected \"SyntaxError\""));
        Assert.That(tests[4].Message, Does.StartWith("assert_throws_dom: threw object \"SyntaxError: js\""));
        Assert.That(tests[5].Message, Does.StartWith("assert_throws_dom: function ").And.EndWith(" did not throw"));
    }

    [Test]
    public async Task A_test_that_never_finishes_times_out_after_the_per_test_timeout()
    {
        var run = await RunTestFileAsync(
            """
            async_test(() => {}, "hangs");
            promise_test(() => new Promise(() => {}), "hangs too");
            test(() => {}, "sync");
            """,
            preamble: "globalThis.__jsws_test_timeout_ms = 30;");

        Assert.That(run.HarnessStatus, Is.EqualTo(0));
        Assert.That(run.Tests, Is.EqualTo(new[]
        {
            ("hangs", 2, (string?)"Test timed out"),
            ("hangs too", 2, "Test timed out"),
            ("sync", 0, null),
        }));
    }

    [Test]
    public async Task On_a_harness_timeout_pending_tests_time_out_and_the_harness_status_is_TIMEOUT()
    {
        var run = await RunTestFileAsync(
            """
            async_test(() => {}, "pending");
            test(() => {}, "sync");
            """,
            preamble: "globalThis.__jsws_harness_timeout_ms = 30;");

        Assert.That(run.HarnessStatus, Is.EqualTo(2));
        Assert.That(run.Tests, Is.EqualTo(new[] { ("pending", 2, (string?)"Test timed out"), ("sync", 0, null) }));
    }

    [Test]
    public async Task A_top_level_throw_is_a_harness_error_with_its_message()
    {
        var run = await RunTestFileAsync("""
            test(() => {}, "before");
            throw new Error("broken file");
            """);

        Assert.That(run.HarnessStatus, Is.EqualTo(1));
        Assert.That(run.HarnessMessage, Is.EqualTo("broken file"));
        Assert.That(run.Tests, Is.EqualTo(new[] { ("before", 0, (string?)null) }));
    }

    [Test]
    public async Task An_unhandled_rejection_inside_a_promise_test_is_a_harness_error()
    {
        var run = await RunTestFileAsync("""
            promise_test(() => {
              Promise.reject(new Error("forgotten"));
              return new Promise(r => setTimeout(r, 50));
            }, "leaks a rejection");
            """);

        Assert.That(run.HarnessStatus, Is.EqualTo(1));
        Assert.That(run.HarnessMessage, Is.EqualTo("Unhandled rejection: forgotten"));
        Assert.That(run.Tests, Is.EqualTo(new[] { ("leaks a rejection", 3, (string?)null) }));
    }

    [Test]
    public async Task An_uncaught_exception_is_ignored_with_allow_uncaught_exception()
    {
        var run = await RunTestFileAsync("""
            setup({ allow_uncaught_exception: true });
            const t = async_test("sees the error");
            addEventListener("error", t.step_func_done(e => assert_equals(e.error.message, "on purpose")));
            setTimeout(() => { throw new Error("on purpose"); }, 0);
            """);

        Assert.That(run.HarnessStatus, Is.EqualTo(0));
        Assert.That(run.Tests, Is.EqualTo(new[] { ("sees the error", 0, (string?)null) }));
    }

    [Test]
    public async Task With_explicit_done_the_harness_waits_for_done()
    {
        var run = await RunTestFileAsync("""
            setup({ explicit_done: true });
            test(() => {}, "first");
            setTimeout(() => {
              test(() => assert_true(false), "defined later");
              __log("done");
              done();
            }, 20);
            """);

        Assert.That(run.Log, Is.EqualTo(new[] { "done" }));
        Assert.That(run.Tests, Is.EqualTo(new[]
        {
            ("first", 0, (string?)null),
            ("defined later", 1, "assert_true: expected true got false"),
        }));
    }

    [Test]
    public async Task An_EventWatcher_resolves_on_the_awaited_events_and_fails_on_an_unexpected_one()
    {
        var run = await RunTestFileAsync("""
            promise_test(async t => {
              const target = new EventTarget();
              const watcher = new EventWatcher(t, target, ["open", "message"]);
              setTimeout(() => { target.dispatchEvent(new Event("open")); target.dispatchEvent(new Event("message")); }, 0);
              const events = await watcher.wait_for(["open", "message"], { record: "all" });
              assert_array_equals(events.map(e => e.type), ["open", "message"]);
            }, "in order");
            promise_test(async t => {
              const target = new EventTarget();
              const watcher = new EventWatcher(t, target, ["open", "close"]);
              setTimeout(() => target.dispatchEvent(new Event("close")), 0);
              await watcher.wait_for("open");
            }, "wrong event");
            """);

        Assert.That(run.Tests, Is.EqualTo(new[]
        {
            ("in order", 0, (string?)null),
            ("wrong event", 1, "assert_equals: Checking the event type expected \"open\" but got \"close\""),
        }));
    }

    [Test]
    public async Task Cleanups_run_in_registration_order_after_the_result_and_before_the_result_callback()
    {
        var run = await RunTestFileAsync("""
            add_result_callback(t => __log("result " + t.name + " " + t.status));
            test(t => {
              t.add_cleanup(() => __log("cleanup 1"));
              t.add_cleanup(() => __log("cleanup 2"));
              __log("body");
              assert_true(false);
            }, "x");
            """);

        Assert.That(run.Log, Is.EqualTo(new[] { "body", "cleanup 1", "cleanup 2", "result x 1" }));
    }

    [Test]
    public async Task A_failed_assert_implements_optional_is_PRECONDITION_FAILED_and_assert_implements_is_FAIL()
    {
        var run = await RunTestFileAsync("""
            test(() => assert_implements_optional(false, "feature"), "optional");
            test(() => assert_implements(undefined, "feature"), "required");
            """);

        Assert.That(run.Tests, Is.EqualTo(new[]
        {
            ("optional", 4, (string?)"assert_implements_optional: feature expected a truthy value got false"),
            ("required", 1, "assert_implements: feature expected a truthy value got undefined"),
        }));
        Assert.That(run.HarnessStatus, Is.EqualTo(0));
    }

    [Test]
    public async Task Promise_rejects_asserts_check_the_reason()
    {
        var run = await RunTestFileAsync("""
            promise_test(t => promise_rejects_js(t, TypeError, Promise.reject(new TypeError("x"))), "js");
            promise_test(t => promise_rejects_dom(t, "AbortError", Promise.reject(new DOMException("a", "AbortError"))), "dom");
            promise_test(t => promise_rejects_exactly(t, 5, Promise.resolve(5), "value"), "fulfilled");
            """);

        Assert.That(run.Tests, Is.EqualTo(new[]
        {
            ("js", 0, (string?)null),
            ("dom", 0, null),
            ("fulfilled", 1, "promise_rejects_exactly: value Should have rejected"),
        }));
    }

    [Test]
    public async Task A_file_without_tests_completes_OK_at_load()
    {
        var run = await RunTestFileAsync("const nothing = 1;");

        Assert.That(run.HarnessStatus, Is.EqualTo(0));
        Assert.That(run.Tests, Is.Empty);
    }
    [Test]
    public async Task An_exception_reported_while_a_step_runs_fails_that_test()
    {
        var run = await RunTestFileAsync("""
            test(() => {
              const target = new EventTarget();
              target.addEventListener("ping", () => { throw new RangeError("in listener"); });
              target.dispatchEvent(new Event("ping"));
            }, "listener throws");
            test(() => {}, "next");
            """);

        Assert.That(run.HarnessStatus, Is.EqualTo(0));
        Assert.That(run.Tests, Is.EqualTo(new[] { ("listener throws", 1, (string?)"in listener"), ("next", 0, null) }));
    }

    [Test]
    public async Task Failed_asserts_name_the_assert_and_show_the_values()
    {
        var run = await RunTestFileAsync("""
            const cases = [
              () => assert_array_equals([1, 2], [1, 3], "arr"),
              () => assert_array_equals([1], [1, 2]),
              () => assert_approx_equals(1.5, 1, 0.1),
              () => assert_less_than(3, 2),
              () => assert_greater_than_equal(1, 2),
              () => assert_between_exclusive(2, 2, 3),
              () => assert_in_array("c", ["a", "b"]),
              () => assert_regexp_match("abc", /^b/),
              () => assert_class_string([], "Object"),
              () => assert_own_property({}, "x"),
              () => assert_not_own_property({ x: 1 }, "x"),
              () => assert_inherits({ x: 1 }, "x"),
              () => assert_readonly({ x: 1 }, "x"),
              () => assert_throws_exactly(1, () => { throw 2; }),
              () => assert_throws_js(TypeError, () => { throw new RangeError("r"); }),
              () => assert_unreached("here"),
              () => assert_false("no"),
              () => assert_equals("a\nb", "a"),
            ];
            cases.forEach((c, i) => test(c, "case " + i));
            test(() => {
              assert_readonly(globalThis, "undefined");
              assert_inherits(new EventTarget(), "addEventListener");
              assert_idl_attribute(new Event("x"), "type");
              assert_class_string(new EventTarget(), "EventTarget");
              assert_between_inclusive(2, 2, 3);
              assert_approx_equals(1.05, 1, 0.1);
              assert_array_equals([NaN, 0], [NaN, 0]);
            }, "passing asserts");
            """);

        Assert.That(run.Tests.Select(t => t.Message), Is.EqualTo(new string?[]
        {
            "assert_array_equals: arr expected property 1 to be 3 but got 2 (expected array [1, 3] got [1, 2])",
            "assert_array_equals: lengths differ, expected array [1, 2] length 2, got [1] length 1",
            "assert_approx_equals: expected 1 +/- 0.1 but got 1.5",
            "assert_less_than: expected a number less than 2 but got 3",
            "assert_greater_than_equal: expected a number greater than or equal to 2 but got 1",
            "assert_between_exclusive: expected a number greater than 2 and less than 3 but got 2",
            "assert_in_array: value \"c\" not in array [\"a\", \"b\"]",
            "assert_regexp_match: expected object \"/^b/\" but got \"abc\"",
            "assert_class_string: expected \"[object Object]\" but got \"[object Array]\"",
            "assert_own_property: expected property \"x\" missing",
            "assert_not_own_property: unexpected property \"x\" is found on object",
            "assert_inherits: property \"x\" found on object expected in prototype chain",
            "assert_readonly: changing property \"x\" succeeded",
            "assert_throws_exactly: threw 2 but we expected it to throw 1",
            "assert_throws_js: threw object \"RangeError: r\" (\"RangeError\") expected instance of \"TypeError\"",
            "assert_unreached: here Reached unreachable code",
            "assert_false: expected false got \"no\"",
            "assert_equals: expected \"a\" but got \"a\\nb\"",
            null,
        }));
        Assert.That(run.Tests[^1].Status, Is.EqualTo(0));
    }

    [Test]
    public async Task A_setup_function_that_throws_is_a_harness_error_and_later_tests_do_not_run()
    {
        var run = await RunTestFileAsync("""
            setup(() => { throw new Error("no fixture"); });
            test(() => {}, "after setup");
            """);

        Assert.That(run.HarnessStatus, Is.EqualTo(1));
        Assert.That(run.HarnessMessage, Is.EqualTo("setup failed: no fixture"));
        Assert.That(run.Tests, Is.EqualTo(new[] { ("after setup", 3, (string?)null) }));
    }

    [Test]
    public async Task A_sync_test_that_returns_a_promise_fails()
    {
        var run = await RunTestFileAsync("test(async () => {}, \"async body\");");

        Assert.That(run.Tests, Is.EqualTo(new[]
        {
            ("async body", 1, (string?)"test named \"async body\" returned a Promise; did you mean promise_test?"),
        }));
    }
    [Test]
    public async Task Step_wait_resolves_when_the_condition_holds_and_fails_the_test_when_it_never_does()
    {
        var run = await RunTestFileAsync("""
            let ready = false;
            setTimeout(() => { ready = true; }, 30);
            promise_test(async t => {
              await t.step_wait(() => ready, "ready", 2000, 5);
              assert_true(ready);
            }, "waits");
            async_test(t => {
              t.step_wait_func_done(() => false, null, "never", 30, 5);
            }, "gives up");
            """);

        Assert.That(run.Tests, Is.EqualTo(new[]
        {
            ("waits", 0, (string?)null),
            ("gives up", 1, "step_wait: never Timed out waiting on condition"),
        }));
    }
    [Test]
    public async Task A_completion_callback_added_after_completion_is_called_at_once_with_plain_data()
    {
        var run = await RunTestFileAsync("""
            test(function () { this.add_cleanup(() => {}); }, "plain");
            setTimeout(() => add_completion_callback((tests, status) =>
              __log(JSON.stringify(tests) + " " + JSON.stringify(status))), 0);
            """);

        Assert.That(run.Log, Is.EqualTo(new[]
        {
            """[{"name":"plain","status":0,"message":null,"stack":null,"properties":{}}] {"status":0,"message":null,"stack":null}""",
        }));
    }

    [Test]
    public async Task An_optional_feature_missing_in_setup_makes_the_harness_PRECONDITION_FAILED()
    {
        var run = await RunTestFileAsync("""
            setup(() => assert_implements_optional(globalThis.NoSuchThing, "NoSuchThing"));
            test(() => {}, "needs it");
            """);

        Assert.That(run.HarnessStatus, Is.EqualTo(3));
        Assert.That(run.HarnessMessage, Is.EqualTo("assert_implements_optional: NoSuchThing expected a truthy value got undefined"));
        Assert.That(run.Tests, Is.EqualTo(new[] { ("needs it", 3, (string?)null) }));
    }
}
