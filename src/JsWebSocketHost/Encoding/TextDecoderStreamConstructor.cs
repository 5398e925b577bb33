using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Encodings;

/// <summary>
/// The <c>TextDecoderStream</c> interface: <c>new TextDecoderStream(label = "utf-8", { fatal, ignoreBOM })</c>,
/// <c>encoding</c>, <c>fatal</c>, <c>ignoreBOM</c>, <c>readable</c> and <c>writable</c>.
/// </summary>
/// <remarks>Spec: https://encoding.spec.whatwg.org/#interface-textdecoderstream.</remarks>
internal sealed class TextDecoderStreamConstructor : WebIdlConstructor
{
    private const string Interface = "TextDecoderStream";

    private static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("encoding", static (t, _) => Brand(t, "encoding").Encoding.Name, enumerable: true, configurable: true)
        .Accessor("fatal", static (t, _) => Brand(t, "fatal").Fatal, enumerable: true, configurable: true)
        .Accessor("ignoreBOM", static (t, _) => Brand(t, "ignoreBOM").IgnoreBom, enumerable: true, configurable: true)
        .Accessor("readable", static (t, _) => Brand(t, "readable").Transform.Readable, enumerable: true, configurable: true)
        .Accessor("writable", static (t, _) => Brand(t, "writable").Transform.Writable, enumerable: true, configurable: true)
        .ToStringTag(Interface)
        .Build();

    private TextDecoderStreamConstructor(Engine engine)
        : base(engine, Interface, length: 0, parentInterface: null)
    {
    }

    /// <summary>Installs the interface on the global.</summary>
    public static void Install(Engine engine) =>
        new TextDecoderStreamConstructor(engine).Install(Shape.Instantiate(engine, HostIntrinsics.Of(engine).ObjectPrototype));

    /// <inheritdoc />
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        // Steps 1-4: the encoding from the label (a RangeError for failure or replacement), the error mode and
        // ignore BOM, as TextDecoder's constructor does; steps 5-8 set up the transform.
        var (encoding, fatal, ignoreBom) = TextDecoderConstructor.ConvertArguments(_engine, arguments, "Failed to construct 'TextDecoderStream'");
        return new JsTextDecoderStream(_engine, PrototypeFor(newTarget), encoding, fatal, ignoreBom);
    }

    private static JsTextDecoderStream Brand(JsValue thisObj, string member) =>
        thisObj as JsTextDecoderStream ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);
}
