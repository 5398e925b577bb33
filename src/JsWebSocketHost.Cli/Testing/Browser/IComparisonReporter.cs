namespace JsWebSocketHost.Cli.Testing.Browser;

/// <summary>How <c>jsws test --browser</c> shows its results: each file's comparison (in input order), then the summary.</summary>
internal interface IComparisonReporter
{
    Task FileAsync(BrowserComparison comparison);

    Task EndAsync(ComparisonSummary summary);
}
