namespace JsWebSocketHost.Encodings;

/// <summary>
/// An instance of an encoding's decoder as the Encoding Standard defines it: it turns bytes into code points and keeps
/// the state of a sequence split across calls, so a stream can be decoded chunk by chunk.
/// </summary>
/// <remarks>Spec: https://encoding.spec.whatwg.org/#decoder.</remarks>
internal abstract class EncodingDecoder
{
    /// <summary>The most UTF-16 code units that decoding <paramref name="byteCount"/> more bytes can produce.</summary>
    public abstract int GetMaxCharCount(int byteCount);

    /// <summary>
    /// Runs the decoder's handler on every byte of <paramref name="input"/> and, when <paramref name="flush"/> is set,
    /// on end-of-queue, writing the code points to <paramref name="output"/> as UTF-16.
    /// </summary>
    /// <param name="input">The bytes to decode.</param>
    /// <param name="output">At least <see cref="GetMaxCharCount"/> code units.</param>
    /// <param name="flush">Whether end-of-queue follows the bytes (the stream ends here).</param>
    /// <param name="fatal">The error mode: true stops at the first error; false writes U+FFFD for each error.</param>
    /// <param name="charsWritten">How many code units were written.</param>
    /// <returns>False when <paramref name="fatal"/> is set and an error was found.</returns>
    /// <remarks>Spec: https://encoding.spec.whatwg.org/#concept-encoding-process.</remarks>
    public abstract bool Decode(ReadOnlySpan<byte> input, Span<char> output, bool flush, bool fatal, out int charsWritten);

    /// <summary>
    /// Decodes <paramref name="input"/> at once when the decoder holds no state and the bytes have no error and no
    /// incomplete sequence, as one allocation; null when the general path is needed.
    /// </summary>
    public virtual string? TryDecodeClean(ReadOnlySpan<byte> input) => null;
}
