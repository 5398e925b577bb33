namespace JsWebSocketHost.WebIdl;

/// <summary>The string operations of the Infra Standard that other specs name (ASCII only, never culture-aware).</summary>
/// <remarks>Spec: https://infra.spec.whatwg.org/#strings.</remarks>
internal static class InfraStrings
{
    /// <summary>"ASCII lowercase": A–Z become a–z, every other code unit stays (no copy when nothing changes).</summary>
    /// <remarks>Spec: https://infra.spec.whatwg.org/#ascii-lowercase.</remarks>
    public static string AsciiLowercase(string text)
    {
        var first = text.AsSpan().IndexOfAnyInRange('A', 'Z');
        if (first < 0)
        {
            return text;
        }

        return string.Create(text.Length, (text, first), static (span, state) =>
        {
            state.text.AsSpan().CopyTo(span);
            for (var i = state.first; i < span.Length; i++)
            {
                if (char.IsAsciiLetterUpper(span[i]))
                {
                    span[i] = (char)(span[i] | 0x20);
                }
            }
        });
    }

    /// <summary>"Strip leading and trailing ASCII whitespace" (TAB, LF, FF, CR, SPACE).</summary>
    /// <remarks>Spec: https://infra.spec.whatwg.org/#strip-leading-and-trailing-ascii-whitespace.</remarks>
    public static string StripLeadingAndTrailingAsciiWhitespace(string text) => text.Trim(AsciiWhitespace);

    /// <summary>Whether every code unit of <paramref name="text"/> is in U+0020 to U+007E.</summary>
    public static bool IsPrintableAscii(string text) => !text.AsSpan().ContainsAnyExceptInRange('\u0020', '\u007E');

    private static readonly char[] AsciiWhitespace = ['\t', '\n', '\f', '\r', ' '];
}
