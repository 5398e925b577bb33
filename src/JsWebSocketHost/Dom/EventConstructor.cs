using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Dom;

/// <summary>The <c>Event</c> interface object: <c>new Event(type, eventInitDict)</c>.</summary>
/// <remarks>Spec: https://dom.spec.whatwg.org/#dom-event-event.</remarks>
internal sealed class EventConstructor : WebIdlConstructor
{
    private EventConstructor(Engine engine)
        : base(engine, "Event", length: 1, parentInterface: null)
    {
        DefineConstant("NONE", JsEvent.None);
        DefineConstant("CAPTURING_PHASE", JsEvent.CapturingPhase);
        DefineConstant("AT_TARGET", JsEvent.AtTarget);
        DefineConstant("BUBBLING_PHASE", JsEvent.BubblingPhase);
    }

    public static EventConstructor Install(Engine engine)
    {
        var constructor = new EventConstructor(engine);
        var prototype = EventPrototype.Instantiate(engine);
        constructor.Install(prototype);
        return constructor;
    }

    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        if (arguments.Length == 0)
        {
            throw ScriptErrors.NotEnoughArguments(_engine, "Event", "constructor", 1, 0);
        }

        // "Inner event creation steps": type from the argument, the flags from the dictionary, isTrusted false.
        var type = WebIdlConvert.ToDOMString(arguments[0]);
        var init = EventInit.From(_engine, arguments.Length > 1 ? arguments[1] : JsValue.Undefined, "Failed to construct 'Event'");
        var e = new JsEvent(_engine, PrototypeFor(newTarget), type, isTrusted: false);
        e.ApplyInit(init);
        return e;
    }
}
