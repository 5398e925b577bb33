namespace JsWebSocketHost.Encodings;

/// <summary>
/// The frame of a legacy multi-byte decoder: the Encoding Standard's "process a queue" loop around a handler that
/// takes one byte (or end-of-queue) at a time, keeps its state between calls, and may put bytes back in front of the
/// queue ("restore" and "prepend"), so that a sequence split across <c>decode()</c> calls decodes as a whole.
/// </summary>
/// <remarks>Spec: https://encoding.spec.whatwg.org/#concept-encoding-process and https://encoding.spec.whatwg.org/#decoders.</remarks>
internal abstract class MultiByteDecoder : EncodingDecoder
{
    /// <summary>The handler's byte for end-of-queue.</summary>
    protected const int EndOfQueue = -1;

    /// <summary>The handler's result "continue": nothing to emit yet.</summary>
    protected const int Continue = -1;

    /// <summary>The handler's result "error".</summary>
    protected const int Error = -2;

    /// <summary>The handler's result "finished" (only for end-of-queue).</summary>
    protected const int Finished = -3;

    // Bytes put back in front of the queue: a stack, the next byte to read on top.
    private byte[] _pending = new byte[4];
    private int _pendingCount;

    /// <summary>
    /// Whether, in the state the decoder is in now, every ASCII byte is its own code point with no change of state
    /// (no lead byte waits), so that a run of them may be copied without the handler.
    /// </summary>
    protected virtual bool AsciiDecodesToItself => false;

    /// <summary>A second code point the handler emits after the one it returned (Big5's four pairs); 0 for none.</summary>
    protected int SecondCodePoint { get; set; }

    /// <inheritdoc />
    /// <remarks>
    /// Each byte yields at most one UTF-16 unit: a sequence of n bytes is at most n units (gb18030's four bytes a
    /// surrogate pair, Big5's two-code-point pairs two), and an error is one U+FFFD for the bytes it consumes, any byte
    /// it puts back being decoded on its own. The state a previous call left (at most three bytes of a sequence)
    /// and end-of-queue add at most four more.
    /// </remarks>
    public override int GetMaxCharCount(int byteCount) => (int)Math.Min(Array.MaxLength, (long)byteCount + 4);

    /// <summary>The handler: a code point (0 or more), or <see cref="Continue"/>, <see cref="Error"/> or <see cref="Finished"/>.</summary>
    /// <param name="b">A byte (0-255), or <see cref="EndOfQueue"/>.</param>
    protected abstract int Handle(int b);

    /// <summary>"Restore"/"prepend": <paramref name="b"/> is read again next, before the rest of the queue.</summary>
    protected void Prepend(int b)
    {
        // End-of-queue is never really taken from the queue here, so putting it back is a no-op.
        if (b == EndOfQueue)
        {
            return;
        }

        if (_pendingCount == _pending.Length)
        {
            Array.Resize(ref _pending, _pending.Length * 2);
        }

        _pending[_pendingCount++] = (byte)b;
    }

    /// <summary>Prepends two bytes, read next in this order.</summary>
    protected void Prepend(int first, int second)
    {
        Prepend(second);
        Prepend(first);
    }

    /// <summary>Prepends three bytes, read next in this order.</summary>
    protected void Prepend(int first, int second, int third)
    {
        Prepend(third);
        Prepend(second);
        Prepend(first);
    }

    /// <inheritdoc />
    public override bool Decode(ReadOnlySpan<byte> input, Span<char> output, bool flush, bool fatal, out int charsWritten)
    {
        var o = 0;
        var i = 0;
        while (true)
        {
            // Step 1: read an item from the queue: what was put back first, then the input, then end-of-queue
            // (only when the stream ends here; otherwise the state waits for the next call's bytes).
            int b;
            if (_pendingCount > 0)
            {
                b = _pending[--_pendingCount];
            }
            else if (i < input.Length)
            {
                // A run of ASCII bytes outside any sequence decodes to itself: copied at once, not byte by byte.
                if (input[i] < 0x80 && AsciiDecodesToItself)
                {
                    var run = input[i..];
                    var length = run.IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
                    length = length < 0 ? run.Length : length;
                    System.Text.Ascii.ToUtf16(run[..length], output[o..], out var copied);
                    i += length;
                    o += copied;
                    continue;
                }

                b = input[i++];
            }
            else if (flush)
            {
                b = EndOfQueue;
            }
            else
            {
                break;
            }

            // Step 2: run the handler. Finished ends; an error is U+FFFD, or the end in fatal mode; a code point is
            // written as UTF-16.
            var result = Handle(b);
            if (result >= 0)
            {
                o += new System.Text.Rune(result).EncodeToUtf16(output[o..]);
                if (SecondCodePoint != 0)
                {
                    o += new System.Text.Rune(SecondCodePoint).EncodeToUtf16(output[o..]);
                    SecondCodePoint = 0;
                }
            }
            else if (result == Finished)
            {
                break;
            }
            else if (result == Error)
            {
                if (fatal)
                {
                    _pendingCount = 0; // the rest of this call's bytes go with the error, as in the UTF-8 decoder
                    charsWritten = o;
                    return false;
                }

                output[o++] = '\uFFFD';
            }
        }

        charsWritten = o;
        return true;
    }

    /// <summary>
    /// The shared first steps of the two-byte decoders at end-of-queue: an error if a lead byte waits (which is then
    /// dropped), else finished.
    /// </summary>
    protected static int AtEndOfQueue(ref int lead)
    {
        if (lead == 0)
        {
            return Finished;
        }

        lead = 0;
        return Error;
    }

    /// <summary>
    /// The shared last steps after a lead byte: the code point if the index had one; otherwise an error, with
    /// <paramref name="b"/> read again when it is ASCII.
    /// </summary>
    protected int CodePointOrError(int codePoint, int b)
    {
        if (codePoint >= 0)
        {
            return codePoint;
        }

        if (IsAscii(b))
        {
            Prepend(b);
        }

        return Error;
    }

    /// <summary>Whether <paramref name="b"/> is an ASCII byte (0x00 to 0x7F).</summary>
    protected static bool IsAscii(int b) => b is >= 0 and <= 0x7F;

    /// <summary>Whether <paramref name="b"/> is in the range <paramref name="low"/> to <paramref name="high"/>.</summary>
    protected static bool InRange(int b, int low, int high) => b >= low && b <= high;
}
