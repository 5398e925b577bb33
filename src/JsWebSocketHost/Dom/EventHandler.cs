using Jint.Native;

namespace JsWebSocketHost.Dom;

/// <summary>
/// An event handler (the value behind an <c>onx</c> attribute) and the listener that runs it. The listener is added
/// the first time the handler gets a non-null value and keeps its place when the value changes.
/// </summary>
/// <remarks>Spec: https://html.spec.whatwg.org/multipage/webappapis.html#event-handlers.</remarks>
internal sealed class EventHandler(string type)
{
    public string Type { get; } = type;

    /// <summary>The handler's value: null, or any object (a non-callable one is stored and never invoked).</summary>
    public JsValue Value { get; set; } = JsValue.Null;

    public EventListener? Listener { get; set; }
}
