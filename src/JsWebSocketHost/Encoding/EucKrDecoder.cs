namespace JsWebSocketHost.Encodings;

/// <summary>The EUC-KR decoder.</summary>
/// <remarks>Spec: https://encoding.spec.whatwg.org/#euc-kr-decoder.</remarks>
internal sealed class EucKrDecoder : MultiByteDecoder
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

        // Step 3: a lead byte waits: the pair's pointer in index EUC-KR.
        if (_lead != 0)
        {
            var lead = _lead;
            _lead = 0;
            var codePoint = InRange(b, 0x41, 0xFE) ? LegacyIndexes.CodePoint(LegacyIndexes.EucKr, ((lead - 0x81) * 190) + (b - 0x41)) : -1;
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
