using JsWebSocketHost.Hosting;

namespace JsWebSocketHost.Tests.Hosting;

[TestFixture]
public sealed class EventLoopOrderTests
{
    [Test]
    public async Task A_resolved_promise_reaction_runs_before_a_zero_delay_timeout()
    {
        await using var run = await ScriptRun.RunAsync("""
            setTimeout(() => console.log("timeout"), 0);
            Promise.resolve().then(() => console.log("then"));
            queueMicrotask(() => console.log("microtask"));
            console.log("script");
            """);

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "script", "then", "microtask", "timeout" }));
    }

    [Test]
    public async Task Microtasks_queued_by_a_timer_run_before_the_next_timer()
    {
        await using var run = await ScriptRun.RunAsync("""
            setTimeout(() => { console.log("t1"); Promise.resolve().then(() => console.log("t1 micro")); }, 0);
            setTimeout(() => console.log("t2"), 0);
            """);

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "t1", "t1 micro", "t2" }));
    }

    [Test]
    public async Task A_timer_that_expires_while_a_task_runs_does_not_overtake_a_message_posted_before_it()
    {
        // The message task is queued at once; the timer expires 5 ms later, while the script still runs.
        await using var run = await ScriptRun.RunAsync("""
            const { port1, port2 } = new MessageChannel();
            port2.onmessage = () => { console.log("message"); port2.close(); };
            port1.postMessage("x");
            setTimeout(() => console.log("timeout"), 5);
            const start = performance.now();
            while (performance.now() - start < 30) { }
            console.log("script");
            """);

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "script", "message", "timeout" }));
    }

    [Test]
    public async Task Timers_with_equal_delays_fire_in_creation_order()
    {
        await using var run = await ScriptRun.RunOnFakeClockAsync("""
            for (let i = 0; i < 20; i++) setTimeout(() => console.log(i), 5);
            """, TimeSpan.FromMilliseconds(1));

        Assert.That(run.OutputLines, Is.EqualTo(Enumerable.Range(0, 20).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Test]
    public async Task Timers_fire_in_due_time_order_regardless_of_creation_order()
    {
        await using var run = await ScriptRun.RunOnFakeClockAsync("""
            setTimeout(() => console.log("30"), 30);
            setTimeout(() => console.log("10"), 10);
            setTimeout(() => console.log("20"), 20);
            """, TimeSpan.FromMilliseconds(1));

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "10", "20", "30" }));
    }

    [Test]
    public async Task Nested_timeouts_are_clamped_to_4_ms_once_nesting_exceeds_5_levels()
    {
        await using var run = await ScriptRun.RunOnFakeClockAsync("""
            const start = performance.now();
            let level = 0;
            function nest() {
              level++;
              console.log(level + "@" + (performance.now() - start));
              if (level < 9) setTimeout(nest, 0);
            }
            setTimeout(nest, 0);
            """, TimeSpan.FromMilliseconds(1));

        // Levels 1-6 run at once; the timeout set from the 6th callback (nesting level 6 > 5) waits 4 ms.
        Assert.That(run.OutputLines, Is.EqualTo(new[] { "1@0", "2@0", "3@0", "4@0", "5@0", "6@0", "7@4", "8@8", "9@12" }));
    }

    [Test]
    public async Task An_interval_repeats_at_its_period_until_cleared()
    {
        await using var run = await ScriptRun.RunOnFakeClockAsync("""
            const start = performance.now();
            let n = 0;
            const id = setInterval(() => { console.log(performance.now() - start); if (++n === 4) clearInterval(id); }, 10);
            """, TimeSpan.FromMilliseconds(1));

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "10", "20", "30", "40" }));
    }

    [Test]
    public async Task ClearInterval_inside_its_own_callback_stops_it_and_lets_the_loop_end()
    {
        await using var run = await ScriptRun.RunOnFakeClockAsync("""
            let n = 0;
            const id = setInterval(() => { n++; console.log("tick " + n); clearInterval(id); }, 1);
            """, TimeSpan.FromMilliseconds(1));

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "tick 1" }));
        Assert.That(run.Result!.Succeeded, Is.True);
    }

    [Test]
    public async Task Timer_callbacks_get_the_extra_arguments_and_the_global_as_this()
    {
        await using var run = await ScriptRun.RunAsync("""
            setTimeout(function (a, b, c) { console.log(a + b + c, this === globalThis); }, 0, "x", "y", "z");
            """);

        Assert.That(run.Output, Is.EqualTo("xyz true\n"));
    }

    [Test]
    public async Task Timer_ids_are_positive_unique_and_shared_between_timeouts_and_intervals()
    {
        await using var run = await ScriptRun.RunAsync("""
            const ids = [setTimeout(() => {}, 0), setInterval(() => {}, 0), setTimeout(() => {}, 0)];
            clearInterval(ids[1]);
            console.log(ids.every(id => Number.isInteger(id) && id > 0), new Set(ids).size);
            """);

        Assert.That(run.Output, Is.EqualTo("true 3\n"));
    }

    [Test]
    public async Task Clearing_an_unknown_or_missing_id_is_a_no_op()
    {
        await using var run = await ScriptRun.RunAsync("""
            clearTimeout(12345); clearInterval(); clearTimeout("nope"); clearTimeout(undefined);
            const id = setTimeout(() => console.log("cleared timer ran"), 0);
            clearInterval(id); // the two kinds share one list of active timers
            console.log("ok");
            """);

        Assert.That(run.Output, Is.EqualTo("ok\n"));
    }

    [Test]
    public async Task A_negative_or_non_numeric_timeout_counts_as_zero()
    {
        await using var run = await ScriptRun.RunOnFakeClockAsync("""
            const start = performance.now();
            setTimeout(() => console.log("neg@" + (performance.now() - start)), -100);
            setTimeout(() => console.log("nan@" + (performance.now() - start)), "soon");
            """, TimeSpan.FromMilliseconds(1));

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "neg@0", "nan@0" }));
    }

    [Test]
    public async Task A_string_handler_runs_as_a_classic_script_by_default_converted_when_the_timer_is_set()
    {
        await using var run = await ScriptRun.RunAsync("""
            const handler = { toString() { console.log("converted"); return "var fromTimer = 1; console.log('ran', this === globalThis)"; } };
            setTimeout(handler, 0);
            console.log("set");
            setTimeout(() => console.log(typeof fromTimer), 1);
            const id = setInterval("console.log('tick'); clearInterval(id)", 0);
            """);

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "converted", "set", "ran true", "tick", "number" }));
    }

    [Test]
    public async Task An_error_in_a_string_handler_is_reported_like_any_uncaught_error()
    {
        await using var run = await ScriptRun.RunAsync("setTimeout('throw new RangeError(\"from string\")', 0);");

        Assert.That(run.Result!.Outcome, Is.EqualTo(ScriptRunOutcome.UncaughtError));
        Assert.That(run.Error, Does.Contain("RangeError: from string"));
    }

    [TestCase(false, true, "AllowStringTimerHandlers", TestName = "A_string_handler_is_a_TypeError_when_string_handlers_are_off")]
    [TestCase(true, false, "AllowStringCompilation", TestName = "A_string_handler_is_a_TypeError_when_string_compilation_is_off_even_with_string_handlers_on")]
    public async Task A_string_handler_is_refused_when_the_host_forbids_compiling_strings(bool stringHandlers, bool stringCompilation, string named)
    {
        await using var run = await ScriptRun.RunAsync("""
            globalThis.ran = false;
            for (const set of [setTimeout, setInterval]) {
              try { set("globalThis.ran = true", 0); console.log("no error"); }
              catch (e) { console.log(e instanceof TypeError, e.message.split("(")[1].split(" ")[0]); }
            }
            setTimeout(() => console.log("ran:", ran), 5);
            """, options =>
            {
                options.AllowStringTimerHandlers = stringHandlers;
                options.AllowStringCompilation = stringCompilation;
            });

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "true " + named, "true " + named, "ran: false" }));
    }

    [Test]
    public async Task The_untrusted_preset_refuses_string_handlers()
    {
        var options = ScriptHostOptions.ForUntrustedScripts();

        Assert.That(options.AllowStringTimerHandlers, Is.False);
        Assert.That(new ScriptHostOptions().AllowStringTimerHandlers, Is.True, "the trusted default runs them, as a browser does");
    }

    [Test]
    public async Task SetTimeout_without_arguments_is_a_TypeError()
    {
        await using var run = await ScriptRun.RunAsync("""
            try { setTimeout(); } catch (e) { console.log(e.constructor.name); }
            """);

        Assert.That(run.Output, Is.EqualTo("TypeError\n"));
    }

    [Test]
    public async Task A_microtask_that_throws_is_reported_as_an_uncaught_error()
    {
        await using var run = await ScriptRun.RunAsync("""
            queueMicrotask(() => { throw new RangeError("from microtask"); });
            """);

        Assert.That(run.Result!.Succeeded, Is.False);
        Assert.That(run.Error, Does.StartWith("Uncaught RangeError: from microtask"));
    }

    [Test]
    public async Task QueueMicrotask_refuses_a_non_callable()
    {
        await using var run = await ScriptRun.RunAsync("""
            try { queueMicrotask(42); } catch (e) { console.log(e instanceof TypeError); }
            """);

        Assert.That(run.Output, Is.EqualTo("true\n"));
    }

    [Test]
    public async Task QueueMicrotask_keeps_working_when_script_replaces_Promise_then()
    {
        await using var run = await ScriptRun.RunAsync("""
            Promise.prototype.then = function () { throw new Error("patched"); };
            queueMicrotask(() => console.log("still queued"));
            """);

        Assert.That(run.Output, Is.EqualTo("still queued\n"));
    }
}
