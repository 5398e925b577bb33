namespace JsWebSocketHost.Encodings;

/// <summary>The Big5 decoder (with the HKSCS extensions the standard's index has).</summary>
/// <remarks>Spec: https://encoding.spec.whatwg.org/#big5-decoder.</remarks>
internal sealed class Big5Decoder : MultiByteDecoder
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

            // Steps 3.1-3.2: the pointer, when the byte can trail.
            var offset = b < 0x7F ? 0x40 : 0x62;
            var pointer = InRange(b, 0x40, 0x7E) || InRange(b, 0xA1, 0xFE) ? ((lead - 0x81) * 157) + (b - offset) : -1;

            // Step 3.3: four pointers are two code points each.
            switch (pointer)
            {
                case 1133:
                    SecondCodePoint = 0x0304;
                    return 0x00CA;
                case 1135:
                    SecondCodePoint = 0x030C;
                    return 0x00CA;
                case 1164:
                    SecondCodePoint = 0x0304;
                    return 0x00EA;
                case 1166:
                    SecondCodePoint = 0x030C;
                    return 0x00EA;
            }

            // Steps 3.4-3.7: index Big5; none is an error, and an ASCII byte is read again.
            var index = LegacyIndexes.Big5;
            var codePoint = (uint)pointer < (uint)index.Length && index[pointer] != 0 ? index[pointer] : -1;
            return CodePointOrError(codePoint, b);
        }

        // Steps 4-6: ASCII is itself; 0x81 to 0xFE is a lead byte; anything else an error.
        if (IsAscii(b))
        {
            return b;
        }

        if (InRange(b, 0x81, 0xFE))
        {
            _lead = b;
            return Continue;
        }

        return Error;
    }
}
