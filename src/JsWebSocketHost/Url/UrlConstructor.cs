using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Url;

/// <summary>
/// The <c>URL</c> interface object: <c>new URL(url, base)</c>, and the static <c>URL.parse(url, base)</c> and
/// <c>URL.canParse(url, base)</c>.
/// </summary>
/// <remarks>Spec: https://url.spec.whatwg.org/#url-class.</remarks>
internal sealed class UrlConstructor : WebIdlConstructor
{
    private const string Interface = "URL";

    private readonly ObjectInstance _searchParamsPrototype;

    private UrlConstructor(Engine engine, ObjectInstance searchParamsPrototype)
        : base(engine, Interface, length: 1, parentInterface: null)
    {
        _searchParamsPrototype = searchParamsPrototype;
    }

    public static void Install(Engine engine, ObjectInstance searchParamsPrototype)
    {
        var intrinsics = HostIntrinsics.Of(engine);
        var constructor = new UrlConstructor(engine, searchParamsPrototype);
        var prototype = UrlPrototype.Shape.Instantiate(engine, intrinsics.ObjectPrototype);
        constructor.Install(prototype);

        // static URL? parse(USVString url, optional USVString base). Spec: https://url.spec.whatwg.org/#dom-url-parse.
        Define.Operation(engine, constructor, "parse", 1, (_, args) =>
        {
            var (url, baseUrl) = constructor.ConvertArguments(args, "parse");

            // Steps 1-2: run the API URL parser; failure returns null.
            var record = ApiUrlParse(url, baseUrl);
            if (record is null)
            {
                return JsValue.Null;
            }

            // Steps 3-4: a new URL object, initialized with parsedURL.
            return new JsUrl(engine, constructor.PrototypeObject, constructor._searchParamsPrototype, record);
        });

        // static boolean canParse(USVString url, optional USVString base).
        // Spec: https://url.spec.whatwg.org/#dom-url-canparse.
        Define.Operation(engine, constructor, "canParse", 1, (_, args) =>
        {
            var (url, baseUrl) = constructor.ConvertArguments(args, "canParse");

            // Steps 1-3: run the API URL parser; return whether it succeeded.
            return ApiUrlParse(url, baseUrl) is not null;
        });
    }

    /// <summary><c>new URL(url, base)</c>.</summary>
    /// <remarks>Spec: https://url.spec.whatwg.org/#dom-url-url.</remarks>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        var (url, baseUrl) = ConvertArguments(arguments, "constructor");
        var prototype = PrototypeFor(newTarget);

        // Step 1: parsedURL is the result of running the API URL parser on url with base, if given.
        var record = ApiUrlParse(url, baseUrl, out var baseFailed);

        // Step 2: if parsedURL is failure, throw a TypeError.
        if (record is null)
        {
            throw ScriptErrors.TypeError(_engine, baseFailed
                ? $"Failed to construct 'URL': Invalid base URL '{baseUrl}'."
                : baseUrl is null
                    ? $"Failed to construct 'URL': Invalid URL '{url}'."
                    : $"Failed to construct 'URL': Invalid URL '{url}' with base '{baseUrl}'.");
        }

        // Step 3: initialize this with parsedURL.
        return new JsUrl(_engine, prototype, _searchParamsPrototype, record);
    }

    // (USVString url, optional USVString base): an undefined base is "not given".
    private (string Url, string? Base) ConvertArguments(JsValue[] args, string member)
    {
        if (args.Length == 0)
        {
            throw ScriptErrors.NotEnoughArguments(_engine, Interface, member, 1, 0);
        }

        var url = WebIdlConvert.ToUSVString(args[0]);
        var baseUrl = args.Length > 1 && !args[1].IsUndefined() ? WebIdlConvert.ToUSVString(args[1]) : null;
        return (url, baseUrl);
    }

    private static UrlRecord? ApiUrlParse(string url, string? baseUrl) => ApiUrlParse(url, baseUrl, out _);

    // The API URL parser. Spec: https://url.spec.whatwg.org/#api-url-parser.
    private static UrlRecord? ApiUrlParse(string url, string? baseUrl, out bool baseFailed)
    {
        // Step 1: parsedBase is null.
        UrlRecord? parsedBase = null;
        baseFailed = false;

        // Step 2: if base is given, parse it; failure is returned.
        if (baseUrl is not null)
        {
            parsedBase = UrlParser.Parse(baseUrl);
            if (parsedBase is null)
            {
                baseFailed = true;
                return null;
            }
        }

        // Step 3: return the result of running the basic URL parser on url with parsedBase.
        return UrlParser.Parse(url, parsedBase);
    }
}
