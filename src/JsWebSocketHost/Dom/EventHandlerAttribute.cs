using Jint.Native;
using Jint.Native.Object;

namespace JsWebSocketHost.Dom;

/// <summary>The getter and setter steps of an event handler IDL attribute (<c>onopen</c>, <c>onerror</c>, ...).</summary>
/// <remarks>Spec: https://html.spec.whatwg.org/multipage/webappapis.html#event-handler-idl-attributes.</remarks>
internal static class EventHandlerAttribute
{
    /// <summary>The getter: the handler's value, or null.</summary>
    public static JsValue Get(EventTargetState state, string type) => state.HandlerFor(type).Value;

    /// <summary>
    /// The setter: <c>[LegacyTreatNonCallableAsNull]</c> makes a non-object null; null deactivates the handler
    /// (removing its listener); any object is stored, and the listener is added on first activation only, so the
    /// handler keeps its place in the listener list when reassigned.
    /// </summary>
    public static JsValue Set(EventTargetState state, string type, JsValue[] args)
    {
        var value = args.Length > 0 ? args[0] : JsValue.Undefined;
        var handler = state.HandlerFor(type);
        if (value is not ObjectInstance)
        {
            // Deactivate: remove the listener and set the value to null.
            if (handler.Listener is { } listener)
            {
                state.Remove(listener);
                handler.Listener = null;
            }

            handler.Value = JsValue.Null;
            return JsValue.Undefined;
        }

        // Set the value, then activate: add a listener that runs the handler, once.
        handler.Value = value;
        if (handler.Listener is null)
        {
            var listener = new EventListener(type, callback: null, capture: false, passive: false, once: false) { Handler = handler };
            state.Add(listener);
            handler.Listener = listener;
        }

        return JsValue.Undefined;
    }
}
