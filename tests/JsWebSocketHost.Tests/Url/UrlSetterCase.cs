namespace JsWebSocketHost.Tests.Url;

/// <summary>One row of the setter table: a URL, a setter and value, and the expected href.</summary>
/// <param name="Href">The URL to start from.</param>
/// <param name="Setter">The attribute setter to call.</param>
/// <param name="Value">The value given to the setter.</param>
/// <param name="ExpectedHref">The expected href afterwards, or <see langword="null"/> when the
/// setter must throw (only <see cref="UrlSetter.Href"/> throws).</param>
/// <param name="Description">What the row checks; also the test's display name.</param>
public sealed record UrlSetterCase(string Href, UrlSetter Setter, string Value, string? ExpectedHref, string Description)
{
    /// <inheritdoc/>
    public override string ToString() => Setter + ": " + Description;
}
