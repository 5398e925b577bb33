using Jint.Native;
using Jint.Native.Object;

namespace JsWebSocketHost.Dom;

/// <summary>An event listener: type, callback, capture, passive, once, signal and removed.</summary>
/// <remarks>Spec: https://dom.spec.whatwg.org/#concept-event-listener.</remarks>
internal sealed class EventListener(string type, JsValue? callback, bool capture, bool passive, bool once)
{
    public string Type { get; } = type;

    /// <summary>A function or a callback interface object (with <c>handleEvent</c>); null for an event handler.</summary>
    public JsValue? Callback { get; } = callback;

    /// <summary>The event handler this listener runs, when it is one (an <c>onx</c> attribute).</summary>
    public EventHandler? Handler { get; init; }

    public bool Capture { get; } = capture;

    public bool Passive { get; } = passive;

    public bool Once { get; } = once;

    public ObjectInstance? Signal { get; set; }

    public bool Removed { get; set; }
}
