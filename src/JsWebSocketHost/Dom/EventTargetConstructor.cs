using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Dom;

/// <summary>The <c>EventTarget</c> interface object: <c>new EventTarget()</c>.</summary>
/// <remarks>Spec: https://dom.spec.whatwg.org/#dom-eventtarget-eventtarget.</remarks>
internal sealed class EventTargetConstructor : WebIdlConstructor
{
    private EventTargetConstructor(Engine engine)
        : base(engine, "EventTarget", length: 0, parentInterface: null)
    {
    }

    public static EventTargetConstructor Install(Engine engine)
    {
        var constructor = new EventTargetConstructor(engine);
        var prototype = EventTargetPrototype.Instantiate(engine);
        constructor.Install(prototype);
        return constructor;
    }

    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget) =>
        new JsEventTarget(_engine, PrototypeFor(newTarget));
}
