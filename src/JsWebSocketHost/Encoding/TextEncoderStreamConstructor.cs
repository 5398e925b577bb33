using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Encodings;

/// <summary>
/// The <c>TextEncoderStream</c> interface: <c>new TextEncoderStream()</c>, <c>encoding</c>, <c>readable</c> and
/// <c>writable</c>.
/// </summary>
/// <remarks>Spec: https://encoding.spec.whatwg.org/#interface-textencoderstream.</remarks>
internal sealed class TextEncoderStreamConstructor : WebIdlConstructor
{
    private const string Interface = "TextEncoderStream";

    private static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("encoding", static (t, _) => { Brand(t, "encoding"); return "utf-8"; }, enumerable: true, configurable: true)
        .Accessor("readable", static (t, _) => Brand(t, "readable").Transform.Readable, enumerable: true, configurable: true)
        .Accessor("writable", static (t, _) => Brand(t, "writable").Transform.Writable, enumerable: true, configurable: true)
        .ToStringTag(Interface)
        .Build();

    private TextEncoderStreamConstructor(Engine engine)
        : base(engine, Interface, length: 0, parentInterface: null)
    {
    }

    /// <summary>Installs the interface on the global.</summary>
    public static void Install(Engine engine) =>
        new TextEncoderStreamConstructor(engine).Install(Shape.Instantiate(engine, HostIntrinsics.Of(engine).ObjectPrototype));

    /// <inheritdoc />
    /// <remarks>constructor(): step 1, the encoder is UTF-8; steps 2-5 set up the transform.</remarks>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget) =>
        new JsTextEncoderStream(_engine, PrototypeFor(newTarget));

    private static JsTextEncoderStream Brand(JsValue thisObj, string member) =>
        thisObj as JsTextEncoderStream ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);
}
