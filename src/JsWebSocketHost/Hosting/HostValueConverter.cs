using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Runtime.Descriptors;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// Turns .NET values from a C# host into plain JS values, by copy, in two steps: <see cref="Snapshot"/> checks and
/// copies the value on the caller's thread (so a bad value throws at the call, and later changes to a list do not
/// show), and <see cref="ToScript"/> makes the JS values on the loop thread. No .NET object ever reaches script.
/// </summary>
/// <remarks>
/// Allowed: null; bool; every numeric primitive (a JS number: <see cref="long"/>, <see cref="ulong"/> and
/// <see cref="decimal"/> lose precision beyond 2^53, as in <c>JSON.parse</c>); <see cref="char"/> (a one-character
/// string); string; <see cref="byte"/>[], <see cref="ArraySegment{T}"/>, <see cref="Memory{T}"/> and
/// <see cref="ReadOnlyMemory{T}"/> of bytes (a fresh <c>ArrayBuffer</c>); string-keyed dictionaries (a plain object);
/// other <see cref="IEnumerable"/>s (an <c>Array</c>); <see cref="JsonElement"/> and <see cref="JsonNode"/>; and
/// delegates (a function, see <see cref="HostFunction"/>). Containers nest up to <see cref="MaxDepth"/> levels and
/// may not contain themselves.
/// </remarks>
internal static class HostValueConverter
{
    /// <summary>The deepest nesting of lists and dictionaries converted either way.</summary>
    public const int MaxDepth = 256;

    /// <summary>Checks and copies <paramref name="value"/>; call on the thread that received it.</summary>
    /// <param name="value">The host's value.</param>
    /// <param name="paramName">The parameter the value came in, for the exception.</param>
    /// <param name="what">How the value is named in the exception's message, e.g. <c>the value of 'config'</c>.</param>
    /// <exception cref="ArgumentException">The value, or something in it, is of a type that cannot be passed to script.</exception>
    public static object? Snapshot(object? value, string? paramName, string what)
    {
        var walker = new SnapshotWalker(paramName, what);
        return walker.Take(value, 0);
    }

    /// <summary>Makes the JS value of a snapshot. Loop thread only; each snapshot is used once.</summary>
    /// <param name="engine">The engine to make values in.</param>
    /// <param name="snapshot">A value returned by <see cref="Snapshot"/>.</param>
    /// <param name="name">The <c>name</c> a function made from a delegate gets.</param>
    public static JsValue ToScript(Engine engine, object? snapshot, string name = "")
    {
        switch (snapshot)
        {
            case null:
                return JsValue.Null;
            case HostUndefined:
                return JsValue.Undefined;
            case bool b:
                return b ? JsBoolean.True : JsBoolean.False;
            case double d:
                return JsNumber.Create(d);
            case string s:
                return JsString.Create(s);
            case byte[] bytes:
                return WebIdl.BufferSource.NewArrayBuffer(engine, bytes);
            case HostArray array:
                var items = new JsValue[array.Items.Length];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = ToScript(engine, array.Items[i]);
                }

                return new JsArray(engine, items);
            case HostObject obj:
                var result = new JsObject(engine);
                foreach (var (key, item) in obj.Properties)
                {
                    result.DefineOwnProperty(key, new PropertyDescriptor(ToScript(engine, item, key), PropertyFlag.ConfigurableEnumerableWritable));
                }

                return result;
            case HostFunction function:
                return function.CreateFunction(engine, name);
            default:
                throw new InvalidOperationException("Not a host value snapshot: " + snapshot.GetType());
        }
    }

    /// <summary>Whether a delegate's declared result or parameter type can hold a value <see cref="Snapshot"/> takes.</summary>
    public static bool CanHoldAllowedValue(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(object) || type == typeof(string) || type == typeof(bool) || type == typeof(char)
            || IsNumeric(type) || type == typeof(JsonElement) || typeof(JsonNode).IsAssignableFrom(type)
            || typeof(Delegate).IsAssignableFrom(type) || typeof(IEnumerable).IsAssignableFrom(type)
            || type == typeof(ArraySegment<byte>) || type == typeof(Memory<byte>) || type == typeof(ReadOnlyMemory<byte>);
    }

    /// <summary>Whether <paramref name="type"/> is one of .NET's numeric primitives.</summary>
    public static bool IsNumeric(Type type) =>
        type == typeof(double) || type == typeof(int) || type == typeof(long) || type == typeof(float)
        || type == typeof(decimal) || type == typeof(short) || type == typeof(byte) || type == typeof(sbyte)
        || type == typeof(ushort) || type == typeof(uint) || type == typeof(ulong) || type == typeof(nint)
        || type == typeof(nuint) || type == typeof(Half);

    private sealed class SnapshotWalker(string? paramName, string what)
    {
        private readonly HashSet<object> _open = new(ReferenceEqualityComparer.Instance);
        private readonly List<object> _path = [];

        public object? Take(object? value, int depth)
        {
            switch (value)
            {
                case null:
                    return null;
                case string s:
                    return s;
                case bool b:
                    return b;
                case char c:
                    return c.ToString();
                case double d:
                    return d;
                case int i:
                    return (double)i;
                case long l:
                    return (double)l;
                case float f:
                    return (double)f;
                case decimal m:
                    return (double)m;
                case short sh:
                    return (double)sh;
                case byte by:
                    return (double)by;
                case sbyte sb:
                    return (double)sb;
                case ushort us:
                    return (double)us;
                case uint ui:
                    return (double)ui;
                case ulong ul:
                    return (double)ul;
                case nint n:
                    return (double)n;
                case nuint nu:
                    return (double)nu;
                case Half h:
                    return (double)h;
                case byte[] bytes:
                    return bytes.AsSpan().ToArray();
                case ArraySegment<byte> segment:
                    return segment.AsSpan().ToArray();
                case Memory<byte> memory:
                    return memory.Span.ToArray();
                case ReadOnlyMemory<byte> readOnlyMemory:
                    return readOnlyMemory.Span.ToArray();
                case JsonElement element:
                    return TakeJson(element, depth);
                case JsonNode node:
                    return TakeJsonNode(node, depth);
                case Delegate function:
                    return HostFunction.Create(function, paramName, Describe());
            }

            // Containers: check depth and cycles, then copy the items.
            if (depth >= MaxDepth)
            {
                throw new ArgumentException($"{Describe()} nests lists or dictionaries deeper than {MaxDepth} levels.", paramName);
            }

            if (!_open.Add(value))
            {
                throw new ArgumentException($"{Describe()} contains itself; a value passed to script must not contain a cycle.", paramName);
            }

            try
            {
                return value switch
                {
                    IDictionary<string, object?> dictionary => TakeObject(dictionary, depth),
                    IReadOnlyDictionary<string, object?> dictionary => TakeObject(dictionary, depth),
                    IDictionary dictionary => TakeObject(dictionary, depth),
                    IEnumerable list => TakeArray(list, depth),
                    _ => throw NotAllowed(value),
                };
            }
            finally
            {
                _open.Remove(value);
            }
        }

        private HostObject TakeObject(IEnumerable<KeyValuePair<string, object?>> dictionary, int depth)
        {
            var properties = new List<KeyValuePair<string, object?>>();
            foreach (var (key, item) in dictionary)
            {
                _path.Add(key);
                properties.Add(new(key, Take(item, depth + 1)));
                _path.RemoveAt(_path.Count - 1);
            }

            return new HostObject([.. properties]);
        }

        private HostObject TakeObject(IDictionary dictionary, int depth)
        {
            var properties = new List<KeyValuePair<string, object?>>();
            foreach (DictionaryEntry entry in dictionary)
            {
                if (entry.Key is not string key)
                {
                    throw new ArgumentException(
                        $"{Describe()} is a dictionary with a key of type {entry.Key.GetType()}; only string keys can become property names.", paramName);
                }

                _path.Add(key);
                properties.Add(new(key, Take(entry.Value, depth + 1)));
                _path.RemoveAt(_path.Count - 1);
            }

            return new HostObject([.. properties]);
        }

        private HostArray TakeArray(IEnumerable list, int depth)
        {
            var items = new List<object?>();
            foreach (var item in list)
            {
                _path.Add(items.Count);
                items.Add(Take(item, depth + 1));
                _path.RemoveAt(_path.Count - 1);
            }

            return new HostArray([.. items]);
        }

        private object? TakeJson(JsonElement element, int depth)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Undefined:
                    return HostUndefined.Instance;
                case JsonValueKind.Null:
                    return null;
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                case JsonValueKind.String:
                    return element.GetString();
                case JsonValueKind.Number:
                    // A number beyond double's range is an infinity, as in JSON.parse.
                    return element.TryGetDouble(out var number) ? number : double.Parse(element.GetRawText(), CultureInfo.InvariantCulture);
            }

            if (depth >= MaxDepth)
            {
                throw new ArgumentException($"{Describe()} nests JSON arrays or objects deeper than {MaxDepth} levels.", paramName);
            }

            if (element.ValueKind == JsonValueKind.Array)
            {
                var items = new List<object?>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    _path.Add(items.Count);
                    items.Add(TakeJson(item, depth + 1));
                    _path.RemoveAt(_path.Count - 1);
                }

                return new HostArray([.. items]);
            }

            // An object. A repeated name keeps its first place and its last value, as in JSON.parse: ToScript
            // defines the properties in order, and a later definition replaces the value.
            var properties = new List<KeyValuePair<string, object?>>();
            foreach (var property in element.EnumerateObject())
            {
                _path.Add(property.Name);
                properties.Add(new(property.Name, TakeJson(property.Value, depth + 1)));
                _path.RemoveAt(_path.Count - 1);
            }

            return new HostObject([.. properties]);
        }

        private object? TakeJsonNode(JsonNode node, int depth)
        {
            if (node is JsonValue jsonValue)
            {
                // A JsonValue may wrap any .NET object (JsonValue.Create(x)): only JSON and primitives pass.
                if (jsonValue.TryGetValue(out JsonElement element))
                {
                    return TakeJson(element, depth);
                }

                jsonValue.TryGetValue(out object? wrapped);
                if (wrapped is string or bool or char || (wrapped is not null && IsNumeric(wrapped.GetType())))
                {
                    return Take(wrapped, depth);
                }

                throw NotAllowed(wrapped ?? jsonValue);
            }

            if (depth >= MaxDepth)
            {
                throw new ArgumentException($"{Describe()} nests JSON arrays or objects deeper than {MaxDepth} levels.", paramName);
            }

            if (node is JsonArray array)
            {
                var items = new object?[array.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    _path.Add(i);
                    items[i] = array[i] is { } item ? TakeJsonNode(item, depth + 1) : null;
                    _path.RemoveAt(_path.Count - 1);
                }

                return new HostArray(items);
            }

            var properties = new List<KeyValuePair<string, object?>>();
            foreach (var (key, item) in (JsonObject)node)
            {
                _path.Add(key);
                properties.Add(new(key, item is null ? null : TakeJsonNode(item, depth + 1)));
                _path.RemoveAt(_path.Count - 1);
            }

            return new HostObject([.. properties]);
        }

        private ArgumentException NotAllowed(object value) =>
            new($"{Describe()} is of type {value.GetType()}, which cannot be passed to script. Allowed: null, bool, "
                + "numbers, char, string, byte[], lists and other enumerables of allowed values, string-keyed "
                + "dictionaries, JsonElement, JsonNode and delegates of such values.", paramName);

        // "the value of 'config'" or "the value of 'config' at ["servers"][2]".
        private string Describe()
        {
            if (_path.Count == 0)
            {
                return char.ToUpperInvariant(what[0]) + what[1..];
            }

            var text = new StringBuilder(what.Length + 16).Append(char.ToUpperInvariant(what[0])).Append(what, 1, what.Length - 1).Append(" at ");
            foreach (var segment in _path)
            {
                if (segment is int index)
                {
                    text.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
                }
                else
                {
                    text.Append("[\"").Append((string)segment).Append("\"]");
                }
            }

            return text.ToString();
        }
    }
}
