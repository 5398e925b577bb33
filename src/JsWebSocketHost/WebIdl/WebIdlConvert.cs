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

    /// <summary><c>[Clamp] unsigned short</c>: NaN is 0, clamp to 0..65535, round half to even.</summary>
    /// <remarks>Spec: https://webidl.spec.whatwg.org/#abstract-opdef-converttoint (step 7).</remarks>
    public static ushort ToClampedUnsignedShort(JsValue value)
    {
        // Steps 1-3: x = ToNumber(V), with -0 as +0.
        var x = TypeConverter.ToNumber(value);

        // Step 7: if the conversion is to an IDL type associated with [Clamp] and x is not NaN, clamp and round
        // to the nearest integer, the even one at a tie; NaN becomes +0.
        if (double.IsNaN(x))
        {
            return 0;
        }

        x = Math.Clamp(x, 0, ushort.MaxValue);
        return (ushort)Math.Round(x, MidpointRounding.ToEven);
    }

    /// <summary>
    /// <c>ByteString</c>: ToString, then a TypeError if any code unit is above U+00FF.
    /// </summary>
    /// <remarks>Spec: https://webidl.spec.whatwg.org/#js-ByteString.</remarks>
    public static string ToByteString(Engine engine, JsValue value, string context)
    {
        var text = TypeConverter.ToString(value);
        foreach (var c in text)
        {
            if (c > 0xFF)
            {
                throw ScriptErrors.TypeError(engine, $"{context}: the value has a character above U+00FF, which a ByteString cannot hold.");
            }
        }

        return text;
    }

    /// <summary>An enumeration, as the matching value itself (see <see cref="ToEnumeration"/>).</summary>
    public static string ToEnum(Engine engine, JsValue value, ReadOnlySpan<string> values, string context) =>
        values[ToEnumeration(engine, value, values, context)];

    /// <summary>
    /// <c>sequence&lt;T&gt;</c> from an iterable: the value must be an object with a callable <c>@@iterator</c>;
    /// each value the iterator yields is converted with <paramref name="convert"/>. An exception thrown by the
    /// iterator or a conversion propagates.
    /// </summary>
    /// <remarks>Spec: https://webidl.spec.whatwg.org/#js-sequence (create a sequence from an iterable).</remarks>
    public static List<T> ToSequence<T>(Engine engine, JsValue value, Func<JsValue, T> convert, string context)
    {
        // Step 1: if V is not an Object, throw a TypeError.
        if (value is not ObjectInstance obj)
        {
            throw ScriptErrors.TypeError(engine, $"{context}: the value is not an iterable object.");
        }

        // Steps 2-3: method = GetMethod(V, @@iterator); undefined is a TypeError.
        var method = GetIteratorMethod(engine, obj, context);
        if (method.IsUndefined())
        {
            throw ScriptErrors.TypeError(engine, $"{context}: the value is not iterable (it has no Symbol.iterator method).");
        }

        return ToSequence(engine, obj, method, convert, context);
    }

    /// <summary>
    /// Creates a <c>sequence&lt;T&gt;</c> from an iterable whose <c>@@iterator</c> method was already read (as union
    /// conversion does), converting each value with <paramref name="convert"/>.
    /// </summary>
    /// <remarks>Spec: https://webidl.spec.whatwg.org/#create-sequence-from-iterable.</remarks>
    public static List<T> ToSequence<T>(Engine engine, ObjectInstance iterable, JsValue method, Func<JsValue, T> convert, string context)
    {
        // Step 1: iteratorRecord = GetIteratorFromMethod(iterable, method).
        var iterator = engine.Call(method, iterable, Arguments.Empty) as ObjectInstance
            ?? throw ScriptErrors.TypeError(engine, $"{context}: Symbol.iterator did not return an object.");
        var next = iterator.Get("next");
        if (!next.IsCallable())
        {
            // IteratorStep calls next: Call on a value that is not callable is a TypeError (engine.Call would throw a
            // .NET exception that script cannot catch).
            throw ScriptErrors.TypeError(engine, $"{context}: the iterator's next is not a function.");
        }

        var result = new List<T>();

        // Steps 2-3: step through the iterator until done, converting each value.
        while (true)
        {
            var step = engine.Call(next, iterator, Arguments.Empty) as ObjectInstance
                ?? throw ScriptErrors.TypeError(engine, $"{context}: the iterator's next() did not return an object.");
            if (TypeConverter.ToBoolean(step.Get("done")))
            {
                return result;
            }

            result.Add(convert(step.Get("value")));
        }
    }

    /// <summary>
    /// GetMethod(V, @@iterator): undefined when the property is undefined or null, the function when it is callable,
    /// and a TypeError otherwise.
    /// </summary>
    /// <remarks>Spec: https://tc39.es/ecma262/#sec-getmethod.</remarks>
    public static JsValue GetIteratorMethod(Engine engine, ObjectInstance obj, string context)
    {
        var method = obj.Get(HostIntrinsics.Of(engine).SymbolIterator);
        if (method.IsUndefined() || method.IsNull())
        {
            return JsValue.Undefined;
        }

        return method.IsCallable()
            ? method
            : throw ScriptErrors.TypeError(engine, $"{context}: the value's Symbol.iterator property is not a function.");
    }

    /// <summary>
    /// <c>record&lt;K, V&gt;</c> from an object: its own enumerable keys (a Symbol key throws a TypeError when converted
    /// to a string type), in [[OwnPropertyKeys]] order; a key that converts to one already seen replaces that entry's
    /// value in place.
    /// </summary>
    /// <remarks>Spec: https://webidl.spec.whatwg.org/#js-record.</remarks>
    public static List<KeyValuePair<TKey, TValue>> ToRecord<TKey, TValue>(
        ObjectInstance obj, Func<JsValue, TKey> convertKey, Func<JsValue, TValue> convertValue)
        where TKey : notnull
    {
        // Steps 2-3: result is an empty ordered map; keys = O.[[OwnPropertyKeys]]().
        var result = new List<KeyValuePair<TKey, TValue>>();
        Dictionary<TKey, int>? positions = null;
        foreach (var key in obj.GetOwnPropertyKeys(Types.String | Types.Symbol))
        {
            // Steps 4.1-4.2: only keys whose own property exists and is enumerable.
            var descriptor = obj.GetOwnProperty(key);
            if (descriptor == Jint.Runtime.Descriptors.PropertyDescriptor.Undefined || !descriptor.Enumerable)
            {
                continue;
            }

            // Steps 4.2.1-4.2.5: convert the key, then Get(O, key) converted to V; set result[typedKey].
            var typedKey = convertKey(key);
            var typedValue = convertValue(obj.Get(key));
            positions ??= [];
            if (positions.TryGetValue(typedKey, out var index))
            {
                result[index] = new(typedKey, typedValue);
            }
            else
            {
                positions.Add(typedKey, result.Count);
                result.Add(new(typedKey, typedValue));
            }
        }

        return result;
    }

    /// <summary>Whether <paramref name="value"/> is an object with a callable <c>@@iterator</c> (for unions).</summary>
    public static bool IsIterable(Engine engine, JsValue value) =>
        value is ObjectInstance obj && obj.Get(HostIntrinsics.Of(engine).SymbolIterator).IsCallable();
}
