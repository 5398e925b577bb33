namespace JsWebSocketHost.Cli.Testing.Browser;

/// <summary>One row of the side-by-side table: a subtest (or the harness) as jsws and the browser ended it.</summary>
/// <param name="Name">The subtest's name, or <see cref="TestExpectations.Harness"/> for the harness.</param>
/// <param name="Jsws">jsws's result, or null when jsws did not report this subtest.</param>
/// <param name="Browser">The browser's result, or null when it did not report this subtest.</param>
/// <param name="ExpectedReason">Why the expectations file says the two differ here, or null.</param>
internal sealed record ComparedSubtest(string Name, SubtestResult? Jsws, SubtestResult? Browser, string? ExpectedReason = null)
{
    /// <summary>True when the two ended it differently (or only one reported it).</summary>
    public bool Differs => Jsws?.Status != Browser?.Status;

    /// <summary>True when they differ and the expectations file does not say so.</summary>
    public bool UnexpectedDifference => Differs && ExpectedReason is null;

    /// <summary>True when the expectations file says they differ, and they no longer do.</summary>
    public bool NoLongerDiffers => !Differs && ExpectedReason is not null;
}
