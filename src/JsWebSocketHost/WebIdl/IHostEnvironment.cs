using Jint.Native;
using Jint.Runtime;

namespace JsWebSocketHost.WebIdl;

/// <summary>
/// What the platform's interfaces (Dom, FileApi, WebIdl, WebSockets) need of the host that runs them: the clock, the
/// event loop's task queue, a microtask checkpoint and exception reporting. A narrow seam, so these layers never
/// depend on the host itself.
/// </summary>
internal interface IHostEnvironment
{
    /// <summary>Milliseconds since the time origin on the host's clock (<c>performance.now()</c>).</summary>
    double Now();

    /// <summary>The wall-clock time on the host's clock.</summary>
    DateTimeOffset UtcNow();

    /// <summary>Queues a task on the event loop. Safe from any thread.</summary>
    void PostTask(Action<object?> callback, object? state);

    /// <summary>Runs <paramref name="callback"/> as a task after <paramref name="delay"/>, without keeping the loop alive. Loop thread.</summary>
    void ScheduleTimeout(TimeSpan delay, Action<object?> callback, object? state);

    /// <summary>HTML's "perform a microtask checkpoint". Loop thread.</summary>
    void PerformMicrotaskCheckpoint();

    /// <summary>HTML's "report an exception". Loop thread.</summary>
    void ReportException(JsValue error, JavaScriptException? exception);

    /// <summary>
    /// WebIDL's "mark as handled": sets <paramref name="promise"/>'s [[PromiseIsHandled]], so its rejection is never
    /// reported as unhandled, without attaching a reaction (which would run script through <c>then</c>'s species
    /// lookup). Loop thread.
    /// </summary>
    void MarkPromiseHandled(JsValue promise);
}
