using Jint;

namespace JsWebSocketHost.Url;

/// <summary>Installs the URL Standard's API: <c>URL</c> and <c>URLSearchParams</c>.</summary>
/// <remarks>Spec: https://url.spec.whatwg.org/#api.</remarks>
internal static class UrlInterfaces
{
    /// <summary>The key of the URLSearchParams iterator prototype in <c>HostIntrinsics.Prototypes</c>.</summary>
    public const string IteratorPrototypeKey = "URLSearchParams Iterator";

    /// <summary>Defines <c>URL</c> and <c>URLSearchParams</c> on the global of <paramref name="engine"/>.</summary>
    public static void Install(Engine engine)
    {
        var searchParamsPrototype = UrlSearchParamsConstructor.Install(engine);
        UrlConstructor.Install(engine, searchParamsPrototype);
    }
}
