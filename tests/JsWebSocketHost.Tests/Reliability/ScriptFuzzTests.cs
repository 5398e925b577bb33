using System.Globalization;
using System.Text.Json;
using JsWebSocketHost.Hosting;
using JsWebSocketHost.TestServer;

namespace JsWebSocketHost.Tests.Reliability;

/// <summary>
/// Script-side fuzzing (issue 15): random values, made by a seeded generator in the script itself
/// (Reliability/script-fuzzer.js), go into the WebSocket, event, Blob/File, URL and encoding APIs. Only the
/// exceptions the specs name may reach the script, errors the fuzzer's own getters throw pass through unchanged, and
/// the host survives: the run drains, a follow-up script still works, and no task exception goes unobserved.
/// </summary>
/// <remarks>
/// <c>JSWS_FUZZ_SEED</c> and <c>JSWS_FUZZ_ITERATIONS</c> change the seed (or <c>random</c>) and the number of calls;
/// a failure names its seed and the calls that went wrong.
/// </remarks>
[TestFixture]
public sealed class ScriptFuzzTests
{
    private const uint DefaultSeed = 20250115;
    private const int DefaultIterations = 3000;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private WebSocketTestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await WebSocketTestServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task Random_arguments_to_the_web_APIs_throw_only_the_exceptions_the_specs_name_and_the_host_survives()
    {
        var seed = FuzzSettings.Seed(DefaultSeed);
        var iterations = FuzzSettings.Count("JSWS_FUZZ_ITERATIONS", DefaultIterations);
        var context = $"seed {seed}, {iterations} calls. " + FuzzSettings.RerunHint(seed, "JSWS_FUZZ_ITERATIONS", iterations);
        using var unobserved = new UnobservedTaskExceptions();

        var (report, followUp) = await FuzzAsync(seed, iterations, selfTest: false, context);

        Assert.That(report.GetProperty("failureCount").GetInt32(), Is.Zero, () => "Calls that went wrong, " + context + "\n" + Failures(report));
        Assert.That(report.GetProperty("iterations").GetInt32(), Is.EqualTo(iterations), context);
        Assert.That(followUp, Is.EqualTo(FollowUpOutput), "a script run after the fuzzer, " + context);
        AssertCoverage(report, context);
        Assert.That(unobserved.Collect(), Is.Empty, "unobserved task exceptions, " + context);
        await TestContext.Out.WriteLineAsync($"script fuzzer: {context} {Summary(report)}");
    }

    [Test]
    public async Task The_fuzzers_judge_refuses_internal_error_text_forged_sentinels_and_exceptions_no_spec_names()
    {
        var (report, _) = await FuzzAsync(seed: 7, iterations: 100, selfTest: true, "self-test");

        var failures = report.GetProperty("failures").EnumerateArray()
            .Select(f => f.GetProperty("api").GetString() + ": " + f.GetProperty("got").GetString())
            .ToList();
        Assert.That(failures, Is.EqualTo(new[]
        {
            "self-test 0: not an exception the specs name: [object Error] name=Error message=Object reference not set to an instance of an object.",
            "self-test 1: internal text in the message: [object Error] name=TypeError message=System.NullReferenceException: boom",
            "self-test 2: a FuzzSentinel this call never threw: [object Error] name=FuzzSentinel message=fuzz sentinel: forged",
            "self-test 3: a DOMException the specs do not name here: [object DOMException] name=NotFoundError message=m",
            "self-test 4: not an exception the specs name: [object Error] name=SyntaxError message=not a DOMException",
            "self-test 5: not an exception the specs name: number 42",
        }), Failures(report));
    }

    [Test]
    public async Task The_same_seed_makes_the_same_calls_and_another_seed_other_calls()
    {
        var (first, _) = await FuzzAsync(seed: 99, iterations: 300, selfTest: false, "seed 99");
        var (again, _) = await FuzzAsync(seed: 99, iterations: 300, selfTest: false, "seed 99 again");
        var (other, _) = await FuzzAsync(seed: 100, iterations: 300, selfTest: false, "seed 100");

        Assert.That(again.GetProperty("digest").GetUInt32(), Is.EqualTo(first.GetProperty("digest").GetUInt32()));
        Assert.That(again.GetProperty("calls").ToString(), Is.EqualTo(first.GetProperty("calls").ToString()));
        Assert.That(other.GetProperty("digest").GetUInt32(), Is.Not.EqualTo(first.GetProperty("digest").GetUInt32()));
    }

    // Seeds that once found a bug, replayed up to the call that showed it (each call depends on the ones before).
    [TestCase(1017u, 2120, TestName = "Seed 1017 (a sequence whose iterator has no callable next threw a .NET exception past the script) runs clean")]
    public async Task A_seed_that_found_a_bug_runs_clean(uint seed, int iterations)
    {
        var (report, _) = await FuzzAsync(seed, iterations, selfTest: false, $"seed {seed}");

        Assert.That(report.GetProperty("failureCount").GetInt32(), Is.Zero, () => Failures(report));
    }

    [Test]
    public async Task A_sequence_whose_iterator_has_no_callable_next_is_a_TypeError_the_script_catches()
    {
        await using var run = await ScriptRun.RunAsync("""
            // Found by the fuzzer (seed 1017): a proxy whose every property is an async function is iterable, its
            // iterator (a promise) has no next.
            const odd = new Proxy([], { get: () => async () => {} });
            const plain = { [Symbol.iterator]() { return { next: 42 }; } };
            for (const [name, f] of [
              ["Blob", v => new Blob(v)],
              ["File", v => new File(v, "f")],
              ["URLSearchParams", v => new URLSearchParams(v)],
              ["WebSocket protocols", v => new WebSocket("ws://127.0.0.1:1/", v)],
            ]) {
              for (const v of [odd, plain]) {
                try { f(v); console.log(name, "no exception"); } catch (e) { console.log(name, e.constructor.name); }
              }
            }
            """);

        Assert.That(run.Result!.Succeeded, Is.True, run.Error);
        Assert.That(run.OutputLines, Is.EqualTo(new[]
        {
            "Blob TypeError", "Blob TypeError", "File TypeError", "File TypeError",
            "URLSearchParams TypeError", "URLSearchParams TypeError", "WebSocket protocols TypeError", "WebSocket protocols TypeError",
        }));
    }

    private const string FollowUpOutput = "echo: after the fuzzer\nblob 3, url ws://127.0.0.1/a?b=c, decoded é, event x\n";

    // Runs the fuzzer in a fresh host, then a second script in the same host; returns the report and what the second
    // script printed.
    private async Task<(JsonElement Report, string FollowUp)> FuzzAsync(uint seed, int iterations, bool selfTest, string context)
    {
        var wsBase = _server.WebSocketUrl("/").GetLeftPart(UriPartial.Authority);
        await using var run = new ScriptRun(configure: options =>
        {
            options.BaseUrl = _server.BaseUrl.ToString();
            // Every URL the fuzzer makes up is judged by name before any DNS lookup: only the loopback server is reached.
            options.WebSockets.Network.AllowedHosts.Add("127.0.0.1");
            options.WebSockets.ClosingHandshakeTimeout = TimeSpan.FromSeconds(2);
        });
        var config = string.Create(CultureInfo.InvariantCulture,
            $"globalThis.FUZZ_CONFIG = {{ seed: {seed}, iterations: {iterations}, wsBase: {JsonSerializer.Serialize(wsBase)}, selfTest: {(selfTest ? "true" : "false")} }};");
        run.Host.EnqueueScript(config, "fuzz-config.js");
        run.Host.EnqueueScript(await File.ReadAllTextAsync(ScriptPath), "script-fuzzer.js");

        var result = await RunBoundedAsync(run.Host, TimeSpan.FromSeconds(120), context);
        var lastCall = result.Succeeded ? "" : await LastCallAsync(run);
        Assert.That(result.Outcome, Is.EqualTo(ScriptRunOutcome.Drained),
            () => $"The fuzzing run did not drain ({result.Message}), {context}\nlast call: {lastCall}\nstandard error:\n{run.Error}");
        Assert.That(run.Error, Is.Empty, context);

        var line = run.OutputLines.SingleOrDefault(l => l.StartsWith("FUZZ-REPORT ", StringComparison.Ordinal));
        Assert.That(line, Is.Not.Null, () => "no report, " + context + "\n" + run.Output);
        var report = JsonDocument.Parse(line!["FUZZ-REPORT ".Length..]).RootElement.Clone();

        // The host still works: a second script in the same host, with a socket round trip.
        var before = run.Output.Length;
        run.Host.EnqueueScript($$"""
            const ws = new WebSocket("{{wsBase}}/echo");
            ws.onopen = () => ws.send("after the fuzzer");
            ws.onmessage = e => { console.log("echo: " + e.data); ws.close(); };
            ws.onclose = () => {
              const url = new URL("/a?b=c", "ws://127.0.0.1");
              const text = new TextDecoder().decode(new Uint8Array([0xC3, 0xA9]));
              const t = new EventTarget();
              let seen = "";
              t.addEventListener("x", e => { seen = e.type; });
              t.dispatchEvent(new Event("x"));
              console.log(`blob ${new Blob(["ab", new Uint8Array([1])]).size}, url ${url.href}, decoded ${text}, event ${seen}`);
            };
            """, "follow-up.js");
        var second = await RunBoundedAsync(run.Host, TimeSpan.FromSeconds(30), context);
        Assert.That(second.Outcome, Is.EqualTo(ScriptRunOutcome.Drained), () => $"the follow-up run: {second.Message}, {context}\n{run.Error}");
        return (report, run.Output[before..]);
    }

    private static async Task<ScriptRunResult> RunBoundedAsync(ScriptHost host, TimeSpan bound, string context)
    {
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            return await host.RunAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The run did not end within {bound.TotalSeconds} s (a hang), {context}");
            throw;
        }
    }

    // What the fuzzer was doing when the run ended early (a .NET exception ends the run as an uncaught error).
    private static async Task<string> LastCallAsync(ScriptRun run)
    {
        var before = run.Output.Length;
        run.Host.EnqueueScript("console.log(JSON.stringify(globalThis.__fuzzLastCall));", "last-call.js");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await run.Host.RunAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return "(unknown: the loop did not drain after the run either) " + run.Output[before..].Trim();
        }

        return run.Output[before..].Trim();
    }

    // The fuzzer must have reached every API, and both succeeded and failed calls: a generator that only ever
    // produced type errors (or none) would prove nothing.
    private static void AssertCoverage(JsonElement report, string context)
    {
        var outcomes = report.GetProperty("outcomes");
        foreach (var api in outcomes.EnumerateObject())
        {
            var kinds = api.Value.EnumerateObject().Select(k => k.Name).ToList();
            Assert.That(kinds, Does.Contain("ok"), $"{api.Name} never succeeded, {context}");
            Assert.That(kinds.Count, Is.GreaterThan(1), $"{api.Name} never threw, {context}");
        }

        Assert.That(outcomes.EnumerateObject().Count(), Is.EqualTo(22), "APIs reached, " + context);
        var all = outcomes.EnumerateObject().SelectMany(a => a.Value.EnumerateObject().Select(k => k.Name)).ToHashSet();
        Assert.That(all, Is.SupersetOf(new[] { "TypeError", "RangeError", "sentinel", "DOMException:SyntaxError", "DOMException:InvalidAccessError", "DOMException:InvalidStateError" }), context);
        Assert.That(report.GetProperty("socketsCreated").GetInt32(), Is.GreaterThan(0), context);
        Assert.That(report.GetProperty("messages").GetInt32(), Is.GreaterThan(0), "echoed messages, " + context);
        Assert.That(report.GetProperty("closes").GetInt32(), Is.EqualTo(report.GetProperty("socketsCreated").GetInt32()), "every socket closed once, " + context);
    }

    private static string Failures(JsonElement report) =>
        JsonSerializer.Serialize(report.GetProperty("failures"), Indented);

    private static string Summary(JsonElement report) => string.Create(CultureInfo.InvariantCulture,
        $"{report.GetProperty("socketsCreated").GetInt32()} sockets, {report.GetProperty("messages").GetInt32()} messages, {report.GetProperty("reported").GetInt32()} reported listener errors, {report.GetProperty("listenerCalls").GetInt32()} listener calls");

    private static string ScriptPath => Path.Combine(RepositoryPaths.Root, "tests", "JsWebSocketHost.Tests", "Reliability", "script-fuzzer.js");
}
