namespace JsWebSocketHost.Tests.Url;

/// <summary>One row of the URL parsing table: input, optional base and expected href.</summary>
/// <param name="Input">The input string given to the parser.</param>
/// <param name="Base">The base URL string, or <see langword="null"/>.</param>
/// <param name="ExpectedHref">The expected serialization, or <see langword="null"/> when parsing
/// must fail.</param>
/// <param name="Description">What the row checks; also the test's display name.</param>
public sealed record UrlParseCase(string Input, string? Base, string? ExpectedHref, string Description)
{
    /// <inheritdoc/>
    public override string ToString() => Description;
}
