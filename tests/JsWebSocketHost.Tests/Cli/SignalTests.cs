using System.Diagnostics;

namespace JsWebSocketHost.Tests.Cli;

/// <summary>jsws as a real process: SIGTERM (kill, timeout, a container stop) ends it as Ctrl+C does.</summary>
[TestFixture]
[NonParallelizable]
public sealed class SignalTests
{
    private static Process StartJsws(params string[] args)
    {
        return Process.Start(JswsProcess.StartInfo(args))!;
    }

    private static void Terminate(Process process)
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    [Test]
    public async Task Serve_stops_on_SIGTERM()
    {
        using var process = StartJsws("serve", "--port", "0");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var first = await process.StandardOutput.ReadLineAsync(timeout.Token);
        Assert.That(first, Does.StartWith("Serving on"));

        Terminate(process);
        await process.WaitForExitAsync(timeout.Token);

        Assert.That(process.HasExited, Is.True);
        Assert.That(process.ExitCode, Is.Zero);
    }

    [Test]
    public async Task A_run_that_never_ends_stops_on_SIGTERM_with_exit_code_130()
    {
        var script = Path.Combine(Path.GetTempPath(), "jsws-forever-" + Guid.NewGuid().ToString("N") + ".js");
        await File.WriteAllTextAsync(script, "setInterval(() => {}, 50); console.log('started');");
        try
        {
            using var process = StartJsws("run", script);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            Assert.That(await process.StandardOutput.ReadLineAsync(timeout.Token), Is.EqualTo("started"));

            Terminate(process);
            await process.WaitForExitAsync(timeout.Token);

            Assert.That(process.ExitCode, Is.EqualTo(130));
            Assert.That(await process.StandardError.ReadToEndAsync(timeout.Token), Does.Contain("interrupted"));
        }
        finally
        {
            File.Delete(script);
        }
    }
}
