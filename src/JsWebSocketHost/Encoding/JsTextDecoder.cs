using Jint;
using Jint.Native.Object;

namespace JsWebSocketHost.Encodings;

/// <summary>A <c>TextDecoder</c> platform object: the <c>TextDecoderCommon</c> state.</summary>
/// <remarks>Spec: https://encoding.spec.whatwg.org/#interface-textdecoder.</remarks>
internal sealed class JsTextDecoder : ObjectInstance
{
    private readonly TextDecoderCommon _common;

    public JsTextDecoder(Engine engine, ObjectInstance prototype, WebEncoding encoding, bool fatal, bool ignoreBom)
        : base(engine)
    {
        Prototype = prototype;
        _common = new TextDecoderCommon(encoding, fatal, ignoreBom);
    }

    /// <summary>The decoder's encoding.</summary>
    public WebEncoding Encoding => _common.Encoding;

    /// <summary>Whether the error mode is "fatal" (else "replacement").</summary>
    public bool Fatal => _common.Fatal;

    /// <summary>Whether a leading byte order mark is kept in the output.</summary>
    public bool IgnoreBom => _common.IgnoreBom;

    /// <inheritdoc cref="TextDecoderCommon.Decode"/>
    public string? Decode(ReadOnlySpan<byte> input, bool stream) => _common.Decode(input, stream);
}
