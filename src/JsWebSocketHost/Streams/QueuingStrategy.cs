using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>
/// The <c>QueuingStrategy</c> dictionary a stream constructor takes, converted, with ExtractHighWaterMark and
/// ExtractSizeAlgorithm.
/// </summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#qs-api and https://streams.spec.whatwg.org/#qs-abstract-ops.</remarks>
internal readonly struct QueuingStrategy
{
    private readonly double? _highWaterMark;
    private readonly JsValue _size;

    private QueuingStrategy(double? highWaterMark, JsValue size)
    {
        _highWaterMark = highWaterMark;
        _size = size;
    }

    /// <summary>Whether the dictionary has a <c>size</c> member.</summary>
    public bool HasSize => !_size.IsUndefined();

    /// <summary>Converts <paramref name="value"/> to the <c>QueuingStrategy</c> dictionary.</summary>
    /// <remarks>Spec: https://webidl.spec.whatwg.org/#js-dictionary; members in lexicographic order.</remarks>
    public static QueuingStrategy From(Engine engine, JsValue value, string context)
    {
        var dictionary = WebIdlConvert.ToDictionary(engine, value, context);
        if (dictionary is null)
        {
            return new QueuingStrategy(null, JsValue.Undefined);
        }

        // unrestricted double highWaterMark.
        var highWaterMarkValue = dictionary.Get("highWaterMark");
        double? highWaterMark = highWaterMarkValue.IsUndefined() ? null : TypeConverter.ToNumber(highWaterMarkValue);

        // QueuingStrategySize size: a callback function, so it must be callable.
        var size = dictionary.Get("size");
        if (!size.IsUndefined() && !size.IsCallable())
        {
            throw ScriptErrors.TypeError(engine, $"{context}: the strategy's size must be a function.");
        }

        return new QueuingStrategy(highWaterMark, size);
    }

    /// <summary>ExtractHighWaterMark(strategy, defaultHWM).</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#validate-and-normalize-high-water-mark.</remarks>
    public double ExtractHighWaterMark(Engine engine, double defaultHighWaterMark)
    {
        // Step 1: if strategy["highWaterMark"] does not exist, return defaultHWM.
        if (_highWaterMark is not { } highWaterMark)
        {
            return defaultHighWaterMark;
        }

        // Steps 2-3: if highWaterMark is NaN or highWaterMark < 0, throw a RangeError exception.
        if (double.IsNaN(highWaterMark) || highWaterMark < 0)
        {
            throw ScriptErrors.RangeError(engine, "The strategy's highWaterMark must be a non-negative number.");
        }

        // Step 4: return highWaterMark.
        return highWaterMark;
    }

    /// <summary>ExtractSizeAlgorithm(strategy): the algorithm that gives a chunk's size.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#make-size-algorithm-from-size-function.</remarks>
    public Func<JsValue, double> ExtractSizeAlgorithm(Engine engine)
    {
        // Step 1: if strategy["size"] does not exist, return an algorithm that returns 1.
        if (!HasSize)
        {
            return static _ => 1;
        }

        // Step 2: return an algorithm that invokes strategy["size"] with « chunk » and returns the result
        // converted to unrestricted double; an exception it throws is rethrown.
        var size = _size;
        return chunk =>
        {
            var result = engine.Call(size, JsValue.Undefined, [chunk]);
            try
            {
                return TypeConverter.ToNumber(result);
            }
            catch (JintException e) when (e is not JavaScriptException && ScriptErrors.ScriptErrorOf(engine, e) is { } error)
            {
                // A BigInt or a symbol: Jint's own TypeError, thrown as script's, since no script frame is here to
                // convert it (the algorithm runs in a promise reaction).
                throw new JavaScriptException(error);
            }
        };
    }
}
