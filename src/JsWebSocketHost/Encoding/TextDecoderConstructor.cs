using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Encodings;

/// <summary>
/// The <c>TextDecoder</c> interface object: <c>new TextDecoder(label = "utf-8", { fatal, ignoreBOM })</c>.
/// </summary>
/// <remarks>Spec: https://encoding.spec.whatwg.org/#dom-textdecoder.</remarks>
internal sealed class TextDecoderConstructor : WebIdlConstructor
{
    private const string Interface = "TextDecoder";

    private TextDecoderConstructor(Engine engine)
        : base(engine, Interface, length: 0, parentInterface: null)
    {
    }

    /// <summary>Creates the interface object and its prototype, and installs them on the global.</summary>
    public static TextDecoderConstructor Install(Engine engine)
    {
        var constructor = new TextDecoderConstructor(engine);
        var prototype = TextDecoderPrototype.Instantiate(engine);
        constructor.Install(prototype);
        return constructor;
    }

    /// <inheritdoc />
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        const string Context = "Failed to construct 'TextDecoder'";

        var (encoding, fatal, ignoreBom) = ConvertArguments(_engine, arguments, Context);

        // Steps 3-5: set the encoding, the error mode ("fatal" if options["fatal"]) and ignore BOM.
        return new JsTextDecoder(_engine, PrototypeFor(newTarget), encoding, fatal, ignoreBom);
    }

    /// <summary>
    /// The arguments of the <c>TextDecoder</c> and <c>TextDecoderStream</c> constructors, converted: optional
    /// DOMString label = "utf-8", optional TextDecoderOptions options = {} (fatal, ignoreBOM); then steps 1-2, the
    /// encoding for the label (failure and replacement being a RangeError).
    /// </summary>
    public static (WebEncoding Encoding, bool Fatal, bool IgnoreBom) ConvertArguments(Engine engine, JsValue[] arguments, string context)
    {
        var label = arguments.Length > 0 && !arguments[0].IsUndefined() ? WebIdlConvert.ToDOMString(arguments[0]) : "utf-8";
        var options = WebIdlConvert.ToDictionary(engine, arguments.Length > 1 ? arguments[1] : JsValue.Undefined, context);
        var fatal = options is not null && TypeConverter.ToBoolean(options.Get("fatal"));
        var ignoreBom = options is not null && TypeConverter.ToBoolean(options.Get("ignoreBOM"));

        // Step 1: let encoding be the result of getting an encoding from label.
        var encoding = WebEncoding.ForLabel(label);

        // Step 2: if encoding is failure or replacement, throw a RangeError.
        if (encoding is null || ReferenceEquals(encoding, WebEncoding.Replacement))
        {
            throw ScriptErrors.RangeError(engine, $"{context}: the encoding label provided ('{label}') is invalid.");
        }

        return (encoding, fatal, ignoreBom);
    }
}
