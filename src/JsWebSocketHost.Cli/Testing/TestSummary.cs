namespace JsWebSocketHost.Cli.Testing;

/// <summary>The counts of a <c>jsws test</c> run, and its closing line.</summary>
internal sealed class TestSummary
{
    public int Passed { get; private set; }

    public int Failed { get; private set; }

    public int TimedOut { get; private set; }

    public int HarnessErrors { get; private set; }

    /// <summary>True when every subtest passed and every harness ended OK (or did not apply).</summary>
    public bool AllPassed => Failed + TimedOut + HarnessErrors == 0;

    /// <summary><c>N passed, N failed</c>, with timeouts and harness errors when there are any.</summary>
    public string Line =>
        $"{Passed} passed, {Failed} failed"
        + (TimedOut > 0 ? $", {TimedOut} timed out" : "")
        + (HarnessErrors > 0 ? $", {HarnessErrors} harness errors" : "");

    public void Add(FileResult result)
    {
        foreach (var subtest in result.Subtests)
        {
            switch (subtest.Status)
            {
                case "PASS":
                    Passed++;
                    break;
                case "TIMEOUT":
                    TimedOut++;
                    break;
                default:
                    Failed++;
                    break;
            }
        }

        if (result.HarnessStatus is not ("OK" or "NOT_APPLICABLE"))
        {
            HarnessErrors++;
        }
    }
}
