using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>
/// The <c>TransformStreamDefaultController</c> interface: <c>desiredSize</c>, <c>enqueue()</c>, <c>error()</c> and
/// <c>terminate()</c>. Only a stream makes one; <c>new</c> throws.
/// </summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#ts-default-controller-class.</remarks>
internal sealed class TransformStreamDefaultControllerInterface : WebIdlConstructor
{
    /// <summary>The interface name.</summary>
    public const string Interface = "TransformStreamDefaultController";

    private static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("desiredSize", static (t, _) => Brand(t, "desiredSize").DesiredSize is { } size ? size : JsValue.Null, enumerable: true, configurable: true)
        .Method("enqueue", static (t, a) =>
        {
            // Step 1: perform ? TransformStreamDefaultControllerEnqueue(this, chunk).
            Brand(t, "enqueue").Enqueue(a.Length > 0 ? a[0] : JsValue.Undefined);
            return JsValue.Undefined;
        }, 0)
        .Method("error", static (t, a) =>
        {
            // Step 1: perform ? TransformStreamDefaultControllerError(this, e).
            Brand(t, "error").Error(a.Length > 0 ? a[0] : JsValue.Undefined);
            return JsValue.Undefined;
        }, 0)
        .Method("terminate", static (t, _) =>
        {
            // Step 1: perform ? TransformStreamDefaultControllerTerminate(this).
            Brand(t, "terminate").Terminate();
            return JsValue.Undefined;
        }, 0)
        .ToStringTag(Interface)
        .Build();

    private TransformStreamDefaultControllerInterface(Engine engine)
        : base(engine, Interface, length: 0, parentInterface: null)
    {
    }

    /// <summary>Installs the interface on the global.</summary>
    public static void Install(Engine engine) =>
        new TransformStreamDefaultControllerInterface(engine).Install(Shape.Instantiate(engine, HostIntrinsics.Of(engine).ObjectPrototype));

    /// <inheritdoc />
    /// <remarks>The interface has no constructor operation: WebIDL's interface object throws a TypeError.</remarks>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget) =>
        throw ScriptErrors.TypeError(_engine, "Illegal constructor: a TransformStreamDefaultController is made by its TransformStream.");

    private static JsTransformStreamDefaultController Brand(JsValue thisObj, string member) =>
        thisObj as JsTransformStreamDefaultController ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);
}
