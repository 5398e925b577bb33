using System.Collections.Concurrent;
using System.Text.Json;
using Jint.Runtime;
using JsWebSocketHost.Hosting;

namespace JsWebSocketHost.Tests.Hosting;

/// <summary>
/// What a script can make the host pay when values cross to .NET (the conversion budget, shared objects), and how
/// evaluations end when a limit fires while they convert or when the host is disposed under them.
/// </summary>
[TestFixture]
public sealed class HostInteropLimitsTests
{
    private const string TooManyValues = "The value is too large to pass to the host: more than 1000000 values.";

    // Prints what a call gave: "ok", or the error's constructor and message.
    private const string Attempt = """
        const attempt = (f) => { try { f(); return "ok"; } catch (e) { return e.constructor.name + ": " + e.message; } };
        """;

    private static CancellationToken Bounded() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    // o = [o, o] `levels` times over a leaf: `levels` arrays in memory, 2^levels leaves when read as a tree.
    private static string Doubling(int levels, string leaf = "1") =>
        $"let o = {leaf}; for (let i = 0; i < {levels}; i++) o = [o, o];\n";

    private static async Task<ScriptRun> RunAsync(string source, Action<ScriptHostOptions>? configure, params (string Name, object? Value)[] globals)
    {
        var run = new ScriptRun(configure: configure);
        foreach (var (name, value) in globals)
        {
            run.Host.SetGlobal(name, value);
        }

        run.Host.EnqueueScript(source, "test.js");
        run.Result = await run.Host.RunAsync(Bounded());
        Assert.That(run.Result.Succeeded, Is.True, run.Error);
        return run;
    }

    // ---- The conversion budget and shared objects ----

    [Test]
    public async Task A_DAG_that_doubles_thirty_times_is_refused_at_the_value_budget_instead_of_being_copied_per_path()
    {
        var seen = new List<object?>();
        await using var run = await RunAsync(
            Attempt + Doubling(30) + "console.log(attempt(() => take(o)));", null, ("take", new Action<object?>(seen.Add)));

        Assert.That(run.Output, Is.EqualTo("TypeError: Failed to execute 'take': parameter 1: " + TooManyValues + "\n"));
        Assert.That(seen, Is.Empty);
    }

    [Test]
    public async Task EvaluateAsync_of_a_value_past_the_budget_faults_with_an_InvalidCastException_naming_it()
    {
        await using var run = new ScriptRun();
        var plain = run.Host.EvaluateAsync<object>("{ " + Doubling(30) + "o }");
        var json = run.Host.EvaluateAsync<JsonElement>("{ " + Doubling(30) + "o }");
        var result = await run.Host.RunAsync(Bounded());

        Assert.That(result.Succeeded, Is.True, run.Error);
        Assert.That(async () => await plain, Throws.InstanceOf<InvalidCastException>().With.Message.EqualTo(
            "EvaluateAsync<Object>: the script's result cannot be converted. " + TooManyValues));
        Assert.That(async () => await json, Throws.InstanceOf<InvalidCastException>().With.Message.EndsWith(TooManyValues));
    }

    [Test]
    public async Task A_deep_DAG_within_the_budget_reads_each_shared_object_once_and_its_copy_shares_it_too()
    {
        var seen = new List<object?>();
        await using var run = await RunAsync(
            "let reads = 0;\n" + Doubling(18, "{ get leaf() { reads++; return true; } }") + "take(o); console.log('reads', reads);",
            null, ("take", new Action<object?>(seen.Add)));

        Assert.That(run.Output, Is.EqualTo("reads 1\n"), "the getter runs once, not once per path (2^18)");
        var node = seen.Single();
        for (var level = 0; level < 18; level++)
        {
            var list = (List<object?>)node!;
            Assert.That(list, Has.Count.EqualTo(2));
            Assert.That(list[1], Is.SameAs(list[0]), $"level {level}");
            node = list[0];
        }

        Assert.That(node, Is.EqualTo(new Dictionary<string, object?> { ["leaf"] = true }));
    }

    [Test]
    public async Task A_wide_DAG_gives_one_dotnet_copy_of_the_shared_object_and_JSON_writes_it_at_every_path()
    {
        var seen = new List<object?>();
        await using var run = await RunAsync(
            """
            let reads = 0;
            const shared = { get n() { reads++; return 1; }, list: [1, 2] };
            take(Array.from({ length: 10000 }, () => shared));
            console.log("reads", reads);
            """, null, ("take", new Action<object?>(seen.Add)));
        var json = run.Host.EvaluateAsync<JsonElement>("({ a: shared, b: [shared] })");
        var result = await run.Host.RunAsync(Bounded());

        Assert.That(result.Succeeded, Is.True, run.Error);
        Assert.That(run.Output, Is.EqualTo("reads 1\n"));
        var items = (List<object?>)seen.Single()!;
        Assert.That(items, Has.Count.EqualTo(10000));
        Assert.That(items, Is.All.SameAs(items[0]));
        Assert.That(items[0], Is.EqualTo(new Dictionary<string, object?> { ["n"] = 1.0, ["list"] = new List<object?> { 1.0, 2.0 } }));
        Assert.That((await json).GetRawText(), Is.EqualTo("""{"a":{"n":1,"list":[1,2]},"b":[{"n":1,"list":[1,2]}]}"""));
    }

    [Test]
    public async Task A_shared_object_reached_again_at_a_greater_depth_is_still_held_to_the_nesting_limit()
    {
        await using var run = await RunAsync(
            Attempt +
            """
            const deep = {}; // 200 levels of objects
            for (let i = 1, current = deep; i < 200; i++) current = current.x = {};
            const within = (value, levels) => { for (let i = 0; i < levels; i++) value = [value]; return value; };
            console.log(attempt(() => take([deep, within(deep, 55)])));
            console.log(attempt(() => take([deep, within(deep, 56)])));
            """, null, ("take", new Action<object?>(_ => { })));

        Assert.That(run.OutputLines[0], Is.EqualTo("ok"), "the deepest object is at level 1 + 55 + 199 = 255");
        Assert.That(run.OutputLines[1], Does.StartWith("TypeError: Failed to execute 'take': parameter 1: The value at [1]")
            .And.EndWith(" nests arrays or objects deeper than 256 levels."));
    }

    [Test]
    public async Task The_value_budget_counts_a_shared_object_once_per_path_and_spans_every_argument_of_a_call()
    {
        var calls = 0;
        await using var run = await RunAsync(
            Attempt + Doubling(18) + // 2^19 - 1 = 524,287 values as a tree
            """
            console.log(attempt(() => take(o)));
            console.log(attempt(() => take([o, o])));
            console.log(attempt(() => takeTwo(o, o)));
            console.log(attempt(() => take(new Array(999999).fill(0))));
            console.log(attempt(() => take(new Array(1000000).fill(0))));
            const sparse = []; sparse.length = 2 ** 24;
            console.log(attempt(() => take(sparse)));
            """, null,
            ("take", new Action<object?>(_ => calls++)), ("takeTwo", new Action<object?, object?>((_, _) => calls++)));

        var refused = "TypeError: Failed to execute 'take': parameter 1: " + TooManyValues;
        Assert.That(run.OutputLines, Is.EqualTo(new[]
        {
            "ok", refused, "TypeError: Failed to execute 'takeTwo': parameter 2: " + TooManyValues, "ok", refused, refused,
        }));
        Assert.That(calls, Is.EqualTo(2));
    }

    [Test]
    public async Task Strings_and_bytes_are_charged_to_a_byte_budget_of_MaxAllocatedBytesPerTask()
    {
        // One task each, so that the script's own allocations stay under the limit.
        await using var run = await RunAsync(
            Attempt +
            """
            setTimeout(() => {
              const s = "x".repeat(1 << 19); // 1 MiB as .NET chars
              console.log(attempt(() => take([s, s, s, s])), attempt(() => take([s, s, s, s, "y"])));
            });
            setTimeout(() => {
              const b = new Uint8Array(1 << 19);
              console.log(attempt(() => take(Array(8).fill(b))), attempt(() => take([...Array(8).fill(b), "y"])));
            });
            """, options => options.Limits.MaxAllocatedBytesPerTask = 4 << 20, ("take", new Action<object?>(_ => { })));

        var refused = "TypeError: Failed to execute 'take': parameter 1: The value is too large to pass to the host: "
            + "more than 4194304 bytes of strings and binary data.";
        Assert.That(run.OutputLines, Is.EqualTo(new[] { "ok " + refused, "ok " + refused }));
    }

    [Test]
    public async Task Without_an_allocation_limit_the_byte_budget_is_64_MiB_for_all_arguments_of_a_call_together()
    {
        await using var run = await RunAsync(
            Attempt +
            """
            const b = new Uint8Array(16 << 20);
            console.log(attempt(() => take([b, b, b, b])), attempt(() => take([b, b, b, b, new Uint8Array(1)])));
            console.log(attempt(() => withBytes([b, b, b], b)), attempt(() => withBytes([b, b, b, b], new Uint8Array(1))));
            console.log(attempt(() => withText([b, b, b, b], "")), attempt(() => withText([b, b, b, b], "y")));
            """, null,
            ("take", new Action<object?>(_ => { })), ("withBytes", new Action<object?, byte[]>((_, _) => { })),
            ("withText", new Action<object?, string>((_, _) => { })));

        const string TooManyBytes = "The value is too large to pass to the host: more than 67108864 bytes of strings and binary data.";
        Assert.That(run.OutputLines, Is.EqualTo(new[]
        {
            "ok TypeError: Failed to execute 'take': parameter 1: " + TooManyBytes,
            "ok TypeError: Failed to execute 'withBytes': parameter 2: " + TooManyBytes,
            "ok TypeError: Failed to execute 'withText': parameter 2: " + TooManyBytes,
        }));
    }

    // ---- A limit reached while an evaluation converts or describes its result ----

    [Test]
    public async Task A_limit_reached_by_a_getter_of_an_evaluations_result_fails_it_and_releases_the_loop()
    {
        await AssertLimitFailsEvaluationAsync("({ get x() { for (;;) {} } })");
    }

    [Test]
    public async Task A_limit_reached_by_a_then_getter_of_an_evaluations_result_fails_it_and_releases_the_loop()
    {
        await AssertLimitFailsEvaluationAsync("({ get then() { for (;;) {} } })");
    }

    [Test]
    public async Task A_limit_reached_while_a_rejection_reason_is_described_fails_the_evaluation_and_releases_the_loop()
    {
        await AssertLimitFailsEvaluationAsync("""
            const spin = () => { for (;;) {} };
            const error = new Error("x");
            Object.setPrototypeOf(error, new Proxy(Error.prototype, { getPrototypeOf: spin, ownKeys: spin, getOwnPropertyDescriptor: spin }));
            Promise.reject(error)
            """);
    }

    [Test]
    public async Task A_then_getter_that_throws_still_rejects_the_evaluation_with_its_error()
    {
        await using var run = new ScriptRun();
        var evaluation = run.Host.EvaluateAsync<int>("({ get then() { throw new RangeError('no then'); } })");
        var result = await run.Host.RunAsync(Bounded());

        Assert.That(result.Succeeded, Is.True, run.Error);
        var error = Assert.ThrowsAsync<ScriptException>(async () => await evaluation);
        Assert.That(error!.Message, Is.EqualTo("RangeError: no then"));
        Assert.That(error.Kind, Is.EqualTo("rejection"));
    }

    // ---- EvaluateAsync racing DisposeAsync ----

    [Test]
    public async Task EvaluateAsync_racing_DisposeAsync_either_throws_or_gives_a_task_that_the_disposal_completes()
    {
        var pending = 0;
        var evaluations = 0;
        for (var trial = 0; trial < 100; trial++)
        {
            var run = new ScriptRun();
            var tasks = new ConcurrentQueue<Task<int>>();
            using var started = new ManualResetEventSlim();
            var caller = Task.Run(() =>
            {
                while (true)
                {
                    try
                    {
                        tasks.Enqueue(run.Host.EvaluateAsync<int>("1"));
                    }
                    catch (ObjectDisposedException)
                    {
                        return;
                    }

                    started.Set();
                }
            });
            started.Wait(TimeSpan.FromSeconds(10));
            await run.DisposeAsync();
            await caller.WaitAsync(TimeSpan.FromSeconds(10));

            evaluations += tasks.Count;
            pending += tasks.Count(t => !t.IsCompleted);
            Assert.That(tasks.Where(t => t.IsCompleted).Select(t => t.Exception?.InnerException), Is.All.InstanceOf<ObjectDisposedException>());
        }

        Assert.That(evaluations, Is.GreaterThan(100));
        Assert.That(pending, Is.Zero, "an evaluation the disposal did not see is never run");
    }

    // Runs an evaluation with a statement limit: the run ends at the limit, the evaluation fails with the limit's
    // exception, and the loop is no longer held (a later run drains).
    private static async Task AssertLimitFailsEvaluationAsync(string code)
    {
        await using var run = new ScriptRun(configure: options => options.Limits.MaxStatementsPerTask = 10_000);
        var evaluation = run.Host.EvaluateAsync<object>(code);
        var result = await run.Host.RunAsync(Bounded()).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.That(result.Outcome, Is.EqualTo(ScriptRunOutcome.LimitExceeded), run.Error);
        Assert.That(result.Limit, Is.EqualTo(nameof(ScriptLimits.MaxStatementsPerTask)));
        Assert.That(async () => await evaluation.WaitAsync(TimeSpan.FromSeconds(5)), Throws.InstanceOf<StatementsCountOverflowException>());

        run.Host.EnqueueScript("console.log('again');", "again.js");
        var again = await run.Host.RunAsync(Bounded()).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(again.Succeeded, Is.True, run.Error);
        Assert.That(run.Output, Is.EqualTo("again\n"));
    }
}
