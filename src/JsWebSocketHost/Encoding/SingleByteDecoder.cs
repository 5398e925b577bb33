namespace JsWebSocketHost.Encodings;

/// <summary>
/// A decoder that maps each byte to one code point through a table for the bytes 0x80 to 0xFF: the single-byte
/// decoder of every legacy single-byte encoding (the tables of <see cref="EncodingRegistry"/>) and the
/// x-user-defined decoder. Neither keeps state between bytes; a byte whose index entry is empty is an error.
/// </summary>
/// <remarks>
/// Spec: https://encoding.spec.whatwg.org/#single-byte-decoder and
/// https://encoding.spec.whatwg.org/#x-user-defined-decoder.
/// </remarks>
internal sealed class SingleByteDecoder(string highTable) : EncodingDecoder
{
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
            // Step 2: an ASCII byte is its own code point.
            var b = input[i];
            if (b < 0x80)
            {
                output[i] = (char)b;
                continue;
            }

            // Steps 3-5: otherwise the index code point for pointer byte - 0x80; none is an error, which the
            // replacement error mode turns into U+FFFD and the fatal one into a failure.
            var codePoint = highTable[b - 0x80];
            if (codePoint == EncodingRegistry.None)
            {
                if (fatal)
                {
                    charsWritten = i;
                    return false;
                }

                codePoint = '\uFFFD';
            }

            output[i] = codePoint;
        }

        charsWritten = input.Length;
        return true;
    }
}
