using Jint;
using Jint.Native;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>The <c>Transformer</c> dictionary, converted; the callbacks are invoked on the transformer object.</summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#transformer-api.</remarks>
internal sealed class Transformer
{
    private readonly Engine _engine;
    private readonly JsValue _transformer;

    private Transformer(Engine engine, JsValue transformer)
    {
        _engine = engine;
        _transformer = transformer;
    }

    /// <summary>The cancel callback, or undefined.</summary>
    public JsValue Cancel { get; private init; } = JsValue.Undefined;

    /// <summary>The flush callback, or undefined.</summary>
    public JsValue Flush { get; private init; } = JsValue.Undefined;

    /// <summary>Whether readableType exists (it is reserved: any value is a RangeError).</summary>
    public bool HasReadableType { get; private init; }

    /// <summary>The start callback, or undefined.</summary>
    public JsValue Start { get; private init; } = JsValue.Undefined;

    /// <summary>The transform callback, or undefined.</summary>
    public JsValue Transform { get; private init; } = JsValue.Undefined;

    /// <summary>Whether writableType exists (it is reserved: any value is a RangeError).</summary>
    public bool HasWritableType { get; private init; }

    /// <summary>Converts <paramref name="transformer"/> (null when missing) to the dictionary: members in
    /// lexicographic order (cancel, flush, readableType, start, transform, writableType), each callback checked to
    /// be callable.</summary>
    public static Transformer From(Engine engine, JsValue transformer, string context)
    {
        var dictionary = WebIdlConvert.ToDictionary(engine, transformer, context);
        if (dictionary is null)
        {
            return new Transformer(engine, transformer);
        }

        var cancel = UnderlyingCallbacks.Read(engine, dictionary, "cancel", "transformer", context);
        var flush = UnderlyingCallbacks.Read(engine, dictionary, "flush", "transformer", context);
        var hasReadableType = !dictionary.Get("readableType").IsUndefined();
        var start = UnderlyingCallbacks.Read(engine, dictionary, "start", "transformer", context);
        var transform = UnderlyingCallbacks.Read(engine, dictionary, "transform", "transformer", context);
        var hasWritableType = !dictionary.Get("writableType").IsUndefined();
        return new Transformer(engine, transformer)
        {
            Cancel = cancel,
            Flush = flush,
            HasReadableType = hasReadableType,
            Start = start,
            Transform = transform,
            HasWritableType = hasWritableType,
        };
    }

    /// <summary>Invokes <paramref name="callback"/> with this value the transformer, rethrowing an exception.</summary>
    public JsValue Invoke(JsValue callback, params JsValue[] arguments) => _engine.Call(callback, _transformer, arguments);

    /// <summary>Invokes a Promise-returning <paramref name="callback"/>: an exception becomes a rejected promise, a
    /// result a promise resolved with it.</summary>
    public JsValue InvokePromise(JsValue callback, params JsValue[] arguments) =>
        UnderlyingCallbacks.InvokePromise(_engine, callback, _transformer, arguments);
}
