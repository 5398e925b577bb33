using Jint.Native;

namespace JsWebSocketHost.Dom;

/// <summary>
/// The internal state of an <c>EventTarget</c>: its event listener list (copy-on-write, so dispatch iterates a
/// snapshot without cloning) and its event handlers.
/// </summary>
/// <remarks>Spec: https://dom.spec.whatwg.org/#eventtarget-event-listener-list.</remarks>
internal sealed class EventTargetState
{
    // The global object is an EventTarget made by the host, not a JsEventTarget: its state is kept per engine.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Jint.Engine, EventTargetState> Globals = [];

    /// <summary>The listener list and handlers of <paramref name="engine"/>'s global object.</summary>
    public static EventTargetState OfGlobal(Jint.Engine engine) => Globals.GetValue(engine, static _ => new EventTargetState());

    private Dictionary<string, EventHandler>? _handlers;

    /// <summary>The listener list; replaced, never mutated, so a dispatch's snapshot stays valid.</summary>
    public EventListener[] Listeners { get; private set; } = [];

    /// <summary>"Add an event listener" steps 3-5, minus the signal: no duplicate (type, callback, capture).</summary>
    /// <remarks>Spec: https://dom.spec.whatwg.org/#add-an-event-listener.</remarks>
    public bool Add(EventListener listener)
    {
        if (listener.Callback is not null && Find(listener.Type, listener.Callback, listener.Capture) is not null)
        {
            return false;
        }

        var list = Listeners;
        var next = new EventListener[list.Length + 1];
        list.CopyTo(next, 0);
        next[^1] = listener;
        Listeners = next;
        return true;
    }

    /// <summary>The listener with this type, callback and capture, if any.</summary>
    public EventListener? Find(string type, JsValue callback, bool capture)
    {
        foreach (var listener in Listeners)
        {
            if (listener.Capture == capture && listener.Callback is not null
                && string.Equals(listener.Type, type, StringComparison.Ordinal)
                && SameValue(listener.Callback, callback))
            {
                return listener;
            }
        }

        return null;
    }

    /// <summary>"Remove an event listener": set its removed flag and drop it from the list.</summary>
    /// <remarks>Spec: https://dom.spec.whatwg.org/#remove-an-event-listener.</remarks>
    public void Remove(EventListener listener)
    {
        listener.Removed = true;
        var list = Listeners;
        var index = Array.IndexOf(list, listener);
        if (index < 0)
        {
            return;
        }

        var next = new EventListener[list.Length - 1];
        Array.Copy(list, 0, next, 0, index);
        Array.Copy(list, index + 1, next, index, list.Length - index - 1);
        Listeners = next;
    }

    /// <summary>True when some listener (or handler) listens for <paramref name="type"/>.</summary>
    public bool HasListenersFor(string type)
    {
        foreach (var listener in Listeners)
        {
            if (string.Equals(listener.Type, type, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The event handler for <paramref name="type"/>, made on first use.</summary>
    public EventHandler HandlerFor(string type)
    {
        _handlers ??= new Dictionary<string, EventHandler>(StringComparer.Ordinal);
        if (!_handlers.TryGetValue(type, out var handler))
        {
            handler = new EventHandler(type);
            _handlers[type] = handler;
        }

        return handler;
    }

    private static bool SameValue(JsValue a, JsValue b) => ReferenceEquals(a, b) || a.Equals(b);
}
