using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;
using JsWebSocketHost.Dom;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// The <c>Performance</c> interface (an <c>EventTarget</c> that script cannot construct) and the global's
/// <c>performance</c>: <c>now()</c> (milliseconds since the host was created, on the host's clock), <c>timeOrigin</c>
/// (that moment in milliseconds since the Unix epoch) and the default <c>toJSON()</c>.
/// </summary>
/// <remarks>Spec: https://w3c.github.io/hr-time/#sec-performance.</remarks>
internal static class PerformanceInterface
{
    private const string Name = "Performance";

    private static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        // DOMHighResTimeStamp now(): the current high resolution time of the relevant global.
        // Spec: https://w3c.github.io/hr-time/#now-method.
        .Method("now", static (t, _) => Of(t, "now").Now(), 0)
        // readonly attribute DOMHighResTimeStamp timeOrigin. Spec: https://w3c.github.io/hr-time/#timeorigin-attribute.
        .Accessor("timeOrigin", static (t, _) => Of(t, "timeOrigin").TimeOrigin, enumerable: true, configurable: true)
        // [Default] object toJSON(): an object with each attribute of the interface (timeOrigin).
        // Spec: https://webidl.spec.whatwg.org/#default-tojson-steps.
        .Method("toJSON", static (t, _) =>
        {
            var performance = Of(t, "toJSON");
            var json = new JsObject(performance.Engine);
            json.FastSetDataProperty("timeOrigin", performance.TimeOrigin);
            return json;
        }, 0)
        .ToStringTag(Name)
        .Build();

    /// <summary>Installs <c>Performance</c> and the global's <c>[Replaceable] performance</c>.</summary>
    public static void Install(ScriptHost host)
    {
        var engine = host.Engine;
        var intrinsics = HostIntrinsics.Of(engine);
        var eventTarget = (WebIdlConstructor)engine.Global.Get("EventTarget");
        var constructor = new PerformanceConstructor(engine, eventTarget);
        var prototype = Shape.Instantiate(engine, intrinsics.Prototypes["EventTarget"]);
        constructor.Install(prototype);

        var time = host.Loop.TimeProvider;
        var origin = host.TimeOriginTimestamp;
        var timeOrigin = host.TimeOrigin.ToUnixTimeMilliseconds() + (host.TimeOrigin.Ticks % TimeSpan.TicksPerMillisecond) / (double)TimeSpan.TicksPerMillisecond;
        var performance = new JsPerformance(engine, prototype, () => time.GetElapsedTime(origin).TotalMilliseconds, timeOrigin);

        // [Replaceable] readonly attribute Performance performance (WindowOrWorkerGlobalScope).
        Define.ReplaceableAttribute(engine, engine.Global, "performance", () => performance);
    }

    private static JsPerformance Of(JsValue thisObj, string member) =>
        thisObj as JsPerformance ?? throw ScriptErrors.IllegalInvocation(thisObj, Name, member);

    private sealed class JsPerformance(Engine engine, ObjectInstance prototype, Func<double> now, double timeOrigin)
        : JsEventTarget(engine, prototype)
    {
        public double TimeOrigin { get; } = timeOrigin;

        public double Now() => now();
    }

    // The interface has no constructor: `new Performance()` and `Performance()` throw a TypeError.
    private sealed class PerformanceConstructor(Engine engine, WebIdlConstructor parent) : WebIdlConstructor(engine, Name, 0, parent)
    {
        public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget) => throw IllegalConstructor();
    }
}
