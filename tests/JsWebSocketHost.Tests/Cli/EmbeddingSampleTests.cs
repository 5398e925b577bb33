using System.Diagnostics;

namespace JsWebSocketHost.Tests.Cli;

[TestFixture]
public sealed class EmbeddingSampleTests
{
    [Test]
    public async Task The_embedding_sample_runs_and_reports_what_its_script_did()
    {
        // The solution build puts the sample next to the tests' own configuration (Debug or Release).
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar))) ?? "Debug";
        var dll = Path.Combine(RepositoryPaths.Root, "samples", "EmbeddingSample", "bin", configuration, "net10.0", "EmbeddingSample.dll");
        Assert.That(File.Exists(dll), Is.True, "build the solution first: " + dll);

        var start = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        Assert.That(process.ExitCode, Is.Zero, error);
        Assert.That(output.ReplaceLineEndings("\n"), Is.EqualTo(
            "echoed: first\nechoed: second\nechoed: last\nclosed with 1000 (done)\nscript finished cleanly\n"));
    }
}
