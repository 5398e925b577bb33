namespace JsWebSocketHost.Cli.Testing;

/// <summary>One run of a test file (one variant): its subtests and how the harness ended.</summary>
/// <param name="Path">The file, as given or found.</param>
/// <param name="Variant">The variant's query string, or empty.</param>
/// <param name="Subtests">The subtests in the order they finished.</param>
/// <param name="HarnessStatus">OK, ERROR, TIMEOUT, PRECONDITION_FAILED, or NOT_APPLICABLE for another global.</param>
/// <param name="HarnessMessage">Why the harness did not end OK, if it did not.</param>
/// <param name="HarnessErrorExpected">True when the expectations file lists the harness error as known.</param>
internal sealed record FileResult(string Path, string Variant, IReadOnlyList<SubtestResult> Subtests, string HarnessStatus, string? HarnessMessage, bool HarnessErrorExpected = false)
{
    /// <summary>True when nothing unexpected happened: every subtest passed and the harness ended OK (or did not apply).</summary>
    public bool Succeeded => HarnessStatus is "OK" or "NOT_APPLICABLE" && Subtests.All(static s => s.Status == "PASS");
}
