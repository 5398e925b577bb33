using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>The <c>UnderlyingSink</c> dictionary, converted; the callbacks are invoked on the sink object.</summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#underlying-sink-api.</remarks>
internal sealed class UnderlyingSink
{
    private readonly Engine _engine;
    private readonly JsValue _sink;

    private UnderlyingSink(Engine engine, JsValue sink, JsValue abort, JsValue close, JsValue start, bool hasType, JsValue write)
    {
        _engine = engine;
        _sink = sink;
        Abort = abort;
        Close = close;
        Start = start;
        HasType = hasType;
        Write = write;
    }

    /// <summary>The abort callback, or undefined.</summary>
    public JsValue Abort { get; }

    /// <summary>The close callback, or undefined.</summary>
    public JsValue Close { get; }

    /// <summary>The start callback, or undefined.</summary>
    public JsValue Start { get; }

    /// <summary>Whether the type member exists (it is reserved: any value is a RangeError).</summary>
    public bool HasType { get; }

    /// <summary>The write callback, or undefined.</summary>
    public JsValue Write { get; }

    /// <summary>Converts <paramref name="sink"/> (null when missing) to the dictionary: members in lexicographic order
    /// (abort, close, start, type, write), each callback checked to be callable.</summary>
    public static UnderlyingSink From(Engine engine, JsValue sink, string context)
    {
        var dictionary = WebIdlConvert.ToDictionary(engine, sink, context);
        if (dictionary is null)
        {
            return new UnderlyingSink(engine, sink, JsValue.Undefined, JsValue.Undefined, JsValue.Undefined, false, JsValue.Undefined);
        }

        var abort = UnderlyingCallbacks.Read(engine, dictionary, "abort", "sink", context);
        var close = UnderlyingCallbacks.Read(engine, dictionary, "close", "sink", context);
        var start = UnderlyingCallbacks.Read(engine, dictionary, "start", "sink", context);
        var hasType = !dictionary.Get("type").IsUndefined();
        var write = UnderlyingCallbacks.Read(engine, dictionary, "write", "sink", context);
        return new UnderlyingSink(engine, sink, abort, close, start, hasType, write);
    }

    /// <summary>Invokes <paramref name="callback"/> with this value the sink, rethrowing an exception.</summary>
    public JsValue Invoke(JsValue callback, params JsValue[] arguments) => _engine.Call(callback, _sink, arguments);

    /// <summary>Invokes a Promise-returning <paramref name="callback"/>: an exception becomes a rejected promise, a
    /// result a promise resolved with it.</summary>
    public JsValue InvokePromise(JsValue callback, params JsValue[] arguments) =>
        UnderlyingCallbacks.InvokePromise(_engine, callback, _sink, arguments);
}
