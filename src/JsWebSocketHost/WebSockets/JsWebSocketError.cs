using Jint;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.WebSockets;

/// <summary>A <c>WebSocketError</c> platform object: a DOMException named "WebSocketError" with a close code (or
/// null) and a reason.</summary>
/// <remarks>Spec: https://websockets.spec.whatwg.org/#websocketerror (WHATWG WebSockets PR 48).</remarks>
internal sealed class JsWebSocketError : JsDOMException
{
    public const string Interface = "WebSocketError";

    private JsWebSocketError(Engine engine, ObjectInstance prototype, string message, ushort? closeCode, string reason)
        : base(engine, prototype, message, Interface)
    {
        CloseCode = closeCode;
        Reason = reason;
    }

    /// <summary>The close code, or null.</summary>
    public ushort? CloseCode { get; }

    /// <summary>The close reason ("" when none).</summary>
    public string Reason { get; }

    /// <summary>A WebSocketError with the given prototype, its code and reason not validated (the user agent's own,
    /// such as 1006 for an unclean close; the constructor validates before it calls this).</summary>
    public static JsWebSocketError Create(Engine engine, ObjectInstance prototype, string message, ushort? closeCode, string reason) =>
        new(engine, prototype, message, closeCode, reason);

    /// <summary>A WebSocketError of the realm, its code and reason not validated.</summary>
    public static JsWebSocketError Create(Engine engine, string message, ushort? closeCode, string reason) =>
        new(engine, HostIntrinsics.Of(engine).Prototypes[Interface], message, closeCode, reason);
}
