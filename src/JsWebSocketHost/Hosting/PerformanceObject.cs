using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// <c>performance</c> with <c>now()</c> (milliseconds since the host was created, on the host's clock),
/// <c>timeOrigin</c> (that moment in milliseconds since the Unix epoch) and <c>toJSON()</c>.
/// </summary>
/// <remarks>Spec: https://w3c.github.io/hr-time/#the-performance-attribute.</remarks>
internal static class PerformanceObject
{
    public static void Install(ScriptHost host)
    {
        var engine = host.Engine;
        var time = host.Loop.TimeProvider;
        var origin = host.TimeOriginTimestamp;
        var timeOrigin = host.TimeOrigin.ToUnixTimeMilliseconds() + (host.TimeOrigin.Ticks % TimeSpan.TicksPerMillisecond) / (double)TimeSpan.TicksPerMillisecond;
        var performance = new JsObject(engine);
        Define.Operation(engine, performance, "now", 0, (_, _) => time.GetElapsedTime(origin).TotalMilliseconds);
        Define.ReadOnlyAttribute(engine, performance, "timeOrigin", (_, _) => timeOrigin);
        Define.Operation(engine, performance, "toJSON", 0, (_, _) =>
        {
            var json = new JsObject(engine);
            json.FastSetDataProperty("timeOrigin", timeOrigin);
            return json;
        });
        var tag = ((ObjectInstance)engine.Global.Get("Symbol")).Get("toStringTag");
        performance.FastSetProperty(tag, new PropertyDescriptor("Performance", PropertyFlag.Configurable));
        var getter = new ClrFunction(engine, "get performance", (_, _) => performance, 0, PropertyFlag.Configurable);
        engine.Global.FastSetProperty("performance", new GetSetPropertyDescriptor(getter, null, enumerable: true, configurable: true));
    }
}
