using System.Diagnostics;
using System.Globalization;
using System.Text;
using JsWebSocketHost.Tests.Cli;
using JsWebSocketHost.TestServer;

namespace JsWebSocketHost.Tests.Reliability;

/// <summary>
/// <c>jsws run</c> as a real process, sent SIGINT (Ctrl+C) with a socket in each state of
/// <see cref="CancellationState"/>: it exits 130 within 5 s, says it was interrupted, and the server sees its TCP
/// connection end. (Cli/SignalTests covers SIGTERM.)
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class InterruptTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private WebSocketTestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await WebSocketTestServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private static IEnumerable<string> States() => CancellationState.All.Select(state => state.Name);

    [TestCaseSource(nameof(States))]
    public async Task Ctrl_C_makes_jsws_run_exit_130_within_5_s_with_a_socket(string stateName)
    {
        var state = CancellationState.Named(stateName);
        await using var relay = new StallingRelay(_server.BaseUrl.Port, state.StallUpstreamAfter, state.StallDownstreamAfter);
        var script = Path.Combine(Path.GetTempPath(), "jsws-interrupt-" + Guid.NewGuid().ToString("N") + ".js");
        await File.WriteAllTextAsync(script, state.Script(new Uri(string.Create(CultureInfo.InvariantCulture, $"ws://127.0.0.1:{relay.Port}{state.PathAndQuery}"))));
        try
        {
            using var process = StartJswsRun(script);
            using var killOnFailure = new ProcessKiller(process);
            var stdout = new StringBuilder();
            var reading = ReadLinesAsync(process.StandardOutput, stdout);
            var stderr = process.StandardError.ReadToEndAsync();

            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                while (!state.IsReached(Snapshot(stdout), relay) && !process.HasExited)
                {
                    await Task.Delay(10, timeout.Token);
                }
            }

            if (process.HasExited)
            {
                Assert.Fail("jsws ended before the state was reached: " + Snapshot(stdout) + await stderr);
            }

            await Task.Delay(100); // let the socket settle in the state

            var clock = Stopwatch.StartNew();
            Signal(process, "INT");
            using (var exit = new CancellationTokenSource(Bound))
            {
                try
                {
                    await process.WaitForExitAsync(exit.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    Assert.Fail($"jsws did not exit within {Bound.TotalSeconds} s of SIGINT; it printed: {Snapshot(stdout)}");
                }
            }

            var exited = clock.Elapsed;
            await reading;
            Assert.That(process.ExitCode, Is.EqualTo(130), await stderr);
            Assert.That(await stderr, Does.Contain("jsws: interrupted"));
            relay.Release();
            Assert.That(await relay.WaitForEndedAsync(relay.Accepted, Bound), Is.True,
                $"the server saw the TCP connection end ({relay.Ended} of {relay.Accepted} ended)");
            Assert.That(relay.Accepted, Is.EqualTo(1));
            await TestContext.Out.WriteLineAsync($"{state.Name}: exited {exited.TotalMilliseconds:0} ms after SIGINT");
        }
        finally
        {
            File.Delete(script);
        }
    }

    // Through `env --default-signal=INT`: a process started in the background by a non-interactive shell inherits
    // SIGINT ignored, and .NET then leaves it ignored (Ctrl+C could never reach the run). The test wants the
    // disposition an interactive user has.
    private static Process StartJswsRun(string script)
    {
        return Process.Start(JswsProcess.FromCommand(["env", "--default-signal=INT", .. JswsProcess.Command("run", script)]))!;
    }

    private static void Signal(Process process, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private static async Task ReadLinesAsync(StreamReader reader, StringBuilder into)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (into)
            {
                into.Append(line).Append('\n');
            }
        }
    }

    private static string Snapshot(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }
}
