using Jint;
using Jint.Native.Object;

namespace JsWebSocketHost.Url;

/// <summary>
/// A default iterator object for <c>URLSearchParams</c>: its target, kind and index. It reads the target's current
/// list at every step, so it sees tuples appended or removed after it was made.
/// </summary>
/// <remarks>Spec: https://webidl.spec.whatwg.org/#default-iterator-object.</remarks>
internal sealed class JsUrlSearchParamsIterator : ObjectInstance
{
    public JsUrlSearchParamsIterator(Engine engine, ObjectInstance prototype, JsUrlSearchParams target, UrlSearchParamsIterationKind kind)
        : base(engine)
    {
        Prototype = prototype;
        Target = target;
        Kind = kind;
    }

    public JsUrlSearchParams Target { get; }

    public UrlSearchParamsIterationKind Kind { get; }

    /// <summary>The index of the next tuple to yield; it starts at 0 and never goes back.</summary>
    public int Index { get; set; }
}
