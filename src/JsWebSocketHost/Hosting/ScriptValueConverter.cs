using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// Turns JS values into plain .NET values for a C# host, by copy, on the loop thread: the arguments of a function
/// made from a delegate and the result of <see cref="ScriptHost.EvaluateAsync{T}"/>.
/// </summary>
/// <remarks>
/// Plain values (<see cref="object"/>): <c>undefined</c> and <c>null</c> → null; a boolean → <see cref="bool"/>;
/// a number → <see cref="double"/>; a string → <see cref="string"/>; an <c>ArrayBuffer</c>, typed array or
/// <c>DataView</c> → a copy of its bytes as <see cref="byte"/>[]; an <c>Array</c> → <see cref="List{T}"/> of plain
/// values (holes → null); any other non-function object → <see cref="Dictionary{TKey, TValue}"/> of its own
/// enumerable string-keyed properties, read with [[Get]] in [[OwnPropertyKeys]] order (so a <c>Date</c> or a
/// <c>Map</c> gives only its own enumerable properties). A function, a symbol or a BigInt cannot be converted.
/// An object reached through several paths is read once and becomes one .NET object, reached through the same paths
/// (as HTML's structured clone keeps one copy per object); a cycle cannot be converted. Each conversion has a
/// <see cref="ConversionBudget"/> of values and bytes, charged once per path, so a value that is small in memory
/// but huge as a tree (<c>o = [o, o]</c> thirty times) is refused instead of copied.
/// Typed targets are strict: a <see cref="string"/> takes a JS string, an integer type a JS number that is an
/// integer in its range, and so on; a reference type or <see cref="Nullable{T}"/> also takes null and undefined.
/// Every failure is an <see cref="InvalidCastException"/> that says what the value was and what was wanted.
/// </remarks>
internal static class ScriptValueConverter
{
    private static readonly JsonElement JsonNull = JsonDocument.Parse("null").RootElement.Clone();

    /// <summary>Whether <see cref="ToType"/> can convert to <paramref name="type"/>.</summary>
    public static bool IsSupportedType(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(object) || type == typeof(string) || underlying == typeof(bool)
            || HostValueConverter.IsNumeric(underlying) || type == typeof(byte[]) || underlying == typeof(JsonElement)
            || type == typeof(JsonNode) || IsListType(type) || IsDictionaryType(type);
    }

    /// <summary>Converts <paramref name="value"/> to a plain .NET value (see the remarks of this class).</summary>
    /// <exception cref="InvalidCastException">The value (or something in it) cannot be converted, or it exceeds <paramref name="budget"/>.</exception>
    /// <exception cref="JavaScriptException">A getter or proxy trap threw while the value was read.</exception>
    public static object? ToPlain(JsValue value, ConversionBudget budget) => new PlainWalker(budget).Take(value, 0);

    /// <summary>Converts <paramref name="value"/> to <paramref name="type"/>, which <see cref="IsSupportedType"/> accepts.</summary>
    /// <exception cref="InvalidCastException">
    /// The value is not of the kind <paramref name="type"/> takes, or it exceeds <paramref name="budget"/>.
    /// </exception>
    /// <exception cref="JavaScriptException">A getter or proxy trap threw while the value was read.</exception>
    public static object? ToType(JsValue value, Type type, ConversionBudget budget)
    {
        if (type == typeof(object))
        {
            return ToPlain(value, budget);
        }

        var nullable = Nullable.GetUnderlyingType(type);
        if (value.IsNull() || value.IsUndefined())
        {
            if (type == typeof(JsonElement))
            {
                return value.IsUndefined() ? default : JsonNull;
            }

            return nullable is not null || !type.IsValueType ? null : throw Mismatch(value, type);
        }

        var target = nullable ?? type;
        if (target == typeof(string))
        {
            if (value is not JsString text)
            {
                throw Mismatch(value, type);
            }

            budget.Charge(0, 2L * text.Length);
            return text.ToString();
        }

        if (target == typeof(bool))
        {
            return value.IsBoolean() ? value.AsBoolean() : throw Mismatch(value, type);
        }

        if (HostValueConverter.IsNumeric(target))
        {
            return value.IsNumber() ? ToNumber(value.AsNumber(), target) : throw Mismatch(value, type);
        }

        if (target == typeof(byte[]))
        {
            if (!WebIdl.BufferSource.TryGetBytes(value, out var bytes, allowShared: true))
            {
                throw Mismatch(value, type);
            }

            budget.Charge(0, bytes.Count);
            return bytes.AsSpan().ToArray();
        }

        if (target == typeof(JsonElement))
        {
            return ToJsonElement(value, budget);
        }

        if (target == typeof(JsonNode))
        {
            var element = ToJsonElement(value, budget);
            return element.ValueKind == JsonValueKind.Null ? null : JsonNode.Parse(element.GetRawText());
        }

        if (IsListType(target))
        {
            return value is JsArray ? ToPlain(value, budget) : throw Mismatch(value, type);
        }

        if (IsDictionaryType(target))
        {
            return value is ObjectInstance && value is not JsArray && !value.IsCallable() && !WebIdl.BufferSource.Is(value, allowShared: true)
                ? ToPlain(value, budget)
                : throw Mismatch(value, type);
        }

        throw new InvalidCastException($"Values cannot be converted to {type}.");
    }

    /// <summary>
    /// Converts <paramref name="value"/> to JSON: as <see cref="ToPlain"/>, with a byte array as a base64 string (as
    /// <see cref="JsonSerializer"/> writes one), and NaN and the infinities as <c>null</c> (as <c>JSON.stringify</c>
    /// writes them). <c>undefined</c> gives the default element (<see cref="JsonValueKind.Undefined"/>). An object
    /// reached through several paths is written at each (the budget, charged per path, bounds the text).
    /// </summary>
    public static JsonElement ToJsonElement(JsValue value, ConversionBudget budget)
    {
        if (value.IsUndefined())
        {
            return default;
        }

        var plain = ToPlain(value, budget);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteJson(writer, plain);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>Describes what a JS value is, for messages: "a string", "an array", "undefined".</summary>
    public static string Describe(JsValue value) => value switch
    {
        _ when value.IsUndefined() => "undefined",
        _ when value.IsNull() => "null",
        _ when value.IsBoolean() => "a boolean",
        _ when value.IsNumber() => "a number",
        _ when value.IsString() => "a string",
        _ when value.IsSymbol() => "a symbol",
        JsBigInt => "a BigInt",
        JsArray => "an array",
        _ when value.IsCallable() => "a function",
        JsArrayBuffer => "an ArrayBuffer",
        JsTypedArray => "a typed array",
        _ when value.IsDataView() => "a DataView",
        _ => "an object",
    };

    /// <summary>Names a .NET target type for messages: "String", "Int32", "a list", "a dictionary".</summary>
    public static string Describe(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            return Describe(underlying) + " or null";
        }

        return type == typeof(object) ? "a plain value"
            : type == typeof(byte[]) ? "a byte array (an ArrayBuffer, typed array or DataView)"
            : IsListType(type) ? "a list (an array)"
            : IsDictionaryType(type) ? "a dictionary (an object)"
            : type.Name;
    }

    private static object ToNumber(double d, Type target)
    {
        if (target == typeof(double))
        {
            return d;
        }

        if (target == typeof(float))
        {
            return (float)d;
        }

        if (target == typeof(Half))
        {
            return (Half)d;
        }

        if (target == typeof(decimal))
        {
            return double.IsFinite(d) && Math.Abs(d) < 7.9228162514264337593543950335e28
                ? (decimal)d
                : throw new InvalidCastException($"The number {Format(d)} is outside the range of Decimal.");
        }

        var (min, maxExclusive) = IntegerRange(target);
        if (!double.IsFinite(d) || Math.Truncate(d) != d)
        {
            throw new InvalidCastException($"The number {Format(d)} is not an integer, and {target.Name} takes integers only.");
        }

        if (d < min || d >= maxExclusive)
        {
            throw new InvalidCastException(
                $"The number {Format(d)} is outside the range of {target.Name} ({Format(min)} to {Format(maxExclusive - 1)}).");
        }

        return target switch
        {
            _ when target == typeof(int) => (int)d,
            _ when target == typeof(long) => (long)d,
            _ when target == typeof(short) => (short)d,
            _ when target == typeof(byte) => (byte)d,
            _ when target == typeof(sbyte) => (sbyte)d,
            _ when target == typeof(ushort) => (ushort)d,
            _ when target == typeof(uint) => (uint)d,
            _ when target == typeof(ulong) => (ulong)d,
            _ when target == typeof(nint) => (nint)d,
            _ => (object)(nuint)d,
        };
    }

    // The range of an integer type as doubles; (double)MaxValue + 1 is exact for the small types and rounds to the
    // power of two just above MaxValue for the 64-bit ones, so it is always the exclusive upper bound.
    private static (double Min, double MaxExclusive) IntegerRange(Type target) => target switch
    {
        _ when target == typeof(int) => (int.MinValue, int.MaxValue + 1.0),
        _ when target == typeof(long) => (long.MinValue, long.MaxValue + 1.0),
        _ when target == typeof(short) => (short.MinValue, short.MaxValue + 1.0),
        _ when target == typeof(byte) => (byte.MinValue, byte.MaxValue + 1.0),
        _ when target == typeof(sbyte) => (sbyte.MinValue, sbyte.MaxValue + 1.0),
        _ when target == typeof(ushort) => (ushort.MinValue, ushort.MaxValue + 1.0),
        _ when target == typeof(uint) => (uint.MinValue, uint.MaxValue + 1.0),
        _ when target == typeof(ulong) => (ulong.MinValue, ulong.MaxValue + 1.0),
        _ when target == typeof(nint) => (nint.MinValue, nint.MaxValue + 1.0),
        _ => (nuint.MinValue, nuint.MaxValue + 1.0),
    };

    private static string Format(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    private static bool IsListType(Type type) =>
        type == typeof(List<object?>) || type == typeof(IList<object?>) || type == typeof(ICollection<object?>)
        || type == typeof(IEnumerable<object?>) || type == typeof(IReadOnlyList<object?>) || type == typeof(IReadOnlyCollection<object?>);

    private static bool IsDictionaryType(Type type) =>
        type == typeof(Dictionary<string, object?>) || type == typeof(IDictionary<string, object?>)
        || type == typeof(IReadOnlyDictionary<string, object?>);

    private static InvalidCastException Mismatch(JsValue value, Type type) =>
        new($"The value is {Describe(value)}, not {Describe(type)}.");

    private static void WriteJson(Utf8JsonWriter writer, object? plain)
    {
        switch (plain)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case double:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case byte[] bytes:
                writer.WriteBase64StringValue(bytes);
                break;
            case List<object?> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteJson(writer, item);
                }

                writer.WriteEndArray();
                break;
            case Dictionary<string, object?> dictionary:
                writer.WriteStartObject();
                foreach (var (key, item) in dictionary)
                {
                    writer.WritePropertyName(key);
                    WriteJson(writer, item);
                }

                writer.WriteEndObject();
                break;
        }
    }

    private sealed class PlainWalker(ConversionBudget budget)
    {
        private readonly HashSet<ObjectInstance> _open = new(ReferenceEqualityComparer.Instance);

        // Every object copied so far, as structured clone's memory map: one read and one copy per object, so a DAG
        // converts in time linear in its size in memory; reaching a copy again charges what the copy was charged.
        private readonly Dictionary<ObjectInstance, Copy> _copies = new(ReferenceEqualityComparer.Instance);
        private readonly List<object> _path = [];

        // The levels of arrays and objects in the value Take returned last (0 for a primitive or binary data).
        private int _height;

        public object? Take(JsValue value, int depth)
        {
            _height = 0;
            budget.Charge(1, 0);
            if (value.IsNull() || value.IsUndefined())
            {
                return null;
            }

            if (value.IsBoolean())
            {
                return value.AsBoolean();
            }

            if (value.IsNumber())
            {
                return value.AsNumber();
            }

            if (value is JsString text)
            {
                budget.Charge(0, 2L * text.Length);
                return text.ToString();
            }

            if (value is not ObjectInstance obj || value.IsCallable())
            {
                throw Fail($"is {Describe(value)}, which cannot be passed to the host");
            }

            if (_copies.TryGetValue(obj, out var copy))
            {
                budget.Charge(copy.Values - 1, copy.Bytes);
                if (depth + copy.Height > HostValueConverter.MaxDepth)
                {
                    throw Fail($"nests arrays or objects deeper than {HostValueConverter.MaxDepth} levels");
                }

                _height = copy.Height;
                return copy.Value;
            }

            if (WebIdl.BufferSource.TryGetBytes(value, out var bytes, allowShared: true))
            {
                budget.Charge(0, bytes.Count);
                var array = bytes.AsSpan().ToArray();
                _copies.Add(obj, new Copy(array, 1, bytes.Count, 0));
                return array;
            }

            if (depth >= HostValueConverter.MaxDepth)
            {
                throw Fail($"nests arrays or objects deeper than {HostValueConverter.MaxDepth} levels");
            }

            if (!_open.Add(obj))
            {
                throw Fail("contains itself; a value passed to the host must not contain a cycle");
            }

            var (valuesBefore, bytesBefore) = (budget.Values, budget.Bytes);
            object result;
            try
            {
                result = obj is JsArray array ? TakeArray(array, depth) : TakeObject(obj, depth);
            }
            finally
            {
                _open.Remove(obj);
            }

            // This object's own value was charged before valuesBefore was read.
            _copies.Add(obj, new Copy(result, budget.Values - valuesBefore + 1, budget.Bytes - bytesBefore, _height));
            return result;
        }

        private List<object?> TakeArray(JsArray array, int depth)
        {
            // Checked before the list is allocated: a sparse array claims up to 2^32 - 1 elements at no cost to script.
            var length = array.Length;
            if (!budget.HasRoomFor(length))
            {
                throw ConversionBudget.TooManyValues();
            }

            var list = new List<object?>((int)length);
            var height = 0;
            for (uint i = 0; i < length; i++)
            {
                _path.Add((int)i);
                list.Add(Take(array.Get(i), depth + 1));
                _path.RemoveAt(_path.Count - 1);
                height = Math.Max(height, _height);
            }

            _height = height + 1;
            return list;
        }

        private Dictionary<string, object?> TakeObject(ObjectInstance obj, int depth)
        {
            var dictionary = new Dictionary<string, object?>(StringComparer.Ordinal);
            var height = 0;
            foreach (var key in obj.GetOwnPropertyKeys(Types.String))
            {
                var descriptor = obj.GetOwnProperty(key);
                if (descriptor == PropertyDescriptor.Undefined || !descriptor.Enumerable)
                {
                    continue;
                }

                var name = key.ToString();
                budget.Charge(0, 2L * name.Length);
                _path.Add(name);
                dictionary[name] = Take(obj.Get(key), depth + 1);
                _path.RemoveAt(_path.Count - 1);
                height = Math.Max(height, _height);
            }

            _height = height + 1;
            return dictionary;
        }

        private InvalidCastException Fail(string problem)
        {
            var text = new StringBuilder("The value");
            if (_path.Count > 0)
            {
                text.Append(" at ");
                foreach (var segment in _path)
                {
                    _ = segment is int index
                        ? text.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']')
                        : text.Append("[\"").Append((string)segment).Append("\"]");
                }
            }

            return new InvalidCastException(text.Append(' ').Append(problem).Append('.').ToString());
        }

        // A finished copy, with what it was charged and its levels of arrays and objects.
        private readonly record struct Copy(object Value, long Values, long Bytes, int Height);
    }
}
