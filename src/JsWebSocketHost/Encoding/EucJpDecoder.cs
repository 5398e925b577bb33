namespace JsWebSocketHost.Encodings;

/// <summary>The EUC-JP decoder: JIS X 0208 pairs, half-width katakana after 0x8E, and JIS X 0212 after 0x8F.</summary>
/// <remarks>Spec: https://encoding.spec.whatwg.org/#euc-jp-decoder.</remarks>
internal sealed class EucJpDecoder : MultiByteDecoder
{
    private bool _jis0212;
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

        // Step 3: 0x8E and a byte 0xA1 to 0xDF is half-width katakana.
        if (_lead == 0x8E && InRange(b, 0xA1, 0xDF))
        {
            _lead = 0;
            return 0xFF61 - 0xA1 + b;
        }

        // Step 4: 0x8F announces a JIS X 0212 pair; the byte after it is the pair's lead.
        if (_lead == 0x8F && InRange(b, 0xA1, 0xFE))
        {
            _jis0212 = true;
            _lead = b;
            return Continue;
        }

        // Step 5: a lead byte waits: the pair in index jis0208, or jis0212 after 0x8F.
        if (_lead != 0)
        {
            var lead = _lead;
            _lead = 0;
            var codePoint = -1;
            if (InRange(lead, 0xA1, 0xFE) && InRange(b, 0xA1, 0xFE))
            {
                codePoint = LegacyIndexes.CodePoint(_jis0212 ? LegacyIndexes.Jis0212 : LegacyIndexes.Jis0208, ((lead - 0xA1) * 94) + b - 0xA1);
            }

            _jis0212 = false;
            return CodePointOrError(codePoint, b);
        }

        // Steps 6-8: ASCII is itself; 0x8E, 0x8F and 0xA1 to 0xFE are lead bytes; anything else an error.
        if (IsAscii(b))
        {
            return b;
        }

        if (b is 0x8E or 0x8F || InRange(b, 0xA1, 0xFE))
        {
            _lead = b;
            return Continue;
        }

        return Error;
    }
}
