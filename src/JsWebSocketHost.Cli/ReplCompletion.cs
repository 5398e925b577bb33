using System.Text.RegularExpressions;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace JsWebSocketHost.Cli;

/// <summary>
/// Tab completion for the REPL: the globals, the session's <c>let</c>, <c>const</c> and <c>class</c> names and the
/// keywords for a bare name, or an object's properties (its own and its prototypes') after a dot. Finding the object
/// runs no script: a name path is followed through data properties and the host's value getters
/// (<see cref="WebIdl.Define.IsValueGetter"/>: <c>location</c>, <c>self</c>, <c>performance</c>) only; any other
/// getter, or a proxy, stops completion.
/// </summary>
internal static partial class ReplCompletion
{
    private static readonly string[] Keywords =
    [
        "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else",
        "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "let", "new",
        "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with",
        "yield",
    ];

    /// <summary>Where the word being completed starts in the text, and the words it may become, sorted.</summary>
    internal readonly record struct Result(int Start, IReadOnlyList<string> Candidates)
    {
        public static readonly Result None = new(0, []);
    }

    /// <summary>The completions of the name that ends <paramref name="before"/> (the text before the cursor).</summary>
    public static Result Complete(Engine engine, string before, IReadOnlyCollection<string> lexicalNames)
    {
        var match = NamePath().Match(before);
        if (!match.Success)
        {
            return Result.None;
        }

        if (match.Index > 0 && before[match.Index - 1] is '"' or '\'' or '`')
        {
            return Result.None; // inside a string
        }

        var path = match.Value;
        var lastDot = path.LastIndexOf('.');
        var word = path[(lastDot + 1)..];
        var start = before.Length - word.Length;
        if (lastDot < 0)
        {
            // A bare name, unless it is a property after something that is not a name ("f().x", "a[0].x").
            if (match.Index > 0 && before[match.Index - 1] == '.')
            {
                return Result.None;
            }

            var names = new SortedSet<string>(StringComparer.Ordinal);
            AddKeys(engine.Global, word, names);
            foreach (var name in lexicalNames)
            {
                Add(name, word, names);
            }

            foreach (var keyword in Keywords)
            {
                Add(keyword, word, names);
            }

            return new Result(start, [.. names]);
        }

        if (match.Index > 0 && before[match.Index - 1] is '.' or '?')
        {
            return Result.None; // "f().x.", "a?.b." after a call: not followed
        }

        var target = Resolve(engine, path[..lastDot].Split('.'), lexicalNames);
        if (target is null)
        {
            return Result.None;
        }

        var properties = new SortedSet<string>(StringComparer.Ordinal);
        AddKeys(target, word, properties);
        return new Result(start, [.. properties]);
    }

    // The object a name path leads to without running script, or null. A lexical name shadows the global object's.
    private static ObjectInstance? Resolve(Engine engine, string[] names, IReadOnlyCollection<string> lexicalNames)
    {
        JsValue value;
        if (lexicalNames.Contains(names[0]))
        {
            try
            {
                value = engine.Evaluate(names[0]); // a declarative binding: reading it runs nothing
            }
            catch (JavaScriptException)
            {
                return null; // not initialized (yet, or ever)
            }
        }
        else if (Get(engine.Global, names[0], out value) != Lookup.Found)
        {
            return null;
        }

        for (var i = 1; i < names.Length; i++)
        {
            if (ToObject(engine, value) is not { } obj || Get(obj, names[i], out value) != Lookup.Found)
            {
                return null;
            }
        }

        return ToObject(engine, value);
    }

    private static ObjectInstance? ToObject(Engine engine, JsValue value)
    {
        if (value is ObjectInstance obj)
        {
            return WebIdl.JintObjects.IsProxy(obj) ? null : obj;
        }

        return value.IsNull() || value.IsUndefined() ? null : engine.Invoke(engine.Intrinsics.Object, JsValue.Undefined, [value]) as ObjectInstance; // Object(value): its wrapper
    }

    private enum Lookup
    {
        Found,
        Missing,
        Unsafe,
    }

    // A property's value through the prototype chain: a data property's, or what one of the host's value getters
    // returns. Unsafe when finding it would run script: a proxy on the way, or any other getter (script's own, or a
    // built-in such as RegExp.prototype.flags that reads properties script may have defined).
    private static Lookup Get(ObjectInstance obj, string name, out JsValue value)
    {
        value = JsValue.Undefined;
        for (var current = obj; current is not null; current = current.Prototype)
        {
            if (WebIdl.JintObjects.IsProxy(current))
            {
                return Lookup.Unsafe;
            }

            var descriptor = current.GetOwnProperty(name);
            if (descriptor == Jint.Runtime.Descriptors.PropertyDescriptor.Undefined)
            {
                continue;
            }

            if (!descriptor.IsAccessorDescriptor())
            {
                value = descriptor.Value;
                return Lookup.Found;
            }

            if (!WebIdl.Define.IsValueGetter(descriptor.Get!))
            {
                return Lookup.Unsafe;
            }

            value = ((Jint.Native.Function.Function)descriptor.Get!).Call(obj, []);
            return Lookup.Found;
        }

        return Lookup.Missing;
    }

    // The names of the properties of obj and its prototypes; an array's, typed array's or string's indices are left
    // out (there may be millions).
    private static void AddKeys(ObjectInstance obj, string word, SortedSet<string> names)
    {
        for (var current = obj; current is not null && !WebIdl.JintObjects.IsProxy(current); current = current.Prototype)
        {
            if (current is JsArray or JsTypedArray || current.GetType().Name == "StringInstance")
            {
                Add("length", word, names);
                continue;
            }

            foreach (var key in current.GetOwnPropertyKeys(Types.String))
            {
                Add(key.ToString(), word, names);
            }
        }
    }

    private static void Add(string name, string word, SortedSet<string> names)
    {
        if (name.StartsWith(word, StringComparison.Ordinal) && Identifier().IsMatch(name))
        {
            names.Add(name);
        }
    }

    // A name, or names joined by dots, at the end of the text (the last one possibly empty: "ws.").
    [GeneratedRegex(@"[\p{L}_$][\p{L}\p{Nd}_$]*(?:\.[\p{L}_$][\p{L}\p{Nd}_$]*)*\.?$|(?<![\p{L}\p{Nd}_$.])$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePath();

    [GeneratedRegex(@"^[\p{L}_$][\p{L}\p{Nd}_$]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
