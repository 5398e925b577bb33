using System.Globalization;
using System.Text;
using Jint;
using Jint.Native;
using Jint.Native.Function;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// The console's formatter (format directives) and a readable inspection of script values for logs and error
/// reports: objects, arrays, Maps, Sets, errors with stacks, binary data, cycles, depth limits.
/// </summary>
/// <remarks>
/// Spec: https://console.spec.whatwg.org/#formatter. Inspection never runs script getters and never throws: it reads
/// property descriptors, and a Proxy is shown as <c>[Proxy]</c> without touching its traps. Output follows the
/// shape of what developers see in Node and Deno (<c>{ a: 1 }</c>, <c>Map(1) { 'k' =&gt; 1 }</c>), not their code.
/// </remarks>
internal static class ConsoleFormatter
{
    private const int LineWidth = 72;
    private const int MaxArrayItems = 100;
    private const uint LongArrayLength = 100_000;
    private const int MaxStringInArray = 10_000;

    /// <summary>
    /// The Console Standard's Logger: a first string argument's directives (<c>%s %d %i %f %o %O %c %%</c>) take
    /// arguments in turn; the rest are joined with spaces, strings as they are and other values inspected.
    /// </summary>
    public static string Format(Engine engine, ReadOnlySpan<JsValue> args)
    {
        var output = new StringBuilder();
        var next = 0;
        if (args.Length > 0 && args[0].IsString())
        {
            var format = args[0].AsString();
            next = 1;
            for (var i = 0; i < format.Length; i++)
            {
                var c = format[i];
                if (c != '%' || i + 1 >= format.Length)
                {
                    output.Append(c);
                    continue;
                }

                var directive = format[i + 1];
                if (directive == '%')
                {
                    output.Append('%');
                    i++;
                    continue;
                }

                if ("sdifoOc".IndexOf(directive, StringComparison.Ordinal) < 0 || next >= args.Length)
                {
                    // Not a directive, or no argument left for it: it stays as written.
                    output.Append(c);
                    continue;
                }

                var current = args[next++];
                i++;
                switch (directive)
                {
                    case 's':
                        output.Append(FormatString(engine, current));
                        break;
                    case 'd' or 'i':
                        output.Append(NumberText(current.IsSymbol() ? double.NaN : ParseInteger(SafeToString(engine, current))));
                        break;
                    case 'f':
                        output.Append(NumberText(current.IsSymbol() ? double.NaN : ParseFloat(SafeToString(engine, current))));
                        break;
                    case 'o':
                        output.Append(Inspect(engine, current, depth: 4));
                        break;
                    case 'O':
                        output.Append(Inspect(engine, current));
                        break;
                    default:
                        break; // %c: CSS styling, which a terminal ignores.
                }
            }
        }

        for (; next < args.Length; next++)
        {
            if (output.Length > 0 || next > 0)
            {
                output.Append(' ');
            }

            output.Append(args[next].IsString() ? args[next].AsString() : Inspect(engine, args[next]));
        }

        return output.ToString();
    }

    /// <summary>A readable, single- or multi-line description of <paramref name="value"/>.</summary>
    /// <param name="engine">The engine the value belongs to.</param>
    /// <param name="value">The value.</param>
    /// <param name="depth">How many levels of nested objects to show.</param>
    /// <param name="quoteStrings">Whether a string is shown quoted, as inside an object (a REPL's result).</param>
    public static string Inspect(Engine engine, JsValue value, int depth = 2, bool quoteStrings = false)
    {
        try
        {
            return new Inspector(engine, depth).Describe(value, quoteStrings);
        }
        catch (Exception ex) when (ex is JavaScriptException or InvalidOperationException or InvalidCastException)
        {
            return "[object]";
        }
    }

    // %s: %String%(current); a Symbol has a description form, an object uses its own conversion.
    private static string FormatString(Engine engine, JsValue value) =>
        value switch
        {
            JsSymbol => value.ToString(),
            ObjectInstance => SafeToString(engine, value),
            _ => TypeConverter.ToString(value),
        };

    private static string SafeToString(Engine engine, JsValue value)
    {
        if (value.IsSymbol())
        {
            return value.ToString();
        }

        try
        {
            return TypeConverter.ToString(value);
        }
        catch (JavaScriptException)
        {
            return Inspect(engine, value);
        }
    }

    private static string NumberText(double value) => TypeConverter.ToString(value);

    // %parseInt%(text, 10): optional white space and sign, then decimal digits; none is NaN.
    private static double ParseInteger(string text)
    {
        var i = SkipWhiteSpace(text);
        var negative = i < text.Length && text[i] == '-';
        if (i < text.Length && text[i] is '-' or '+')
        {
            i++;
        }

        var start = i;
        double result = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            result = (result * 10) + (text[i] - '0');
            i++;
        }

        if (i == start)
        {
            return double.NaN;
        }

        return negative ? -result : result;
    }

    // %parseFloat%(text): the longest prefix that is a decimal literal or Infinity; none is NaN.
    private static double ParseFloat(string text)
    {
        var i = SkipWhiteSpace(text);
        var rest = text.AsSpan(i);
        var sign = 1.0;
        if (rest.Length > 0 && rest[0] is '-' or '+')
        {
            sign = rest[0] == '-' ? -1 : 1;
            rest = rest[1..];
        }

        if (rest.StartsWith("Infinity", StringComparison.Ordinal))
        {
            return sign * double.PositiveInfinity;
        }

        var length = 0;
        var digits = 0;
        while (length < rest.Length && char.IsAsciiDigit(rest[length]))
        {
            length++;
            digits++;
        }

        if (length < rest.Length && rest[length] == '.')
        {
            length++;
            while (length < rest.Length && char.IsAsciiDigit(rest[length]))
            {
                length++;
                digits++;
            }
        }

        if (digits == 0)
        {
            return double.NaN;
        }

        if (length < rest.Length && rest[length] is 'e' or 'E')
        {
            var exponent = length + 1;
            if (exponent < rest.Length && rest[exponent] is '-' or '+')
            {
                exponent++;
            }

            var exponentDigits = exponent;
            while (exponentDigits < rest.Length && char.IsAsciiDigit(rest[exponentDigits]))
            {
                exponentDigits++;
            }

            if (exponentDigits > exponent)
            {
                length = exponentDigits;
            }
        }

        return sign * double.Parse(rest[..length], NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static int SkipWhiteSpace(string text)
    {
        var i = 0;
        while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] == '\uFEFF'))
        {
            i++;
        }

        return i;
    }

    /// <summary>One inspection: remembers the objects on the current path (for cycles) and the depth.</summary>
    private sealed class Inspector(Engine engine, int maxDepth)
    {
        private readonly List<ObjectInstance> _path = [];
        private readonly Dictionary<ObjectInstance, int> _circularIds = [];
        private readonly HostIntrinsics? _intrinsics = engine.Advanced.HostDefined as HostIntrinsics;

        public string Describe(JsValue value, bool quoteStrings) => Describe(value, 0, nested: quoteStrings);

        private string Describe(JsValue value, int level, bool nested)
        {
            switch (value)
            {
                case JsString:
                    return nested ? Quote(value.AsString()) : value.AsString();
                case JsNumber:
                    var number = value.AsNumber();
                    return number == 0 && double.IsNegative(number) ? "-0" : NumberText(number);
                case JsBigInt:
                    return value.ToString() + "n";
                case JsSymbol:
                    return value.ToString();
                case ObjectInstance obj:
                    return DescribeObject(obj, level);
                default:
                    return value.IsUndefined() ? "undefined" : value.IsNull() ? "null" : TypeConverter.ToString(value);
            }
        }

        private string DescribeObject(ObjectInstance obj, int level)
        {
            if (JintObjects.IsProxy(obj))
            {
                return "[Proxy]";
            }

            if (obj is Function function)
            {
                return DescribeFunction(function);
            }

            var index = _path.IndexOf(obj);
            if (index >= 0)
            {
                if (!_circularIds.TryGetValue(obj, out var id))
                {
                    id = _circularIds.Count + 1;
                    _circularIds[obj] = id;
                }

                return "[Circular *" + id.ToString(CultureInfo.InvariantCulture) + "]";
            }

            if (IsError(obj))
            {
                return DescribeError(obj, level);
            }

            switch (obj)
            {
                case JsDate date:
                    return double.IsNaN(date.DateValue) ? "Invalid Date" : DateTimeOffset.FromUnixTimeMilliseconds((long)date.DateValue).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                case JsRegExp regExp:
                    return "/" + regExp.Source + "/" + regExp.Flags;
            }

            var name = ConstructorName(obj);
            if (level > maxDepth)
            {
                return obj.IsArray() ? "[Array]" : "[" + (name ?? "Object") + "]";
            }

            _path.Add(obj);
            try
            {
                var text = DescribeContainer(obj, name, level);
                if (_circularIds.TryGetValue(obj, out var id))
                {
                    text = "<ref *" + id.ToString(CultureInfo.InvariantCulture) + "> " + text;
                }

                return text;
            }
            finally
            {
                _path.RemoveAt(_path.Count - 1);
            }
        }

        private string DescribeContainer(ObjectInstance obj, string? name, int level)
        {
            var items = new List<string>();
            string prefix;
            var open = "{";
            var close = "}";
            var skipIndices = false;
            var indexItems = 0; // an array's items for its indices (holes included), before "... n more items"
            switch (obj)
            {
                case JsArray array:
                    prefix = name is null or "Array" ? "" : name + "(" + array.Length.ToString(CultureInfo.InvariantCulture) + ") ";
                    open = "[";
                    close = "]";
                    indexItems = AddArrayItems(array, array.Length, level, items);
                    skipIndices = true;
                    break;
                case JsTypedArray typed:
                    prefix = (name ?? "TypedArray") + "(" + typed.Length.ToString(CultureInfo.InvariantCulture) + ") ";
                    open = "[";
                    close = "]";
                    indexItems = AddArrayItems(typed, typed.Length, level, items);
                    skipIndices = true;
                    break;
                case JsMap map:
                    prefix = (name ?? "Map") + "(" + map.Size.ToString(CultureInfo.InvariantCulture) + ") ";
                    foreach (var entry in map)
                    {
                        items.Add(Describe(entry.Key, level + 1, nested: true) + " => " + Describe(entry.Value, level + 1, nested: true));
                    }

                    break;
                case JsSet set:
                    prefix = (name ?? "Set") + "(" + set.Size.ToString(CultureInfo.InvariantCulture) + ") ";
                    foreach (var item in set)
                    {
                        items.Add(Describe(item, level + 1, nested: true));
                    }

                    break;
                case JsArrayBuffer buffer:
                    prefix = (name ?? "ArrayBuffer") + " ";
                    items.Add("[Uint8Contents]: <" + HexContents(buffer) + ">");
                    items.Add("byteLength: " + (buffer.AsArrayBuffer()?.Length ?? 0).ToString(CultureInfo.InvariantCulture));
                    break;
                default:
                    skipIndices = obj is IJsPrimitive { PrimitiveValue: JsString };
                    prefix = BoxedPrimitive(obj) is { } boxed ? boxed + " "
                        : obj.Prototype is null ? "[Object: null prototype] "
                        : name is null or "Object" ? ""
                        : name + " ";
                    break;
            }

            if (IsPlatformObject(obj))
            {
                AddPlatformAttributes(obj, level, items);
            }
            else
            {
                // The keys of a long array or typed array are mostly its indices, millions of them, and Jint lists
                // no other keys without them: past LongArrayLength an array shows only its symbol-keyed
                // properties (cheap to list) and a typed array none, so printing either stays immediate.
                switch (obj)
                {
                    case JsArray array when array.Length > LongArrayLength:
                        AddProperties(obj, level, skipIndices, items, Types.Symbol);
                        break;
                    case JsTypedArray typed when typed.Length > LongArrayLength:
                        break;
                    default:
                        AddProperties(obj, level, skipIndices, items);
                        break;
                }
            }

            if (items.Count == 0)
            {
                return BoxedPrimitive(obj) is { } boxedAlone ? boxedAlone : prefix + open + close;
            }

            // More than six short items of an array go into aligned columns, as Node's inspector lays them out.
            if (items.Count > 6 && indexItems > 0 && GroupArrayItems(obj, items, indexItems, level) is { } rows)
            {
                items = rows;
            }
            else
            {
                var oneLine = prefix + open + " " + string.Join(", ", items) + " " + close;
                if (oneLine.Length <= LineWidth && !oneLine.Contains('\n', StringComparison.Ordinal))
                {
                    return oneLine;
                }
            }

            // Each item two spaces in from this value's own start; a container around it indents the whole block
            // again, so the indentation adds up level by level.
            const string indent = "  ";
            var lines = new StringBuilder(prefix).Append(open).Append('\n');
            for (var i = 0; i < items.Count; i++)
            {
                lines.Append(indent).Append(items[i].Replace("\n", "\n" + indent, StringComparison.Ordinal));
                lines.Append(i < items.Count - 1 ? ",\n" : "\n");
            }

            return lines.Append(close).ToString();
        }

        // Node's groupArrayElements (lib/internal/util/inspect.js), with its breakLength of 80 and compact of 3: the
        // items in as many columns as make a roughly square block (a character taken as 2.5 times as high as wide),
        // at most 15 and at most what fits, each column as wide as its widest item; numbers are aligned to the right.
        // Only the index items are grouped; "... n more items" and named properties follow on lines of their own.
        // Null when the items do not lend themselves to it (one is multi-line, or they differ too much in length).
        private static List<string>? GroupArrayItems(ObjectInstance array, List<string> items, int count, int level)
        {
            const int breakLength = 80;
            const int separatorSpace = 2; // ", "
            var indentation = 2 * level;
            var withMore = count < items.Count && items[count].StartsWith("... ", StringComparison.Ordinal) ? count + 1 : count;
            var lengths = new int[count];
            var totalLength = 0;
            var maxLength = 0;
            for (var i = 0; i < count; i++)
            {
                if (items[i].Contains('\n', StringComparison.Ordinal))
                {
                    return null;
                }

                lengths[i] = items[i].Length;
                totalLength += lengths[i] + separatorSpace;
                maxLength = Math.Max(maxLength, lengths[i]);
            }

            var actualMax = maxLength + separatorSpace;
            if (actualMax * 3 + indentation >= breakLength || (totalLength / (double)actualMax <= 5 && maxLength > 6))
            {
                return null;
            }

            var averageBias = Math.Sqrt(actualMax - (totalLength / (double)withMore));
            var biasedMax = Math.Max(actualMax - 3 - averageBias, 1);
            var columns = Math.Min(
                Math.Min((int)Math.Floor((Math.Sqrt(2.5 * biasedMax * count) / biasedMax) + 0.5), (breakLength - indentation) / actualMax),
                Math.Min(3 * 4, 15));
            if (columns <= 1)
            {
                return null;
            }

            var widths = new int[columns];
            for (var i = 0; i < columns; i++)
            {
                for (var j = i; j < count; j += columns)
                {
                    widths[i] = Math.Max(widths[i], lengths[j]);
                }

                widths[i] += separatorSpace;
            }

            var padStart = true;
            for (uint i = 0; i < (uint)withMore && padStart; i++)
            {
                var descriptor = array.GetOwnProperty(i);
                padStart = descriptor != PropertyDescriptor.Undefined && !descriptor.IsAccessorDescriptor()
                    && descriptor.Value is { } value && (value.IsNumber() || value.IsBigInt());
            }

            var rows = new List<string>((count / columns) + 2);
            var row = new StringBuilder();
            for (var i = 0; i < count; i += columns)
            {
                row.Clear();
                var end = Math.Min(i + columns, count);
                for (var j = i; j < end - 1; j++)
                {
                    var cell = items[j] + ", ";
                    row.Append(padStart ? cell.PadLeft(widths[j - i]) : cell.PadRight(widths[j - i]));
                }

                row.Append(padStart ? items[end - 1].PadLeft(widths[end - 1 - i] - separatorSpace) : items[end - 1]);
                rows.Add(row.ToString());
            }

            rows.AddRange(items.Skip(count));
            return rows;
        }

        // Returns how many items stand for indices (holes included), not counting "... n more items".
        private int AddArrayItems(ObjectInstance array, uint length, int level, List<string> items)
        {
            uint holes = 0;
            var shown = Math.Min(length, MaxArrayItems);
            for (uint i = 0; i < shown; i++)
            {
                var descriptor = array.GetOwnProperty(i);
                if (descriptor == PropertyDescriptor.Undefined)
                {
                    holes++;
                    continue;
                }

                FlushHoles(ref holes, items);
                items.Add(DescribeProperty(descriptor, level));
            }

            FlushHoles(ref holes, items);
            var indexItems = items.Count;
            if (length > shown)
            {
                var more = length - shown;
                items.Add("... " + more.ToString(CultureInfo.InvariantCulture) + " more item" + (more == 1 ? "" : "s"));
            }

            return indexItems;
        }

        private static void FlushHoles(ref uint holes, List<string> items)
        {
            if (holes > 0)
            {
                items.Add("<" + holes.ToString(CultureInfo.InvariantCulture) + " empty item" + (holes == 1 ? "" : "s") + ">");
                holes = 0;
            }
        }

        // Own enumerable properties, strings then symbols, from their descriptors (getters are never run).
        private void AddProperties(ObjectInstance obj, int level, bool skipIndices, List<string> items, Types keys = Types.String | Types.Symbol)
        {
            foreach (var key in obj.GetOwnPropertyKeys(keys))
            {
                if (skipIndices && key.IsString() && IsArrayIndex(key.AsString()))
                {
                    continue;
                }

                var descriptor = obj.GetOwnProperty(key);
                if (descriptor == PropertyDescriptor.Undefined || !descriptor.Enumerable)
                {
                    continue;
                }

                var keyText = key.IsSymbol() ? "[" + key.ToString() + "]" : KeyText(key.AsString());
                items.Add(keyText + ": " + DescribeProperty(descriptor, level));
            }
        }

        // This project's platform objects (WebSocket, URL, Blob, events...) keep their state in internal slots behind
        // attribute getters on their prototypes, so they are shown by those attributes, as browser consoles do. Only
        // the host's own getters are run (never script functions), and a getter that throws is left out.
        private static bool IsPlatformObject(ObjectInstance obj) => obj.GetType().Assembly == typeof(ConsoleFormatter).Assembly;

        private void AddPlatformAttributes(ObjectInstance obj, int level, List<string> items)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var current = (ObjectInstance?)obj; current is not null && !ReferenceEquals(current, _intrinsics?.ObjectPrototype); current = current.Prototype)
            {
                foreach (var key in current.GetOwnPropertyKeys(Types.String))
                {
                    var name = key.AsString();
                    var descriptor = current.GetOwnProperty(key);
                    if (!seen.Add(name) || !descriptor.IsAccessorDescriptor() || descriptor.Get is not ObjectInstance getter || getter is ScriptFunction)
                    {
                        continue;
                    }

                    JsValue value;
                    try
                    {
                        value = engine.Call(getter, obj, Arguments.Empty);
                    }
                    catch (JavaScriptException)
                    {
                        continue;
                    }

                    items.Add(KeyText(name) + ": " + Describe(value, level + 1, nested: true));
                }
            }
        }

        private string DescribeProperty(PropertyDescriptor descriptor, int level)
        {
            if (descriptor.IsAccessorDescriptor())
            {
                var hasGet = descriptor.Get is { } g && !g.IsUndefined();
                var hasSet = descriptor.Set is { } s && !s.IsUndefined();
                return hasGet && hasSet ? "[Getter/Setter]" : hasGet ? "[Getter]" : "[Setter]";
            }

            var value = descriptor.Value ?? JsValue.Undefined;
            if (value.IsString() && value.AsString().Length > MaxStringInArray)
            {
                return Quote(value.AsString()[..MaxStringInArray]) + "... " + (value.AsString().Length - MaxStringInArray).ToString(CultureInfo.InvariantCulture) + " more characters";
            }

            return Describe(value, level + 1, nested: true);
        }

        private static string DescribeFunction(Function function)
        {
            var nameDescriptor = function.GetOwnProperty("name");
            var name = nameDescriptor.IsDataDescriptor() && nameDescriptor.Value is JsString s ? s.ToString() : "";
            // A class's prototype property is not writable; an ordinary function's is.
            var isClass = function is ScriptFunction && function.GetOwnProperty("prototype") is { } p
                && p != PropertyDescriptor.Undefined && p.IsDataDescriptor() && !p.Writable;
            if (isClass)
            {
                return name.Length == 0 ? "[class (anonymous)]" : "[class " + name + "]";
            }

            return name.Length == 0 ? "[Function (anonymous)]" : "[Function: " + name + "]";
        }

        private string DescribeError(ObjectInstance error, int level)
        {
            // A DOMException keeps its name and message in internal slots behind accessors: read the slots.
            var name = error is JsDOMException dom ? dom.Name : DataString(error, "name") ?? "Error";
            var message = error is JsDOMException domException ? domException.Message : DataString(error, "message") ?? "";
            var header = message.Length == 0 ? name : name + ": " + message;
            var frames = ErrorFrames(error);
            var text = string.IsNullOrEmpty(frames) ? header : header + "\n" + frames.TrimEnd();
            var extra = new List<string>();
            if (level <= maxDepth)
            {
                _path.Add(error);
                try
                {
                    foreach (var key in error.GetOwnPropertyKeys(Types.String))
                    {
                        var descriptor = error.GetOwnProperty(key);
                        if (descriptor.Enumerable && key.AsString() is not ("stack" or "message"))
                        {
                            extra.Add(KeyText(key.AsString()) + ": " + DescribeProperty(descriptor, level));
                        }
                    }
                }
                finally
                {
                    _path.RemoveAt(_path.Count - 1);
                }
            }

            return extra.Count == 0 ? text : text + " { " + string.Join(", ", extra) + " }";
        }

        // Jint keeps an error's frames behind its own Error.prototype.stack getter; only that getter is run.
        private string? ErrorFrames(ObjectInstance error)
        {
            for (var current = error; current is not null; current = current.Prototype)
            {
                var descriptor = current.GetOwnProperty("stack");
                if (descriptor == PropertyDescriptor.Undefined)
                {
                    continue;
                }

                if (descriptor.IsDataDescriptor())
                {
                    return descriptor.Value is JsString s ? StripHeader(s.ToString()) : null;
                }

                if (_intrinsics?.ErrorStackGetter is { } builtIn && ReferenceEquals(descriptor.Get, builtIn))
                {
                    var stack = engine.Call(builtIn, error, Arguments.Empty);
                    return stack.IsString() ? StripHeader(stack.AsString()) : null;
                }

                return null;
            }

            return null;
        }

        // A V8-style stack starts with "Name: message"; keep only the frames.
        private static string StripHeader(string stack)
        {
            var at = stack.IndexOf("    at ", StringComparison.Ordinal);
            return at > 0 ? stack[at..] : at == 0 ? stack : "";
        }

        private bool IsError(ObjectInstance obj)
        {
            for (var current = obj; current is not null; current = current.Prototype)
            {
                if (current is Jint.Native.Error.ErrorInstance || ReferenceEquals(current, _intrinsics?.ErrorPrototype))
                {
                    return true;
                }
            }

            return false;
        }

        // The name of the constructor in the prototype chain (a data property), else the toStringTag.
        private static string? ConstructorName(ObjectInstance obj)
        {
            for (var proto = obj.Prototype; proto is not null; proto = proto.Prototype)
            {
                var descriptor = proto.GetOwnProperty("constructor");
                if (descriptor != PropertyDescriptor.Undefined && descriptor.IsDataDescriptor() && descriptor.Value is Function ctor)
                {
                    var name = ctor.GetOwnProperty("name");
                    if (name.IsDataDescriptor() && name.Value is JsString s && s.ToString().Length > 0)
                    {
                        return s.ToString();
                    }
                }
            }

            return null;
        }

        private static string? BoxedPrimitive(ObjectInstance obj)
        {
            if (obj is not IJsPrimitive primitive)
            {
                return null;
            }

            var value = primitive.PrimitiveValue;
            return value switch
            {
                JsString s => "[String: " + Quote(s.ToString()) + "]",
                JsNumber n => "[Number: " + NumberText(n.AsNumber()) + "]",
                JsBoolean b => "[Boolean: " + (b.AsBoolean() ? "true" : "false") + "]",
                JsSymbol sym => "[Symbol: " + sym.ToString() + "]",
                JsBigInt big => "[BigInt: " + big.ToString() + "n]",
                _ => null,
            };
        }

        private static string HexContents(JsArrayBuffer buffer)
        {
            var bytes = buffer.AsArrayBuffer();
            if (bytes is null)
            {
                return "";
            }

            var shown = Math.Min(bytes.Length, 50);
            var text = new StringBuilder(shown * 3);
            for (var i = 0; i < shown; i++)
            {
                text.Append(i == 0 ? "" : " ").Append(bytes[i].ToString("x2", CultureInfo.InvariantCulture));
            }

            if (bytes.Length > shown)
            {
                text.Append(" ... ").Append((bytes.Length - shown).ToString(CultureInfo.InvariantCulture)).Append(" more bytes");
            }

            return text.ToString();
        }

        private static string? DataString(ObjectInstance obj, string property)
        {
            for (var current = obj; current is not null; current = current.Prototype)
            {
                var descriptor = current.GetOwnProperty(property);
                if (descriptor != PropertyDescriptor.Undefined)
                {
                    return descriptor.IsDataDescriptor() && descriptor.Value is JsString s ? s.ToString() : null;
                }
            }

            return null;
        }

    }

    private static bool IsArrayIndex(string key) =>
        key.Length > 0 && (key == "0" || (key[0] != '0' && key.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0))
        && uint.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index != uint.MaxValue;

    // A key is shown bare when it is an identifier, quoted otherwise.
    private static string KeyText(string key)
    {
        if (key.Length == 0)
        {
            return "''";
        }

        var identifier = (char.IsLetter(key[0]) || key[0] is '_' or '$')
            && key.AsSpan(1).IndexOfAnyExcept(IdentifierCharacters) < 0;
        return identifier ? key : Quote(key);
    }

    private static readonly System.Buffers.SearchValues<char> IdentifierCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$");

    // A string shown inside a value: single quotes (or double when it holds single ones), escapes for controls.
    private static string Quote(string text)
    {
        var quote = text.Contains('\'', StringComparison.Ordinal) && !text.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var result = new StringBuilder(text.Length + 2).Append(quote);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\n': result.Append("\\n"); break;
                case '\r': result.Append("\\r"); break;
                case '\t': result.Append("\\t"); break;
                case '\b': result.Append("\\b"); break;
                case '\f': result.Append("\\f"); break;
                case '\v': result.Append("\\v"); break;
                case '\\': result.Append("\\\\"); break;
                default:
                    if (c == quote)
                    {
                        result.Append('\\').Append(c);
                    }
                    else if (c < ' ' || c == '\u007F')
                    {
                        result.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        result.Append(c);
                    }

                    break;
            }
        }

        return result.Append(quote).ToString();
    }
}
