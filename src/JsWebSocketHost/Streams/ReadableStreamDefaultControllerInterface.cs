using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>
/// The <c>ReadableStreamDefaultController</c> interface: <c>desiredSize</c>, <c>close()</c>, <c>enqueue()</c>,
/// <c>error()</c>. Only a stream makes one; <c>new</c> throws.
/// </summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#rs-default-controller-class.</remarks>
internal sealed class ReadableStreamDefaultControllerInterface : WebIdlConstructor
{
    /// <summary>The interface name.</summary>
    public const string Interface = "ReadableStreamDefaultController";

    private static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("desiredSize", static (t, _) => Brand(t, "desiredSize").DesiredSize is { } size ? size : JsValue.Null, enumerable: true, configurable: true)
        .Method("close", static (t, _) =>
        {
            // Steps 1-2: if ! ReadableStreamDefaultControllerCanCloseOrEnqueue(this) is false, throw a TypeError;
            // perform ! ReadableStreamDefaultControllerClose(this).
            var controller = Brand(t, "close");
            if (!controller.CanCloseOrEnqueue)
            {
                throw ScriptErrors.TypeError(controller.Engine, "The stream is closed or closing: it cannot be closed again.");
            }

            controller.Close();
            return JsValue.Undefined;
        }, 0)
        .Method("enqueue", static (t, a) =>
        {
            // Steps 1-2: if ! ReadableStreamDefaultControllerCanCloseOrEnqueue(this) is false, throw a TypeError;
            // perform ? ReadableStreamDefaultControllerEnqueue(this, chunk).
            var controller = Brand(t, "enqueue");
            if (!controller.CanCloseOrEnqueue)
            {
                throw ScriptErrors.TypeError(controller.Engine, "The stream is closed, closing or errored: no chunk can be enqueued.");
            }

            controller.Enqueue(a.Length > 0 ? a[0] : JsValue.Undefined);
            return JsValue.Undefined;
        }, 0)
        .Method("error", static (t, a) =>
        {
            // Step 1: perform ! ReadableStreamDefaultControllerError(this, e).
            Brand(t, "error").Error(a.Length > 0 ? a[0] : JsValue.Undefined);
            return JsValue.Undefined;
        }, 0)
        .ToStringTag(Interface)
        .Build();

    private ReadableStreamDefaultControllerInterface(Engine engine)
        : base(engine, Interface, length: 0, parentInterface: null)
    {
    }

    /// <summary>Installs the interface on the global.</summary>
    public static void Install(Engine engine) =>
        new ReadableStreamDefaultControllerInterface(engine).Install(Shape.Instantiate(engine, HostIntrinsics.Of(engine).ObjectPrototype));

    /// <inheritdoc />
    /// <remarks>The interface has no constructor operation: WebIDL's interface object throws a TypeError.</remarks>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget) =>
        throw ScriptErrors.TypeError(_engine, "Illegal constructor: a ReadableStreamDefaultController is made by its ReadableStream.");

    private static JsReadableStreamDefaultController Brand(JsValue thisObj, string member) =>
        thisObj as JsReadableStreamDefaultController ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);
}
