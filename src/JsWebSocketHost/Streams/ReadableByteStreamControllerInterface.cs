using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>
/// The <c>ReadableByteStreamController</c> interface: <c>byobRequest</c>, <c>desiredSize</c>, <c>close()</c>,
/// <c>enqueue(chunk)</c>, <c>error(e)</c>. Only a stream makes one; <c>new</c> throws.
/// </summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#rbs-controller-class.</remarks>
internal sealed class ReadableByteStreamControllerInterface : WebIdlConstructor
{
    /// <summary>The interface name.</summary>
    public const string Interface = "ReadableByteStreamController";

    private static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("byobRequest", static (t, _) => (JsValue?)Brand(t, "byobRequest").GetBYOBRequest() ?? JsValue.Null, enumerable: true, configurable: true)
        .Accessor("desiredSize", static (t, _) => Brand(t, "desiredSize").DesiredSize is { } size ? size : JsValue.Null, enumerable: true, configurable: true)
        .Method("close", static (t, _) =>
        {
            // Steps 1-3: a close already requested, or a stream that is not readable, is a TypeError.
            var controller = Brand(t, "close");
            CheckCanCloseOrEnqueue(controller, "close");
            controller.Close();
            return JsValue.Undefined;
        }, 0)
        .Method("enqueue", static (t, a) =>
        {
            // ArrayBufferView chunk; steps 1-2: an empty view or buffer is a TypeError; steps 3-5 as close.
            var controller = Brand(t, "enqueue");
            var engine = controller.Engine;
            var chunk = a.Length > 0 ? a[0] : JsValue.Undefined;
            if (!ArrayBuffers.IsArrayBufferView(engine, chunk, "Failed to execute 'enqueue' on 'ReadableByteStreamController'"))
            {
                throw ScriptErrors.TypeError(engine, "Failed to execute 'enqueue' on 'ReadableByteStreamController': parameter 1 is not of type 'ArrayBufferView'.");
            }

            var (buffer, _, byteLength) = ArrayBuffers.ViewBytes(engine, chunk);
            if (byteLength == 0 || ArrayBuffers.IsDetached(buffer) || ArrayBuffers.ByteLength(engine, buffer) == 0)
            {
                throw ScriptErrors.TypeError(engine, "Failed to execute 'enqueue' on 'ReadableByteStreamController': the chunk is empty (or its buffer detached).");
            }

            CheckCanCloseOrEnqueue(controller, "enqueue");
            controller.Enqueue(chunk);
            return JsValue.Undefined;
        }, 1)
        .Method("error", static (t, a) =>
        {
            // Step 1: perform ! ReadableByteStreamControllerError(this, e).
            Brand(t, "error").Error(a.Length > 0 ? a[0] : JsValue.Undefined);
            return JsValue.Undefined;
        }, 0)
        .ToStringTag(Interface)
        .Build();

    private ReadableByteStreamControllerInterface(Engine engine)
        : base(engine, Interface, length: 0, parentInterface: null)
    {
    }

    /// <summary>Installs the interface, and <c>ReadableStreamBYOBRequest</c>'s, on the global.</summary>
    public static void Install(Engine engine)
    {
        new ReadableByteStreamControllerInterface(engine).Install(Shape.Instantiate(engine, HostIntrinsics.Of(engine).ObjectPrototype));
        ReadableStreamBYOBRequestInterface.Install(engine);
    }

    /// <inheritdoc />
    /// <remarks>The interface has no constructor operation: WebIDL's interface object throws a TypeError.</remarks>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget) =>
        throw ScriptErrors.TypeError(_engine, "Illegal constructor: a ReadableByteStreamController is made by its ReadableStream.");

    private static void CheckCanCloseOrEnqueue(JsReadableByteStreamController controller, string member)
    {
        if (controller.CloseRequested)
        {
            throw ScriptErrors.TypeError(controller.Engine, $"Failed to execute '{member}' on 'ReadableByteStreamController': the stream is closing.");
        }

        if (controller.Stream.State != ReadableStreamState.Readable)
        {
            throw ScriptErrors.TypeError(controller.Engine, $"Failed to execute '{member}' on 'ReadableByteStreamController': the stream is closed or errored.");
        }
    }

    private static JsReadableByteStreamController Brand(JsValue thisObj, string member) =>
        thisObj as JsReadableByteStreamController ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);
}
