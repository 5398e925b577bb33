using Jint;
using Jint.Native.Object;
using JsWebSocketHost.Dom;

namespace JsWebSocketHost.WebSockets;

/// <summary>A <c>CloseEvent</c>: wasClean, code and reason.</summary>
/// <remarks>Spec: https://websockets.spec.whatwg.org/#the-closeevent-interface.</remarks>
internal sealed class JsCloseEvent(Engine engine, ObjectInstance prototype, string type, bool isTrusted)
    : JsEvent(engine, prototype, type, isTrusted)
{
    public bool WasClean { get; set; }

    public ushort Code { get; set; }

    public string Reason { get; set; } = "";
}
