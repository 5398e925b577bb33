using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// A read-only <c>location</c> for the host's base URL: <c>href</c>, <c>origin</c>, <c>protocol</c>, <c>host</c>,
/// <c>hostname</c>, <c>port</c>, <c>pathname</c>, <c>search</c>, <c>hash</c> and <c>toString()</c>, as own
/// unforgeable properties like a browser's <c>Location</c>. Navigation is not supported: there is no setter.
/// </summary>
/// <remarks>Spec: https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-location-interface.</remarks>
internal static class LocationObject
{
    public static void Install(Engine engine, Uri url)
    {
        var location = new JsObject(engine);
        var port = url.IsDefaultPort ? "" : url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var host = port.Length == 0 ? url.Host : url.Host + ":" + port;
        var origin = url.Scheme is "http" or "https" or "ws" or "wss" or "ftp" ? url.Scheme + "://" + host : "null";
        var href = url.AbsoluteUri;
        Attribute(engine, location, "href", href);
        Attribute(engine, location, "origin", origin);
        Attribute(engine, location, "protocol", url.Scheme + ":");
        Attribute(engine, location, "host", host);
        Attribute(engine, location, "hostname", url.Host);
        Attribute(engine, location, "port", port);
        Attribute(engine, location, "pathname", url.AbsolutePath);
        Attribute(engine, location, "search", url.Query.Length > 1 ? url.Query : "");
        Attribute(engine, location, "hash", url.Fragment.Length > 1 ? url.Fragment : "");
        var toString = new ClrFunction(engine, "toString", (_, _) => href, 0, PropertyFlag.Configurable);
        location.FastSetProperty("toString", new PropertyDescriptor(toString, PropertyFlag.Enumerable));
        var tag = ((ObjectInstance)engine.Global.Get("Symbol")).Get("toStringTag");
        location.FastSetProperty(tag, new PropertyDescriptor("Location", PropertyFlag.Configurable));
        location.PreventExtensions();
        Define.ReadOnlyAttribute(engine, engine.Global, "location", (_, _) => location);
    }

    // [LegacyUnforgeable] attributes are own, non-configurable accessors of the instance.
    private static void Attribute(Engine engine, ObjectInstance target, string name, string value)
    {
        var getter = new ClrFunction(engine, "get " + name, (_, _) => value, 0, PropertyFlag.Configurable);
        target.FastSetProperty(name, new GetSetPropertyDescriptor(getter, null, enumerable: true, configurable: false));
    }
}
