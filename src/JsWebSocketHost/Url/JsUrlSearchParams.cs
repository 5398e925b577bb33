using Jint;
using Jint.Native.Object;

namespace JsWebSocketHost.Url;

/// <summary>
/// A <c>URLSearchParams</c> platform object: the spec's list of name-value tuples and its URL object (the
/// <c>URL</c> whose <c>searchParams</c> it is, or null).
/// </summary>
/// <remarks>Spec: https://url.spec.whatwg.org/#interface-urlsearchparams.</remarks>
internal sealed class JsUrlSearchParams : ObjectInstance
{
    public JsUrlSearchParams(Engine engine, ObjectInstance prototype, List<KeyValuePair<string, string>> list)
        : base(engine)
    {
        Prototype = prototype;
        List = list;
    }

    /// <summary>The list: name-value tuples in order, names and values both scalar value strings.</summary>
    public List<KeyValuePair<string, string>> List { get; private set; }

    /// <summary>The URL object whose query this object mirrors, or null for a standalone object.</summary>
    public JsUrl? UrlObject { get; set; }

    /// <summary>Replaces the list (the URL's href and search setters do this).</summary>
    public void ReplaceList(List<KeyValuePair<string, string>> list) => List = list;

    /// <summary>The update steps: write the serialized list back to the URL object's query.</summary>
    /// <remarks>Spec: https://url.spec.whatwg.org/#concept-urlsearchparams-update.</remarks>
    public void Update()
    {
        // Step 1: if query's URL object is null, then return.
        if (UrlObject is null)
        {
            return;
        }

        // Steps 2-3: serializedQuery is the serialization of the list, or null when that is the empty string.
        var serializedQuery = FormUrlEncoded.Serialize(List);

        // Step 4: set the URL's query to serializedQuery. (The spec no longer strips trailing spaces from an opaque
        // path here: the parser already encodes a space that ends an opaque path before "?" or "#".)
        UrlObject.Url.Query = serializedQuery.Length == 0 ? null : serializedQuery;
    }
}
