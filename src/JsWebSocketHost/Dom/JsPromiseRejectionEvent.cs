using Jint;
using Jint.Native;
using Jint.Native.Object;

namespace JsWebSocketHost.Dom;

/// <summary>A <c>PromiseRejectionEvent</c>: the promise and the reason.</summary>
/// <remarks>Spec: https://html.spec.whatwg.org/multipage/webappapis.html#the-promiserejectionevent-interface.</remarks>
internal sealed class JsPromiseRejectionEvent(Engine engine, ObjectInstance prototype, string type, bool isTrusted)
    : JsEvent(engine, prototype, type, isTrusted)
{
    public JsValue Promise { get; set; } = JsValue.Undefined;

    public JsValue Reason { get; set; } = JsValue.Undefined;
}
