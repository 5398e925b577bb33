namespace JsWebSocketHost.Cli.Testing;

/// <summary>The default report: each file, each subtest's status, failures with their message and location.</summary>
internal sealed class ConsoleReporter(TextWriter stdout, bool color = false) : ITestReporter
{
    // ANSI colours for the status words (on a terminal, or with --color=always).
    private string Paint(string status) => !color ? status : status switch
    {
        "PASS" => "\u001b[32mPASS\u001b[0m",
        "FAIL" => "\u001b[31mFAIL\u001b[0m",
        _ => $"\u001b[33m{status}\u001b[0m",
    };

    private readonly List<string> _unexpectedFailures = [];
    private readonly List<string> _unexpectedPasses = [];

    public async Task FileAsync(FileResult result)
    {
        var file = result.Path + result.Variant;
        await stdout.WriteLineAsync(file).ConfigureAwait(false);
        foreach (var subtest in result.Subtests)
        {
            var note = (subtest.Status == "PASS", subtest.ExpectedToFail) switch
            {
                (true, true) => " (unexpected pass: the expectations say it fails)",
                (false, true) => " (expected)",
                _ => "",
            };
            await stdout.WriteLineAsync($"  {Paint(subtest.Status)} {subtest.Name}{note}").ConfigureAwait(false);
            if (subtest.Status == "PASS")
            {
                if (subtest.ExpectedToFail)
                {
                    _unexpectedPasses.Add($"{file} > {subtest.Name}");
                }

                continue;
            }

            if (subtest.ExpectedToFail)
            {
                continue;
            }

            _unexpectedFailures.Add($"{file} > {subtest.Name} ({subtest.Status})");

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
            await stdout.WriteLineAsync($"  harness {result.HarnessStatus}: {result.HarnessMessage}{(result.HarnessErrorExpected ? " (expected)" : "")}").ConfigureAwait(false);
            if (!result.HarnessErrorExpected)
            {
                _unexpectedFailures.Add($"{file} > harness ({result.HarnessStatus})");
            }
        }
    }

    public async Task EndAsync(TestSummary summary)
    {
        // Apart, so that what changed stands out when known failures are expected.
        if (summary.ExpectedFailures + summary.UnexpectedPasses > 0)
        {
            await ListAsync("Unexpected failures", _unexpectedFailures).ConfigureAwait(false);
            await ListAsync("Unexpected passes", _unexpectedPasses).ConfigureAwait(false);
        }

        await stdout.WriteLineAsync(summary.Line).ConfigureAwait(false);
    }

    private Task ListAsync(string title, List<string> entries) => ListAsync(stdout, title, entries);

    /// <summary>Writes a titled list with its count, or nothing when it is empty.</summary>
    internal static async Task ListAsync(TextWriter writer, string title, List<string> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        await writer.WriteLineAsync($"{title} ({entries.Count}):").ConfigureAwait(false);
        foreach (var entry in entries)
        {
            await writer.WriteLineAsync("  " + entry).ConfigureAwait(false);
        }
    }
}
