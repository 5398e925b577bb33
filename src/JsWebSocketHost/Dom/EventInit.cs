using Jint;
using Jint.Native;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Dom;

/// <summary>The <c>EventInit</c> dictionary: <c>bubbles</c>, <c>cancelable</c>, <c>composed</c>, all false by default.</summary>
/// <remarks>Spec: https://dom.spec.whatwg.org/#dictdef-eventinit.</remarks>
internal readonly record struct EventInit(bool Bubbles, bool Cancelable, bool Composed)
{
    /// <summary>Converts a script value to the dictionary (members read in lexicographic order).</summary>
    public static EventInit From(Engine engine, JsValue value, string context)
    {
        var dictionary = WebIdlConvert.ToDictionary(engine, value, context);
        if (dictionary is null)
        {
            return default;
        }

        var bubbles = Jint.Runtime.TypeConverter.ToBoolean(dictionary.Get("bubbles"));
        var cancelable = Jint.Runtime.TypeConverter.ToBoolean(dictionary.Get("cancelable"));
        var composed = Jint.Runtime.TypeConverter.ToBoolean(dictionary.Get("composed"));
        return new EventInit(bubbles, cancelable, composed);
    }
}
