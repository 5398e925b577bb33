namespace JsWebSocketHost.Cli.Testing.Browser;

/// <summary>One file (one variant) run by jsws and by the browser, row by row.</summary>
/// <param name="Jsws">jsws's run.</param>
/// <param name="Browser">The browser's run.</param>
/// <param name="Rows">The subtests in jsws's order, then those only the browser reported; a harness row last when
/// either harness did not end OK (or not apply).</param>
internal sealed record BrowserComparison(FileResult Jsws, FileResult Browser, IReadOnlyList<ComparedSubtest> Rows)
{
    /// <summary>Pairs the two runs' subtests by name (the n-th of a repeated name with the n-th).</summary>
    public static BrowserComparison Of(FileResult jsws, FileResult browser)
    {
        var rows = new List<ComparedSubtest>();
        var unmatched = browser.Subtests.ToList();
        foreach (var subtest in jsws.Subtests)
        {
            var index = unmatched.FindIndex(b => b.Name == subtest.Name);
            var other = index < 0 ? null : unmatched[index];
            if (index >= 0)
            {
                unmatched.RemoveAt(index);
            }

            rows.Add(new ComparedSubtest(subtest.Name, subtest, other));
        }

        rows.AddRange(unmatched.Select(static b => new ComparedSubtest(b.Name, null, b)));
        if (jsws.HarnessStatus is not ("OK" or "NOT_APPLICABLE") || browser.HarnessStatus is not ("OK" or "NOT_APPLICABLE"))
        {
            rows.Add(new ComparedSubtest(TestExpectations.Harness, HarnessRow(jsws), HarnessRow(browser)));
        }

        return new BrowserComparison(jsws, browser, rows);
    }

    private static SubtestResult HarnessRow(FileResult result) =>
        new(TestExpectations.Harness, result.HarnessStatus, result.HarnessMessage, null, result.HarnessErrorExpected);
}
