using System.Collections.Concurrent;
using System.Diagnostics;
using Jint;
using Jint.Native;

namespace JsWebSocketHost.Tests.Hosting;

[TestFixture]
public sealed class EventLoopLifetimeTests
{
    [Test]
    public async Task The_loop_ends_when_no_task_timer_or_hold_is_left()
    {
        await using var run = await ScriptRun.RunAsync("setTimeout(() => console.log('done'), 5);");

        Assert.That(run.Output, Is.EqualTo("done\n"));
        Assert.That(run.Result!.Succeeded, Is.True);
        Assert.That(run.Result.Outcome, Is.EqualTo(JsWebSocketHost.Hosting.ScriptRunOutcome.Drained));
    }

    [Test]
    public async Task A_hold_keeps_the_loop_alive_until_released_from_another_thread()
    {
        await using var run = new ScriptRun();
        run.Host.Loop.AddRef();
        run.Host.EnqueueScript("console.log('script');", "test.js");
        var loop = run.Host.RunAsync();
        await Task.Delay(100);
        Assert.That(loop.IsCompleted, Is.False, "the loop ended while a hold was taken");

        run.Host.Post(engine => engine.Execute("console.log('posted');"));
        run.Host.Loop.Release();
        var result = await loop.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(result.Succeeded, Is.True);
        Assert.That(run.OutputLines, Is.EqualTo(new[] { "script", "posted" }));
    }

    [Test]
    public async Task Ten_thousand_tasks_posted_from_four_threads_run_exactly_once_and_in_order_per_thread()
    {
        const int Threads = 4;
        const int PerThread = 2_500;
        await using var run = new ScriptRun();
        run.Host.EnqueueScript("""
            globalThis.seen = [[], [], [], []];
            globalThis.record = (thread, n) => seen[thread].push(n);
            """, "setup.js");
        run.Host.Loop.AddRef();
        var loop = run.Host.RunAsync();
        var ranOnLoop = new ConcurrentBag<bool>();
        using var start = new Barrier(Threads);
        var posters = Enumerable.Range(0, Threads).Select(thread => Task.Run(() =>
        {
            start.SignalAndWait();
            for (var n = 0; n < PerThread; n++)
            {
                var value = n;
                run.Host.Post(engine =>
                {
                    ranOnLoop.Add(run.Host.Loop.IsOnLoop);
                    engine.Invoke("record", thread, value);
                });
            }
        })).ToArray();
        await Task.WhenAll(posters);
        run.Host.Loop.Release();
        var result = await loop.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(result.Succeeded, Is.True, run.Error);
        run.Host.EnqueueScript("console.log(JSON.stringify(seen.map(s => s.length)), seen.every(s => s.every((v, i) => v === i)));", "check.js");
        await run.Host.RunAsync();
        Assert.That(run.Output, Is.EqualTo("[2500,2500,2500,2500] true\n"));
        Assert.That(ranOnLoop, Has.Count.EqualTo(Threads * PerThread));
        Assert.That(ranOnLoop, Has.All.True);
    }

    [Test]
    public async Task Only_one_thread_runs_script_at_a_time_even_under_concurrent_posts()
    {
        await using var run = new ScriptRun();
        var inside = 0;
        var overlaps = 0;
        run.Host.Loop.AddRef();
        var loop = run.Host.RunAsync();
        var posters = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                run.Host.Post(engine =>
                {
                    if (Interlocked.Increment(ref inside) != 1)
                    {
                        Interlocked.Increment(ref overlaps);
                    }

                    engine.Evaluate("1 + 1");
                    Interlocked.Decrement(ref inside);
                });
            }
        })).ToArray();
        await Task.WhenAll(posters);
        run.Host.Loop.Release();
        await loop.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(overlaps, Is.Zero);
    }

    [Test]
    public async Task Cancellation_stops_a_script_that_never_yields()
    {
        await using var run = new ScriptRun();
        run.Host.EnqueueScript("while (true) {}", "spin.js");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();

        Assert.That(async () => await run.Host.RunAsync(cancel.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public async Task Cancellation_stops_a_loop_kept_alive_by_an_interval()
    {
        await using var run = new ScriptRun();
        run.Host.EnqueueScript("setInterval(() => {}, 10);", "forever.js");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.That(async () => await run.Host.RunAsync(cancel.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task The_host_can_run_again_after_a_cancelled_run()
    {
        await using var run = new ScriptRun();
        run.Host.EnqueueScript("while (true) {}", "spin.js");
        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100)))
        {
            Assert.That(async () => await run.Host.RunAsync(cancel.Token), Throws.InstanceOf<OperationCanceledException>());
        }

        run.Host.EnqueueScript("console.log('second run');", "again.js");
        var result = await run.Host.RunAsync();

        Assert.That(result.Succeeded, Is.True);
        Assert.That(run.Output, Is.EqualTo("second run\n"));
    }

    [Test]
    public async Task Running_the_loop_twice_at_once_is_refused()
    {
        await using var run = new ScriptRun();
        run.Host.Loop.AddRef();
        var first = run.Host.RunAsync();

        Assert.That(async () => await run.Host.RunAsync(), Throws.InvalidOperationException);

        run.Host.Loop.Release();
        await first.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task Posting_to_a_disposed_host_is_refused()
    {
        var run = new ScriptRun();
        await run.DisposeAsync();

        Assert.That(() => run.Host.Post(_ => { }), Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(() => run.Host.EnqueueScript("1"), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public void A_relative_base_url_is_refused_at_the_entry_point()
    {
        Assert.That(() => new JsWebSocketHost.Hosting.ScriptHost(new() { BaseUrl = "/relative" }),
            Throws.ArgumentException.With.Message.Contains("/relative"));
    }

    [Test]
    public async Task Posted_work_runs_with_microtasks_drained_after_it()
    {
        await using var run = new ScriptRun();
        run.Host.Post(engine => engine.Execute("Promise.resolve().then(() => console.log('micro')); console.log('task');"));
        run.Host.Post(engine => engine.Execute("console.log('next task');"));
        await run.Host.RunAsync();

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "task", "micro", "next task" }));
    }

    [Test]
    public async Task Engine_values_cross_back_to_the_host_through_Post()
    {
        await using var run = new ScriptRun();
        JsValue? value = null;
        run.Host.EnqueueScript("globalThis.answer = 6 * 7;", "test.js");
        run.Host.Post(engine => value = engine.GetValue("answer"));
        await run.Host.RunAsync();

        Assert.That(value?.AsNumber(), Is.EqualTo(42));
    }

    [Test]
    public async Task Cleared_timers_do_not_pile_up_in_the_timer_queue()
    {
        await using var run = new ScriptRun();
        run.Host.EnqueueScript("""
            let t = 0;
            for (let i = 0; i < 20000; i++) { clearTimeout(t); t = setTimeout(() => {}, 60000); }
            clearTimeout(t);
            """, "rearm.js");
        await run.Host.RunAsync();

        Assert.That(run.Host.Loop.QueuedTimerEntries, Is.LessThan(1000));
    }
}
