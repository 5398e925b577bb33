using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.Dom;
using JsWebSocketHost.FileApi;
using JsWebSocketHost.Hosting;
using JsWebSocketHost.Url;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.WebSockets;

/// <summary>
/// A <c>WebSocket</c> platform object: the spec's url, ready state, buffered amount, extensions, protocol and binary
/// type, and the loop-side handling of the connection's feedback (each item a task of its own).
/// </summary>
/// <remarks>Spec: https://websockets.spec.whatwg.org/#the-websocket-interface.</remarks>
internal sealed class JsWebSocket : JsEventTarget, IWebSocketFeedbackSink
{
    public const int Connecting = 0;
    public const int Open = 1;
    public const int Closing = 2;
    public const int Closed = 3;

    private readonly HostIntrinsics _intrinsics;

    public JsWebSocket(Engine engine, ObjectInstance prototype, UrlRecord url)
        : base(engine, prototype)
    {
        _intrinsics = HostIntrinsics.Of(engine);
        Url = url;
        UrlText = url.Serialize();
        Origin = url.Origin;
    }

    private long _bufferedAmount;
    private long _bufferedAmountTask = -1;

    public UrlRecord Url { get; }

    /// <summary>The serialized URL (the <c>url</c> attribute), computed once.</summary>
    public string UrlText { get; }

    /// <summary>The serialization of the URL's origin, used as every message event's <c>origin</c>.</summary>
    public string Origin { get; }

    public int ReadyState { get; set; } = Connecting;

    /// <summary>
    /// Bytes queued by <c>send()</c> and not yet handed to the network. What the network took is subtracted once per
    /// task, at the first read in it, so the value holds still while a task runs and no task is spent on it.
    /// </summary>
    /// <remarks>
    /// Spec: https://websockets.spec.whatwg.org/#dom-websocket-bufferedamount ("the number of bytes of application data
    /// ... queued using send() but that, as of the last time the event loop reached step 1, had not yet been
    /// transmitted to the network"). Read at the task's first use instead of its start: the two differ only when bytes
    /// reach the network between them (from a send loop still running, or sends the loop held back and wrote during a
    /// long task), and then the value is lower than the spec's, never higher.
    /// </remarks>
    public long BufferedAmount
    {
        get
        {
            // WebSocketConstructor sets Connection right after making the object, before it reaches script.
            if (_bufferedAmountTask != Connection.TaskNumber)
            {
                _bufferedAmountTask = Connection.TaskNumber;
                var sent = Connection.TakeSentBytes();
                if (sent > 0)
                {
                    _bufferedAmount = Math.Max(0, _bufferedAmount - sent);
                }
            }

            return _bufferedAmount;
        }
    }

    /// <summary>Counts the bytes of a <c>send()</c> (sent or not: bufferedAmount never falls after close).</summary>
    public void AddBufferedAmount(long bytes) => _bufferedAmount = BufferedAmount + bytes;

    public string Extensions { get; private set; } = "";

    public string Protocol { get; private set; } = "";

    /// <summary>"blob" or "arraybuffer".</summary>
    public string BinaryType { get; set; } = "blob";

    public WebSocketConnection Connection { get; set; } = null!;

    /// <summary>Feedback from the protocol, one item per task.</summary>
    /// <remarks>Spec: https://websockets.spec.whatwg.org/#feedback-from-the-protocol.</remarks>
    public void OnFeedback(in WebSocketFeedback feedback)
    {
        switch (feedback.Kind)
        {
            case WebSocketFeedbackKind.Established:
                // A close() while connecting already failed the connection: the close feedback follows.
                if (ReadyState != Connecting)
                {
                    return;
                }

                // Steps 1-4: ready state OPEN, extensions and protocol in use, then fire open.
                ReadyState = Open;
                Extensions = feedback.Extensions ?? "";
                Protocol = feedback.Text ?? "";
                FireSimpleEvent("open");
                break;

            case WebSocketFeedbackKind.TextMessage:
            case WebSocketFeedbackKind.BinaryMessage:
                OnMessage(feedback);
                break;

            case WebSocketFeedbackKind.ClosingHandshakeStarted:
                // "When the WebSocket closing handshake is started, ... change the ready state to CLOSING."
                if (ReadyState == Open)
                {
                    ReadyState = Closing;
                }

                break;

            case WebSocketFeedbackKind.Closed:
                // "When the WebSocket connection is closed": step 1, ready state CLOSED; step 2, error if the
                // connection was failed; step 3, close with wasClean, code and reason.
                ReadyState = Closed;
                if (feedback.Failed)
                {
                    FireSimpleEvent("error");
                }

                if (EventTargetState.HasListenersFor("close"))
                {
                    var close = CloseEventInterface.Create(Engine, feedback.WasClean, feedback.Code, feedback.Text ?? "");
                    EventDispatcher.Dispatch(this, EventTargetState, close, fromTask: true);
                }

                break;
        }
    }

    // "When a WebSocket message has been received".
    private void OnMessage(in WebSocketFeedback feedback)
    {
        // Step 1: if ready state is not OPEN, return.
        if (ReadyState != Open || !EventTargetState.HasListenersFor("message"))
        {
            return;
        }

        // Step 2: text becomes a DOMString; binary a Blob or an ArrayBuffer by binaryType at this moment.
        JsValue data;
        if (feedback.Kind == WebSocketFeedbackKind.TextMessage)
        {
            data = new JsString(feedback.Text!);
        }
        else if (BinaryType == "arraybuffer")
        {
            data = Engine.Intrinsics.ArrayBuffer.Construct(feedback.Bytes!);
        }
        else
        {
            data = JsBlob.Create(Engine, feedback.Bytes!, "");
        }

        // Step 3: fire message with origin set to the serialization of the URL's origin.
        var message = MessageEventInterface.Create(Engine, _intrinsics.MessageEventPrototype, data, Origin);
        EventDispatcher.Dispatch(this, EventTargetState, message, fromTask: true);
    }

    /// <summary>Fires a trusted plain <c>Event</c>; returns false when no listener was there to run.</summary>
    private void FireSimpleEvent(string type)
    {
        if (!EventTargetState.HasListenersFor(type))
        {
            return;
        }

        var e = new JsEvent(Engine, _intrinsics.Prototypes["Event"], type, isTrusted: true);
        EventDispatcher.Dispatch(this, EventTargetState, e, fromTask: true);
    }
}
