using System.Buffers;

namespace JsWebSocketHost.Encodings;

/// <summary>
/// The <c>TextDecoderCommon</c> state that <c>TextDecoder</c> and <c>TextDecoderStream</c> share; its fields are the
/// spec's slots: encoding, decoder, error mode, ignore BOM, BOM seen and do not flush.
/// </summary>
/// <remarks>Spec: https://encoding.spec.whatwg.org/#textdecodercommon.</remarks>
internal sealed class TextDecoderCommon
{
    // Output up to this many code units is decoded on the stack.
    private const int StackChars = 256;

    private EncodingDecoder _decoder;
    private bool _bomSeen;
    private bool _doNotFlush;

    public TextDecoderCommon(WebEncoding encoding, bool fatal, bool ignoreBom)
    {
        Encoding = encoding;
        Fatal = fatal;
        IgnoreBom = ignoreBom;
        _decoder = encoding.CreateDecoder();
    }

    /// <summary>The decoder's encoding.</summary>
    public WebEncoding Encoding { get; }

    /// <summary>Whether the error mode is "fatal" (else "replacement").</summary>
    public bool Fatal { get; }

    /// <summary>Whether a leading byte order mark is kept in the output.</summary>
    public bool IgnoreBom { get; }

    /// <summary>The <c>decode(input, options)</c> method steps, after the arguments are converted (a stream's chunks
    /// are decoded with <paramref name="stream"/> true, then an empty input without it flushes).</summary>
    /// <returns>The decoded text, or null when the error mode is fatal and the input is not valid (a TypeError).</returns>
    /// <remarks>Spec: https://encoding.spec.whatwg.org/#dom-textdecoder-decode.</remarks>
    public string? Decode(ReadOnlySpan<byte> input, bool stream)
    {
        // Step 1: if do not flush is false, start afresh: a new decoder instance, and BOM seen false.
        if (!_doNotFlush)
        {
            _decoder = Encoding.CreateDecoder();
            _bomSeen = false;
        }

        // Step 2: set do not flush to options["stream"].
        _doNotFlush = stream;

        // Steps 3-5: process the input's bytes, then end-of-queue unless streaming; an error in fatal mode throws.
        // (The spec pushes a copy of input; no script runs while decoding, so the bytes are read in place.)
        if (_decoder.TryDecodeClean(input) is { } clean)
        {
            return Serialize(clean);
        }

        var max = _decoder.GetMaxCharCount(input.Length);
        char[]? rented = null;
        Span<char> output = max <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(max));
        try
        {
            if (!_decoder.Decode(input, output, flush: !stream, Fatal, out var written))
            {
                return null;
            }

            return Serialize(output[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    // "Serialize I/O queue": for UTF-8 and UTF-16, the first code point decoded is dropped if it is a BOM, unless
    // ignore BOM is set. Spec: https://encoding.spec.whatwg.org/#concept-td-serialize.
    private string Serialize(ReadOnlySpan<char> output)
    {
        if (output.Length > 0 && Encoding.IsUnicode && !IgnoreBom && !_bomSeen)
        {
            _bomSeen = true;
            if (output[0] == '\uFEFF')
            {
                output = output[1..];
            }
        }

        return new string(output);
    }

    private string Serialize(string output)
    {
        if (output.Length > 0 && Encoding.IsUnicode && !IgnoreBom && !_bomSeen)
        {
            _bomSeen = true;
            if (output[0] == '\uFEFF')
            {
                return output[1..];
            }
        }

        return output;
    }
}
