using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>
/// The <c>WritableStreamDefaultController</c> interface: <c>signal</c> and <c>error()</c>. Only a stream makes one;
/// <c>new</c> throws.
/// </summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#ws-default-controller-class.</remarks>
internal sealed class WritableStreamDefaultControllerInterface : WebIdlConstructor
{
    /// <summary>The interface name.</summary>
    public const string Interface = "WritableStreamDefaultController";

    private static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("signal", static (t, _) => Brand(t, "signal").Signal, enumerable: true, configurable: true)
        .Method("error", static (t, a) =>
        {
            // Steps 1-3: only a writable stream is errored: perform ! WritableStreamDefaultControllerError(this, e).
            var controller = Brand(t, "error");
            if (controller.Stream.State == WritableStreamState.Writable)
            {
                controller.Error(a.Length > 0 ? a[0] : JsValue.Undefined);
            }

            return JsValue.Undefined;
        }, 0)
        .ToStringTag(Interface)
        .Build();

    private WritableStreamDefaultControllerInterface(Engine engine)
        : base(engine, Interface, length: 0, parentInterface: null)
    {
    }

    /// <summary>Installs the interface on the global.</summary>
    public static void Install(Engine engine) =>
        new WritableStreamDefaultControllerInterface(engine).Install(Shape.Instantiate(engine, HostIntrinsics.Of(engine).ObjectPrototype));

    /// <inheritdoc />
    /// <remarks>The interface has no constructor operation: WebIDL's interface object throws a TypeError.</remarks>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget) =>
        throw ScriptErrors.TypeError(_engine, "Illegal constructor: a WritableStreamDefaultController is made by its WritableStream.");

    private static JsWritableStreamDefaultController Brand(JsValue thisObj, string member) =>
        thisObj as JsWritableStreamDefaultController ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);
}
