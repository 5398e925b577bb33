using Jint;
using Jint.Native.Object;

namespace JsWebSocketHost.Url;

/// <summary>A <c>URL</c> platform object: the spec's URL (a URL record) and query object.</summary>
/// <remarks>Spec: https://url.spec.whatwg.org/#url-class.</remarks>
internal sealed class JsUrl : ObjectInstance
{
    /// <summary>Initializes a URL object with <paramref name="url"/>.</summary>
    /// <remarks>Spec: https://url.spec.whatwg.org/#url-initialize.</remarks>
    public JsUrl(Engine engine, ObjectInstance prototype, ObjectInstance searchParamsPrototype, UrlRecord url)
        : base(engine)
    {
        Prototype = prototype;

        // Step 1: query is urlRecord's query if it is non-null, else the empty string.
        var query = url.Query ?? string.Empty;

        // Step 2: set url's URL to urlRecord.
        Url = url;

        // Steps 3-5: a new URLSearchParams object, initialized with query, whose URL object is url.
        QueryObject = new JsUrlSearchParams(engine, searchParamsPrototype, FormUrlEncoded.Parse(query))
        {
            UrlObject = this,
        };
    }

    /// <summary>The URL record; the href setter replaces it.</summary>
    public UrlRecord Url { get; set; }

    /// <summary>The query object, returned by <c>searchParams</c> ([SameObject]).</summary>
    public JsUrlSearchParams QueryObject { get; }
}
