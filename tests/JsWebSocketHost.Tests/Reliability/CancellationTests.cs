using System.Diagnostics;
using System.Globalization;
using JsWebSocketHost.Hosting;
using JsWebSocketHost.TestServer;

namespace JsWebSocketHost.Tests.Reliability;

/// <summary>
/// Cancelling <see cref="ScriptHost.RunAsync"/>'s token with a socket in each state (connecting, open, closing,
/// mid-message either way, mid-batch) ends the run within 5 s, the host's disposal then ends within 5 s too, the
/// server sees the TCP connection end, and nothing of the run is left: descriptors and threads come back to what
/// they were, and the process goes quiet.
/// </summary>
/// <remarks>
/// A cancelled run is a pause, not an end: the host may run again (EventLoopLifetimeTests), so its sockets stay
/// connected until it runs on or is disposed (measured: the relay saw no connection end in the second after a
/// cancel). Every embedder disposes the host after a cancelled run (<c>jsws run</c> does, through
/// <c>await using</c>), so the tests here cancel and then dispose, and check what is left after both.
/// </remarks>
[TestFixture]
[NonParallelizable]
public sealed class CancellationTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    // File descriptors: the run opens one socket (and the relay two); afterwards as many as before, give or take a
    // few that other code of the process may hold for a moment.
    private const int DescriptorSlack = 4;

    // Pool workers come and go with load: the pool may add a few while the run's sockets and the relay work, and
    // retires idle ones only after ~20 s, so more may be alive afterwards without anything running on them. What
    // shows work left running is CPU time, measured over a quiet second (QuietCpuBound), and threads that are not
    // pool workers, which must be back to their number exactly.
    private const int PoolWorkerSlack = 6;

    // A task left spinning or polling would take most of a core over the quiet second; the process's own threads
    // took 0-30 ms there (timers, the in-process server's heartbeat). The JIT's background compiler is left out: early
    // in a test run it spends 100-350 ms of such a second promoting hot methods, which is no work of the host's.
    private static readonly TimeSpan QuietCpuBound = TimeSpan.FromMilliseconds(150);

    private WebSocketTestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServerAndWarmUp()
    {
        _server = await WebSocketTestServer.StartAsync();

        // The threads .NET starts on first use (the socket engine's, the timer's) are started here, not in a test.
        await using var run = await ScriptRun.RunAsync($$"""
            const ws = new WebSocket("{{_server.WebSocketUrl("/echo").AbsoluteUri}}");
            ws.onopen = () => ws.send("warm");
            ws.onmessage = () => ws.close();
            """);
        Assert.That(run.Result!.Succeeded, Is.True, run.Error);
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private static IEnumerable<string> States() => CancellationState.All.Select(state => state.Name);

    [TestCaseSource(nameof(States))]
    public async Task Cancelling_the_run_ends_it_within_5_s_and_leaves_nothing_running_with_a_socket(string stateName)
    {
        var state = CancellationState.Named(stateName);
        var threadsBefore = ProcessResources.ThreadsByName();
        var descriptorsBefore = ProcessResources.OpenFileDescriptors();
        await using var relay = new StallingRelay(_server.BaseUrl.Port, state.StallUpstreamAfter, state.StallDownstreamAfter);
        var stdout = new StringWriter(CultureInfo.InvariantCulture);
        var output = TextWriter.Synchronized(stdout);
        var options = new ScriptHostOptions { StandardOutput = output, StandardError = output };
        // No timer of the socket's may end the state by itself while the test looks at it.
        options.WebSockets.ConnectTimeout = TimeSpan.FromSeconds(60);
        options.WebSockets.ClosingHandshakeTimeout = TimeSpan.FromSeconds(60);
        var host = new ScriptHost(options);
        host.EnqueueScript(state.Script(new Uri(string.Create(CultureInfo.InvariantCulture, $"ws://127.0.0.1:{relay.Port}{state.PathAndQuery}"))), "state.js");

        using var cancel = new CancellationTokenSource();
        var run = host.RunAsync(cancel.Token);
        await WaitUntil(() => state.IsReached(stdout.ToString(), relay) || run.IsCompleted);
        Assert.That(run.IsCompleted, Is.False, "the run ended before the state was reached: " + stdout);
        await Task.Delay(100); // let the socket settle in the state (a Close frame written, buffers filled)

        var clock = Stopwatch.StartNew();
        await cancel.CancelAsync();
        Exception? thrown = null;
        try
        {
            await run.WaitAsync(Bound);
        }
        catch (Exception ex)
        {
            thrown = ex;
        }

        var runEnded = clock.Elapsed;
        Assert.That(thrown, Is.InstanceOf<OperationCanceledException>(), "RunAsync ends with OperationCanceledException, within 5 s");
        Assert.That(runEnded, Is.LessThan(Bound));

        clock.Restart();
        await host.DisposeAsync().AsTask().WaitAsync(Bound);
        var disposed = clock.Elapsed;

        // The relay reads on as a server would; the client's side of the connection must have ended.
        relay.Release();
        Assert.That(await relay.WaitForEndedAsync(relay.Accepted, Bound), Is.True,
            $"the server saw the TCP connection end ({relay.Ended} of {relay.Accepted} ended)");
        Assert.That(relay.Accepted, Is.EqualTo(1));
        Assert.That(stdout.ToString(), Does.Not.Contain("closed").And.Not.Contain("message of").And.Not.Contain("echoed"),
            "no event of the socket ran after the state was reached");

        await AssertNothingLeftRunning(threadsBefore, descriptorsBefore);
        await TestContext.Out.WriteLineAsync($"{state.Name}: run ended {runEnded.TotalMilliseconds:0} ms after the cancel, disposal took {disposed.TotalMilliseconds:0} ms");
    }

    private static async Task AssertNothingLeftRunning(Dictionary<string, int> threadsBefore, int descriptorsBefore)
    {
        var descriptors = await ProcessResources.SettleAtMostAsync(ProcessResources.OpenFileDescriptors, descriptorsBefore + DescriptorSlack, Bound);
        var nonPoolBefore = ProcessResources.NonPoolThreads(threadsBefore);
        var nonPool = await ProcessResources.SettleAtMostAsync(() => ProcessResources.NonPoolThreads(ProcessResources.ThreadsByName()), nonPoolBefore, Bound);
        var threadsAfter = ProcessResources.ThreadsByName();
        var workersBefore = threadsBefore.GetValueOrDefault(ProcessResources.PoolWorkerName);
        var workers = threadsAfter.GetValueOrDefault(ProcessResources.PoolWorkerName);

        var quietCpu = await ProcessResources.QuietCpuAsync(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(descriptors, Is.LessThanOrEqualTo(descriptorsBefore + DescriptorSlack), "open file descriptors");
            Assert.That(nonPool, Is.LessThanOrEqualTo(nonPoolBefore),
                $"threads that are not pool workers: before {ProcessResources.Describe(threadsBefore)}; after {ProcessResources.Describe(threadsAfter)}");
            Assert.That(workers, Is.LessThanOrEqualTo(workersBefore + PoolWorkerSlack), "thread-pool workers");
            Assert.That(quietCpu, Is.LessThan(QuietCpuBound), "CPU time the threads used over a quiet second after the run (the JIT's compiler aside)");
        });
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
