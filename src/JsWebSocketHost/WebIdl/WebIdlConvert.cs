using Jint;
using Jint.Native;
using Jint.Native.Object;
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
}
