using System.Text;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using JsWebSocketHost.Streams;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Encodings;

/// <summary>A <c>TextEncoderStream</c> platform object: a UTF-8 encoder that keeps a leading surrogate from one chunk
/// for the next, and a transform stream whose chunks it encodes.</summary>
/// <remarks>Spec: https://encoding.spec.whatwg.org/#interface-textencoderstream.</remarks>
internal sealed class JsTextEncoderStream : ObjectInstance
{
    private static readonly byte[] ReplacementBytes = [0xEF, 0xBF, 0xBD];

    // [[leadingSurrogate]]: a high surrogate that ended the last chunk, or '\0' for none.
    private char _leadingSurrogate;

    public JsTextEncoderStream(Engine engine, ObjectInstance prototype)
        : base(engine)
    {
        Prototype = prototype;

        // Steps 2-5 of the constructor: a transform stream set up with "encode and enqueue a chunk" and "encode and
        // flush".
        Transform = JsTransformStream.SetUp(engine, EncodeAndEnqueue, EncodeAndFlush);
    }

    /// <summary>[[transform]] (GenericTransformStream).</summary>
    public JsTransformStream Transform { get; }

    // "Encode and enqueue a chunk". Spec: https://encoding.spec.whatwg.org/#encode-and-enqueue-a-chunk.
    private void EncodeAndEnqueue(JsTransformStreamDefaultController controller, JsValue chunk)
    {
        // Steps 1-2: let input be the result of converting chunk to a DOMString, as code units.
        var input = TypeConverter.ToString(chunk);
        if (input.Length == 0)
        {
            return;
        }

        // Step 4: each code unit becomes a scalar value ("convert code unit to scalar value"), UTF-8 encoded.
        var start = 0;
        var prefix = "";
        if (_leadingSurrogate != '\0')
        {
            // 1: a leading surrogate from the last chunk pairs with a trailing one here, or becomes U+FFFD (and the
            // code unit is read again).
            var lead = _leadingSurrogate;
            _leadingSurrogate = '\0';
            if (char.IsLowSurrogate(input[0]))
            {
                prefix = new string([lead, input[0]]);
                start = 1;
            }
            else
            {
                prefix = "\uFFFD";
            }
        }

        // 2: a leading surrogate at the end waits for the next chunk.
        var end = input.Length;
        if (end > start && char.IsHighSurrogate(input[end - 1]))
        {
            _leadingSurrogate = input[end - 1];
            end--;
        }

        // 3: a lone surrogate elsewhere becomes U+FFFD, as Encoding.UTF8's replacement fallback writes it.
        var body = input.AsSpan(start, end - start);
        var bytes = new byte[Encoding.UTF8.GetByteCount(prefix) + Encoding.UTF8.GetByteCount(body)];
        var written = Encoding.UTF8.GetBytes(prefix, bytes);
        written += Encoding.UTF8.GetBytes(body, bytes.AsSpan(written));

        // Step 4.1: a non-empty output is enqueued as a Uint8Array.
        if (written > 0)
        {
            controller.Enqueue(BufferSource.NewUint8Array(_engine, bytes));
        }
    }

    // "Encode and flush". Spec: https://encoding.spec.whatwg.org/#encode-and-flush.
    private void EncodeAndFlush(JsTransformStreamDefaultController controller)
    {
        // Step 1: a leading surrogate left over is U+FFFD, EF BF BD.
        if (_leadingSurrogate != '\0')
        {
            _leadingSurrogate = '\0';
            controller.Enqueue(BufferSource.NewUint8Array(_engine, (byte[])ReplacementBytes.Clone()));
        }
    }
}
