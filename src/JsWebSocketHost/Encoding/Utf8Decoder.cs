using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Unicode;

namespace JsWebSocketHost.Encodings;

/// <summary>
/// The UTF-8 decoder: replaces each maximal subpart of an ill-formed sequence with one U+FFFD, as browsers do
/// (bytes F0 90 80 41 give U+FFFD then "A").
/// </summary>
/// <remarks>
/// Spec: https://encoding.spec.whatwg.org/#utf-8-decoder. Runs of well-formed bytes go through
/// <see cref="Utf8.ToUtf16(ReadOnlySpan{byte}, Span{char}, out int, out int, bool, bool)"/>; the spec's byte-by-byte
/// state machine takes over at an ill-formed or incomplete sequence and hands back once it is through.
/// </remarks>
internal sealed class Utf8Decoder : EncodingDecoder
{
    private int _codePoint;
    private int _bytesSeen;
    private int _bytesNeeded;
    private int _lowerBoundary = 0x80;
    private int _upperBoundary = 0xBF;

    /// <summary>
    /// "UTF-8 decode" of bytes held as consecutive segments: a leading BOM is dropped, and each error becomes U+FFFD.
    /// </summary>
    /// <param name="segments">The bytes, in order.</param>
    /// <param name="length">The total number of bytes in <paramref name="segments"/>.</param>
    /// <remarks>Spec: https://encoding.spec.whatwg.org/#utf-8-decode.</remarks>
    public static string Utf8Decode(ReadOnlySpan<ReadOnlyMemory<byte>> segments, int length)
    {
        var decoder = new Utf8Decoder();
        if (segments.Length == 0)
        {
            return "";
        }

        if (segments.Length == 1 && decoder.TryDecodeClean(segments[0].Span) is { } clean)
        {
            // Steps 1-2: a leading EF BB BF is read and dropped; it decodes to a leading U+FEFF.
            return clean.StartsWith('\uFEFF') ? clean[1..] : clean;
        }

        var buffer = ArrayPool<char>.Shared.Rent(length + 8);
        try
        {
            // Step 3: process the queue with UTF-8's decoder in replacement mode.
            var written = 0;
            for (var i = 0; i < segments.Length; i++)
            {
                decoder.Decode(segments[i].Span, buffer.AsSpan(written), flush: i == segments.Length - 1, fatal: false, out var count);
                written += count;
            }

            var output = buffer.AsSpan(0, written);
            return new string(output.StartsWith('\uFEFF') ? output[1..] : output);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc />
    public override int GetMaxCharCount(int byteCount) => byteCount + 4;

    /// <inheritdoc />
    public override string? TryDecodeClean(ReadOnlySpan<byte> input) =>
        _bytesNeeded == 0 && Utf8.IsValid(input) ? System.Text.Encoding.UTF8.GetString(input) : null;

    /// <inheritdoc />
    public override bool Decode(ReadOnlySpan<byte> input, Span<char> output, bool flush, bool fatal, out int charsWritten)
    {
        var o = 0;
        var i = 0;
        while (i < input.Length)
        {
            if (_bytesNeeded == 0)
            {
                // Well-formed bytes decode in bulk; stop at the first byte that needs the state machine.
                var status = Utf8.ToUtf16(input[i..], output[o..], out var read, out var written, replaceInvalidSequences: false, isFinalBlock: false);
                Debug.Assert(status != OperationStatus.DestinationTooSmall, "output is sized by GetMaxCharCount");
                i += read;
                o += written;
                if (status == OperationStatus.Done)
                {
                    break;
                }
            }

            var b = input[i];

            // Step 3: if UTF-8 bytes needed is 0, based on byte:
            if (_bytesNeeded == 0)
            {
                i++;
                switch (b)
                {
                    case <= 0x7F:
                        output[o++] = (char)b;
                        break;
                    case >= 0xC2 and <= 0xDF:
                        _bytesNeeded = 1;
                        _codePoint = b & 0x1F;
                        break;
                    case >= 0xE0 and <= 0xEF:
                        _lowerBoundary = b == 0xE0 ? 0xA0 : 0x80;
                        _upperBoundary = b == 0xED ? 0x9F : 0xBF;
                        _bytesNeeded = 2;
                        _codePoint = b & 0xF;
                        break;
                    case >= 0xF0 and <= 0xF4:
                        _lowerBoundary = b == 0xF0 ? 0x90 : 0x80;
                        _upperBoundary = b == 0xF4 ? 0x8F : 0xBF;
                        _bytesNeeded = 3;
                        _codePoint = b & 0x7;
                        break;
                    default:
                        // Otherwise, return error.
                        if (fatal)
                        {
                            charsWritten = o;
                            return false;
                        }

                        output[o++] = '\uFFFD';
                        break;
                }

                continue;
            }

            // Step 4: if byte is not in the range lower to upper boundary, reset the state, restore byte to the
            // queue (it is not consumed here) and return error.
            if (b < _lowerBoundary || b > _upperBoundary)
            {
                Reset();
                if (fatal)
                {
                    charsWritten = o;
                    return false;
                }

                output[o++] = '\uFFFD';
                continue;
            }

            // Steps 5-8: reset the boundaries, take the byte's six bits, and wait for the rest of the sequence.
            i++;
            _lowerBoundary = 0x80;
            _upperBoundary = 0xBF;
            _codePoint = (_codePoint << 6) | (b & 0x3F);
            _bytesSeen++;
            if (_bytesSeen != _bytesNeeded)
            {
                continue;
            }

            // Steps 9-10: the sequence is complete; return its code point.
            o += new Rune(_codePoint).EncodeToUtf16(output[o..]);
            Reset();
        }

        // Step 1: on end-of-queue with a sequence pending, reset and return error.
        if (flush && _bytesNeeded != 0)
        {
            Reset();
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

    private void Reset()
    {
        _codePoint = 0;
        _bytesSeen = 0;
        _bytesNeeded = 0;
        _lowerBoundary = 0x80;
        _upperBoundary = 0xBF;
    }
}
