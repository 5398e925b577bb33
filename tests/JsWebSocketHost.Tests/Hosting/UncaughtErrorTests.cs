namespace JsWebSocketHost.Tests.Hosting;

[TestFixture]
public sealed class UncaughtErrorTests
{
    [Test]
    public async Task An_uncaught_error_is_reported_with_its_message_and_location_and_ends_the_run()
    {
        await using var run = await ScriptRun.RunAsync("""
            setTimeout(() => console.log("never"), 50);
            function fail() {
              throw new TypeError("bad thing");
            }
            fail();
            """);

        Assert.That(run.Result!.Succeeded, Is.False);
        Assert.That(run.Result.Outcome, Is.EqualTo(JsWebSocketHost.Hosting.ScriptRunOutcome.UncaughtError));
        Assert.That(run.Result.Error!.Kind, Is.EqualTo("error"));
        Assert.That(run.Result.Error.Message, Is.EqualTo("TypeError: bad thing"));
        Assert.That(run.Error, Does.StartWith("Uncaught TypeError: bad thing\n"));
        Assert.That(run.Error, Does.Contain("test.js:3:"));
        Assert.That(run.Output, Is.Empty, "the run should end before later timers fire");
    }

    [Test]
    public async Task An_error_thrown_in_a_timer_callback_is_reported_with_the_callback_location()
    {
        await using var run = await ScriptRun.RunAsync("""
            setTimeout(function later() {
              null.boom;
            }, 0);
            """);

        Assert.That(run.Result!.Succeeded, Is.False);
        Assert.That(run.Error, Does.StartWith("Uncaught TypeError"));
        Assert.That(run.Error, Does.Contain("test.js:2:"));
    }

    [Test]
    public async Task A_thrown_non_error_value_is_reported_readably()
    {
        await using var run = await ScriptRun.RunAsync("throw 42;");

        Assert.That(run.Result!.Succeeded, Is.False);
        Assert.That(run.Error, Does.StartWith("Uncaught 42"));
    }

    [Test]
    public async Task A_syntax_error_reports_file_line_and_column()
    {
        await using var run = await ScriptRun.RunAsync("let ok = 1;\nlet = = 2;\n");

        Assert.That(run.Result!.Succeeded, Is.False);
        Assert.That(run.Error, Does.Contain("SyntaxError"));
        Assert.That(run.Error, Does.Match(@"test\.js:2:\d+"));
    }

    [Test]
    public async Task An_unhandled_rejection_is_reported_and_ends_the_run()
    {
        await using var run = await ScriptRun.RunAsync("""
            Promise.reject(new Error("nobody caught me"));
            setTimeout(() => console.log("never"), 50);
            """);

        Assert.That(run.Result!.Succeeded, Is.False);
        Assert.That(run.Result.Error!.Kind, Is.EqualTo("unhandledrejection"));
        Assert.That(run.Error, Does.StartWith("Uncaught (in promise) Error: nobody caught me"));
        Assert.That(run.Output, Is.Empty);
    }

    [Test]
    public async Task A_rejection_handled_in_the_same_task_is_not_reported()
    {
        await using var run = await ScriptRun.RunAsync("""
            const p = Promise.reject(new Error("handled later in the task"));
            p.catch(e => console.log("caught: " + e.message));
            """);

        Assert.That(run.Result!.Succeeded, Is.True, run.Error);
        Assert.That(run.Output, Is.EqualTo("caught: handled later in the task\n"));
    }

    [Test]
    public async Task A_rejected_async_function_is_reported()
    {
        await using var run = await ScriptRun.RunAsync("""
            async function main() { await null; throw new Error("async failure"); }
            main();
            """);

        Assert.That(run.Result!.Succeeded, Is.False);
        Assert.That(run.Error, Does.StartWith("Uncaught (in promise) Error: async failure"));
    }

    [Test]
    public async Task An_error_caught_by_the_script_is_not_reported()
    {
        await using var run = await ScriptRun.RunAsync("""
            try { throw new Error("x"); } catch { console.log("caught"); }
            """);

        Assert.That(run.Result!.Succeeded, Is.True);
        Assert.That(run.Error, Is.Empty);
    }

    [Test]
    public async Task Stack_overflow_becomes_a_catchable_RangeError_not_a_crash()
    {
        await using var run = await ScriptRun.RunAsync("""
            function down(n) { return down(n + 1) + 1; }
            try { down(0); } catch (e) { console.log(e instanceof RangeError); }
            """);

        Assert.That(run.Output, Is.EqualTo("true\n"));
    }

    [Test]
    public async Task An_error_event_listener_that_prevents_default_handles_the_error_and_the_run_goes_on()
    {
        await using var run = await ScriptRun.RunAsync("""
            addEventListener("error", e => {
              console.log(e instanceof ErrorEvent, e.message, e.filename, e.lineno, e.colno > 0, e.error instanceof RangeError, e.isTrusted, e.cancelable);
              e.preventDefault();
            });
            setTimeout(() => console.log("later"), 1);
            setTimeout(() => {
              throw new RangeError("handled");
            }, 0);
            """);

        Assert.That(run.Result!.Succeeded, Is.True, run.Error);
        Assert.That(run.OutputLines, Is.EqualTo(new[] { "true Uncaught RangeError: handled test.js 7 true true true true", "later" }));
        Assert.That(run.Error, Is.Empty);
    }

    [Test]
    public async Task An_error_event_listener_that_does_not_prevent_default_sees_the_error_before_it_is_reported()
    {
        await using var run = await ScriptRun.RunAsync("""
            addEventListener("error", e => console.log("saw " + e.error.message));
            throw new Error("reported anyway");
            """);

        Assert.That(run.Result!.Succeeded, Is.False);
        Assert.That(run.Output, Is.EqualTo("saw reported anyway\n"));
        Assert.That(run.Error, Does.StartWith("Uncaught Error: reported anyway"));
    }

    [Test]
    public async Task Onerror_gets_five_arguments_and_returning_true_handles_the_error()
    {
        await using var run = await ScriptRun.RunAsync("""
            onerror = (message, source, lineno, colno, error) => {
              console.log(message, source, lineno, typeof colno, error.message);
              return true;
            };
            throw new Error("five");
            """);

        Assert.That(run.Result!.Succeeded, Is.True, run.Error);
        Assert.That(run.Output, Is.EqualTo("Uncaught Error: five test.js 5 number five\n"));
    }

    [Test]
    public async Task An_error_thrown_by_an_error_listener_is_reported_and_not_dispatched_again()
    {
        await using var run = await ScriptRun.RunAsync("""
            let calls = 0;
            addEventListener("error", () => { calls++; console.log("listener " + calls); throw new Error("from listener"); });
            throw new Error("original");
            """);

        Assert.That(run.Result!.Succeeded, Is.False);
        Assert.That(run.Output, Is.EqualTo("listener 1\n"));
    }

    [Test]
    public async Task An_unhandledrejection_listener_that_prevents_default_handles_the_rejection()
    {
        await using var run = await ScriptRun.RunAsync("""
            const p = Promise.reject(new Error("quiet"));
            addEventListener("unhandledrejection", e => {
              console.log(e instanceof PromiseRejectionEvent, e.promise === p, e.reason.message, e.cancelable);
              e.preventDefault();
            });
            setTimeout(() => console.log("went on"), 1);
            """);

        Assert.That(run.Result!.Succeeded, Is.True, run.Error);
        Assert.That(run.OutputLines, Is.EqualTo(new[] { "true true quiet true", "went on" }));
    }

    [Test]
    public async Task An_exception_in_an_event_listener_is_reported_and_the_next_listener_still_runs()
    {
        await using var run = await ScriptRun.RunAsync("""
            addEventListener("error", e => { console.log("reported: " + e.error.message); e.preventDefault(); });
            const t = new EventTarget();
            t.addEventListener("ping", () => { throw new Error("first listener"); });
            t.addEventListener("ping", () => console.log("second listener ran"));
            t.dispatchEvent(new Event("ping"));
            """);

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "reported: first listener", "second listener ran" }));
        Assert.That(run.Result!.Succeeded, Is.True);
    }

    [Test]
    public async Task An_uncaught_DOMException_is_reported_with_its_name_and_message()
    {
        await using var run = await ScriptRun.RunAsync("new WebSocket('ws://127.0.0.1:1/#fragment');");

        Assert.That(run.Result!.Succeeded, Is.False);
        Assert.That(run.Error, Does.StartWith("Uncaught SyntaxError: Failed to construct 'WebSocket': the URL contains a fragment identifier"));
        Assert.That(run.Error, Does.Contain("test.js:1:"));
    }
}
