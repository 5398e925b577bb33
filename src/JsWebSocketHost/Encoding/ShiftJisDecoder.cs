namespace JsWebSocketHost.Encodings;

/// <summary>The Shift_JIS decoder.</summary>
/// <remarks>Spec: https://encoding.spec.whatwg.org/#shift_jis-decoder.</remarks>
internal sealed class ShiftJisDecoder : MultiByteDecoder
{
    private int _lead;

    /// <inheritdoc />
    protected override bool AsciiDecodesToItself => _lead == 0;

    /// <inheritdoc />
    protected override int Handle(int b)
    {
        // Steps 1-2: end-of-queue, an error if a lead byte waits, else finished.
        if (b == EndOfQueue)
        {
            return AtEndOfQueue(ref _lead);
        }

        // Step 3: a lead byte waits.
        if (_lead != 0)
        {
            var lead = _lead;
            _lead = 0;

            // Steps 3.1-3.3: the pointer, when the byte can trail.
            var offset = b < 0x7F ? 0x40 : 0x41;
            var leadOffset = lead < 0xA0 ? 0x81 : 0xC1;
            var pointer = InRange(b, 0x40, 0x7E) || InRange(b, 0x80, 0xFC) ? ((lead - leadOffset) * 188) + b - offset : -1;

            // Step 3.4: the end-user defined characters are the Private Use Area.
            if (InRange(pointer, 8836, 10715))
            {
                return 0xE000 - 8836 + pointer;
            }

            // Steps 3.5-3.8: index jis0208; none is an error, and an ASCII byte is read again.
            var codePoint = pointer >= 0 ? LegacyIndexes.CodePoint(LegacyIndexes.Jis0208, pointer) : -1;
            return CodePointOrError(codePoint, b);
        }

        // Step 4: ASCII and 0x80 are themselves.
        if (IsAscii(b) || b == 0x80)
        {
            return b;
        }

        // Step 5: half-width katakana.
        if (InRange(b, 0xA1, 0xDF))
        {
            return 0xFF61 - 0xA1 + b;
        }

        // Steps 6-7: a lead byte, or an error.
        if (InRange(b, 0x81, 0x9F) || InRange(b, 0xE0, 0xFC))
        {
            _lead = b;
            return Continue;
        }

        return Error;
    }
}
