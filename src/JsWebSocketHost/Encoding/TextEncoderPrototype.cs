using System.Buffers;
using System.Text.Unicode;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Encodings;

/// <summary>The shape of <c>TextEncoder.prototype</c>, built once per process.</summary>
/// <remarks>Spec: https://encoding.spec.whatwg.org/#interface-textencoder.</remarks>
internal static class TextEncoderPrototype
{
    private const string Interface = "TextEncoder";

    // TextEncoderEncodeIntoResult as a script object: { read, written }, members in lexicographic order.
    private static readonly JsObjectLayout EncodeIntoResult = new("read", "written");

    public static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("encoding", static (t, _) => { Brand(t, "encoding"); return "utf-8"; }, enumerable: true, configurable: true)
        .Method("encode", static (t, a) => Encode(Brand(t, "encode"), a), 0)
        .Method("encodeInto", static (t, a) => EncodeInto(Brand(t, "encodeInto"), a), 2)
        .ToStringTag(Interface)
        .Build();

    /// <summary>Installs the shape on an engine, inheriting from <c>Object.prototype</c>.</summary>
    public static ObjectInstance Instantiate(Engine engine) =>
        Shape.Instantiate(engine, HostIntrinsics.Of(engine).ObjectPrototype);

    private static JsTextEncoder Brand(JsValue thisObj, string member) =>
        thisObj as JsTextEncoder ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);

    // [NewObject] Uint8Array encode(optional USVString input = "").
    // Spec: https://encoding.spec.whatwg.org/#dom-textencoder-encode.
    private static JsTypedArray Encode(JsTextEncoder encoder, JsValue[] args)
    {
        var engine = encoder.Engine;

        // USVString would replace each lone surrogate with U+FFFD; .NET's UTF-8 encoder writes the bytes of U+FFFD
        // for a lone surrogate, so converting with ToString alone gives the same bytes with one copy less.
        var input = args.Length > 0 && !args[0].IsUndefined() ? TypeConverter.ToString(args[0]) : "";

        // Steps 1-3: run UTF-8's encoder over the scalar values; return a Uint8Array wrapping an ArrayBuffer that
        // holds the output (the exact-size array is handed to the engine without a copy).
        var bytes = System.Text.Encoding.UTF8.GetBytes(input);
        return BufferSource.NewUint8Array(engine, bytes);
    }

    // TextEncoderEncodeIntoResult encodeInto(USVString source, [AllowShared] Uint8Array destination).
    // Spec: https://encoding.spec.whatwg.org/#dom-textencoder-encodeinto.
    private static JsObject EncodeInto(JsTextEncoder encoder, JsValue[] args)
    {
        var engine = encoder.Engine;
        if (args.Length < 2)
        {
            throw ScriptErrors.NotEnoughArguments(engine, Interface, "encodeInto", 2, args.Length);
        }

        // As in encode(), ToString suffices: a lone surrogate is read as one code unit and written as U+FFFD.
        var source = TypeConverter.ToString(args[0]);
        if (!args[1].IsUint8Array())
        {
            throw ScriptErrors.TypeError(engine, "Failed to execute 'encodeInto' on 'TextEncoder': parameter 2 is not of type 'Uint8Array'.");
        }

        BufferSource.TryGetBytes(args[1], out var destination, allowShared: true);

        // Steps 1-6: encode scalar value by scalar value while the whole of its bytes fits into what is left of
        // destination; read counts UTF-16 code units (2 for a scalar value above U+FFFF). Utf8.FromUtf16 stops
        // before the first scalar value that does not fit, never writing part of one.
        var status = Utf8.FromUtf16(source, destination, out var read, out var written, replaceInvalidSequences: true, isFinalBlock: true);
        System.Diagnostics.Debug.Assert(status is OperationStatus.Done or OperationStatus.DestinationTooSmall, "replacement mode has no invalid data");

        // Step 7: return «[ "read" → read, "written" → written ]».
        return JsObject.Create(engine, EncodeIntoResult, [JsNumber.Create(read), JsNumber.Create(written)]);
    }
}
