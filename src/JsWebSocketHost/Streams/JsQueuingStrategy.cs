using Jint;
using Jint.Native;
using Jint.Native.Object;

namespace JsWebSocketHost.Streams;

/// <summary>A <c>ByteLengthQueuingStrategy</c> or <c>CountQueuingStrategy</c> platform object.</summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#blqs-class and https://streams.spec.whatwg.org/#cqs-class.</remarks>
internal sealed class JsQueuingStrategy : ObjectInstance
{
    public JsQueuingStrategy(Engine engine, ObjectInstance prototype, bool countsBytes, double highWaterMark, JsValue size)
        : base(engine)
    {
        Prototype = prototype;
        CountsBytes = countsBytes;
        HighWaterMark = highWaterMark;
        Size = size;
    }

    /// <summary>True for a <c>ByteLengthQueuingStrategy</c>, false for a <c>CountQueuingStrategy</c>.</summary>
    public bool CountsBytes { get; }

    /// <summary>[[highWaterMark]].</summary>
    public double HighWaterMark { get; }

    /// <summary>The relevant global object's size function for this kind of strategy.</summary>
    public JsValue Size { get; }
}
