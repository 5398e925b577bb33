using System.Text;

namespace JsWebSocketHost.Url;

/// <summary>
/// The <c>application/x-www-form-urlencoded</c> parser and serializer, as used by
/// <c>URLSearchParams</c>. Only UTF-8 is supported.
/// </summary>
/// <remarks>Spec: <see href="https://url.spec.whatwg.org/#application/x-www-form-urlencoded"/>.</remarks>
internal static class FormUrlEncoded
{
    /// <summary>
    /// Parses a string as <c>application/x-www-form-urlencoded</c> into a list of name-value pairs
    /// (the "urlencoded string parser").
    /// </summary>
    /// <param name="input">The input, e.g. a URL's query without the leading <c>?</c>.</param>
    /// <returns>The name-value pairs in input order; a new list the caller owns.</returns>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#concept-urlencoded-string-parser"/>.</remarks>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1002:Do not expose generic lists", Justification = "URLSearchParams owns and mutates the returned list.")]
    public static List<KeyValuePair<string, string>> Parse(string input)
    {
        ArgumentNullException.ThrowIfNull(input);

        // Step 2: let output be an initially empty list of name-value tuples.
        var output = new List<KeyValuePair<string, string>>();

        // Step 1: split input on 0x26 (&). The split is done on the string: "&", "=" and "+" are
        // ASCII, so splitting before UTF-8 encoding gives the same sequences.
        int start = 0;
        while (start <= input.Length)
        {
            int end = input.IndexOf('&', start);
            if (end < 0)
            {
                end = input.Length;
            }

            ReadOnlySpan<char> bytes = input.AsSpan(start, end - start);
            start = end + 1;

            // Step 3.1: if bytes is the empty byte sequence, then continue.
            if (bytes.IsEmpty)
            {
                continue;
            }

            // Step 3.2 and 3.3: split on the first 0x3D (=), if any.
            ReadOnlySpan<char> name;
            ReadOnlySpan<char> value;
            int equals = bytes.IndexOf('=');
            if (equals >= 0)
            {
                name = bytes[..equals];
                value = bytes[(equals + 1)..];
            }
            else
            {
                name = bytes;
                value = [];
            }

            // Steps 3.4 to 3.6: replace "+" with space, percent-decode, UTF-8 decode without BOM,
            // and append.
            output.Add(new KeyValuePair<string, string>(DecodePart(name), DecodePart(value)));
        }

        return output;
    }

    /// <summary>
    /// Serializes name-value pairs as <c>application/x-www-form-urlencoded</c> (UTF-8, spaces as
    /// <c>+</c>).
    /// </summary>
    /// <param name="tuples">The name-value pairs.</param>
    /// <returns>The serialization, e.g. <c>a=1&amp;b=x+y</c>.</returns>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#concept-urlencoded-serializer"/>.</remarks>
    public static string Serialize(IEnumerable<KeyValuePair<string, string>> tuples)
    {
        ArgumentNullException.ThrowIfNull(tuples);

        // Step 2: let output be the empty string.
        var output = new StringBuilder();

        // Step 3: for each tuple of tuples.
        foreach (KeyValuePair<string, string> tuple in tuples)
        {
            // Step 3.4: if output is not the empty string, append U+0026 (&).
            if (output.Length > 0)
            {
                output.Append('&');
            }

            // Steps 3.2, 3.3 and 3.5: percent-encode name and value after encoding with UTF-8,
            // the application/x-www-form-urlencoded percent-encode set and spaceAsPlus true, and
            // append name, "=", value.
            PercentEncoding.AppendUtf8PercentEncoded(output, tuple.Key.AsSpan(), PercentEncodeSet.FormUrlEncoded, spaceAsPlus: true);
            output.Append('=');
            PercentEncoding.AppendUtf8PercentEncoded(output, tuple.Value.AsSpan(), PercentEncodeSet.FormUrlEncoded, spaceAsPlus: true);
        }

        // Step 4: return output.
        return output.ToString();
    }

    private static string DecodePart(ReadOnlySpan<char> part)
    {
        if (part.IsEmpty)
        {
            return string.Empty;
        }

        // Fast path: nothing to replace or decode, and no surrogates to sanitize.
        bool plain = true;
        foreach (char ch in part)
        {
            if (ch == '+' || ch == '%' || char.IsSurrogate(ch))
            {
                plain = false;
                break;
            }
        }

        if (plain)
        {
            return part.ToString();
        }

        // Step 3.4: replace any 0x2B (+) with 0x20 (SP).
        Span<char> replaced = part.Length <= 256 ? stackalloc char[part.Length] : new char[part.Length];
        part.CopyTo(replaced);
        replaced.Replace('+', ' ');

        // Step 3.5: UTF-8 decode without BOM the percent-decoding.
        return PercentEncoding.PercentDecodeToString(replaced);
    }
}
