using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>
/// The <c>ReadableStreamBYOBRequest</c> interface: <c>view</c>, <c>respond(bytesWritten)</c>,
/// <c>respondWithNewView(view)</c>. Only a byte stream's controller makes one; <c>new</c> throws.
/// </summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#rs-byob-request-class.</remarks>
internal sealed class ReadableStreamBYOBRequestInterface : WebIdlConstructor
{
    /// <summary>The interface name.</summary>
    public const string Interface = "ReadableStreamBYOBRequest";

    private static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("view", static (t, _) => Brand(t, "view").View, enumerable: true, configurable: true)
        .Method("respond", static (t, a) =>
        {
            // [EnforceRange] unsigned long long bytesWritten; steps 1-2: an invalidated request or a detached view
            // is a TypeError; step 5: respond.
            var request = Brand(t, "respond");
            var engine = request.Engine;
            var bytesWritten = WebIdlConvert.ToEnforcedUnsignedLongLong(engine, a.Length > 0 ? a[0] : JsValue.Undefined, "Failed to execute 'respond' on 'ReadableStreamBYOBRequest'");
            var controller = request.Controller ?? throw ScriptErrors.TypeError(engine, "This BYOB request was already answered.");
            if (ArrayBuffers.IsDetached(ArrayBuffers.ViewBytes(engine, request.View).Buffer))
            {
                throw ScriptErrors.TypeError(engine, "The BYOB request's view is detached.");
            }

            controller.Respond(bytesWritten);
            return JsValue.Undefined;
        }, 1)
        .Method("respondWithNewView", static (t, a) =>
        {
            // ArrayBufferView view; steps 1-3: an invalidated request or a detached view is a TypeError.
            var request = Brand(t, "respondWithNewView");
            var engine = request.Engine;
            var view = a.Length > 0 ? a[0] : JsValue.Undefined;
            if (!ArrayBuffers.IsArrayBufferView(engine, view, "Failed to execute 'respondWithNewView' on 'ReadableStreamBYOBRequest'"))
            {
                throw ScriptErrors.TypeError(engine, "Failed to execute 'respondWithNewView' on 'ReadableStreamBYOBRequest': parameter 1 is not of type 'ArrayBufferView'.");
            }

            var controller = request.Controller ?? throw ScriptErrors.TypeError(engine, "This BYOB request was already answered.");
            if (ArrayBuffers.IsDetached(ArrayBuffers.ViewBytes(engine, view).Buffer))
            {
                throw ScriptErrors.TypeError(engine, "The view is detached.");
            }

            controller.RespondWithNewView(view);
            return JsValue.Undefined;
        }, 1)
        .ToStringTag(Interface)
        .Build();

    private ReadableStreamBYOBRequestInterface(Engine engine)
        : base(engine, Interface, length: 0, parentInterface: null)
    {
    }

    /// <summary>Installs the interface on the global.</summary>
    public static void Install(Engine engine) =>
        new ReadableStreamBYOBRequestInterface(engine).Install(Shape.Instantiate(engine, HostIntrinsics.Of(engine).ObjectPrototype));

    /// <inheritdoc />
    /// <remarks>The interface has no constructor operation: WebIDL's interface object throws a TypeError.</remarks>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget) =>
        throw ScriptErrors.TypeError(_engine, "Illegal constructor: a ReadableStreamBYOBRequest is made by its controller.");

    private static JsReadableStreamBYOBRequest Brand(JsValue thisObj, string member) =>
        thisObj as JsReadableStreamBYOBRequest ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);
}
