using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>The <c>UnderlyingSource</c> dictionary, converted; the callbacks are invoked on the source object.</summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#underlying-source-api.</remarks>
internal sealed class UnderlyingSource
{
    private readonly Engine _engine;
    private readonly JsValue _source;

    private UnderlyingSource(Engine engine, JsValue source, JsValue cancel, JsValue pull, JsValue start, bool isBytes)
    {
        _engine = engine;
        _source = source;
        Cancel = cancel;
        Pull = pull;
        Start = start;
        IsBytes = isBytes;
    }

    /// <summary>The cancel callback, or undefined.</summary>
    public JsValue Cancel { get; }

    /// <summary>The pull callback, or undefined.</summary>
    public JsValue Pull { get; }

    /// <summary>The start callback, or undefined.</summary>
    public JsValue Start { get; }

    /// <summary>autoAllocateChunkSize, when given.</summary>
    public double? AutoAllocateChunkSize { get; private init; }

    /// <summary>Whether type is "bytes".</summary>
    public bool IsBytes { get; }

    /// <summary>Converts <paramref name="source"/> (null when missing) to the dictionary: members in lexicographic
    /// order, each callback checked to be callable.</summary>
    public static UnderlyingSource From(Engine engine, JsValue source, string context)
    {
        var dictionary = WebIdlConvert.ToDictionary(engine, source, context);
        if (dictionary is null)
        {
            return new UnderlyingSource(engine, source, JsValue.Undefined, JsValue.Undefined, JsValue.Undefined, isBytes: false);
        }

        // [EnforceRange] unsigned long long autoAllocateChunkSize (byte streams only, but converted all the same).
        var autoAllocateChunkSizeValue = dictionary.Get("autoAllocateChunkSize");
        double? autoAllocateChunkSize = autoAllocateChunkSizeValue.IsUndefined()
            ? null
            : WebIdlConvert.ToEnforcedUnsignedLongLong(engine, autoAllocateChunkSizeValue, context);

        var cancel = UnderlyingCallbacks.Read(engine, dictionary, "cancel", "source", context);
        var pull = UnderlyingCallbacks.Read(engine, dictionary, "pull", "source", context);
        var start = UnderlyingCallbacks.Read(engine, dictionary, "start", "source", context);

        // ReadableStreamType type: the one value is "bytes".
        var type = dictionary.Get("type");
        var isBytes = false;
        if (!type.IsUndefined())
        {
            var value = WebIdlConvert.ToDOMString(type);
            if (value != "bytes")
            {
                throw ScriptErrors.TypeError(engine, $"{context}: the source's type must be \"bytes\" or undefined, not \"{value}\".");
            }

            isBytes = true;
        }

        return new UnderlyingSource(engine, source, cancel, pull, start, isBytes) { AutoAllocateChunkSize = autoAllocateChunkSize };
    }

    /// <summary>
    /// The start, pull and cancel algorithms of "set up ... controller from underlying source" (steps 2-7 for both
    /// controllers): each invokes the source's callback when it has one, with <paramref name="controller"/> (or the
    /// reason) as argument and the source as this; start's exception is rethrown, pull's and cancel's reject.
    /// </summary>
    public (Func<JsValue> Start, Func<JsValue> Pull, Func<JsValue, JsValue> Cancel) Algorithms(ObjectInstance controller)
    {
        var engine = _engine;
        Func<JsValue> start = Start.IsUndefined() ? static () => JsValue.Undefined : () => Invoke(Start, controller);
        Func<JsValue> pull = Pull.IsUndefined()
            ? () => StreamPromises.ResolvedWith(engine, JsValue.Undefined)
            : () => InvokePromise(Pull, controller);
        Func<JsValue, JsValue> cancel = Cancel.IsUndefined()
            ? _ => StreamPromises.ResolvedWith(engine, JsValue.Undefined)
            : reason => InvokePromise(Cancel, reason);
        return (start, pull, cancel);
    }

    /// <summary>Invokes <paramref name="callback"/> with this value the source, rethrowing an exception.</summary>
    public JsValue Invoke(JsValue callback, JsValue argument) => _engine.Call(callback, _source, [argument]);

    /// <summary>Invokes a Promise-returning <paramref name="callback"/>: an exception becomes a rejected promise, a
    /// result a promise resolved with it.</summary>
    public JsValue InvokePromise(JsValue callback, JsValue argument) =>
        UnderlyingCallbacks.InvokePromise(_engine, callback, _source, [argument]);
}
