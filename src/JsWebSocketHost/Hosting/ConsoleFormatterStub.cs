using Jint;
using Jint.Native;
using Jint.Runtime;

namespace JsWebSocketHost.Hosting;

// TEMP stand-in until ConsoleFormatter lands.
internal static class ConsoleFormatter
{
    public static string Format(Engine engine, ReadOnlySpan<JsValue> args)
    {
        _ = engine;
        var parts = new string[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            parts[i] = Inspect(engine, args[i]);
        }

        return string.Join(' ', parts);
    }

    public static string Inspect(Engine engine, JsValue value, int depth = 2)
    {
        _ = engine;
        _ = depth;
        return value.IsSymbol() ? value.ToString() : TypeConverter.ToString(value);
    }
}
