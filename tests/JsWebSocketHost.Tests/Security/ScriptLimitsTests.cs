using System.Collections.Concurrent;
using JsWebSocketHost.Hosting;

namespace JsWebSocketHost.Tests.Security;

/// <summary>Scripts that try to take more than the host allows: each run ends cleanly and names the limit.</summary>
[TestFixture]
public sealed class ScriptLimitsTests
{
    private static async Task<(ScriptRun Run, List<ScriptLimitEventArgs> Reports)> RunLimited(string source, Action<ScriptLimits> limits)
    {
        var reports = new ConcurrentQueue<ScriptLimitEventArgs>();
        var run = new ScriptRun(configure: options => limits(options.Limits));
        run.Host.LimitReached += (_, e) => reports.Enqueue(e);
        run.Host.EnqueueScript(source, "test.js");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = await run.Host.RunAsync(timeout.Token);
        run.Result = result;
        return (run, [.. reports]);
    }

    [Test]
    public async Task An_endless_loop_stops_at_the_statement_limit_and_the_result_names_it()
    {
        var (run, reports) = await RunLimited("console.log('start'); while (true) {}", l => l.MaxStatementsPerTask = 10_000);
        await using var _ = run;

        Assert.That(run.Result!.Outcome, Is.EqualTo(ScriptRunOutcome.LimitExceeded));
        Assert.That(run.Result.Limit, Is.EqualTo("MaxStatementsPerTask"));
        Assert.That(run.Result.Message, Does.Contain("10000 statements"));
        Assert.That(run.Output, Is.EqualTo("start\n"));
        Assert.That(reports.Select(r => (r.Limit, r.EndsRun)), Is.EqualTo(new[] { ("MaxStatementsPerTask", true) }));
    }

    [Test]
    public async Task The_statement_limit_applies_to_each_task_not_to_the_whole_run()
    {
        var (run, _) = await RunLimited("""
            let n = 0;
            const id = setInterval(() => { for (let i = 0; i < 300; i++) {} if (++n === 20) { clearInterval(id); console.log('done'); } }, 0);
            """, l => l.MaxStatementsPerTask = 1_000);
        await using var _ = run;

        Assert.That(run.Result!.Outcome, Is.EqualTo(ScriptRunOutcome.Drained), run.Error);
        Assert.That(run.Output, Is.EqualTo("done\n"));
    }

    [Test]
    public async Task A_script_catching_the_statement_limit_cannot_go_on()
    {
        var (run, _) = await RunLimited("""
            try { while (true) {} } catch (e) { console.log('caught'); }
            console.log('after');
            """, l => l.MaxStatementsPerTask = 1_000);
        await using var _ = run;

        Assert.That(run.Result!.Limit, Is.EqualTo("MaxStatementsPerTask"));
        Assert.That(run.Output, Is.Empty);
    }

    [Test]
    public async Task Allocating_without_bound_stops_at_the_memory_limit()
    {
        var (run, reports) = await RunLimited("""
            const keep = [];
            while (true) keep.push(new Array(10000).fill('x'));
            """, l => l.MaxAllocatedBytesPerTask = 16 * 1024 * 1024);
        await using var _ = run;

        Assert.That(run.Result!.Outcome, Is.EqualTo(ScriptRunOutcome.LimitExceeded));
        Assert.That(run.Result.Limit, Is.EqualTo("MaxAllocatedBytesPerTask"));
        Assert.That(reports.Single().Limit, Is.EqualTo("MaxAllocatedBytesPerTask"));
    }

    [Test]
    public async Task Allocating_from_promise_jobs_stops_at_the_memory_limit_too()
    {
        var (run, _) = await RunLimited("""
            const keep = [];
            function grow() { keep.push('y'.repeat(100000) + keep.length); return Promise.resolve().then(grow); }
            grow();
            """, l => l.MaxAllocatedBytesPerTask = 16 * 1024 * 1024);
        await using var _ = run;

        Assert.That(run.Result!.Limit, Is.EqualTo("MaxAllocatedBytesPerTask"));
    }

    [Test]
    public async Task Deep_recursion_stops_at_the_recursion_limit_and_script_cannot_catch_it()
    {
        var (run, _) = await RunLimited("""
            function down(n) { return down(n + 1) + 1; }
            try { down(0); } catch (e) { console.log('caught ' + e); }
            """, l => l.MaxRecursionDepth = 100);
        await using var _ = run;

        Assert.That(run.Result!.Outcome, Is.EqualTo(ScriptRunOutcome.LimitExceeded));
        Assert.That(run.Result.Limit, Is.EqualTo("MaxRecursionDepth"));
        Assert.That(run.Output, Is.Empty);
    }

    [Test]
    public async Task A_task_that_runs_too_long_stops_at_the_task_timeout()
    {
        var (run, _) = await RunLimited("setTimeout(() => { while (true) {} }, 0);", l => l.TaskTimeout = TimeSpan.FromMilliseconds(200));
        await using var _ = run;

        Assert.That(run.Result!.Outcome, Is.EqualTo(ScriptRunOutcome.LimitExceeded));
        Assert.That(run.Result.Limit, Is.EqualTo("TaskTimeout"));
    }

    [Test]
    public async Task A_run_that_never_drains_stops_at_the_run_timeout_and_its_timers_are_cleared()
    {
        var (run, reports) = await RunLimited("setInterval(() => {}, 10); setTimeout(() => console.log('late'), 5000);",
            l => l.RunTimeout = TimeSpan.FromMilliseconds(300));
        await using var _ = run;

        Assert.That(run.Result!.Outcome, Is.EqualTo(ScriptRunOutcome.TimedOut));
        Assert.That(run.Result.Limit, Is.EqualTo("RunTimeout"));
        Assert.That(reports.Single().EndsRun, Is.True);
        Assert.That(run.Host.Timers.ActiveCount, Is.Zero);
        Assert.That(run.Output, Is.Empty);

        // Nothing is left to run: the next run drains at once.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var again = await run.Host.RunAsync(timeout.Token);
        Assert.That(again.Outcome, Is.EqualTo(ScriptRunOutcome.Drained));
        Assert.That(run.Output, Is.Empty);
    }

    [Test]
    public async Task The_run_timeout_also_stops_a_script_that_never_yields()
    {
        var (run, _) = await RunLimited("while (true) {}", l => l.RunTimeout = TimeSpan.FromMilliseconds(300));
        await using var _ = run;

        Assert.That(run.Result!.Outcome, Is.EqualTo(ScriptRunOutcome.TimedOut));
    }

    [Test]
    public async Task Too_many_timers_throw_a_catchable_QuotaExceededError_and_the_host_is_told()
    {
        var (run, reports) = await RunLimited("""
            const ids = [];
            for (let i = 0; i < 5; i++) ids.push(setTimeout(() => {}, 1));
            try { setTimeout(() => {}, 1); } catch (e) { console.log(e.name, e instanceof DOMException); }
            try { setInterval(() => {}, 1); } catch (e) { console.log(e.name); }
            clearTimeout(ids[0]);
            setTimeout(() => console.log('room again'), 20);
            """, l => l.MaxTimers = 5);
        await using var _ = run;

        Assert.That(run.Result!.Outcome, Is.EqualTo(ScriptRunOutcome.Drained), run.Error);
        Assert.That(run.OutputLines, Is.EqualTo(new[] { "QuotaExceededError true", "QuotaExceededError", "room again" }));
        Assert.That(reports.Select(r => (r.Limit, r.EndsRun)), Is.EqualTo(new[] { ("MaxTimers", false), ("MaxTimers", false) }));
    }

    [Test]
    public async Task Nothing_of_a_task_stopped_at_a_limit_runs_after_it_not_even_its_microtasks()
    {
        var (run, _) = await RunLimited("""
            Promise.resolve().then(() => {
              console.log('microtask ran');
              setTimeout(() => console.log('timer from the microtask'), 0);
              new WebSocket('ws://127.0.0.1:1/');
            });
            while (true) {}
            """, l => l.MaxStatementsPerTask = 10_000);
        await using var _ = run;

        Assert.That(run.Result!.Limit, Is.EqualTo("MaxStatementsPerTask"));
        Assert.That(run.Output, Is.Empty);
        Assert.That(run.Host.Timers.ActiveCount, Is.Zero);
        var again = await run.Host.RunAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        Assert.That(again.Outcome, Is.EqualTo(ScriptRunOutcome.Drained));
        Assert.That(run.Output, Is.Empty, "no timer or socket of the stopped task survives into the next run");
    }

    [Test]
    public async Task Every_listener_of_one_event_shares_the_task_statement_budget()
    {
        await using var run = new ScriptRun(configure: o => o.Limits.MaxStatementsPerTask = 5_000);
        run.Host.EnqueueScript("""
            for (let i = 0; i < 5; i++) addEventListener('work', () => { let x = 0; for (let j = 0; j < 1500; j++) { x++; } console.log('listener ' + i); });
            """, "test.js");
        run.Host.DispatchEvent("work");

        var result = await run.Host.RunAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        // One listener fits (about 3,000 statements), five do not: the budget is the task's, not each call's.
        Assert.That(result.Limit, Is.EqualTo("MaxStatementsPerTask"));
        Assert.That(run.OutputLines.Length, Is.InRange(1, 4));
    }

    [Test]
    public async Task Every_listener_of_one_event_shares_the_task_time_budget()
    {
        await using var run = new ScriptRun(configure: o => o.Limits.TaskTimeout = TimeSpan.FromMilliseconds(500));
        run.Host.EnqueueScript("""
            for (let i = 0; i < 5; i++) addEventListener('work', () => { const until = performance.now() + 200; while (performance.now() < until) {} console.log('listener ' + i); });
            """, "test.js");
        run.Host.DispatchEvent("work");

        var result = await run.Host.RunAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.That(result.Limit, Is.EqualTo("TaskTimeout"));
        Assert.That(run.OutputLines.Length, Is.InRange(1, 3));
    }

    [Test]
    public async Task Untrusted_preset_bounds_an_endless_loop_and_refuses_eval()
    {
        var stdout = new StringWriter();
        var options = ScriptHostOptions.ForUntrustedScripts();
        options.StandardOutput = stdout;
        options.StandardError = new StringWriter();
        await using var host = new ScriptHost(options);
        host.EnqueueScript("try { eval('1'); } catch (e) { console.log(e.name); } while (true) {}");

        var result = await host.RunAsync();

        Assert.That(stdout.ToString(), Does.StartWith("EvalError").Or.StartWith("TypeError"));
        Assert.That(result.Outcome, Is.EqualTo(ScriptRunOutcome.LimitExceeded));
        Assert.That(result.Limit, Is.AnyOf("MaxStatementsPerTask", "TaskTimeout"));
    }
}
