using Jint;
using Jint.Native;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Url;

/// <summary>
/// The shape of <c>URL.prototype</c>: the <c>href</c> stringifier, <c>origin</c>, the component attributes,
/// <c>searchParams</c> and <c>toJSON</c>.
/// </summary>
/// <remarks>Spec: https://url.spec.whatwg.org/#url-class.</remarks>
internal static class UrlPrototype
{
    private const string Interface = "URL";

    public static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("href", static (t, _) => Brand(t, "href").Url.Href, static (t, a) => SetHref(t, a), enumerable: true, configurable: true)
        .Method("toString", static (t, _) => Brand(t, "toString").Url.Href, 0)
        .Accessor("origin", static (t, _) => Brand(t, "origin").Url.Origin, enumerable: true, configurable: true)
        .Accessor("protocol", static (t, _) => Brand(t, "protocol").Url.Protocol, static (t, a) => Set(t, a, "protocol", static (u, v) => u.Url.SetProtocol(v)), enumerable: true, configurable: true)
        .Accessor("username", static (t, _) => Brand(t, "username").Url.Username, static (t, a) => Set(t, a, "username", static (u, v) => u.Url.SetUsername(v)), enumerable: true, configurable: true)
        .Accessor("password", static (t, _) => Brand(t, "password").Url.Password, static (t, a) => Set(t, a, "password", static (u, v) => u.Url.SetPassword(v)), enumerable: true, configurable: true)
        .Accessor("host", static (t, _) => Brand(t, "host").Url.HostAndPort, static (t, a) => Set(t, a, "host", static (u, v) => u.Url.SetHost(v)), enumerable: true, configurable: true)
        .Accessor("hostname", static (t, _) => Brand(t, "hostname").Url.Hostname, static (t, a) => Set(t, a, "hostname", static (u, v) => u.Url.SetHostname(v)), enumerable: true, configurable: true)
        .Accessor("port", static (t, _) => Brand(t, "port").Url.PortString, static (t, a) => Set(t, a, "port", static (u, v) => u.Url.SetPort(v)), enumerable: true, configurable: true)
        .Accessor("pathname", static (t, _) => Brand(t, "pathname").Url.Pathname, static (t, a) => Set(t, a, "pathname", static (u, v) => u.Url.SetPathname(v)), enumerable: true, configurable: true)
        .Accessor("search", static (t, _) => Brand(t, "search").Url.Search, static (t, a) => Set(t, a, "search", SetSearch), enumerable: true, configurable: true)
        .Accessor("searchParams", static (t, _) => Brand(t, "searchParams").QueryObject, enumerable: true, configurable: true)
        .Accessor("hash", static (t, _) => Brand(t, "hash").Url.Hash, static (t, a) => Set(t, a, "hash", static (u, v) => u.Url.SetHash(v)), enumerable: true, configurable: true)
        .Method("toJSON", static (t, _) => Brand(t, "toJSON").Url.Href, 0)
        .ToStringTag(Interface)
        .Build();

    private static JsUrl Brand(JsValue thisObj, string member) =>
        thisObj as JsUrl ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);

    // An attribute setter: a value is required (WebIDL), the receiver must be a URL, the value is a USVString.
    // Spec: https://webidl.spec.whatwg.org/#dfn-attribute-setter.
    private static JsUrl BrandForSetter(JsValue thisObj, JsValue[] args, string member, out string value)
    {
        if (args.Length == 0)
        {
            throw ScriptErrors.TypeError(ScriptErrors.EngineFor(thisObj), $"Failed to set the '{member}' property on 'URL': 1 argument required, but only 0 present.");
        }

        var url = Brand(thisObj, member);
        value = WebIdlConvert.ToUSVString(args[0]);
        return url;
    }

    // The setters other than href and search only run the record's setter: with a state override the basic URL
    // parser ignores a value it cannot use, so nothing is thrown.
    private static JsValue Set(JsValue thisObj, JsValue[] args, string member, Action<JsUrl, string> setter)
    {
        var url = BrandForSetter(thisObj, args, member, out var value);
        setter(url, value);
        return JsValue.Undefined;
    }

    // The href setter. Spec: https://url.spec.whatwg.org/#dom-url-href.
    private static JsValue SetHref(JsValue thisObj, JsValue[] args)
    {
        var url = BrandForSetter(thisObj, args, "href", out var value);

        // Steps 1-2: parse the given value; failure is a TypeError.
        var parsed = UrlParser.Parse(value)
            ?? throw ScriptErrors.TypeError(url.Engine, $"Failed to set the 'href' property on 'URL': Invalid URL '{value}'.");

        // Step 3: set this's URL to parsedURL.
        url.Url = parsed;

        // Steps 4-5: empty the query object's list; if the URL's query is non-null, set the list to its parse.
        url.QueryObject.ReplaceList(parsed.Query is null ? [] : FormUrlEncoded.Parse(parsed.Query));
        return JsValue.Undefined;
    }

    // The search setter. Spec: https://url.spec.whatwg.org/#dom-url-search.
    private static void SetSearch(JsUrl url, string value)
    {
        // Steps 1-5 (the record's setter): the empty string makes the query null; otherwise a leading "?" is
        // removed and the rest is parsed in query state.
        url.Url.SetSearch(value);

        // Step 2.2: for the empty string, empty the query object's list.
        // Step 6: otherwise set the query object's list to the result of parsing input.
        url.QueryObject.ReplaceList(value.Length == 0 ? [] : FormUrlEncoded.Parse(value[0] == '?' ? value[1..] : value));
    }
}
