namespace JsWebSocketHost.Encodings;

/// <summary>
/// The gb18030 decoder, which GBK uses too: one byte (ASCII, and 0x80 for the euro sign), two bytes through index
/// gb18030, or four bytes through the index's ranges.
/// </summary>
/// <remarks>Spec: https://encoding.spec.whatwg.org/#gb18030-decoder and https://encoding.spec.whatwg.org/#gbk-decoder.</remarks>
internal sealed class Gb18030Decoder : MultiByteDecoder
{
    private int _first;
    private int _second;
    private int _third;

    /// <inheritdoc />
    protected override bool AsciiDecodesToItself => _first == 0 && _second == 0 && _third == 0;

    /// <inheritdoc />
    protected override int Handle(int b)
    {
        // Steps 1-2: end-of-queue: finished, or an error if a sequence was begun.
        if (b == EndOfQueue)
        {
            if (_first == 0 && _second == 0 && _third == 0)
            {
                return Finished;
            }

            _first = _second = _third = 0;
            return Error;
        }

        // Step 3: three bytes seen: the fourth must be a digit.
        if (_third != 0)
        {
            if (!InRange(b, 0x30, 0x39))
            {
                Prepend(_second, _third, b);
                _first = _second = _third = 0;
                return Error;
            }

            var codePoint = LegacyIndexes.Gb18030RangesCodePoint(
                ((_first - 0x81) * (10 * 126 * 10)) + ((_second - 0x30) * (10 * 126)) + ((_third - 0x81) * 10) + b - 0x30);
            _first = _second = _third = 0;
            return codePoint >= 0 ? codePoint : Error;
        }

        // Step 4: two bytes seen (a lead and a digit): the third must be 0x81 to 0xFE.
        if (_second != 0)
        {
            if (InRange(b, 0x81, 0xFE))
            {
                _third = b;
                return Continue;
            }

            Prepend(_second, b);
            _first = _second = 0;
            return Error;
        }

        // Step 5: a lead byte seen: a digit begins a four-byte sequence, else the pair's pointer in index gb18030.
        if (_first != 0)
        {
            if (InRange(b, 0x30, 0x39))
            {
                _second = b;
                return Continue;
            }

            var lead = _first;
            _first = 0;
            var offset = b < 0x7F ? 0x40 : 0x41;
            var codePoint = InRange(b, 0x40, 0x7E) || InRange(b, 0x80, 0xFE)
                ? LegacyIndexes.CodePoint(LegacyIndexes.Gb18030, ((lead - 0x81) * 190) + (b - offset))
                : -1;
            return CodePointOrError(codePoint, b);
        }

        // Steps 6-9: ASCII is itself; 0x80 is the euro sign; 0x81 to 0xFE is a lead byte; 0xFF an error.
        if (IsAscii(b))
        {
            return b;
        }

        if (b == 0x80)
        {
            return 0x20AC;
        }

        if (InRange(b, 0x81, 0xFE))
        {
            _first = b;
            return Continue;
        }

        return Error;
    }
}
