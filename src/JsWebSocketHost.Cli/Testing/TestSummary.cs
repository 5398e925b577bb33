namespace JsWebSocketHost.Cli.Testing;

/// <summary>The counts of a <c>jsws test</c> run, and its closing line.</summary>
internal sealed class TestSummary
{
    public int Passed { get; private set; }

    public int Failed { get; private set; }

    public int TimedOut { get; private set; }

    public int HarnessErrors { get; private set; }

    /// <summary>Subtests (and harness errors) that did not pass, as the expectations file says they will not.</summary>
    public int ExpectedFailures { get; private set; }

    /// <summary>Subtests that passed although the expectations file lists them as failing.</summary>
    public int UnexpectedPasses { get; private set; }

    /// <summary>True when every subtest passed and every harness ended OK (or did not apply).</summary>
    public bool AllPassed => Failed + TimedOut + HarnessErrors + UnexpectedPasses == 0;

    /// <summary><c>N passed, N failed</c>, with timeouts and harness errors when there are any.</summary>
    public string Line =>
        $"{Passed} passed, {Failed} failed"
        + (TimedOut > 0 ? $", {TimedOut} timed out" : "")
        + (HarnessErrors > 0 ? $", {HarnessErrors} harness errors" : "")
        + (ExpectedFailures > 0 ? $", {ExpectedFailures} expected failures" : "")
        + (UnexpectedPasses > 0 ? $", {UnexpectedPasses} unexpected passes" : "");

    public void Add(FileResult result)
    {
        foreach (var subtest in result.Subtests)
        {
            switch (subtest.Status)
            {
                case "PASS":
                    Passed++;
                    UnexpectedPasses += subtest.ExpectedToFail ? 1 : 0;
                    break;
                case var _ when subtest.ExpectedToFail:
                    ExpectedFailures++;
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
            if (result.HarnessErrorExpected)
            {
                ExpectedFailures++;
            }
            else
            {
                HarnessErrors++;
            }
        }
    }
}
