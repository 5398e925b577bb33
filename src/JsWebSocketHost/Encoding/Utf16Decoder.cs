namespace JsWebSocketHost.Encodings;

/// <summary>The shared UTF-16 decoder, for UTF-16LE and UTF-16BE: an unpaired surrogate becomes U+FFFD.</summary>
/// <remarks>Spec: https://encoding.spec.whatwg.org/#shared-utf-16-decoder.</remarks>
internal sealed class Utf16Decoder(bool bigEndian) : EncodingDecoder
{
    private int _leadByte = -1;
    private int _leadSurrogate = -1;

    /// <inheritdoc />
    public override int GetMaxCharCount(int byteCount) => (byteCount / 2) + 4;

    /// <inheritdoc />
    public override bool Decode(ReadOnlySpan<byte> input, Span<char> output, bool flush, bool fatal, out int charsWritten)
    {
        var o = 0;
        foreach (var b in input)
        {
            // Step 3: if lead byte is null, set it to byte and continue.
            if (_leadByte < 0)
            {
                _leadByte = b;
                continue;
            }

            // Step 4: combine lead byte and byte into a code unit, in the encoding's byte order.
            var codeUnit = bigEndian ? (_leadByte << 8) + b : (b << 8) + _leadByte;
            _leadByte = -1;

            // Step 5: a lead surrogate waits for a trail surrogate; anything else is an error, and the code unit's
            // bytes are restored to the queue (processed again below, with no lead surrogate).
            if (_leadSurrogate >= 0)
            {
                var leadSurrogate = _leadSurrogate;
                _leadSurrogate = -1;
                if (codeUnit is >= 0xDC00 and <= 0xDFFF)
                {
                    output[o++] = (char)leadSurrogate;
                    output[o++] = (char)codeUnit;
                    continue;
                }

                if (fatal)
                {
                    charsWritten = o;
                    return false;
                }

                output[o++] = '\uFFFD';
            }

            // Step 6: a lead surrogate is kept for the next code unit.
            if (codeUnit is >= 0xD800 and <= 0xDBFF)
            {
                _leadSurrogate = codeUnit;
                continue;
            }

            // Step 7: a trail surrogate on its own is an error.
            if (codeUnit is >= 0xDC00 and <= 0xDFFF)
            {
                if (fatal)
                {
                    charsWritten = o;
                    return false;
                }

                output[o++] = '\uFFFD';
                continue;
            }

            // Step 8: return the code unit as a code point.
            output[o++] = (char)codeUnit;
        }

        // Step 1: on end-of-queue with a lead byte or lead surrogate pending, reset and return error.
        if (flush && (_leadByte >= 0 || _leadSurrogate >= 0))
        {
            _leadByte = -1;
            _leadSurrogate = -1;
            if (fatal)
            {
                charsWritten = o;
                return false;
            }

            output[o++] = '\uFFFD';
        }

        charsWritten = o;
        return true;
    }
}
