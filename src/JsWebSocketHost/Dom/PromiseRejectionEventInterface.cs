using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Dom;

/// <summary><c>PromiseRejectionEvent</c>: its prototype's shape and its interface object.</summary>
/// <remarks>Spec: https://html.spec.whatwg.org/multipage/webappapis.html#the-promiserejectionevent-interface.</remarks>
internal sealed class PromiseRejectionEventInterface : WebIdlConstructor
{
    private const string Interface = "PromiseRejectionEvent";

    public static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("promise", static (t, _) => Brand(t, "promise").Promise, enumerable: true, configurable: true)
        .Accessor("reason", static (t, _) => Brand(t, "reason").Reason, enumerable: true, configurable: true)
        .ToStringTag(Interface)
        .Build();

    private PromiseRejectionEventInterface(Engine engine, ObjectInstance parent)
        : base(engine, Interface, length: 2, parent)
    {
    }

    public static void Install(Engine engine, EventConstructor eventInterface)
    {
        var constructor = new PromiseRejectionEventInterface(engine, eventInterface);
        var prototype = Shape.Instantiate(engine, eventInterface.PrototypeObject);
        constructor.Install(prototype);
    }

    /// <summary>Creates the trusted, cancelable event that HTML fires for an unhandled rejection.</summary>
    public static JsPromiseRejectionEvent Create(Engine engine, string type, JsValue promise, JsValue reason) =>
        new(engine, HostIntrinsics.Of(engine).Prototypes[Interface], type, isTrusted: true)
        {
            Cancelable = true,
            Promise = promise,
            Reason = reason,
        };

    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        if (arguments.Length < 2)
        {
            throw ScriptErrors.NotEnoughArguments(_engine, Interface, "constructor", 2, arguments.Length);
        }

        var type = WebIdlConvert.ToDOMString(arguments[0]);
        var init = EventInit.From(_engine, arguments[1], "Failed to construct 'PromiseRejectionEvent'");
        var dictionary = (ObjectInstance?)WebIdlConvert.ToDictionary(_engine, arguments[1], Interface);

        // PromiseRejectionEventInit: promise (required, object) then reason.
        var promise = dictionary?.Get("promise") ?? JsValue.Undefined;
        if (promise is not ObjectInstance)
        {
            throw ScriptErrors.TypeError(_engine, "Failed to construct 'PromiseRejectionEvent': required member promise is undefined or not an object.");
        }

        var e = new JsPromiseRejectionEvent(_engine, PrototypeFor(newTarget), type, isTrusted: false)
        {
            Promise = promise,
            Reason = dictionary!.Get("reason"),
        };
        e.ApplyInit(init);
        return e;
    }

    private static JsPromiseRejectionEvent Brand(JsValue thisObj, string member) =>
        thisObj as JsPromiseRejectionEvent ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);
}
