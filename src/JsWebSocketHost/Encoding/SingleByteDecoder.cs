namespace JsWebSocketHost.Encodings;

/// <summary>
/// A decoder that maps each byte to one code point through a table for the bytes 0x80 to 0xFF: the single-byte
/// decoder (windows-1252) and the x-user-defined decoder. Neither has state, and neither meets an error for these
/// tables.
/// </summary>
/// <remarks>
/// Spec: https://encoding.spec.whatwg.org/#single-byte-decoder and
/// https://encoding.spec.whatwg.org/#x-user-defined-decoder.
/// </remarks>
internal sealed class SingleByteDecoder(string highTable) : EncodingDecoder
{
    /// <summary>index-windows-1252.txt: the code points of the bytes 0x80 to 0xFF.</summary>
    /// <remarks>Spec: https://encoding.spec.whatwg.org/index-windows-1252.txt.</remarks>
    public static readonly string Windows1252 = string.Create(128, 0, static (span, _) =>
    {
        ReadOnlySpan<char> c1 =
        [
            '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
            '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
            '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
            '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
        ];
        c1.CopyTo(span);

        // 0xA0 to 0xFF are U+00A0 to U+00FF.
        for (var i = 32; i < 128; i++)
        {
            span[i] = (char)(0x80 + i);
        }
    });

    /// <summary>x-user-defined: the bytes 0x80 to 0xFF are U+F780 to U+F7FF.</summary>
    public static readonly string UserDefined = string.Create(128, 0, static (span, _) =>
    {
        for (var i = 0; i < 128; i++)
        {
            span[i] = (char)(0xF780 + i);
        }
    });

    /// <inheritdoc />
    public override int GetMaxCharCount(int byteCount) => byteCount;

    /// <inheritdoc />
    public override bool Decode(ReadOnlySpan<byte> input, Span<char> output, bool flush, bool fatal, out int charsWritten)
    {
        for (var i = 0; i < input.Length; i++)
        {
            // Step 2: an ASCII byte is its own code point; steps 3-5: otherwise look the byte up in the index.
            var b = input[i];
            output[i] = b < 0x80 ? (char)b : highTable[b - 0x80];
        }

        charsWritten = input.Length;
        return true;
    }
}
