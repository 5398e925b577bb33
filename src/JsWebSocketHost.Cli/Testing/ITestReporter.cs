namespace JsWebSocketHost.Cli.Testing;

/// <summary>How <c>jsws test</c> shows its results: each file as it is done (in input order), then the summary.</summary>
internal interface ITestReporter
{
    Task FileAsync(FileResult result);

    Task EndAsync(TestSummary summary);
}
