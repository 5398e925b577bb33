using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using JsWebSocketHost.Dom;
using JsWebSocketHost.FileApi;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.WebSockets;

/// <summary>The shape of <c>WebSocket.prototype</c>: attributes, constants, <c>send</c> and <c>close</c>.</summary>
/// <remarks>Spec: https://websockets.spec.whatwg.org/#the-websocket-interface.</remarks>
internal static class WebSocketPrototype
{
    private const string Interface = "WebSocket";
    private static readonly string[] BinaryTypes = ["blob", "arraybuffer"];

    public static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("url", static (t, _) => Brand(t, "url").UrlText, enumerable: true, configurable: true)
        .Constant("CONNECTING", JsWebSocket.Connecting)
        .Constant("OPEN", JsWebSocket.Open)
        .Constant("CLOSING", JsWebSocket.Closing)
        .Constant("CLOSED", JsWebSocket.Closed)
        .Accessor("readyState", static (t, _) => Brand(t, "readyState").ReadyState, enumerable: true, configurable: true)
        .Accessor("bufferedAmount", static (t, _) => Brand(t, "bufferedAmount").BufferedAmount, enumerable: true, configurable: true)
        .Accessor("onopen", static (t, _) => Handler(t, "onopen"), static (t, a) => SetHandler(t, "onopen", a), enumerable: true, configurable: true)
        .Accessor("onerror", static (t, _) => Handler(t, "onerror"), static (t, a) => SetHandler(t, "onerror", a), enumerable: true, configurable: true)
        .Accessor("onclose", static (t, _) => Handler(t, "onclose"), static (t, a) => SetHandler(t, "onclose", a), enumerable: true, configurable: true)
        .Accessor("extensions", static (t, _) => Brand(t, "extensions").Extensions, enumerable: true, configurable: true)
        .Accessor("protocol", static (t, _) => Brand(t, "protocol").Protocol, enumerable: true, configurable: true)
        .Method("close", static (t, a) => Close(Brand(t, "close"), a), 0)
        .Accessor("onmessage", static (t, _) => Handler(t, "onmessage"), static (t, a) => SetHandler(t, "onmessage", a), enumerable: true, configurable: true)
        .Accessor("binaryType", static (t, _) => Brand(t, "binaryType").BinaryType, static (t, a) => SetBinaryType(Brand(t, "binaryType"), a), enumerable: true, configurable: true)
        .Method("send", static (t, a) => Send(Brand(t, "send"), a), 1)
        .ToStringTag(Interface)
        .Build();

    private static JsWebSocket Brand(JsValue thisObj, string member) =>
        thisObj as JsWebSocket ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);

    private static JsValue Handler(JsValue thisObj, string name) =>
        EventHandlerAttribute.Get(Brand(thisObj, name).EventTargetState, name[2..]);

    private static JsValue SetHandler(JsValue thisObj, string name, JsValue[] args) =>
        EventHandlerAttribute.Set(Brand(thisObj, name).EventTargetState, name[2..], args);

    // binaryType setter: an enum attribute ignores a value that is not one of the enumeration's values.
    // Spec: https://webidl.spec.whatwg.org/#es-attributes (setter step 4.4 for enumerations).
    private static JsValue SetBinaryType(JsWebSocket socket, JsValue[] args)
    {
        var value = TypeConverter.ToString(args.Length > 0 ? args[0] : JsValue.Undefined);
        if (Array.IndexOf(BinaryTypes, value) >= 0)
        {
            socket.BinaryType = value == "blob" ? "blob" : "arraybuffer";
        }

        return JsValue.Undefined;
    }

    // close(optional [Clamp] unsigned short code, optional USVString reason).
    // Spec: https://websockets.spec.whatwg.org/#dom-websocket-close.
    private static JsValue Close(JsWebSocket socket, JsValue[] args)
    {
        var engine = socket.Engine;
        var hasCode = args.Length > 0 && !args[0].IsUndefined();
        var code = hasCode ? WebIdlConvert.ToClampedUnsignedShort(args[0]) : (ushort)0;
        var hasReason = args.Length > 1 && !args[1].IsUndefined();
        var reason = hasReason ? WebIdlConvert.ToUSVString(args[1]) : null;

        // Steps 1-2: a code that is present must be 1000 or in 3000-4999; a reason at most 123 bytes of UTF-8.
        WebSocketClosing.ValidateCloseCodeAndReason(engine, hasCode ? code : null, reason, "Failed to execute 'close' on 'WebSocket'");

        // Step 3: run the first matching steps.
        switch (socket.ReadyState)
        {
            case JsWebSocket.Closing or JsWebSocket.Closed:
                // Do nothing.
                break;
            case JsWebSocket.Connecting:
                // Fail the WebSocket connection and set ready state to CLOSING.
                socket.Connection.Fail();
                socket.ReadyState = JsWebSocket.Closing;
                break;
            default:
                // Start the closing handshake: no body when neither code nor reason is present; a reason alone
                // goes with code 1000.
                socket.Connection.StartClosingHandshake(WebSocketClosing.StatusFor(hasCode ? code : null, reason), reason);
                socket.ReadyState = JsWebSocket.Closing;
                break;
        }

        return JsValue.Undefined;
    }

    // send((BufferSource or Blob or USVString) data). Spec: https://websockets.spec.whatwg.org/#dom-websocket-send.
    private static JsValue Send(JsWebSocket socket, JsValue[] args)
    {
        var engine = socket.Engine;
        if (args.Length == 0)
        {
            throw ScriptErrors.NotEnoughArguments(engine, Interface, "send", 1, 0);
        }

        // WebIDL converts the argument before the method steps run. By the type of data (step 2), the bytes are
        // taken now: script may change a buffer right after send().
        var data = args[0];
        OutgoingMessage message;
        if (BufferSource.TryGetBytes(data, out var bytes))
        {
            // ArrayBuffer or ArrayBufferView: only the view's bytes, copied now.
            message = OutgoingMessage.Copy(bytes);
        }
        else if (data is JsBlob blob)
        {
            // A Blob is immutable: one segment is shared as it is; several are gathered once.
            if (blob.Segments.Length == 1)
            {
                message = new OutgoingMessage(blob.Segments[0], null, WebSocketMessageType.Binary);
            }
            else
            {
                var array = ArrayPool<byte>.Shared.Rent((int)Math.Max(blob.Length, 1));
                blob.CopyTo(array);
                message = new OutgoingMessage(array.AsMemory(0, (int)blob.Length), array, WebSocketMessageType.Binary);
            }
        }
        else
        {
            // USVString, sent as UTF-8.
            message = OutgoingMessage.Utf8(TypeConverter.ToString(data));
        }

        // Step 1: if ready state is CONNECTING, throw InvalidStateError.
        if (socket.ReadyState == JsWebSocket.Connecting)
        {
            message.Release();
            throw ScriptErrors.DomException(engine, "InvalidStateError", "Failed to execute 'send' on 'WebSocket': still in CONNECTING state.");
        }

        // Step 2: sent only while open and before the closing handshake; bufferedAmount grows either way. Data that
        // would pass the host's buffer limit is not sent: the WebSocket is flagged as full and its connection closed.
        socket.AddBufferedAmount(message.Data.Length);
        if (socket.ReadyState == JsWebSocket.Open && socket.BufferedAmount > socket.Connection.MaxBufferedAmount)
        {
            message.Release();
            socket.Connection.FlagAsFull(socket.BufferedAmount);
        }
        else if (socket.ReadyState == JsWebSocket.Open)
        {
            socket.Connection.Send(message);
        }
        else
        {
            message.Release();
        }

        return JsValue.Undefined;
    }
}
