namespace JsWebSocketHost.Cli.Testing;

/// <summary>
/// TAP version 13 (testanything.org): one line per subtest (<c>ok N - file &gt; name</c>), a YAML block with the
/// message of each failure, a failing line for a harness that did not end OK, then the plan.
/// </summary>
internal sealed class TapReporter(TextWriter stdout, TextWriter stderr) : ITestReporter
{
    private int _count;
    private bool _started;

    public async Task FileAsync(FileResult result)
    {
        if (!_started)
        {
            _started = true;
            await stdout.WriteLineAsync("TAP version 13").ConfigureAwait(false);
        }

        var file = result.Path + result.Variant;
        foreach (var subtest in result.Subtests)
        {
            var ok = subtest.Status == "PASS";
            await stdout.WriteLineAsync($"{(ok ? "ok" : "not ok")} {++_count} - {Escape(file)} > {Escape(subtest.Name)}").ConfigureAwait(false);
            if (!ok)
            {
                await WriteDiagnosticsAsync(subtest.Status, subtest.Message, TestCommand.OwnFrames(subtest.Stack).FirstOrDefault()).ConfigureAwait(false);
            }
        }

        if (result.HarnessStatus == "NOT_APPLICABLE")
        {
            await stdout.WriteLineAsync($"ok {++_count} - {Escape(file)} # SKIP {result.HarnessMessage}").ConfigureAwait(false);
        }
        else if (result.HarnessStatus != "OK")
        {
            await stdout.WriteLineAsync($"not ok {++_count} - {Escape(file)} > harness").ConfigureAwait(false);
            await WriteDiagnosticsAsync(result.HarnessStatus, result.HarnessMessage, null).ConfigureAwait(false);
        }
    }

    public async Task EndAsync(TestSummary summary)
    {
        if (!_started)
        {
            await stdout.WriteLineAsync("TAP version 13").ConfigureAwait(false);
        }

        await stdout.WriteLineAsync($"1..{_count}").ConfigureAwait(false);
        await stderr.WriteLineAsync(summary.Line).ConfigureAwait(false);
    }

    private async Task WriteDiagnosticsAsync(string status, string? message, string? at)
    {
        await stdout.WriteLineAsync("  ---").ConfigureAwait(false);
        await stdout.WriteLineAsync($"  status: {status}").ConfigureAwait(false);
        if (!string.IsNullOrEmpty(message))
        {
            await stdout.WriteLineAsync($"  message: {Quote(message)}").ConfigureAwait(false);
        }

        if (at is not null)
        {
            await stdout.WriteLineAsync($"  at: {Quote(at)}").ConfigureAwait(false);
        }

        await stdout.WriteLineAsync("  ...").ConfigureAwait(false);
    }

    // A description may not hold '#' (a directive) or a line break.
    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("#", "\\#", StringComparison.Ordinal).ReplaceLineEndings(" ");

    // A YAML double-quoted scalar.
    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text, CliJsonContext.Default.String);
}
