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
    public static void Install(Engine engine, Url.UrlRecord url)
    {
        var location = new JsObject(engine);
        var href = url.Href;
        Attribute(engine, location, "href", href);
        Attribute(engine, location, "origin", url.Origin);
        Attribute(engine, location, "protocol", url.Protocol);
        Attribute(engine, location, "host", url.HostAndPort);
        Attribute(engine, location, "hostname", url.Hostname);
        Attribute(engine, location, "port", url.PortString);
        Attribute(engine, location, "pathname", url.Pathname);
        Attribute(engine, location, "search", url.Search);
        Attribute(engine, location, "hash", url.Hash);
        var toString = new ClrFunction(engine, "toString", (_, _) => href, 0, PropertyFlag.Configurable);
        location.FastSetProperty("toString", new PropertyDescriptor(toString, PropertyFlag.Enumerable));
        location.FastSetProperty(HostIntrinsics.Of(engine).SymbolToStringTag, new PropertyDescriptor("Location", PropertyFlag.Configurable));
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
