using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Encodings;

/// <summary>The <c>TextEncoder</c> interface object: <c>new TextEncoder()</c>.</summary>
/// <remarks>Spec: https://encoding.spec.whatwg.org/#dom-textencoder.</remarks>
internal sealed class TextEncoderConstructor : WebIdlConstructor
{
    private const string Interface = "TextEncoder";

    private TextEncoderConstructor(Engine engine)
        : base(engine, Interface, length: 0, parentInterface: null)
    {
    }

    /// <summary>Creates the interface object and its prototype, and installs them on the global.</summary>
    public static TextEncoderConstructor Install(Engine engine)
    {
        var constructor = new TextEncoderConstructor(engine);
        var prototype = TextEncoderPrototype.Instantiate(engine);
        constructor.Install(prototype);
        return constructor;
    }

    /// <inheritdoc />
    /// <remarks>The constructor steps do nothing: the encoder is always UTF-8's.</remarks>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget) =>
        new JsTextEncoder(_engine, PrototypeFor(newTarget));
}
