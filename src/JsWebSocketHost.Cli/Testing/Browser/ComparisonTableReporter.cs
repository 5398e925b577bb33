namespace JsWebSocketHost.Cli.Testing.Browser;

/// <summary>
/// The side-by-side table: per file, a row per subtest with jsws's status, the browser's and the name, marked
/// <c>≠</c> where they differ (<c>~</c> where the expectations say so); the messages of the side that did not pass
/// under a differing row.
/// </summary>
internal sealed class ComparisonTableReporter(TextWriter stdout, string browserColumn, bool color = false) : IComparisonReporter
{
    private const int StatusWidth = 20;
    private readonly List<string> _differences = [];
    private readonly List<string> _noLongerDiffer = [];

    private string Paint(string text, string status) => !color ? text : status switch
    {
        "PASS" => $"\u001b[32m{text}\u001b[0m",
        "FAIL" => $"\u001b[31m{text}\u001b[0m",
        _ => $"\u001b[33m{text}\u001b[0m",
    };

    public async Task FileAsync(BrowserComparison comparison)
    {
        var file = comparison.Jsws.Path + comparison.Jsws.Variant;
        await stdout.WriteLineAsync(file).ConfigureAwait(false);
        if (comparison.Jsws.HarnessStatus == "NOT_APPLICABLE")
        {
            await stdout.WriteLineAsync($"  not applicable: {comparison.Jsws.HarnessMessage}").ConfigureAwait(false);
            return;
        }

        await stdout.WriteLineAsync($"  {"jsws",-StatusWidth}{browserColumn,-StatusWidth}subtest").ConfigureAwait(false);
        foreach (var row in comparison.Rows)
        {
            var mark = row.UnexpectedDifference ? "≠" : row.Differs ? "~" : " ";
            var note = row.NoLongerDiffers ? "  (no longer differs: the expectations say it does)"
                : row.Differs && row.ExpectedReason is not null ? $"  (expected: {row.ExpectedReason})"
                : "";
            await stdout.WriteLineAsync($"{mark} {Cell(row.Jsws)}{Cell(row.Browser)}{row.Name}{note}").ConfigureAwait(false);
            if (row.UnexpectedDifference)
            {
                _differences.Add($"{file} > {row.Name} (jsws {row.Jsws?.Status ?? "-"}, {browserColumn} {row.Browser?.Status ?? "-"})");
                await DetailAsync("jsws", row.Jsws).ConfigureAwait(false);
                await DetailAsync(browserColumn, row.Browser).ConfigureAwait(false);
            }
            else if (row.NoLongerDiffers)
            {
                _noLongerDiffer.Add($"{file} > {row.Name}");
            }
        }
    }

    public async Task EndAsync(ComparisonSummary summary)
    {
        await ListAsync("Differences not in the expectations", _differences).ConfigureAwait(false);
        await ListAsync("Expected differences that are gone", _noLongerDiffer).ConfigureAwait(false);
        await stdout.WriteLineAsync($"jsws: {summary.Jsws.Line}").ConfigureAwait(false);
        await stdout.WriteLineAsync($"{summary.BrowserName}: {summary.Browser.Line}").ConfigureAwait(false);
        await stdout.WriteLineAsync(summary.Line).ConfigureAwait(false);
    }

    private string Cell(SubtestResult? result)
    {
        var status = result?.Status ?? "-";
        var text = result?.ExpectedToFail == true && status != "PASS" ? status + " (expected)" : status;
        return Paint(text.PadRight(StatusWidth), status);
    }

    private async Task DetailAsync(string side, SubtestResult? result)
    {
        if (result is null || result.Status == "PASS")
        {
            return;
        }

        if (!string.IsNullOrEmpty(result.Message))
        {
            await stdout.WriteLineAsync($"      {side}: " + result.Message.ReplaceLineEndings("\n      ")).ConfigureAwait(false);
        }

        foreach (var frame in TestCommand.OwnFrames(result.Stack))
        {
            await stdout.WriteLineAsync("        " + frame).ConfigureAwait(false);
        }
    }

    private Task ListAsync(string title, List<string> entries) => ConsoleReporter.ListAsync(stdout, title, entries);
}
