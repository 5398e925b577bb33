using JsWebSocketHost.Hosting;

namespace JsWebSocketHost.Tests.Hosting;

/// <summary>
/// <see cref="ScriptHost.InterruptCurrentTask"/>: a task that never yields is stopped, no script can catch it, and the
/// run goes on with later tasks; asked for while nothing runs, it stops nothing later.
/// </summary>
[TestFixture]
public sealed class InterruptCurrentTaskTests
{
    [Test]
    public async Task A_task_that_never_yields_is_stopped_uncatchably_and_the_run_goes_on()
    {
        await using var run = new ScriptRun();
        run.Host.EnqueueScript("""
            globalThis.spins = 0;
            setTimeout(() => console.log("the next task ran after " + (spins > 0 ? "some" : "no") + " spins"), 0);
            try { while (true) { spins++; } } catch (e) { console.log("caught: should not happen"); } finally { console.log("finally: should not happen"); }
            """, "spin.js");
        var running = run.Host.RunAsync();
        await Task.Delay(300);

        run.Host.InterruptCurrentTask();
        var result = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(result.Outcome, Is.EqualTo(ScriptRunOutcome.Drained), run.Error);
        Assert.That(result.Errors, Is.Empty, "an interrupt is not an error of the script");
        Assert.That(run.OutputLines, Is.EqualTo(new[] { "the next task ran after some spins" }));
    }

    [Test]
    public async Task An_interrupt_asked_for_while_nothing_runs_stops_nothing_later()
    {
        await using var run = new ScriptRun();
        run.Host.InterruptCurrentTask();
        run.Host.EnqueueScript("let sum = 0; for (let i = 0; i < 100000; i++) sum += i; console.log(sum);", "sum.js");

        var result = await run.Host.RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(result.Outcome, Is.EqualTo(ScriptRunOutcome.Drained), run.Error);
        Assert.That(run.OutputLines, Is.EqualTo(new[] { "4999950000" }));
    }
}
