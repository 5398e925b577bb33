namespace JsWebSocketHost.Url;

/// <summary>The kind of a <c>URLSearchParams</c> iterator: what each step yields.</summary>
/// <remarks>Spec: https://webidl.spec.whatwg.org/#default-iterator-object.</remarks>
internal enum UrlSearchParamsIterationKind
{
    /// <summary>The name (<c>keys()</c>).</summary>
    Key,

    /// <summary>The value (<c>values()</c>).</summary>
    Value,

    /// <summary>A <c>[name, value]</c> array (<c>entries()</c> and <c>@@iterator</c>).</summary>
    KeyAndValue,
}
