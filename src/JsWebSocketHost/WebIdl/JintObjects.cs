using Jint.Native.Object;

namespace JsWebSocketHost.WebIdl;

/// <summary>What the host needs to know of Jint's object kinds that Jint does not make public.</summary>
internal static class JintObjects
{
    /// <summary>
    /// Whether <paramref name="obj"/> is a Proxy exotic object, whose internal methods run script (its traps). Jint 4.18's
    /// <c>JsProxy</c> is internal, so its type name is how to tell.
    /// </summary>
    public static bool IsProxy(ObjectInstance obj) => obj.GetType().Name == "JsProxy";
}
