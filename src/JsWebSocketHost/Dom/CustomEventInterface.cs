using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Dom;

/// <summary><c>CustomEvent</c>: <c>new CustomEvent(type, { detail })</c>, <c>detail</c>, <c>initCustomEvent</c>.</summary>
/// <remarks>Spec: https://dom.spec.whatwg.org/#interface-customevent.</remarks>
internal sealed class CustomEventInterface : WebIdlConstructor
{
    private const string Interface = "CustomEvent";

    public static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("detail", static (t, _) => Brand(t, "detail").Detail, enumerable: true, configurable: true)
        .Method("initCustomEvent", static (t, a) =>
        {
            var e = Brand(t, "initCustomEvent");
            if (a.Length == 0)
            {
                throw ScriptErrors.NotEnoughArguments(e.Engine, Interface, "initCustomEvent", 1, 0);
            }

            // WebIDL converts the arguments first (optional any detail = null).
            var type = WebIdlConvert.ToDOMString(a[0]);
            var bubbles = a.Length > 1 && WebIdlConvert.ToBoolean(a[1]);
            var cancelable = a.Length > 2 && WebIdlConvert.ToBoolean(a[2]);
            var detail = a.Length > 3 && !a[3].IsUndefined() ? a[3] : JsValue.Null;

            // Step 1: if this's dispatch flag is set, return; step 2: initialize; step 3: set detail.
            if (!e.DispatchFlag)
            {
                e.Initialize(type, bubbles, cancelable);
                e.Detail = detail;
            }

            return JsValue.Undefined;
        }, 1)
        .ToStringTag(Interface)
        .Build();

    private CustomEventInterface(Engine engine, ObjectInstance parent)
        : base(engine, Interface, length: 1, parent)
    {
    }

    public static void Install(Engine engine, EventConstructor eventInterface)
    {
        var constructor = new CustomEventInterface(engine, eventInterface);
        constructor.Install(Shape.Instantiate(engine, eventInterface.PrototypeObject));
    }

    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        if (arguments.Length == 0)
        {
            throw ScriptErrors.NotEnoughArguments(_engine, Interface, "constructor", 1, 0);
        }

        var type = WebIdlConvert.ToDOMString(arguments[0]);
        var initValue = arguments.Length > 1 ? arguments[1] : JsValue.Undefined;
        var init = EventInit.From(_engine, initValue, "Failed to construct 'CustomEvent'");
        var e = new JsCustomEvent(_engine, PrototypeFor(newTarget), type);
        e.ApplyInit(init);
        if (initValue is ObjectInstance dictionary)
        {
            var detail = dictionary.Get("detail");
            e.Detail = detail.IsUndefined() ? JsValue.Null : detail;
        }

        return e;
    }

    private static JsCustomEvent Brand(JsValue thisObj, string member) =>
        thisObj as JsCustomEvent ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);
}
