namespace JsWebSocketHost.Encodings;

/// <summary>
/// The ISO-2022-JP decoder: a state machine switched by escape sequences between ASCII, JIS X 0201 Roman, half-width
/// katakana and JIS X 0208 pairs.
/// </summary>
/// <remarks>Spec: https://encoding.spec.whatwg.org/#iso-2022-jp-decoder.</remarks>
internal sealed class Iso2022JpDecoder : MultiByteDecoder
{
    private State _state = State.Ascii;
    private State _outputState = State.Ascii;
    private int _lead;
    private bool _output;

    private enum State
    {
        Ascii,
        Roman,
        Katakana,
        LeadByte,
        TrailByte,
        EscapeStart,
        Escape,
    }

    /// <inheritdoc />
    protected override int Handle(int b)
    {
        // The ASCII, Roman, katakana and lead byte states share their first and last steps: 0x1B starts an escape
        // sequence, end-of-queue finishes, and any other byte unsets the output flag.
        if (_state is State.Ascii or State.Roman or State.Katakana or State.LeadByte)
        {
            if (b == 0x1B)
            {
                _state = State.EscapeStart;
                return Continue;
            }

            if (b == EndOfQueue)
            {
                return Finished;
            }

            _output = false;
        }

        switch (_state)
        {
            case State.Ascii:
                // ASCII: ASCII bytes but SO and SI are themselves.
                return IsAscii(b) && b is not (0x0E or 0x0F) ? b : Error;

            case State.Roman:
                // Roman: as ASCII, but 0x5C is the yen sign and 0x7E the overline.
                return b switch
                {
                    0x5C => 0xA5,
                    0x7E => 0x203E,
                    0x0E or 0x0F => Error,
                    _ => IsAscii(b) ? b : Error,
                };

            case State.Katakana:
                // Katakana: 0x21 to 0x5F are half-width katakana.
                return InRange(b, 0x21, 0x5F) ? 0xFF61 - 0x21 + b : Error;

            case State.LeadByte:
                // Lead byte: 0x21 to 0x7E starts a JIS X 0208 pair.
                if (InRange(b, 0x21, 0x7E))
                {
                    _lead = b;
                    _state = State.TrailByte;
                    return Continue;
                }

                return Error;

            case State.TrailByte:
                // Trail byte: the pair's code point in index jis0208; an escape or the end here is an error.
                if (b == 0x1B)
                {
                    _state = State.EscapeStart;
                    return Error;
                }

                _state = State.LeadByte;
                if (InRange(b, 0x21, 0x7E))
                {
                    var codePoint = LegacyIndexes.CodePoint(LegacyIndexes.Jis0208, ((_lead - 0x21) * 94) + b - 0x21);
                    return codePoint >= 0 ? codePoint : Error;
                }

                // Otherwise an error; end-of-queue is then read again in the lead byte state, where it finishes.
                return Error;

            case State.EscapeStart:
                // Escape start: "$" or "(" may go on to a whole escape sequence.
                if (b is 0x24 or 0x28)
                {
                    _lead = b;
                    _state = State.Escape;
                    return Continue;
                }

                Prepend(b);
                _output = false;
                _state = _outputState;
                return Error;

            default:
                return HandleEscape(b);
        }
    }

    private int HandleEscape(int b)
    {
        // Steps 1-2.
        var lead = _lead;
        _lead = 0;

        // Steps 3-6: the sequences ESC ( B, ESC ( J, ESC ( I, ESC $ @ and ESC $ B.
        State? state = (lead, b) switch
        {
            (0x28, 0x42) => State.Ascii,
            (0x28, 0x4A) => State.Roman,
            (0x28, 0x49) => State.Katakana,
            (0x24, 0x40 or 0x42) => State.LeadByte,
            _ => null,
        };

        // Step 7: switch; two escapes in a row with nothing between them are an error.
        if (state is { } next)
        {
            _state = next;
            _outputState = next;
            var output = _output;
            _output = true;
            return output ? Error : Continue;
        }

        // Steps 8-9: not an escape sequence: lead and byte are read again, in the state before the escape.
        Prepend(lead, b);
        _output = false;
        _state = _outputState;
        return Error;
    }
}
