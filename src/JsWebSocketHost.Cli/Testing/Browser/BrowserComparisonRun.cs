using JsWebSocketHost.TestServer;

namespace JsWebSocketHost.Cli.Testing.Browser;

/// <summary>
/// <c>jsws test --browser chromium</c>: each file runs in jsws and then in a headless Chromium page on the same test
/// server's origin, and the two are reported side by side.
/// </summary>
internal sealed class BrowserComparisonRun(
    List<string> files, TestRunner runner, WebSocketTestServer server, int parallel, TestExpectations? expectations, string? writeExpectationsTo,
    BrowserExpectations? differences, string? writeDifferencesTo)
{
    /// <summary>Starts the browser, runs and reports every file, and ends the browser.</summary>
    /// <returns>0 when nothing unexpected happened, 1 otherwise, 2 when the browser could not be started.</returns>
    public async Task<int> RunAsync(string executable, bool json, bool color, TextWriter stdout, TextWriter stderr, TextWriter? progress, CancellationToken cancellationToken)
    {
        ChromiumBrowser browser;
        try
        {
            browser = await ChromiumBrowser.LaunchAsync(executable, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            return await CommandLine.UsageFailure(stderr, $"--browser chromium: {e.Message}").ConfigureAwait(false);
        }

        await using var disposal = browser;
        var pages = new BrowserTestRunner(browser, server, runner);
        IComparisonReporter reporter = json ? new ComparisonJsonReporter(stdout, stderr) : new ComparisonTableReporter(stdout, "chromium", color);
        var summary = new ComparisonSummary(browser.Version);
        var all = new List<BrowserComparison>();
        await TestCommand.RunInOrderAsync(files, parallel, progress, async (file, path, source, variant, ct) =>
        {
            var ours = await runner.RunAsync(file, path, source, variant, ct).ConfigureAwait(false);
            var theirs = await pages.RunAsync(file, path, source, variant, ct).ConfigureAwait(false);
            return (ours, theirs);
        }, async pair =>
        {
            var comparison = BrowserComparison.Of(expectations?.Apply(pair.ours) ?? pair.ours, pair.theirs);
            comparison = differences?.Apply(comparison) ?? comparison;
            all.Add(comparison);
            summary.Add(comparison);
            await reporter.FileAsync(comparison).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        await reporter.EndAsync(summary).ConfigureAwait(false);
        var notes = json ? stderr : stdout; // beside the JSON report on standard output, notes go to standard error
        var wrote = false;
        if (writeExpectationsTo is not null)
        {
            var count = expectations!.Write(writeExpectationsTo, all.Select(static c => c.Jsws));
            await notes.WriteLineAsync($"jsws: wrote {count} expected failures to {writeExpectationsTo}").ConfigureAwait(false);
            wrote = true;
        }

        if (writeDifferencesTo is not null)
        {
            var count = differences!.Write(writeDifferencesTo, all, "chromium");
            await notes.WriteLineAsync($"jsws: wrote {count} expected differences from chromium to {writeDifferencesTo}").ConfigureAwait(false);
            wrote = true;
        }

        return wrote || summary.AllAsExpected ? 0 : 1;
    }
}
