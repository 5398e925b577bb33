using JsWebSocketHost.Hosting;

namespace JsWebSocketHost.Tests.Hosting;

/// <summary>
/// End-of-task work (a socket's sends) held back while later tasks of the same batch run: when it runs, and that it
/// always runs exactly once. A batch is made by posting several tasks from one task.
/// </summary>
[TestFixture]
public sealed class EventLoopSendDeferralTests
{
    [Test]
    public async Task Work_a_task_schedules_runs_once_after_the_last_task_of_its_batch_has_started()
    {
        await using var run = new ScriptRun();
        var work = new RecordingWork(run.Host.Loop);
        var seenByLaterTasks = new List<int>();
        long lastTask = 0;
        run.Host.Post(_ => PostBatch(run,
            _ => run.Host.Loop.ScheduleAtEndOfTask(work),
            _ => seenByLaterTasks.Add(work.Runs),
            _ => { seenByLaterTasks.Add(work.Runs); lastTask = run.Host.Loop.TaskNumber; }));

        var result = await run.Host.RunAsync(Bounded());

        Assert.That(result.Succeeded, Is.True, run.Error);
        Assert.That(seenByLaterTasks, Is.EqualTo(new[] { 0, 0 }), "held back while the batch runs");
        Assert.That(work.RanInTasks, Is.EqualTo(new[] { lastTask }), "run once, at the end of the batch");
    }

    [Test]
    public async Task Work_of_the_only_task_of_a_batch_runs_at_the_end_of_that_task()
    {
        await using var run = new ScriptRun();
        var work = new RecordingWork(run.Host.Loop);
        long task = 0;
        run.Host.Post(_ => PostBatch(run, _ => { run.Host.Loop.ScheduleAtEndOfTask(work); task = run.Host.Loop.TaskNumber; }));

        var result = await run.Host.RunAsync(Bounded());

        Assert.That(result.Succeeded, Is.True, run.Error);
        Assert.That(work.RanInTasks, Is.EqualTo(new[] { task }));
    }

    [Test]
    public async Task Work_asked_to_go_out_at_the_end_of_its_task_is_not_held_back()
    {
        await using var run = new ScriptRun();
        var work = new RecordingWork(run.Host.Loop);
        var seenByNextTask = -1;
        long task = 0;
        run.Host.Post(_ => PostBatch(run,
            _ =>
            {
                run.Host.Loop.ScheduleAtEndOfTask(work);
                run.Host.Loop.FlushAtEndOfTask();
                task = run.Host.Loop.TaskNumber;
            },
            _ => seenByNextTask = work.Runs));

        var result = await run.Host.RunAsync(Bounded());

        Assert.That(result.Succeeded, Is.True, run.Error);
        Assert.That(work.RanInTasks, Is.EqualTo(new[] { task }));
        Assert.That(seenByNextTask, Is.EqualTo(1));
    }

    [Test]
    public async Task Held_back_work_runs_between_statements_of_a_long_task_once_it_is_due()
    {
        await using var run = new ScriptRun();
        var work = new RecordingWork(run.Host.Loop);
        var runsDuringTheLongTask = -1;
        run.Host.Post(engine =>
        {
            engine.SetValue("workRuns", new Func<int>(() => work.Runs));
            engine.SetValue("report", new Action<int>(runs => runsDuringTheLongTask = runs));
            PostBatch(run,
                _ => run.Host.Loop.ScheduleAtEndOfTask(work),
                e => e.Evaluate("""
                    const until = performance.now() + 3000;
                    let runs = 0;
                    while (performance.now() < until) { if ((runs = workRuns()) > 0) break; }
                    report(runs);
                    """));
        });

        var result = await run.Host.RunAsync(Bounded());

        Assert.That(result.Succeeded, Is.True, run.Error);
        Assert.That(runsDuringTheLongTask, Is.EqualTo(1), "the long task saw the work run");
        Assert.That(work.RanInTasks, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Work_held_back_from_an_earlier_task_still_runs_when_a_limit_ends_the_run_in_a_later_one()
    {
        await using var run = new ScriptRun();
        var earlier = new RecordingWork(run.Host.Loop);
        var halting = new RecordingWork(run.Host.Loop);
        long haltingTask = 0;
        run.Host.Post(_ => PostBatch(run,
            _ => run.Host.Loop.ScheduleAtEndOfTask(earlier),
            _ =>
            {
                haltingTask = run.Host.Loop.TaskNumber;
                run.Host.Loop.ScheduleAtEndOfTask(halting);
                throw new Jint.Runtime.MemoryLimitExceededException("memory limit hit");
            },
            _ => Assert.Fail("a task after the limit ran")));

        var result = await run.Host.RunAsync(Bounded());

        Assert.That(result.Outcome, Is.EqualTo(ScriptRunOutcome.LimitExceeded), run.Error);
        Assert.That(earlier.RanInTasks, Is.EqualTo(new[] { haltingTask }), "the earlier task's work ran, once, when the limit hit");
        Assert.That(halting.RanInTasks, Is.Empty, "the halting task's own work is dropped");
    }

    [Test]
    public async Task Work_held_back_when_the_loop_is_stopped_mid_batch_runs_before_the_loop_returns()
    {
        await using var run = new ScriptRun();
        var work = new RecordingWork(run.Host.Loop);
        using var stop = new CancellationTokenSource();
        var ranBeforeTheNextBatch = -1;
        run.Host.Post(_ => PostBatch(run,
            _ => run.Host.Loop.ScheduleAtEndOfTask(work),
            _ => stop.Cancel(),
            _ => ranBeforeTheNextBatch = work.Runs));

        Assert.That(async () => await run.Host.RunAsync(stop.Token), Throws.InstanceOf<OperationCanceledException>());

        Assert.That(work.RanInTasks, Has.Count.EqualTo(1), "ran once, when the run was cancelled");
        Assert.That(ranBeforeTheNextBatch, Is.EqualTo(-1), "the task after the cancel did not run in this run");
    }

    private static void PostBatch(ScriptRun run, params Action<Jint.Engine>[] tasks)
    {
        foreach (var task in tasks)
        {
            run.Host.Post(task);
        }
    }

    private static CancellationToken Bounded() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private sealed class RecordingWork(EventLoop loop) : IEndOfTaskWork
    {
        public List<long> RanInTasks { get; } = [];

        public int Runs => RanInTasks.Count;

        public void RunAtEndOfTask() => RanInTasks.Add(loop.TaskNumber);
    }
}
