using Jint;
using JsWebSocketHost.WebIdl;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace JsWebSocketHost.Dom;

/// <summary>An <c>Event</c> platform object; its fields are the spec's event state and flags.</summary>
/// <remarks>Spec: https://dom.spec.whatwg.org/#interface-event.</remarks>
internal class JsEvent : ObjectInstance
{
    public const int None = 0;
    public const int CapturingPhase = 1;
    public const int AtTarget = 2;
    public const int BubblingPhase = 3;

    public JsEvent(Engine engine, ObjectInstance prototype, string type, bool isTrusted)
        : base(engine)
    {
        Prototype = prototype;
        EventType = type;
        IsTrusted = isTrusted;
        TimeStamp = HostIntrinsics.Of(engine).Host.Now();
        Initialized = true;

        // isTrusted is [LegacyUnforgeable]: an own, non-configurable accessor of every instance.
        FastSetProperty("isTrusted", IsTrustedDescriptor(engine));
    }

    public string EventType { get; set; }

    public bool Bubbles { get; set; }

    public bool Cancelable { get; set; }

    public bool Composed { get; set; }

    public bool IsTrusted { get; set; }

    public double TimeStamp { get; }

    public ObjectInstance? Target { get; set; }

    public ObjectInstance? CurrentTarget { get; set; }

    public int EventPhase { get; set; }

    public bool StopPropagationFlag { get; set; }

    public bool StopImmediatePropagationFlag { get; set; }

    public bool CanceledFlag { get; set; }

    public bool InPassiveListenerFlag { get; set; }

    public bool Initialized { get; set; }

    public bool DispatchFlag { get; set; }

    /// <summary>"Set the canceled flag": only when cancelable and not inside a passive listener.</summary>
    /// <remarks>Spec: https://dom.spec.whatwg.org/#set-the-canceled-flag.</remarks>
    public void SetCanceledFlag()
    {
        if (Cancelable && !InPassiveListenerFlag)
        {
            CanceledFlag = true;
        }
    }

    /// <summary>
    /// DOM's "initialize" of an event, shared by <c>initEvent</c>, <c>initCustomEvent</c> and
    /// <c>initMessageEvent</c>.
    /// </summary>
    /// <remarks>Spec: https://dom.spec.whatwg.org/#concept-event-initialize.</remarks>
    public void Initialize(string type, bool bubbles, bool cancelable)
    {
        // Step 1: set the initialized flag.
        Initialized = true;

        // Step 2: unset the stop propagation, stop immediate propagation and canceled flags.
        StopPropagationFlag = false;
        StopImmediatePropagationFlag = false;
        CanceledFlag = false;

        // Steps 3-7: isTrusted false, target null, then type, bubbles and cancelable.
        IsTrusted = false;
        Target = null;
        EventType = type;
        Bubbles = bubbles;
        Cancelable = cancelable;
    }

    /// <summary>Applies the <c>EventInit</c> members read from a dictionary.</summary>
    public void ApplyInit(in EventInit init)
    {
        Bubbles = init.Bubbles;
        Cancelable = init.Cancelable;
        Composed = init.Composed;
    }

    private static PropertyDescriptor IsTrustedDescriptor(Engine engine)
    {
        var intrinsics = WebIdl.HostIntrinsics.Of(engine);
        if (intrinsics.IsTrustedDescriptor is { } descriptor)
        {
            return descriptor;
        }

        intrinsics.IsTrustedGetter ??= new ClrFunction(engine, "get isTrusted", static (thisObj, _) =>
            thisObj is JsEvent e ? e.IsTrusted : throw WebIdl.ScriptErrors.IllegalInvocation(thisObj, "Event", "isTrusted"), 0, PropertyFlag.Configurable);
        return intrinsics.IsTrustedDescriptor = new GetSetPropertyDescriptor(intrinsics.IsTrustedGetter, null, enumerable: true, configurable: false);
    }
}
