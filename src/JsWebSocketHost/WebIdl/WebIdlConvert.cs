using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Native.Symbol;
using Jint.Runtime;

namespace JsWebSocketHost.WebIdl;

/// <summary>WebIDL's conversions from ECMAScript values to IDL types.</summary>
/// <remarks>Spec: https://webidl.spec.whatwg.org/#js-type-mapping.</remarks>
internal static class WebIdlConvert
{
    /// <summary>
    /// <c>long</c> without extended attributes: ToNumber, NaN and infinities become 0, truncate, wrap modulo 2^32
    /// into the signed range — which is exactly ECMAScript's ToInt32.
    /// </summary>
    /// <remarks>Spec: https://webidl.spec.whatwg.org/#js-long.</remarks>
    public static int ToLong(JsValue value) => TypeConverter.ToInt32(value);

    /// <summary>
    /// The first step of converting to a dictionary: undefined and null give an empty dictionary (null here), an
    /// object is read member by member by the caller, anything else is a TypeError.
    /// </summary>
    /// <remarks>Spec: https://webidl.spec.whatwg.org/#js-dictionary (step 1).</remarks>
    public static ObjectInstance? ToDictionary(Engine engine, JsValue value, string context)
    {
        if (value.IsUndefined() || value.IsNull())
        {
            return null;
        }

        return value as ObjectInstance
            ?? throw ScriptErrors.TypeError(engine, $"{context}: the options argument must be an object, undefined or null.");
    }

    /// <summary><c>DOMString</c>: ECMAScript ToString, where a Symbol throws a TypeError.</summary>
    /// <remarks>Spec: https://webidl.spec.whatwg.org/#js-DOMString.</remarks>
    public static string ToDOMString(JsValue value) => TypeConverter.ToString(value);

    /// <summary><c>boolean</c>: ECMAScript ToBoolean.</summary>
    public static bool ToBoolean(JsValue value) => TypeConverter.ToBoolean(value);

    /// <summary><c>unsigned long</c>: ToNumber, NaN and infinities become 0, truncate, wrap modulo 2^32.</summary>
    /// <remarks>Spec: https://webidl.spec.whatwg.org/#js-unsigned-long.</remarks>
    public static uint ToUnsignedLong(JsValue value) => TypeConverter.ToUint32(value);

    /// <summary><c>USVString</c>: ToString, then every lone surrogate becomes U+FFFD.</summary>
    /// <remarks>Spec: https://webidl.spec.whatwg.org/#js-USVString.</remarks>
    public static string ToUSVString(JsValue value) => ToScalarValueString(TypeConverter.ToString(value));

    /// <summary>Replaces each lone surrogate in <paramref name="text"/> with U+FFFD (no copy when there is none).</summary>
    public static string ToScalarValueString(string text)
    {
        var i = 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                break;
            }
        }

        if (i >= text.Length)
        {
            return text;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            source.AsSpan().CopyTo(span);
            for (var j = 0; j < span.Length; j++)
            {
                if (char.IsHighSurrogate(span[j]) && j + 1 < span.Length && char.IsLowSurrogate(span[j + 1]))
                {
                    j++;
                }
                else if (char.IsSurrogate(span[j]))
                {
                    span[j] = '\uFFFD';
                }
            }
        });
    }

    /// <summary>
    /// <c>[EnforceRange] unsigned long long</c>: NaN and infinities throw, the value is truncated, and anything
    /// outside 0 to 2^53 - 1 throws a TypeError.
    /// </summary>
    /// <remarks>Spec: https://webidl.spec.whatwg.org/#abstract-opdef-converttoint (step 6).</remarks>
    public static double ToEnforcedUnsignedLongLong(Engine engine, JsValue value, string context)
    {
        var x = TypeConverter.ToNumber(value);
        if (double.IsNaN(x) || double.IsInfinity(x))
        {
            throw ScriptErrors.TypeError(engine, $"{context}: the value {TypeConverter.ToString(value)} is not a finite number.");
        }

        x = Math.Truncate(x);
        if (x < 0 || x > 9007199254740991)
        {
            throw ScriptErrors.TypeError(engine, $"{context}: the value {TypeConverter.ToString(value)} is outside the range 0 to 2^53 - 1.");
        }

        return x;
    }

    /// <summary>
    /// <c>long long</c> without extended attributes: NaN and infinities become 0, the value is truncated and wrapped
    /// modulo 2^64 into the signed range.
    /// </summary>
    /// <remarks>Spec: https://webidl.spec.whatwg.org/#js-long-long.</remarks>
    public static long ToLongLong(JsValue value)
    {
        const double TwoTo63 = 9223372036854775808d;
        const double TwoTo64 = 18446744073709551616d;

        // Steps 1-4 of ConvertToInt: ToNumber, +0 for NaN and infinities, truncate.
        var x = TypeConverter.ToNumber(value);
        if (double.IsNaN(x) || double.IsInfinity(x))
        {
            return 0;
        }

        x = Math.Truncate(x);
        if (x is >= -TwoTo63 and < TwoTo63)
        {
            return (long)x;
        }

        // Steps 10-11: x modulo 2^64, then subtract 2^64 when it is 2^63 or more.
        x %= TwoTo64;
        if (x < 0)
        {
            x += TwoTo64;
        }

        return (long)(x >= TwoTo63 ? x - TwoTo64 : x);
    }

    /// <summary>
    /// <c>[Clamp] long long</c>: NaN becomes 0, the value is clamped to ±(2^53 - 1) and rounded to the nearest
    /// integer, ties to even.
    /// </summary>
    /// <remarks>Spec: https://webidl.spec.whatwg.org/#abstract-opdef-converttoint (step 7).</remarks>
    public static long ToClampedLongLong(JsValue value)
    {
        const double MaxSafeInteger = 9007199254740991d;
        var x = TypeConverter.ToNumber(value);
        if (double.IsNaN(x))
        {
            return 0;
        }

        return (long)Math.Round(Math.Clamp(x, -MaxSafeInteger, MaxSafeInteger), MidpointRounding.ToEven);
    }

    /// <summary>
    /// An enumeration: ToString, then a TypeError unless the string is one of <paramref name="values"/>.
    /// </summary>
    /// <returns>The index of the value in <paramref name="values"/>.</returns>
    /// <remarks>Spec: https://webidl.spec.whatwg.org/#js-enumeration.</remarks>
    public static int ToEnumeration(Engine engine, JsValue value, ReadOnlySpan<string> values, string context)
    {
        // Step 1: let S be ? ToString(V).
        var text = TypeConverter.ToString(value);

        // Step 2: if S is not one of the enumeration's values, throw a TypeError.
        for (var i = 0; i < values.Length; i++)
        {
            if (string.Equals(text, values[i], StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw ScriptErrors.TypeError(engine, $"{context}: '{text}' is not a valid value; expected {string.Join(" or ", values.ToArray().Select(v => $"'{v}'"))}.");
    }

    /// <summary>
    /// A <c>sequence&lt;T&gt;</c>: the value must be an object with a callable <c>Symbol.iterator</c>; the iterator is
    /// drained and each value converted with <paramref name="convertElement"/> as it arrives.
    /// </summary>
    /// <remarks>
    /// Spec: https://webidl.spec.whatwg.org/#js-sequence and
    /// https://webidl.spec.whatwg.org/#create-sequence-from-iterable. As the spec says, the iterator is not closed
    /// when a conversion throws.
    /// </remarks>
    public static List<T> ToSequence<T>(Engine engine, JsValue value, string context, Func<JsValue, T> convertElement)
    {
        // Step 1: if V is not an Object, throw a TypeError.
        if (value is not ObjectInstance iterable)
        {
            throw ScriptErrors.TypeError(engine, $"{context}: the value is not an iterable object.");
        }

        // Steps 2-3: let method be ? GetMethod(V, %Symbol.iterator%); if it is undefined, throw a TypeError.
        var method = iterable.Get(GlobalSymbolRegistry.Iterator);
        if (method.IsUndefined() || method.IsNull())
        {
            throw ScriptErrors.TypeError(engine, $"{context}: the object is not iterable (it has no Symbol.iterator method).");
        }

        if (!method.IsCallable())
        {
            throw ScriptErrors.TypeError(engine, $"{context}: the object's Symbol.iterator property is not a function.");
        }

        // "Create a sequence from an iterable", step 1: let iteratorRecord be ? GetIteratorFromMethod(V, method).
        var iterator = engine.Call(method, iterable, Arguments.Empty) as ObjectInstance
            ?? throw ScriptErrors.TypeError(engine, $"{context}: Symbol.iterator returned a value that is not an object.");
        var next = iterator.Get("next");

        // Steps 2-3: repeat: let next be ? IteratorStepValue(iteratorRecord); at done, return the sequence;
        // otherwise convert next to T and append it.
        var result = new List<T>();
        while (true)
        {
            if (!next.IsCallable())
            {
                throw ScriptErrors.TypeError(engine, $"{context}: the iterator's next property is not a function.");
            }

            var step = engine.Call(next, iterator, Arguments.Empty) as ObjectInstance
                ?? throw ScriptErrors.TypeError(engine, $"{context}: the iterator result is not an object.");
            if (TypeConverter.ToBoolean(step.Get("done")))
            {
                return result;
            }

            result.Add(convertElement(step.Get("value")));
        }
    }
}
