using System.Text;

namespace JsWebSocketHost.Url;

/// <summary>
/// Percent-encoding and percent-decoding helpers of the URL Standard.
/// </summary>
/// <remarks>
/// Spec: <see href="https://url.spec.whatwg.org/#percent-encoded-bytes"/>.
/// Only UTF-8 is supported as output encoding, which is the only encoding the URL parser uses
/// outside of legacy HTML documents.
/// </remarks>
internal static class PercentEncoding
{
    private const string UpperHex = "0123456789ABCDEF";

    // Bit tables for the ASCII range of each percent-encode set. Code points above U+007E are in
    // every set (they are in the C0 control percent-encode set, which every other set includes).
    private static readonly bool[] C0ControlTable = BuildTable(string.Empty);
    private static readonly bool[] FragmentTable = BuildTable(" \"<>`");
    private static readonly bool[] QueryTable = BuildTable(" \"#<>");
    private static readonly bool[] SpecialQueryTable = BuildTable(" \"#<>'");
    private static readonly bool[] PathTable = BuildTable(" \"#<>?^`{}");
    private static readonly bool[] UserinfoTable = BuildTable(" \"#<>?^`{}/:;=@[\\]|");
    private static readonly bool[] ComponentTable = BuildTable(" \"#<>?^`{}/:;=@[\\]|$%&+,");
    private static readonly bool[] FormTable = BuildTable(" \"#<>?^`{}/:;=@[\\]|$%&+,!'()~");

    /// <summary>
    /// UTF-8 percent-encodes <paramref name="input"/> using the component percent-encode set, which
    /// gives the same result as JavaScript's <c>encodeURIComponent()</c>.
    /// </summary>
    /// <param name="input">The string to encode. Lone surrogates are encoded as U+FFFD.</param>
    /// <returns>The percent-encoded ASCII string.</returns>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#component-percent-encode-set"/>.</remarks>
    public static string EncodeComponent(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Utf8PercentEncode(input, PercentEncodeSet.Component);
    }

    /// <summary>
    /// Percent-decodes a string: UTF-8 encodes it, then replaces each <c>%XX</c> (two ASCII hex
    /// digits) with the byte it denotes. Other bytes, including a <c>%</c> not followed by two hex
    /// digits, are kept as they are.
    /// </summary>
    /// <param name="input">The string to decode.</param>
    /// <returns>The decoded bytes.</returns>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#string-percent-decode"/>.</remarks>
    public static byte[] PercentDecode(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return PercentDecode(input.AsSpan());
    }

    /// <summary>
    /// Percent-decodes a string and then UTF-8 decodes the bytes without BOM handling, replacing
    /// invalid sequences with U+FFFD.
    /// </summary>
    /// <param name="input">The string to decode.</param>
    /// <returns>The decoded string.</returns>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#string-percent-decode"/> followed by
    /// <see href="https://encoding.spec.whatwg.org/#utf-8-decode-without-bom"/>.</remarks>
    public static string PercentDecodeToString(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return PercentDecodeToString(input.AsSpan());
    }

    /// <summary>Percent-decodes a span; see <see cref="PercentDecode(string)"/>.</summary>
    internal static byte[] PercentDecode(ReadOnlySpan<char> input)
    {
        // Step 1 of "string percent-decode": let bytes be the UTF-8 encoding of input. Lone
        // surrogates become U+FFFD, as they would after USVString conversion.
        byte[] bytes = ToUtf8(input);
        int length = DecodeInPlace(bytes);
        if (length == bytes.Length)
        {
            return bytes;
        }

        return bytes.AsSpan(0, length).ToArray();
    }

    /// <summary>Percent-decodes a span and UTF-8 decodes the result without BOM.</summary>
    internal static string PercentDecodeToString(ReadOnlySpan<char> input)
    {
        byte[] bytes = ToUtf8(input);
        int length = DecodeInPlace(bytes);

        // "UTF-8 decode without BOM": a leading BOM is kept as U+FEFF; invalid sequences become
        // U+FFFD (Encoding.UTF8 uses the replacement fallback and never strips a preamble here).
        return Encoding.UTF8.GetString(bytes, 0, length);
    }

    /// <summary>
    /// Runs "percent-decode" (byte sequence) on <paramref name="bytes"/> in place and returns the
    /// length of the output, which is never longer than the input.
    /// </summary>
    private static int DecodeInPlace(byte[] bytes)
    {
        // Step 1: let output be an empty byte sequence (written over the input).
        int write = 0;

        // Step 2: for each byte in input.
        for (int read = 0; read < bytes.Length; read++)
        {
            byte b = bytes[read];

            // Step 2.1 and 2.2: not a percent-encoded byte; append as is.
            if (b != (byte)'%' || read + 2 >= bytes.Length
                || !IsAsciiHexDigit(bytes[read + 1]) || !IsAsciiHexDigit(bytes[read + 2]))
            {
                bytes[write++] = b;
                continue;
            }

            // Step 2.3: append the byte denoted by the two hex digits and skip them.
            bytes[write++] = (byte)((HexValue(bytes[read + 1]) << 4) | HexValue(bytes[read + 2]));
            read += 2;
        }

        // Step 3: return output.
        return write;
    }

    /// <summary>
    /// UTF-8 percent-encodes a string using a percent-encode set and returns the result.
    /// </summary>
    internal static string Utf8PercentEncode(string input, PercentEncodeSet set, bool spaceAsPlus = false)
    {
        // Fast path: nothing to encode.
        bool needsWork = false;
        foreach (char ch in input)
        {
            if (IsInSet(ch, set) || (spaceAsPlus && ch == ' '))
            {
                needsWork = true;
                break;
            }
        }

        if (!needsWork)
        {
            return input;
        }

        var builder = new StringBuilder(input.Length + 16);
        AppendUtf8PercentEncoded(builder, input.AsSpan(), set, spaceAsPlus);
        return builder.ToString();
    }

    /// <summary>
    /// Runs "percent-encode after encoding" with UTF-8 on <paramref name="input"/> and appends the
    /// result to <paramref name="output"/>. Lone surrogates are encoded as U+FFFD.
    /// </summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#string-percent-encode-after-encoding"/>.</remarks>
    internal static void AppendUtf8PercentEncoded(StringBuilder output, ReadOnlySpan<char> input, PercentEncodeSet set, bool spaceAsPlus = false)
    {
        for (int i = 0; i < input.Length; i++)
        {
            char ch = input[i];
            int codePoint = ch;
            if (char.IsHighSurrogate(ch) && i + 1 < input.Length && char.IsLowSurrogate(input[i + 1]))
            {
                codePoint = char.ConvertToUtf32(ch, input[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(ch))
            {
                codePoint = 0xFFFD;
            }

            AppendUtf8PercentEncoded(output, codePoint, set, spaceAsPlus);
        }
    }

    /// <summary>
    /// UTF-8 percent-encodes one scalar value using a percent-encode set and appends the result.
    /// </summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#code-point-percent-encode-after-encoding"/>.</remarks>
    internal static void AppendUtf8PercentEncoded(StringBuilder output, int codePoint, PercentEncodeSet set, bool spaceAsPlus = false)
    {
        // Step 5.3.1: if spaceAsPlus is true and byte is 0x20 (SP), append U+002B (+).
        if (spaceAsPlus && codePoint == ' ')
        {
            output.Append('+');
            return;
        }

        // Step 5.3.4: an ASCII byte not in the set is appended as its isomorph.
        if (codePoint < 0x80)
        {
            if (IsInSet(codePoint, set))
            {
                AppendPercentEncodedByte(output, (byte)codePoint);
            }
            else
            {
                output.Append((char)codePoint);
            }

            return;
        }

        // Step 5.3.5: every byte of a non-ASCII scalar value is in the set (the sets all include
        // non-ASCII code points), so percent-encode each UTF-8 byte.
        if (codePoint < 0x800)
        {
            AppendPercentEncodedByte(output, (byte)(0xC0 | (codePoint >> 6)));
            AppendPercentEncodedByte(output, (byte)(0x80 | (codePoint & 0x3F)));
        }
        else if (codePoint < 0x10000)
        {
            AppendPercentEncodedByte(output, (byte)(0xE0 | (codePoint >> 12)));
            AppendPercentEncodedByte(output, (byte)(0x80 | ((codePoint >> 6) & 0x3F)));
            AppendPercentEncodedByte(output, (byte)(0x80 | (codePoint & 0x3F)));
        }
        else
        {
            AppendPercentEncodedByte(output, (byte)(0xF0 | (codePoint >> 18)));
            AppendPercentEncodedByte(output, (byte)(0x80 | ((codePoint >> 12) & 0x3F)));
            AppendPercentEncodedByte(output, (byte)(0x80 | ((codePoint >> 6) & 0x3F)));
            AppendPercentEncodedByte(output, (byte)(0x80 | (codePoint & 0x3F)));
        }
    }

    /// <summary>Returns whether <paramref name="codePoint"/> is in the given percent-encode set.</summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#c0-control-percent-encode-set"/> and the
    /// sets defined after it.</remarks>
    internal static bool IsInSet(int codePoint, PercentEncodeSet set)
    {
        // The C0 control percent-encode set: C0 controls and all code points greater than U+007E.
        if (codePoint < 0x20 || codePoint > 0x7E)
        {
            return true;
        }

        bool[] table = set switch
        {
            PercentEncodeSet.C0Control => C0ControlTable,
            PercentEncodeSet.Fragment => FragmentTable,
            PercentEncodeSet.Query => QueryTable,
            PercentEncodeSet.SpecialQuery => SpecialQueryTable,
            PercentEncodeSet.Path => PathTable,
            PercentEncodeSet.Userinfo => UserinfoTable,
            PercentEncodeSet.Component => ComponentTable,
            PercentEncodeSet.FormUrlEncoded => FormTable,
            _ => throw new ArgumentOutOfRangeException(nameof(set)),
        };
        return table[codePoint];
    }

    /// <summary>Returns whether <paramref name="c"/> is an ASCII hex digit.</summary>
    internal static bool IsAsciiHexDigit(int c) =>
        (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');

    /// <summary>Returns the value of an ASCII hex digit.</summary>
    internal static int HexValue(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => c - 'a' + 10,
    };

    /// <summary>
    /// Appends "%" followed by two ASCII upper hex digits representing <paramref name="value"/>.
    /// </summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#percent-encode"/>.</remarks>
    internal static void AppendPercentEncodedByte(StringBuilder output, byte value)
    {
        output.Append('%');
        output.Append(UpperHex[value >> 4]);
        output.Append(UpperHex[value & 0xF]);
    }

    /// <summary>UTF-8 encodes a span; lone surrogates become U+FFFD.</summary>
    internal static byte[] ToUtf8(ReadOnlySpan<char> input)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(input)];
        Encoding.UTF8.GetBytes(input, bytes);
        return bytes;
    }

    private static bool[] BuildTable(string extra)
    {
        var table = new bool[0x80];
        for (int i = 0; i < 0x20; i++)
        {
            table[i] = true;
        }

        table[0x7F] = true;
        foreach (char ch in extra)
        {
            table[ch] = true;
        }

        return table;
    }
}

/// <summary>The percent-encode sets of the URL Standard.</summary>
internal enum PercentEncodeSet
{
    /// <summary>C0 controls and code points above U+007E.</summary>
    C0Control,

    /// <summary>The C0 control set plus space, ", &lt;, &gt; and `.</summary>
    Fragment,

    /// <summary>The C0 control set plus space, ", #, &lt; and &gt;.</summary>
    Query,

    /// <summary>The query set plus '.</summary>
    SpecialQuery,

    /// <summary>The query set plus ?, ^, `, { and }.</summary>
    Path,

    /// <summary>The path set plus /, :, ;, =, @, [ to ] and |.</summary>
    Userinfo,

    /// <summary>The userinfo set plus $ to &amp;, + and ,.</summary>
    Component,

    /// <summary>The component set plus !, ' to ) and ~.</summary>
    FormUrlEncoded,
}
