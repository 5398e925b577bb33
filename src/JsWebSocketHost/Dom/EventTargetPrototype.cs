using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Dom;

/// <summary>The shape of <c>EventTarget.prototype</c>: addEventListener, removeEventListener, dispatchEvent.</summary>
/// <remarks>Spec: https://dom.spec.whatwg.org/#interface-eventtarget.</remarks>
internal static class EventTargetPrototype
{
    private const string Interface = "EventTarget";

    public static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Method("addEventListener", static (t, a) => AddEventListener(t, a), 2)
        .Method("removeEventListener", static (t, a) => RemoveEventListener(t, a), 2)
        .Method("dispatchEvent", static (t, a) => DispatchEvent(t, a), 1)
        .ToStringTag(Interface)
        .Build();

    /// <summary>
    /// The brand check: an EventTarget platform object, or the global (which an undefined or null this means, as
    /// for any [Global] interface).
    /// </summary>
    public static (ObjectInstance Target, EventTargetState State) Brand(JsValue thisObj, string member)
    {
        if (thisObj is JsEventTarget target)
        {
            return (target, target.EventTargetState);
        }

        var engine = ScriptErrors.EngineFor(thisObj);
        if (thisObj.IsUndefined() || thisObj.IsNull() || ReferenceEquals(thisObj, engine.Global))
        {
            return (engine.Global, EventTargetState.OfGlobal(engine));
        }

        throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);
    }

    // addEventListener(type, callback, options). Spec: https://dom.spec.whatwg.org/#dom-eventtarget-addeventlistener.
    private static JsValue AddEventListener(JsValue thisObj, JsValue[] args)
    {
        var (target, state) = Brand(thisObj, "addEventListener");
        var engine = target.Engine;
        if (args.Length < 2)
        {
            throw ScriptErrors.NotEnoughArguments(engine, Interface, "addEventListener", 2, args.Length);
        }

        var type = WebIdlConvert.ToDOMString(args[0]);
        var callback = ConvertCallback(engine, args[1], "addEventListener");

        // "Flatten more": capture, passive, once and signal from a boolean or a dictionary.
        var (capture, passive, once, signal) = FlattenMore(engine, args.Length > 2 ? args[2] : JsValue.Undefined);

        // "Add an event listener" step 2: a signal already aborted adds nothing.
        if (signal is not null && AbortSignalState.IsAborted(signal))
        {
            return JsValue.Undefined;
        }

        // Step 3: a null callback adds nothing.
        if (callback is null)
        {
            return JsValue.Undefined;
        }

        var listener = new EventListener(type, callback, capture, passive, once) { Signal = signal };
        if (state.Add(listener) && signal is not null)
        {
            // Step 6: when the signal aborts, remove the listener.
            AbortSignalState.AddAlgorithm(signal, () => state.Remove(listener));
        }

        return JsValue.Undefined;
    }

    // removeEventListener(type, callback, options). Spec: https://dom.spec.whatwg.org/#dom-eventtarget-removeeventlistener.
    private static JsValue RemoveEventListener(JsValue thisObj, JsValue[] args)
    {
        var (target, state) = Brand(thisObj, "removeEventListener");
        var engine = target.Engine;
        if (args.Length < 2)
        {
            throw ScriptErrors.NotEnoughArguments(engine, Interface, "removeEventListener", 2, args.Length);
        }

        var type = WebIdlConvert.ToDOMString(args[0]);
        var callback = ConvertCallback(engine, args[1], "removeEventListener");
        var capture = Flatten(engine, args.Length > 2 ? args[2] : JsValue.Undefined);
        if (callback is not null && state.Find(type, callback, capture) is { } listener)
        {
            state.Remove(listener);
        }

        return JsValue.Undefined;
    }

    // dispatchEvent(event). Spec: https://dom.spec.whatwg.org/#dom-eventtarget-dispatchevent.
    private static JsValue DispatchEvent(JsValue thisObj, JsValue[] args)
    {
        var (target, state) = Brand(thisObj, "dispatchEvent");
        var engine = target.Engine;
        if (args.Length == 0)
        {
            throw ScriptErrors.NotEnoughArguments(engine, Interface, "dispatchEvent", 1, 0);
        }

        if (args[0] is not JsEvent e)
        {
            throw ScriptErrors.TypeError(engine, "Failed to execute 'dispatchEvent' on 'EventTarget': parameter 1 is not of type 'Event'.");
        }

        // Step 1: if event's dispatch flag is set, or its initialized flag is not set, throw InvalidStateError.
        if (e.DispatchFlag || !e.Initialized)
        {
            throw ScriptErrors.DomException(engine, "InvalidStateError", "Failed to execute 'dispatchEvent': the event is already being dispatched.");
        }

        // Step 2: initialize event's isTrusted attribute to false.
        e.IsTrusted = false;

        // Step 3: return the result of dispatching event to this.
        return EventDispatcher.Dispatch(target, state, e);
    }

    // EventListener? : null/undefined are null; any object is a callback interface; anything else is a TypeError.
    private static JsValue? ConvertCallback(Engine engine, JsValue value, string member)
    {
        if (value.IsNull() || value.IsUndefined())
        {
            return null;
        }

        return value is ObjectInstance
            ? value
            : throw ScriptErrors.TypeError(engine, $"Failed to execute '{member}' on 'EventTarget': parameter 2 is not of type 'Object'.");
    }

    // "Flatten": a boolean is capture; a dictionary gives its capture member. Spec: https://dom.spec.whatwg.org/#concept-flatten-options.
    private static bool Flatten(Engine engine, JsValue options)
    {
        if (options is ObjectInstance dictionary)
        {
            return WebIdlConvert.ToBoolean(dictionary.Get("capture"));
        }

        _ = engine;
        return WebIdlConvert.ToBoolean(options);
    }

    // "Flatten more". Spec: https://dom.spec.whatwg.org/#event-flatten-more.
    private static (bool Capture, bool Passive, bool Once, ObjectInstance? Signal) FlattenMore(Engine engine, JsValue options)
    {
        if (options is not ObjectInstance dictionary)
        {
            return (WebIdlConvert.ToBoolean(options), false, false, null);
        }

        // AddEventListenerOptions members in order: capture (inherited), then once, passive, signal.
        var capture = WebIdlConvert.ToBoolean(dictionary.Get("capture"));
        var once = WebIdlConvert.ToBoolean(dictionary.Get("once"));
        var passiveValue = dictionary.Get("passive");
        var passive = !passiveValue.IsUndefined() && WebIdlConvert.ToBoolean(passiveValue);
        var signalValue = dictionary.Get("signal");
        ObjectInstance? signal = null;
        if (!signalValue.IsUndefined())
        {
            signal = AbortSignalState.IsSignal(signalValue)
                ? (ObjectInstance)signalValue
                : throw ScriptErrors.TypeError(engine, "Failed to execute 'addEventListener': member signal is not of type 'AbortSignal'.");
        }

        return (capture, passive, once, signal);
    }

    public static ObjectInstance Instantiate(Engine engine) =>
        Shape.Instantiate(engine, HostIntrinsics.Of(engine).ObjectPrototype);
}
