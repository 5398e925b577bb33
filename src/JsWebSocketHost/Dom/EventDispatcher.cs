using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Dom;

/// <summary>
/// DOM's dispatch algorithm for targets that are not nodes (the path is the target alone), and HTML's event
/// handler processing algorithm for <c>onx</c> handlers.
/// </summary>
/// <remarks>Spec: https://dom.spec.whatwg.org/#concept-event-dispatch.</remarks>
internal static class EventDispatcher
{
    /// <summary>Dispatches <paramref name="e"/> at <paramref name="target"/>; false when it was canceled.</summary>
    /// <param name="target">The event target.</param>
    /// <param name="state">The target's listeners.</param>
    /// <param name="e">The event.</param>
    /// <param name="fromTask">
    /// True when the host fires the event straight from a task, with no script on the stack. Each listener is then
    /// a callback run from an empty stack, so HTML's "clean up after running script" performs a microtask
    /// checkpoint after it: promise reactions a listener queues run before the next listener, as in browsers.
    /// (From <c>dispatchEvent()</c> in script they run later, after the script.)
    /// </param>
    public static bool Dispatch(ObjectInstance target, EventTargetState state, JsEvent e, bool fromTask = false)
    {
        // Step 1: set event's dispatch flag.
        e.DispatchFlag = true;

        // Steps 4-5 (no related target, no shadow trees): the path is the target alone, at target.
        e.Target = target;
        e.CurrentTarget = target;
        e.EventPhase = JsEvent.AtTarget;
        try
        {
            // At target, capturing listeners run first, then the others ("capturing" then "bubbling").
            Invoke(target, state, e, capturing: true, fromTask);
            Invoke(target, state, e, capturing: false, fromTask);
        }
        finally
        {
            // Steps 7-12: reset phase and current target, unset the dispatch and propagation flags.
            e.EventPhase = JsEvent.None;
            e.CurrentTarget = null;
            e.DispatchFlag = false;
            e.StopPropagationFlag = false;
            e.StopImmediatePropagationFlag = false;
        }

        // Step 13: return false if event's canceled flag is set; otherwise true.
        return !e.CanceledFlag;
    }

    // "Inner invoke" over a snapshot of the listener list (listeners added during dispatch do not run).
    // Spec: https://dom.spec.whatwg.org/#concept-event-listener-inner-invoke.
    private static void Invoke(ObjectInstance target, EventTargetState state, JsEvent e, bool capturing, bool fromTask)
    {
        if (e.StopPropagationFlag)
        {
            return;
        }

        var listeners = state.Listeners;
        foreach (var listener in listeners)
        {
            // Step 2.1: a listener removed meanwhile does not run; step 2.2: the type must match.
            if (listener.Removed || !string.Equals(listener.Type, e.EventType, StringComparison.Ordinal))
            {
                continue;
            }

            // Steps 2.4-2.5: the phase must match the listener's capture.
            if (listener.Capture != capturing)
            {
                continue;
            }

            // Step 2.6: a once listener is removed before it runs.
            if (listener.Once)
            {
                state.Remove(listener);
            }

            // Step 2.9: a passive listener cannot cancel.
            if (listener.Passive)
            {
                e.InPassiveListenerFlag = true;
            }

            Call(target, listener, e);
            if (fromTask)
            {
                // Spec: https://html.spec.whatwg.org/multipage/webappapis.html#clean-up-after-running-script (step 3).
                HostIntrinsics.Of(target.Engine).Host.PerformMicrotaskCheckpoint();
            }

            // Step 2.11: unset the in passive listener flag.
            e.InPassiveListenerFlag = false;

            // Step 2.13: stop when stopImmediatePropagation() was called.
            if (e.StopImmediatePropagationFlag)
            {
                return;
            }
        }
    }

    // Step 2.10: call the listener's callback with event, reporting an exception and going on.
    private static void Call(ObjectInstance target, EventListener listener, JsEvent e)
    {
        var engine = target.Engine;
        try
        {
            if (listener.Handler is { } handler)
            {
                RunEventHandler(engine, target, handler, e);
                return;
            }

            var callback = listener.Callback!;
            if (callback.IsCallable())
            {
                engine.Call(callback, e.CurrentTarget ?? JsValue.Undefined, [e]);
                return;
            }

            // A callback interface: call its handleEvent with the listener object as this.
            var handleEvent = callback.Get("handleEvent");
            if (!handleEvent.IsCallable())
            {
                throw ScriptErrors.TypeError(engine, "The event listener object has no callable 'handleEvent' method.");
            }

            engine.Call(handleEvent, callback, [e]);
        }
        catch (JavaScriptException ex)
        {
            HostIntrinsics.Of(engine).Host.ReportException(ex.Error, ex);
        }
    }

    // The event handler processing algorithm, with the special error event handling of onerror on the global.
    // Spec: https://html.spec.whatwg.org/multipage/webappapis.html#the-event-handler-processing-algorithm.
    private static void RunEventHandler(Engine engine, ObjectInstance target, EventHandler handler, JsEvent e)
    {
        // Step 1-2: a null or non-callable handler value does nothing.
        var callback = handler.Value;
        if (!callback.IsCallable())
        {
            return;
        }

        // Step 3: onerror on the global gets (message, source, lineno, colno, error) and cancels by returning true.
        var special = e is JsErrorEvent && ReferenceEquals(target, engine.Global) && e.EventType == "error";
        JsValue returnValue;
        if (special)
        {
            var error = (JsErrorEvent)e;
            returnValue = engine.Call(callback, target, [error.Message, error.Filename, error.Lineno, error.Colno, error.Error]);
        }
        else
        {
            returnValue = engine.Call(callback, target, [e]);
        }

        // Step 5: process the return value.
        if (special ? returnValue.Equals(JsBoolean.True) : returnValue.Equals(JsBoolean.False))
        {
            e.SetCanceledFlag();
        }
    }
}
