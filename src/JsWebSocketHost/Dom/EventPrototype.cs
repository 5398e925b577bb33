using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Dom;

/// <summary>The shape of <c>Event.prototype</c>, built once per process.</summary>
/// <remarks>Spec: https://dom.spec.whatwg.org/#interface-event.</remarks>
internal static class EventPrototype
{
    private const string Interface = "Event";

    public static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("type", static (t, _) => Brand(t, "type").EventType, enumerable: true, configurable: true)
        .Accessor("target", static (t, _) => (JsValue?)Brand(t, "target").Target ?? JsValue.Null, enumerable: true, configurable: true)
        .Accessor("srcElement", static (t, _) => (JsValue?)Brand(t, "srcElement").Target ?? JsValue.Null, enumerable: true, configurable: true)
        .Accessor("currentTarget", static (t, _) => (JsValue?)Brand(t, "currentTarget").CurrentTarget ?? JsValue.Null, enumerable: true, configurable: true)
        .Method("composedPath", static (t, _) => ComposedPath(Brand(t, "composedPath")), 0)
        .Constant("NONE", JsEvent.None)
        .Constant("CAPTURING_PHASE", JsEvent.CapturingPhase)
        .Constant("AT_TARGET", JsEvent.AtTarget)
        .Constant("BUBBLING_PHASE", JsEvent.BubblingPhase)
        .Accessor("eventPhase", static (t, _) => Brand(t, "eventPhase").EventPhase, enumerable: true, configurable: true)
        .Method("stopPropagation", static (t, _) => { Brand(t, "stopPropagation").StopPropagationFlag = true; return JsValue.Undefined; }, 0)
        .Accessor("cancelBubble", static (t, _) => Brand(t, "cancelBubble").StopPropagationFlag, static (t, a) =>
        {
            // The setter sets the stop propagation flag if the value is true; false does nothing.
            var e = Brand(t, "cancelBubble");
            if (WebIdlConvert.ToBoolean(a.Length > 0 ? a[0] : JsValue.Undefined))
            {
                e.StopPropagationFlag = true;
            }

            return JsValue.Undefined;
        }, enumerable: true, configurable: true)
        .Method("stopImmediatePropagation", static (t, _) =>
        {
            var e = Brand(t, "stopImmediatePropagation");
            e.StopPropagationFlag = true;
            e.StopImmediatePropagationFlag = true;
            return JsValue.Undefined;
        }, 0)
        .Accessor("bubbles", static (t, _) => Brand(t, "bubbles").Bubbles, enumerable: true, configurable: true)
        .Accessor("cancelable", static (t, _) => Brand(t, "cancelable").Cancelable, enumerable: true, configurable: true)
        .Accessor("returnValue", static (t, _) => !Brand(t, "returnValue").CanceledFlag, static (t, a) =>
        {
            // The setter sets the canceled flag if the value is false; true does nothing.
            var e = Brand(t, "returnValue");
            if (!WebIdlConvert.ToBoolean(a.Length > 0 ? a[0] : JsValue.Undefined))
            {
                e.SetCanceledFlag();
            }

            return JsValue.Undefined;
        }, enumerable: true, configurable: true)
        .Method("preventDefault", static (t, _) => { Brand(t, "preventDefault").SetCanceledFlag(); return JsValue.Undefined; }, 0)
        .Accessor("defaultPrevented", static (t, _) => Brand(t, "defaultPrevented").CanceledFlag, enumerable: true, configurable: true)
        .Accessor("composed", static (t, _) => Brand(t, "composed").Composed, enumerable: true, configurable: true)
        .Accessor("timeStamp", static (t, _) => Brand(t, "timeStamp").TimeStamp, enumerable: true, configurable: true)
        .Method("initEvent", static (t, a) => InitEvent(Brand(t, "initEvent"), a), 1)
        .ToStringTag(Interface)
        .Build();

    private static JsEvent Brand(JsValue thisObj, string member) =>
        thisObj as JsEvent ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);

    // composedPath(): for a target that is not a node, the path is the current target alone while dispatching.
    // Spec: https://dom.spec.whatwg.org/#dom-event-composedpath.
    private static JsArray ComposedPath(JsEvent e)
    {
        var engine = e.Engine;
        var array = engine.Intrinsics.Array.Construct(Jint.Runtime.Arguments.Empty);
        if (e.CurrentTarget is { } current)
        {
            array.Set(0, current);
        }

        return array;
    }

    // initEvent(type, bubbles = false, cancelable = false). Spec: https://dom.spec.whatwg.org/#dom-event-initevent.
    private static JsValue InitEvent(JsEvent e, JsValue[] args)
    {
        if (args.Length == 0)
        {
            throw ScriptErrors.NotEnoughArguments(e.Engine, Interface, "initEvent", 1, 0);
        }

        var type = WebIdlConvert.ToDOMString(args[0]);
        var bubbles = args.Length > 1 && WebIdlConvert.ToBoolean(args[1]);
        var cancelable = args.Length > 2 && WebIdlConvert.ToBoolean(args[2]);

        // Step 1: if this's dispatch flag is set, return.
        if (e.DispatchFlag)
        {
            return JsValue.Undefined;
        }

        // Step 2: initialize this with type, bubbles and cancelable.
        e.Initialize(type, bubbles, cancelable);
        return JsValue.Undefined;
    }

    /// <summary>Installs the shape on an engine, inheriting from <c>Object.prototype</c>.</summary>
    public static ObjectInstance Instantiate(Jint.Engine engine) =>
        Shape.Instantiate(engine, HostIntrinsics.Of(engine).ObjectPrototype);
}
