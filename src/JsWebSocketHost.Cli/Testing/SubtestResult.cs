namespace JsWebSocketHost.Cli.Testing;

/// <summary>One subtest's outcome, as the harness reported it.</summary>
/// <param name="Name">The subtest's name.</param>
/// <param name="Status">PASS, FAIL, TIMEOUT, NOTRUN or PRECONDITION_FAILED.</param>
/// <param name="Message">The failure message, if any.</param>
/// <param name="Stack">Where the failing assertion was, if known.</param>
/// <param name="ExpectedToFail">True when the expectations file lists it as a known failure.</param>
internal sealed record SubtestResult(string Name, string Status, string? Message, string? Stack, bool ExpectedToFail = false);
