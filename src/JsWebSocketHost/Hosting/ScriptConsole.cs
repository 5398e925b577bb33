using System.Globalization;
using System.Text;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// The <c>console</c> namespace: logging at levels (log/info/debug to standard output; warn/error/trace/assert
/// to standard error), counting, timing and grouping, with the Console Standard's format directives.
/// </summary>
/// <remarks>Spec: https://console.spec.whatwg.org/.</remarks>
internal sealed class ScriptConsole
{
    private readonly ScriptHost _host;
    private readonly Engine _engine;
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _timers = new(StringComparer.Ordinal);
    private string _groupIndent = "";

    private ScriptConsole(ScriptHost host)
    {
        _host = host;
        _engine = host.Engine;
    }

    /// <summary>Creates the namespace object and defines <c>console</c> on the global.</summary>
    public static void Install(ScriptHost host)
    {
        var console = new ScriptConsole(host);
        var engine = host.Engine;
        var ns = new JsObject(engine);

        // Console Standard, "Namespace console": for web compatibility the namespace object's [[Prototype]] is an
        // empty object (whose own is %Object.prototype%), not %Object.prototype% itself.
        ns.Prototype = new JsObject(engine);
        Define.Operation(engine, ns, "log", 0, (_, a) => console.Log(a, toError: false));
        Define.Operation(engine, ns, "info", 0, (_, a) => console.Log(a, toError: false));
        Define.Operation(engine, ns, "debug", 0, (_, a) => console.Log(a, toError: false));
        Define.Operation(engine, ns, "warn", 0, (_, a) => console.Log(a, toError: true));
        Define.Operation(engine, ns, "error", 0, (_, a) => console.Log(a, toError: true));
        Define.Operation(engine, ns, "trace", 0, (_, a) => console.Trace(a));
        Define.Operation(engine, ns, "assert", 0, (_, a) => console.Assert(a));
        Define.Operation(engine, ns, "dir", 0, (_, a) => console.Dir(a));
        Define.Operation(engine, ns, "dirxml", 0, (_, a) => console.Log(a, toError: false));
        Define.Operation(engine, ns, "table", 0, (_, a) => console.Log(a, toError: false));
        Define.Operation(engine, ns, "count", 0, (_, a) => console.Count(a));
        Define.Operation(engine, ns, "countReset", 0, (_, a) => console.CountReset(a));
        Define.Operation(engine, ns, "time", 0, (_, a) => console.Time(a));
        Define.Operation(engine, ns, "timeLog", 0, (_, a) => console.TimeLog(a, end: false));
        Define.Operation(engine, ns, "timeEnd", 0, (_, a) => console.TimeLog(a, end: true));
        Define.Operation(engine, ns, "group", 0, (_, a) => console.Group(a));
        Define.Operation(engine, ns, "groupCollapsed", 0, (_, a) => console.Group(a));
        Define.Operation(engine, ns, "groupEnd", 0, (_, _) => console.GroupEnd());
        Define.Operation(engine, ns, "clear", 0, static (_, _) => JsValue.Undefined);
        ns.FastSetProperty(GlobalSymbolRegistryToStringTag(engine), new PropertyDescriptor("console", PropertyFlag.Configurable));
        engine.Global.FastSetProperty("console", new PropertyDescriptor(ns, writable: true, enumerable: false, configurable: true));
    }

    private static JsValue GlobalSymbolRegistryToStringTag(Engine engine) =>
        ((ObjectInstance)engine.Global.Get("Symbol")).Get("toStringTag");

    private JsValue Log(JsValue[] args, bool toError)
    {
        Write(ConsoleFormatter.Format(_engine, args), toError);
        return JsValue.Undefined;
    }

    private JsValue Trace(JsValue[] args)
    {
        var message = args.Length == 0 ? "Trace" : "Trace: " + ConsoleFormatter.Format(_engine, args);
        var stack = _engine.Advanced.StackTrace.TrimEnd();
        Write(stack.Length == 0 ? message : message + "\n" + stack, toError: true);
        return JsValue.Undefined;
    }

    private JsValue Assert(JsValue[] args)
    {
        // Step 1: if condition is true, return.
        if (args.Length > 0 && TypeConverter.ToBoolean(args[0]))
        {
            return JsValue.Undefined;
        }

        // Steps 2-5: "Assertion failed", prefixed to the first data item when it is a string.
        var data = args.Length > 1 ? args[1..] : [];
        string message;
        if (data.Length == 0)
        {
            message = "Assertion failed";
        }
        else if (data[0].IsString())
        {
            data[0] = new JsString("Assertion failed: " + data[0].AsString());
            message = ConsoleFormatter.Format(_engine, data);
        }
        else
        {
            message = "Assertion failed " + ConsoleFormatter.Format(_engine, data);
        }

        Write(message, toError: true);
        return JsValue.Undefined;
    }

    private JsValue Dir(JsValue[] args)
    {
        Write(ConsoleFormatter.Inspect(_engine, args.Length > 0 ? args[0] : JsValue.Undefined), toError: false);
        return JsValue.Undefined;
    }

    private JsValue Count(JsValue[] args)
    {
        var label = Label(args);
        _counts[label] = _counts.TryGetValue(label, out var count) ? count + 1 : 1;
        Write(label + ": " + _counts[label].ToString(CultureInfo.InvariantCulture), toError: false);
        return JsValue.Undefined;
    }

    private JsValue CountReset(JsValue[] args)
    {
        var label = Label(args);
        if (_counts.ContainsKey(label))
        {
            _counts[label] = 0;
        }
        else
        {
            Write($"Count for '{label}' does not exist", toError: true);
        }

        return JsValue.Undefined;
    }

    private JsValue Time(JsValue[] args)
    {
        var label = Label(args);
        if (!_timers.TryAdd(label, _host.Loop.TimeProvider.GetTimestamp()))
        {
            Write($"Timer '{label}' already exists", toError: true);
        }

        return JsValue.Undefined;
    }

    private JsValue TimeLog(JsValue[] args, bool end)
    {
        var label = Label(args);
        if (!_timers.TryGetValue(label, out var start))
        {
            Write($"Timer '{label}' does not exist", toError: true);
            return JsValue.Undefined;
        }

        if (end)
        {
            _timers.Remove(label);
        }

        var elapsed = _host.Loop.TimeProvider.GetElapsedTime(start).TotalMilliseconds;
        var line = new StringBuilder(label).Append(": ")
            .Append(elapsed.ToString("0.###", CultureInfo.InvariantCulture)).Append("ms");
        if (!end && args.Length > 1)
        {
            line.Append(' ').Append(ConsoleFormatter.Format(_engine, args.AsSpan(1)));
        }

        Write(line.ToString(), toError: false);
        return JsValue.Undefined;
    }

    private JsValue Group(JsValue[] args)
    {
        if (args.Length > 0)
        {
            Write(ConsoleFormatter.Format(_engine, args), toError: false);
        }

        _groupIndent += "  ";
        return JsValue.Undefined;
    }

    private JsValue GroupEnd()
    {
        if (_groupIndent.Length >= 2)
        {
            _groupIndent = _groupIndent[2..];
        }

        return JsValue.Undefined;
    }

    private static string Label(JsValue[] args) =>
        args.Length == 0 || args[0].IsUndefined() ? "default" : TypeConverter.ToString(args[0]);

    private void Write(string text, bool toError)
    {
        var writer = toError ? _host.StandardError : _host.StandardOutput;
        if (_groupIndent.Length > 0)
        {
            text = _groupIndent + text.Replace("\n", "\n" + _groupIndent, StringComparison.Ordinal);
        }

        if (toError)
        {
            _host.StandardOutput.Flush();
        }

        writer.WriteLine(text);
    }
}
