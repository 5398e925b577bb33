using System.Net.WebSockets;
using System.Text;
using Jint;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.WebSockets;

/// <summary>The checks and the Close frame's status that <c>WebSocket.close()</c> and <c>WebSocketStream</c> share.</summary>
internal static class WebSocketClosing
{
    /// <summary>The longest close reason, in bytes of UTF-8.</summary>
    public const int MaxReasonBytes = 123;

    /// <summary>
    /// "Validate close code and reason": a code that is present must be 1000 or in 3000-4999 (else an
    /// InvalidAccessError); a reason that is present must be at most 123 bytes of UTF-8 (else a SyntaxError).
    /// </summary>
    /// <remarks>Spec: https://websockets.spec.whatwg.org/#dom-websocket-close (steps 1-2).</remarks>
    public static void ValidateCloseCodeAndReason(Engine engine, ushort? code, string? reason, string context)
    {
        if (code is { } c && c != 1000 && c is < 3000 or > 4999)
        {
            throw ScriptErrors.DomException(engine, "InvalidAccessError",
                $"{context}: the code must be either 1000, or between 3000 and 4999. {c} is neither.");
        }

        if (reason is not null && Encoding.UTF8.GetByteCount(reason) > MaxReasonBytes)
        {
            throw ScriptErrors.DomException(engine, "SyntaxError",
                $"{context}: the reason must be at most {MaxReasonBytes} bytes of UTF-8, but it is {Encoding.UTF8.GetByteCount(reason)}.");
        }
    }

    /// <summary>The Close frame's status: none (an empty body) without code and reason; a reason alone goes with
    /// 1000.</summary>
    public static WebSocketCloseStatus? StatusFor(ushort? code, string? reason) =>
        code is { } c ? (WebSocketCloseStatus)c
        : reason is not null ? WebSocketCloseStatus.NormalClosure
        : null;
}
