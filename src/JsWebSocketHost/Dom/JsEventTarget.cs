using Jint;
using Jint.Native.Object;

namespace JsWebSocketHost.Dom;

/// <summary>An <c>EventTarget</c> platform object; interfaces that inherit from it subclass this.</summary>
/// <remarks>Spec: https://dom.spec.whatwg.org/#interface-eventtarget.</remarks>
internal class JsEventTarget : ObjectInstance
{
    public JsEventTarget(Engine engine, ObjectInstance prototype)
        : base(engine)
    {
        Prototype = prototype;
    }

    /// <summary>The listener list and event handlers.</summary>
    public EventTargetState EventTargetState { get; } = new();
}
