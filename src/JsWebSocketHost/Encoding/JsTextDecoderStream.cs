using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.Streams;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Encodings;

/// <summary>A <c>TextDecoderStream</c> platform object: the <c>TextDecoderCommon</c> state and a transform stream
/// whose chunks are decoded with it.</summary>
/// <remarks>Spec: https://encoding.spec.whatwg.org/#interface-textdecoderstream.</remarks>
internal sealed class JsTextDecoderStream : ObjectInstance
{
    private readonly TextDecoderCommon _common;

    public JsTextDecoderStream(Engine engine, ObjectInstance prototype, WebEncoding encoding, bool fatal, bool ignoreBom)
        : base(engine)
    {
        Prototype = prototype;
        _common = new TextDecoderCommon(encoding, fatal, ignoreBom);

        // Steps 5-8 of the constructor: a transform stream set up with "decode and enqueue a chunk" and "flush and
        // enqueue".
        Transform = JsTransformStream.SetUp(engine, DecodeAndEnqueue, FlushAndEnqueue);
    }

    /// <summary>The decoder's encoding.</summary>
    public WebEncoding Encoding => _common.Encoding;

    /// <summary>Whether the error mode is "fatal" (else "replacement").</summary>
    public bool Fatal => _common.Fatal;

    /// <summary>Whether a leading byte order mark is kept in the output.</summary>
    public bool IgnoreBom => _common.IgnoreBom;

    /// <summary>[[transform]] (GenericTransformStream).</summary>
    public JsTransformStream Transform { get; }

    // "Decode and enqueue a chunk". Spec: https://encoding.spec.whatwg.org/#decode-and-enqueue-a-chunk.
    private void DecodeAndEnqueue(JsTransformStreamDefaultController controller, JsValue chunk)
    {
        // Step 1: let bufferSource be the result of converting chunk to an AllowSharedBufferSource.
        if (!BufferSource.TryGetBytes(chunk, out var bytes, allowShared: true))
        {
            throw ScriptErrors.TypeError(_engine, "Failed to execute 'write' on 'TextDecoderStream': the chunk is not of type 'ArrayBuffer', 'SharedArrayBuffer' or 'ArrayBufferView'.");
        }

        // Steps 2-4: process the bytes (partial sequences wait for the next chunk); an error in fatal mode is a
        // TypeError; a non-empty output is enqueued.
        Enqueue(controller, _common.Decode(bytes, stream: true));
    }

    // "Flush and enqueue". Spec: https://encoding.spec.whatwg.org/#flush-and-enqueue.
    private void FlushAndEnqueue(JsTransformStreamDefaultController controller) =>
        Enqueue(controller, _common.Decode([], stream: false));

    private void Enqueue(JsTransformStreamDefaultController controller, string? output)
    {
        if (output is null)
        {
            throw ScriptErrors.TypeError(_engine, $"The encoded data is not valid {_common.Encoding.Name}.");
        }

        if (output.Length > 0)
        {
            controller.Enqueue(new JsString(output));
        }
    }
}
