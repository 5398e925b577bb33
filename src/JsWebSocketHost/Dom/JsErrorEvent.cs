using Jint;
using Jint.Native;
using Jint.Native.Object;

namespace JsWebSocketHost.Dom;

/// <summary>An <c>ErrorEvent</c>: message, filename, lineno, colno and error.</summary>
/// <remarks>Spec: https://html.spec.whatwg.org/multipage/webappapis.html#the-errorevent-interface.</remarks>
internal sealed class JsErrorEvent(Engine engine, ObjectInstance prototype, string type, bool isTrusted)
    : JsEvent(engine, prototype, type, isTrusted)
{
    public string Message { get; set; } = "";

    public string Filename { get; set; } = "";

    public uint Lineno { get; set; }

    public uint Colno { get; set; }

    public JsValue Error { get; set; } = JsValue.Undefined;
}
