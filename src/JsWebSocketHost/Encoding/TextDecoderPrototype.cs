using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Encodings;

/// <summary>The shape of <c>TextDecoder.prototype</c>, built once per process.</summary>
/// <remarks>Spec: https://encoding.spec.whatwg.org/#interface-textdecoder.</remarks>
internal static class TextDecoderPrototype
{
    private const string Interface = "TextDecoder";

    public static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Method("decode", static (t, a) => Decode(Brand(t, "decode"), a), 0)
        .Accessor("encoding", static (t, _) => Brand(t, "encoding").Encoding.Name, enumerable: true, configurable: true)
        .Accessor("fatal", static (t, _) => Brand(t, "fatal").Fatal, enumerable: true, configurable: true)
        .Accessor("ignoreBOM", static (t, _) => Brand(t, "ignoreBOM").IgnoreBom, enumerable: true, configurable: true)
        .ToStringTag(Interface)
        .Build();

    /// <summary>Installs the shape on an engine, inheriting from <c>Object.prototype</c>.</summary>
    public static ObjectInstance Instantiate(Engine engine) =>
        Shape.Instantiate(engine, HostIntrinsics.Of(engine).ObjectPrototype);

    private static JsTextDecoder Brand(JsValue thisObj, string member) =>
        thisObj as JsTextDecoder ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);

    // decode(optional AllowSharedBufferSource input, optional TextDecodeOptions options = {}).
    // Spec: https://encoding.spec.whatwg.org/#dom-textdecoder-decode.
    private static JsString Decode(JsTextDecoder decoder, JsValue[] args)
    {
        const string Context = "Failed to execute 'decode' on 'TextDecoder'";
        var engine = decoder.Engine;

        // Arguments in order: input (undefined means not given), then the dictionary; the bytes are read after both.
        var input = args.Length > 0 ? args[0] : JsValue.Undefined;
        if (!input.IsUndefined() && !BufferSource.Is(input, allowShared: true))
        {
            throw ScriptErrors.TypeError(engine, $"{Context}: parameter 1 is not of type 'ArrayBuffer', 'SharedArrayBuffer' or 'ArrayBufferView'.");
        }

        var options = WebIdlConvert.ToDictionary(engine, args.Length > 1 ? args[1] : JsValue.Undefined, Context);
        var stream = options is not null && TypeConverter.ToBoolean(options.Get("stream"));

        BufferSource.TryGetBytes(input, out var bytes, allowShared: true);
        var text = decoder.Decode(bytes, stream)
            ?? throw ScriptErrors.TypeError(engine, $"{Context}: the encoded data is not valid {decoder.Encoding.Name}.");
        return new JsString(text);
    }
}
