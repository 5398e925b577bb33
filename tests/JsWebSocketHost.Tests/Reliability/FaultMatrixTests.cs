using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http;
using JsWebSocketHost.Hosting;
using JsWebSocketHost.Tests.WebSockets;
using JsWebSocketHost.WebSockets;

namespace JsWebSocketHost.Tests.Reliability;

/// <summary>
/// The fault matrix of issue 15: a real script in a real <see cref="ScriptHost"/> against a test server that breaks
/// the connection or the protocol in one way per case (<see cref="FaultMatrix"/>). Each case must give the exact
/// events the standard requires, end within a bound, and leave no error behind: none uncaught in the host, none
/// written to standard error, and no task faulted with nobody observing it.
/// </summary>
[TestFixture]
public sealed class FaultMatrixTests : WebSocketIntegrationFixture
{
    /// <summary>The bound on one case, from creating the host to its disposal.</summary>
    private static readonly TimeSpan CaseBound = TimeSpan.FromSeconds(10);

    private readonly ConcurrentQueue<Exception> _unobserved = new();

    [OneTimeSetUp]
    public void WatchUnobservedTaskExceptions()
    {
        // Whatever earlier fixtures left to the finalizer is theirs.
        CollectGarbage();
        _unobserved.Clear();
        TaskScheduler.UnobservedTaskException += OnUnobservedTaskException;
    }

    [OneTimeTearDown]
    public void StopWatchingUnobservedTaskExceptions() => TaskScheduler.UnobservedTaskException -= OnUnobservedTaskException;

    [TearDown]
    public void No_task_faulted_without_being_observed()
    {
        CollectGarbage();
        var faults = new List<Exception>();
        while (_unobserved.TryDequeue(out var fault))
        {
            faults.Add(fault);
        }

        Assert.That(faults, Is.Empty, () => "unobserved task exceptions:\n" + string.Join("\n---\n", faults));
    }

    [TestCaseSource(typeof(FaultMatrix), nameof(FaultMatrix.Cases))]
    public async Task A_fault_gives_the_events_the_standard_requires(FaultCase fault, FaultTransport transport)
    {
        var (url, target) = Target(fault.Path, transport);

        var outcome = await RunCase(FaultScript.For(url, fault.OnOpen, fault.OnMessage), transport, fault.Configure);

        Assert.That(outcome.Events, Is.EqualTo(fault.Events), outcome.Report);
        Assert.That(outcome.Took, Is.GreaterThanOrEqualTo(fault.AtLeast), "the timeout was not waited out");
        if (fault.ClientCloseCode is { } code)
        {
            var frame = await ClientClose(target);
            Assert.That(frame.Code, Is.EqualTo(code), "the client's Close frame, as the server read it");
        }
    }

    [TestCase(FaultTransport.Http11, TestName = "A slow reader makes bufferedAmount grow then drain to 0 over HTTP/1.1")]
    [TestCase(FaultTransport.Http2, TestName = "A slow reader makes bufferedAmount grow then drain to 0 over HTTP/2")]
    public async Task A_slow_reader_makes_bufferedAmount_grow_then_drain_to_zero(FaultTransport transport)
    {
        // 12 MiB: more than loopback's socket buffers and the server's input pipe take in at once here (up to 4 MiB
        // to send, and a receive buffer that grows from 128 KiB), so most of it still waits when the first answer comes.
        const int count = 48;
        const int size = 256 * 1024;
        var (url, target) = Target("/slow-reader?ms=10", transport);

        // The server reads one message each 10 ms and answers each with its length; the last answer closes.
        var outcome = await RunCase(FaultScript.For(
            url,
            onOpen: $"for (let i = 0; i < {count}; i++) ws.send('s'.repeat({size})); events.push('sent ' + ws.bufferedAmount);",
            onMessage: $"if (++globalThis.replies === {count}) ws.close(1000, 'read');") + "\nglobalThis.replies = 0;", transport);

        var replies = outcome.Events.Where(e => e.StartsWith("message", StringComparison.Ordinal)).ToArray();
        var buffered = replies.Select(e => long.Parse(e.Split(' ')[2], CultureInfo.InvariantCulture)).ToArray();
        Assert.That(outcome.Events.Take(2), Is.EqualTo(new[] { FaultScript.Open, $"sent {count * size}" }), outcome.Report);
        Assert.That(replies, Has.Length.EqualTo(count), outcome.Report);
        Assert.That(replies.Select(e => e.Split(' ')[3]), Is.All.EqualTo($"\"{size}\""), outcome.Report);
        Assert.That(buffered, Is.Ordered.Descending, "bufferedAmount only drains");
        Assert.That(buffered[0], Is.GreaterThan(0), "the reader is slow: most bytes still wait when the first answer comes");
        Assert.That(buffered[^1], Is.Zero, "every byte has gone once the last message was read");
        Assert.That(outcome.Events.Skip(2 + count), Is.EqualTo(new[] { FaultScript.Clean(1000, "\"read\"") }), outcome.Report);
        Assert.That((await ClientClose(target)).Code, Is.EqualTo(1000));
    }

    /// <summary>
    /// Runs a case's script in a host of its own, bounded by <see cref="CaseBound"/>, and checks what every case must
    /// show: the loop drained, nothing uncaught, nothing on standard error, and the host disposed in time.
    /// </summary>
    private static async Task<Outcome> RunCase(string source, FaultTransport transport, Action<WebSocketHostOptions>? configure = null)
    {
        var clock = Stopwatch.StartNew();
        var uncaught = new ConcurrentQueue<string>();
        var run = new ScriptRun(configure: options =>
        {
            options.Limits.RunTimeout = CaseBound;
            if (transport == FaultTransport.Http2)
            {
                options.WebSockets.HttpVersion = HttpVersion.Version20;
                options.WebSockets.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
            }

            configure?.Invoke(options.WebSockets);
        });
        string output, error;
        ScriptRunResult result;
        try
        {
            run.Host.UncaughtError += (_, e) => uncaught.Enqueue(e.Error.Message);
            run.Host.EnqueueScript(source, "fault.js");
            result = await run.Host.RunAsync();
            output = run.Output;
            error = run.Error;
        }
        finally
        {
            await run.DisposeAsync().AsTask().WaitAsync(CaseBound);
        }

        clock.Stop();
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var report = $"output:\n{output}\nstandard error:\n{error}";
        Assert.That(result.Outcome, Is.EqualTo(ScriptRunOutcome.Drained), () => result.Message + "\n" + report);
        Assert.That(uncaught, Is.Empty, "uncaught errors");
        Assert.That(result.Errors, Is.Empty, "errors reported in the run");
        Assert.That(error, Is.Empty, "standard error");
        Assert.That(clock.Elapsed, Is.LessThan(CaseBound), "the whole case, host disposal included");
        Assert.That(lines, Is.Not.Empty.And.Some.StartsWith("took "), report);

        var took = TimeSpan.FromMilliseconds(double.Parse(lines[^1]["took ".Length..], CultureInfo.InvariantCulture));
        return new Outcome(lines[..^1], took, report);
    }

    private (string Url, string Target) Target(string path, FaultTransport transport)
    {
        var url = Url(path, out var target);
        return (transport == FaultTransport.Http2 ? Server.Http2WebSocketUrl(target).AbsoluteUri : url, target);
    }

    private void OnUnobservedTaskException(object? sender, UnobservedTaskExceptionEventArgs e) => _unobserved.Enqueue(e.Exception);

    private static void CollectGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <param name="Events">The lines the script recorded, one an event.</param>
    /// <param name="Took">From <c>new WebSocket()</c> to the <c>close</c> event, as the script measured it.</param>
    /// <param name="Report">What the run printed, for failure messages.</param>
    private sealed record Outcome(string[] Events, TimeSpan Took, string Report);
}
