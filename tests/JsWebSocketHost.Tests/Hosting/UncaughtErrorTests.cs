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
        Assert.That(run.Result.ExitCode, Is.EqualTo(1));
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
}
