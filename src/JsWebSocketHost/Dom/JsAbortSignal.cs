using Jint;
using Jint.Native;
using Jint.Native.Object;

namespace JsWebSocketHost.Dom;

/// <summary>An <c>AbortSignal</c>: an event target with an abort reason and abort algorithms.</summary>
/// <remarks>Spec: https://dom.spec.whatwg.org/#interface-AbortSignal.</remarks>
internal sealed class JsAbortSignal(Engine engine, ObjectInstance prototype) : JsEventTarget(engine, prototype)
{
    private List<Action>? _abortAlgorithms;

    /// <summary>The abort reason; undefined while not aborted.</summary>
    public JsValue Reason { get; private set; } = JsValue.Undefined;

    public bool Aborted { get; private set; }

    public void AddAlgorithm(Action algorithm)
    {
        if (!Aborted)
        {
            (_abortAlgorithms ??= []).Add(algorithm);
        }
    }

    /// <summary>Removes an abort algorithm added with <see cref="AddAlgorithm"/>.</summary>
    /// <remarks>Spec: https://dom.spec.whatwg.org/#abortsignal-remove.</remarks>
    public void RemoveAlgorithm(Action algorithm) => _abortAlgorithms?.Remove(algorithm);

    /// <summary>"Signal abort": set the reason, run the abort algorithms, fire <c>abort</c>.</summary>
    /// <remarks>Spec: https://dom.spec.whatwg.org/#abortsignal-signal-abort.</remarks>
    /// <param name="reason">The abort reason; undefined makes an "AbortError" DOMException.</param>
    /// <param name="fromTask">True when a host task aborts the signal (a timeout), not script.</param>
    public void SignalAbort(JsValue reason, bool fromTask = false)
    {
        // Step 1: if signal is aborted, return.
        if (Aborted)
        {
            return;
        }

        // Step 2: set the abort reason to reason if given, else a new "AbortError" DOMException.
        Aborted = true;
        Reason = reason.IsUndefined()
            ? WebIdl.JsDOMException.Create(Engine, "signal is aborted without reason", "AbortError")
            : reason;

        // Steps 3-5: run the abort algorithms, then fire an event named abort.
        var algorithms = _abortAlgorithms;
        _abortAlgorithms = null;
        if (algorithms is not null)
        {
            foreach (var algorithm in algorithms)
            {
                algorithm();
            }
        }

        var e = new JsEvent(Engine, WebIdl.HostIntrinsics.Of(Engine).Prototypes["Event"], "abort", isTrusted: true);
        EventDispatcher.Dispatch(this, EventTargetState, e, fromTask);
    }
}
