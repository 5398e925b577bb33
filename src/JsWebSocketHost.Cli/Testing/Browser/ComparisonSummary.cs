namespace JsWebSocketHost.Cli.Testing.Browser;

/// <summary>The counts of a <c>jsws test --browser</c> run: each side's own, and how the two compare.</summary>
/// <param name="BrowserName">The browser's product and version, e.g. <c>Chrome/156.0.8078.114</c>.</param>
internal sealed class ComparisonSummary(string BrowserName)
{
    /// <summary>jsws's results (with <c>--expectations</c> applied).</summary>
    public TestSummary Jsws { get; } = new();

    /// <summary>The browser's results.</summary>
    public TestSummary Browser { get; } = new();

    /// <summary>The browser's product and version.</summary>
    public string BrowserName { get; } = BrowserName;

    /// <summary>Rows compared (subtests, and harnesses that did not end OK).</summary>
    public int Compared { get; private set; }

    /// <summary>Rows the two ended alike.</summary>
    public int Same { get; private set; }

    /// <summary>Rows the two ended differently that the expectations do not list.</summary>
    public int Differ { get; private set; }

    /// <summary>Rows the two ended differently, as the expectations say they do.</summary>
    public int ExpectedDifferences { get; private set; }

    /// <summary>Rows the expectations list as different that the two now end alike.</summary>
    public int NoLongerDiffer { get; private set; }

    /// <summary>
    /// jsws results that nothing explains: a failure (or harness error) that neither <c>--expectations</c> nor an
    /// expected difference lists, or a pass that <c>--expectations</c> says fails.
    /// </summary>
    public int JswsUnexpected { get; private set; }

    /// <summary>True when nothing unexpected happened: no unexplained jsws result, and no unexpected or stale difference.</summary>
    public bool AllAsExpected => JswsUnexpected + Differ + NoLongerDiffer == 0;

    /// <summary>The closing line: <c>N compared with BROWSER: N same, N differ</c>, and the expected ones.</summary>
    public string Line =>
        $"{Compared} compared with {BrowserName}: {Same} same, {Differ} differ"
        + (ExpectedDifferences > 0 ? $", {ExpectedDifferences} expected differences" : "")
        + (NoLongerDiffer > 0 ? $", {NoLongerDiffer} no longer differ" : "");

    public void Add(BrowserComparison comparison)
    {
        Jsws.Add(comparison.Jsws);
        Browser.Add(comparison.Browser);
        foreach (var row in comparison.Rows)
        {
            Compared++;
            if (row.Jsws is { } ours && (ours.Status is "PASS" or "OK" ? ours.ExpectedToFail : !ours.ExpectedToFail && row.ExpectedReason is null))
            {
                JswsUnexpected++;
            }

            if (row.UnexpectedDifference)
            {
                Differ++;
            }
            else if (row.NoLongerDiffers)
            {
                NoLongerDiffer++;
            }
            else if (row.Differs)
            {
                ExpectedDifferences++;
            }
            else
            {
                Same++;
            }
        }
    }
}
