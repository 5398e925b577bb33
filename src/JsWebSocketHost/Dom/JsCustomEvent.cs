using Jint;
using Jint.Native;
using Jint.Native.Object;

namespace JsWebSocketHost.Dom;

/// <summary>A <c>CustomEvent</c>: an event with a <c>detail</c>.</summary>
/// <remarks>Spec: https://dom.spec.whatwg.org/#interface-customevent.</remarks>
internal sealed class JsCustomEvent(Engine engine, ObjectInstance prototype, string type)
    : JsEvent(engine, prototype, type, isTrusted: false)
{
    public JsValue Detail { get; set; } = JsValue.Null;
}
