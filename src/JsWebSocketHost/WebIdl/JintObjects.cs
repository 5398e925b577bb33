using Jint;
using Jint.Native;
using Jint.Native.Object;

namespace JsWebSocketHost.WebIdl;

/// <summary>What the host needs to know of Jint's object kinds that Jint does not make public, and objects it makes
/// the way ECMAScript does.</summary>
internal static class JintObjects
{
    /// <summary>
    /// Whether <paramref name="obj"/> is a Proxy exotic object, whose internal methods run script (its traps). Jint 4.18's
    /// <c>JsProxy</c> is internal, so its type name is how to tell.
    /// </summary>
    public static bool IsProxy(ObjectInstance obj) => obj.GetType().Name == "JsProxy";

    /// <summary>CreateIteratorResultObject(value, done): <c>{ value, done }</c>.</summary>
    /// <remarks>Spec: https://tc39.es/ecma262/#sec-createiterresultobject.</remarks>
    public static JsObject IteratorResult(Engine engine, JsValue value, bool done)
    {
        var result = new JsObject(engine);
        result.FastSetDataProperty("value", value);
        result.FastSetDataProperty("done", done);
        return result;
    }
}
