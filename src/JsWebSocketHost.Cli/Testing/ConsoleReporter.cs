namespace JsWebSocketHost.Cli.Testing;

/// <summary>The default report: each file, each subtest's status, failures with their message and location.</summary>
internal sealed class ConsoleReporter(TextWriter stdout) : ITestReporter
{
    public async Task FileAsync(FileResult result)
    {
        await stdout.WriteLineAsync(result.Path + result.Variant).ConfigureAwait(false);
        foreach (var subtest in result.Subtests)
        {
            await stdout.WriteLineAsync($"  {subtest.Status} {subtest.Name}").ConfigureAwait(false);
            if (subtest.Status == "PASS")
            {
                continue;
            }

            if (!string.IsNullOrEmpty(subtest.Message))
            {
                await stdout.WriteLineAsync("      " + subtest.Message.ReplaceLineEndings("\n      ")).ConfigureAwait(false);
            }

            foreach (var frame in TestCommand.OwnFrames(subtest.Stack))
            {
                await stdout.WriteLineAsync("      " + frame).ConfigureAwait(false);
            }
        }

        if (result.HarnessStatus == "NOT_APPLICABLE")
        {
            await stdout.WriteLineAsync($"  not applicable: {result.HarnessMessage}").ConfigureAwait(false);
        }
        else if (result.HarnessStatus != "OK")
        {
            await stdout.WriteLineAsync($"  harness {result.HarnessStatus}: {result.HarnessMessage}").ConfigureAwait(false);
        }
    }

    public Task EndAsync(TestSummary summary) => stdout.WriteLineAsync(summary.Line);
}
