using System.Net.WebSockets;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.Streams;
using JsWebSocketHost.Url;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.WebSockets;

/// <summary>
/// A <c>WebSocketStream</c> platform object: its URL, opened and closed promises, ready state, and the readable and
/// writable streams made when the connection is established; and the loop-side handling of the connection's
/// feedback, through the same <see cref="WebSocketConnection"/> as <c>WebSocket</c> (so the same policy and limits).
/// </summary>
/// <remarks>
/// Spec: the WebSocketStream interface of the WHATWG WebSockets Standard, pull request 48 (not merged yet; the steps
/// follow its text where it has them, and Chromium where it stops). Receive backpressure: applied from the start and
/// whenever an enqueued message fills the readable's queue (its high water mark is 1 message), released by the
/// readable's pull; while applied, the socket is not read. Messages read ahead of the stream's delivery are bounded
/// (64 KiB), the "implementation-defined amount" the draft allows. A write resolves once its bytes fit the 64 KiB send
/// buffer, that is once enough of what was written before was handed to the network.
/// </remarks>
internal sealed class JsWebSocketStream : ObjectInstance, IWebSocketFeedbackSink
{
    // The send buffer: a write resolves at once while the bytes written and not yet handed to the network are at
    // most this many; past it, when the send loop has handed enough over.
    private const long SendBufferBytes = 64 * 1024;

    private readonly Queue<StreamPromises.Deferred> _pendingWrites = new();

    // Writes the host's limit refused: they reject when the connection it fails closes.
    private readonly List<StreamPromises.Deferred> _abandonedWrites = [];
    private long _unsentBytes;
    private Dom.JsAbortSignal? _signal;
    private Action? _abortAlgorithm;
    private StreamPromises.Deferred? _closeWrite;

    public JsWebSocketStream(Engine engine, ObjectInstance prototype, UrlRecord url)
        : base(engine)
    {
        Prototype = prototype;
        UrlText = url.Serialize();

        // Step 6: the opened and closed promises; marked handled, so a script that awaits one and never looks at
        // the other is not ended by its rejection (Chromium reports such a rejection on the console).
        Opened = StreamPromises.New(engine);
        Closed = StreamPromises.New(engine);
        StreamPromises.MarkAsHandled(engine, Opened.Promise);
        StreamPromises.MarkAsHandled(engine, Closed.Promise);
    }

    /// <summary>The serialized URL.</summary>
    public string UrlText { get; }

    /// <summary>The opened promise.</summary>
    public StreamPromises.Deferred Opened { get; }

    /// <summary>The closed promise.</summary>
    public StreamPromises.Deferred Closed { get; }

    /// <summary>The ready state (the WebSocket interface's values).</summary>
    public int ReadyState { get; set; } = JsWebSocket.Connecting;

    /// <summary>Whether the signal aborted the handshake (its promises are rejected already).</summary>
    public bool HandshakeAborted { get; set; }

    /// <summary>The connection; null when an aborted signal kept it from being made.</summary>
    public WebSocketConnection? Connection { get; set; }

    private JsReadableStream? Readable { get; set; }

    private JsWritableStream? Writable { get; set; }

    /// <summary>"Close the WebSocket" with an optional code and reason (validated first; that may throw).</summary>
    /// <remarks>Spec: https://websockets.spec.whatwg.org/#close-the-websocket.</remarks>
    public void CloseTheWebSocket(ushort? code, string reason, string context)
    {
        // Steps 1-3: validate the code and reason.
        WebSocketClosing.ValidateCloseCodeAndReason(_engine, code, reason, context);

        // Step 4: run the first matching steps.
        switch (ReadyState)
        {
            case JsWebSocket.Closing or JsWebSocket.Closed:
                break;
            case JsWebSocket.Connecting:
                // Not yet established: fail the connection.
                Connection?.Fail();
                ReadyState = JsWebSocket.Closing;
                break;
            default:
                // Start the closing handshake: an empty Close frame without code and reason, 1000 for a reason alone.
                var reasonOrNull = reason.Length > 0 ? reason : null;
                Connection!.StartClosingHandshake(WebSocketClosing.StatusFor(code, reasonOrNull), reasonOrNull);
                ReadyState = JsWebSocket.Closing;
                break;
        }
    }

    /// <summary>Step 8.3: adds the abort steps to <paramref name="signal"/>; they are removed once the handshake
    /// ends (after it the signal does nothing), so a long-lived signal does not keep streams alive.</summary>
    public void WatchSignal(Dom.JsAbortSignal signal)
    {
        _signal = signal;
        _abortAlgorithm = () => AbortHandshake(signal.Reason);
        signal.AddAlgorithm(_abortAlgorithm);
    }

    private void ForgetSignal()
    {
        if (_abortAlgorithm is not null)
        {
            _signal!.RemoveAlgorithm(_abortAlgorithm);
            _abortAlgorithm = null;
        }
    }

    // The signal's abort steps: a handshake under way is failed and both promises reject with the reason.
    private void AbortHandshake(JsValue reason)
    {
        // Step 8.3.1: only while the connection is not yet established.
        if (ReadyState != JsWebSocket.Connecting)
        {
            return;
        }

        Connection?.Fail();
        ReadyState = JsWebSocket.Closing;
        Opened.Reject(reason);
        Closed.Reject(reason);
        HandshakeAborted = true;
    }

    /// <inheritdoc />
    public void OnFeedback(in WebSocketFeedback feedback)
    {
        switch (feedback.Kind)
        {
            case WebSocketFeedbackKind.Established:
                OnEstablished(feedback.Text ?? "", feedback.Extensions ?? "");
                break;
            case WebSocketFeedbackKind.TextMessage:
            case WebSocketFeedbackKind.BinaryMessage:
                OnMessage(feedback);
                break;
            case WebSocketFeedbackKind.MessagesSent:
                ResolveWritesWithRoom();
                break;
            case WebSocketFeedbackKind.ClosingHandshakeStarted:
                OnClosingHandshakeStarted();
                break;
            case WebSocketFeedbackKind.Closed:
                OnClosed(feedback.WasClean, feedback.Code, feedback.Text ?? "");
                break;
        }
    }

    // "When the WebSocket connection is established".
    private void OnEstablished(string protocol, string extensions)
    {
        // An aborted or failed handshake resolves nothing.
        if (ReadyState != JsWebSocket.Connecting)
        {
            return;
        }

        // Steps 1-2: OPEN; "was ever connected" is the readable stream's existence; the signal no longer matters.
        ForgetSignal();
        ReadyState = JsWebSocket.Open;
        var engine = _engine;
        var resolved = StreamPromises.ResolvedWith(engine, JsValue.Undefined);

        // Steps 5-8: a readable stream whose pull releases the backpressure and whose cancel closes with the reason
        // (the default strategy: a high water mark of 1 message).
        Readable = JsReadableStream.Create(engine, static () => JsValue.Undefined,
            () =>
            {
                Connection!.ReleaseBackpressure();
                return StreamPromises.InternalResolved(engine);
            },
            reason =>
            {
                CloseUsingReason(reason);
                return StreamPromises.ResolvedWith(engine, JsValue.Undefined);
            });

        // Steps 9-13: a writable stream that sends each chunk, closes the WebSocket on close and on abort.
        Writable = JsWritableStream.Create(engine, static () => JsValue.Undefined, Write,
            () =>
            {
                CloseTheWebSocket(null, "", "Failed to close the WebSocketStream's writable");
                _closeWrite = StreamPromises.New(engine);
                return _closeWrite.Promise;
            },
            reason =>
            {
                CloseUsingReason(reason);
                return StreamPromises.ResolvedWith(engine, JsValue.Undefined);
            });

        // Steps 14-15: resolve opened with a WebSocketOpenInfo (members in lexicographic order).
        var info = new JsObject(engine);
        info.FastSetDataProperty("extensions", extensions);
        info.FastSetDataProperty("protocol", protocol);
        info.FastSetDataProperty("readable", Readable);
        info.FastSetDataProperty("writable", Writable);
        Opened.Resolve(info);
    }

    // "When a WebSocket message has been received".
    private void OnMessage(in WebSocketFeedback feedback)
    {
        // Step 1: if the ready state is not OPEN, return.
        if (ReadyState != JsWebSocket.Open || Readable?.DefaultController is not { CanCloseOrEnqueue: true } controller)
        {
            return;
        }

        // Steps 2-3: text as a string, binary as a new Uint8Array; enqueued.
        JsValue chunk = feedback.Kind == WebSocketFeedbackKind.TextMessage
            ? new JsString(feedback.Text!)
            : BufferSource.NewUint8Array(_engine, feedback.Bytes!);
        controller.Enqueue(chunk);

        // Step 4: apply backpressure, which the next pull releases. A chunk that went straight to a waiting read left
        // the queue wanting more (the pull has run already): backpressure then would only cost a hop per message.
        if (controller.DesiredSize <= 0)
        {
            Connection!.ApplyBackpressure();
        }
    }

    // "When the WebSocket closing handshake is started" (the server's Close frame): CLOSING; as in Chromium, the
    // readable closes (its queued chunks stay readable) and the writable errors with an InvalidStateError.
    private void OnClosingHandshakeStarted()
    {
        if (ReadyState == JsWebSocket.Open)
        {
            ReadyState = JsWebSocket.Closing;
        }

        CloseReadable();
        ErrorWritable(ClosedStreamError());
    }

    // "When the WebSocket connection is closed".
    private void OnClosed(bool wasClean, ushort code, string reason)
    {
        // Steps 1-2: CLOSED; an aborted handshake already rejected the promises.
        ReadyState = JsWebSocket.Closed;
        ForgetSignal();
        if (HandshakeAborted)
        {
            return;
        }

        // Step 3: a connection that never opened rejects opened.
        if (Readable is null)
        {
            Opened.Reject(JsWebSocketError.Create(_engine, "The WebSocket closed before its handshake completed.", null, ""));
        }

        // Steps 4-6: a clean close closes the readable, errors the writable and resolves closed with the code and
        // reason.
        if (wasClean)
        {
            CloseReadable();
            ErrorWritable(ClosedStreamError());
            var info = new JsObject(_engine);
            info.FastSetDataProperty("closeCode", (int)code);
            info.FastSetDataProperty("reason", reason);
            _closeWrite?.Resolve(JsValue.Undefined);
            Closed.Resolve(info);
            return;
        }

        // Step 7: an unclean one errors both streams and rejects closed with one WebSocketError (not validated:
        // 1006 is the user agent's).
        var error = JsWebSocketError.Create(_engine, $"The WebSocket connection closed uncleanly ({code}).", code, reason);
        if (Readable?.DefaultController is { } readable)
        {
            readable.Error(error);
        }

        ErrorWritable(error);
        _closeWrite?.Reject(error);
        Closed.Reject(error);
    }

    // The write algorithm: a BufferSource is sent as binary (its bytes copied), anything else as the UTF-8 of its
    // USVString; the promise resolves once the message was handed to the network.
    private JsValue Write(JsValue chunk)
    {
        OutgoingMessage message;
        try
        {
            // Steps 3-4: a BufferSource, or a USVString (a conversion that throws rejects the write). WebIDL's
            // BufferSource (no [AllowResizable]) refuses a resizable ArrayBuffer, and a view on one, with a TypeError.
            if (BufferSource.TryGetBytes(chunk, out var bytes))
            {
                var buffer = chunk is JsArrayBuffer ? chunk : Streams.ArrayBuffers.ViewBytes(_engine, chunk).Buffer;
                if (Streams.ArrayBuffers.IsResizable(_engine, buffer))
                {
                    return StreamPromises.RejectedWithTypeError(_engine, "Failed to write to the WebSocketStream: the chunk's ArrayBuffer must not be resizable.");
                }

                message = OutgoingMessage.Copy(bytes);
            }
            else
            {
                message = OutgoingMessage.Utf8(WebIdlConvert.ToUSVString(chunk));
            }
        }
        catch (Exception e) when (ScriptErrors.ScriptErrorOf(_engine, e) is { } error)
        {
            return StreamPromises.RejectedWith(_engine, error);
        }

        // Step 5: sent if the closing handshake has not started; either way the promise resolves when done.
        if (ReadyState != JsWebSocket.Open)
        {
            message.Release();
            return StreamPromises.ResolvedWith(_engine, JsValue.Undefined);
        }

        var connection = Connection!;
        if (message.Data.Length > connection.MaxBufferedAmount)
        {
            // Past the host's limit: as for WebSocket, the connection is closed (1006) and the write fails with it.
            message.Release();
            connection.FlagAsFull(message.Data.Length);
            var refused = StreamPromises.New(_engine);
            _abandonedWrites.Add(refused);
            return refused.Promise;
        }

        // Step 5.1, at once: with no write waiting and room in the send buffer, the write is done now (the one
        // promise the stream's steps react to serves, none is made for it).
        _unsentBytes = Math.Max(0, _unsentBytes - connection.TakeHandedOverBytes()) + message.Data.Length;
        connection.Send(message);
        if (_pendingWrites.Count == 0 && _unsentBytes <= SendBufferBytes)
        {
            return StreamPromises.InternalResolved(_engine);
        }

        // Step 5.1: "wait until there is sufficient buffer space": at once while the send buffer has room, else when
        // the send loop has handed enough of it to the network (or the connection closed).
        var promise = StreamPromises.New(_engine);
        _pendingWrites.Enqueue(promise);
        connection.RequestSentNotification();
        ResolveWritesWithRoom();
        return promise.Promise;
    }

    // Takes the bytes the send loop has handed over; the writes waiting for room resolve while there is some.
    private void ResolveWritesWithRoom()
    {
        var connection = Connection!;
        _unsentBytes = Math.Max(0, _unsentBytes - connection.TakeHandedOverBytes());
        while (_unsentBytes <= SendBufferBytes && _pendingWrites.TryDequeue(out var write))
        {
            write.Resolve(JsValue.Undefined);
        }

        if (_pendingWrites.Count == 0)
        {
            connection.CancelSentNotification();
        }
    }

    // "Close using reason": a WebSocketError gives the code and reason; any other reason, or a code and reason that
    // fail validation, an empty Close frame.
    private void CloseUsingReason(JsValue reason)
    {
        const string Context = "Failed to close the WebSocketStream";
        if (reason is JsWebSocketError error)
        {
            try
            {
                CloseTheWebSocket(error.CloseCode, error.Reason, Context);
                return;
            }
            catch (Jint.Runtime.JavaScriptException)
            {
                // Step 3: if this throws, close the WebSocket with no code or reason.
            }
        }

        CloseTheWebSocket(null, "", Context);
    }

    private void CloseReadable()
    {
        if (Readable?.DefaultController is { CanCloseOrEnqueue: true } controller)
        {
            controller.Close();
        }
    }

    // Errors the writable side (if still writable) and rejects the writes not yet done with the same error.
    private void ErrorWritable(JsValue error)
    {
        while (_pendingWrites.TryDequeue(out var write))
        {
            write.Reject(error);
        }

        foreach (var write in _abandonedWrites)
        {
            write.Reject(error);
        }

        _abandonedWrites.Clear();

        // A close in flight is left to finish: the close algorithm's promise settles it.
        if (Writable is { State: WritableStreamState.Writable, CloseQueuedOrInFlight: false } writable)
        {
            writable.Controller!.ErrorIfNeeded(error);
        }
    }

    private JsDOMException ClosedStreamError() =>
        JsDOMException.Create(_engine, "The WebSocketStream is closed: nothing more can be written.", "InvalidStateError");
}
