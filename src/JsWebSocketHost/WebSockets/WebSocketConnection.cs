using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using JsWebSocketHost.Hosting;

namespace JsWebSocketHost.WebSockets;

/// <summary>
/// The "in parallel" half of a WebSocket: establishes the connection over <see cref="ClientWebSocket"/>, runs one
/// receive loop and one send loop (a single send in flight, in queue order), performs the closing handshake with a
/// bounded wait, and reports everything to the loop-side object as ordered feedback. Holds no script values.
/// </summary>
/// <remarks>
/// Spec: https://websockets.spec.whatwg.org/#feedback-from-the-protocol. Each feedback item is one loop task (one
/// hand-off per message); the item itself is a struct in a queue, so the steady state allocates only the
/// message's own string or byte array.
/// </remarks>
internal sealed partial class WebSocketConnection : IDisposable, IEndOfTaskWork
{
    private const int SmallReceiveBufferSize = 512;

    // A message announced as up to this long gets its whole buffer at once; a longer one once half has arrived.
    private const int EagerKnownLength = 64 * 1024;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly Action<object?> DeliverOne = static state => ((WebSocketConnection)state!).Deliver();

    private readonly EventLoop _loop;
    private readonly IWebSocketFeedbackSink _sink;
    private readonly WebSocketTransport _transport;
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly SmallQueue<WebSocketFeedback> _feedback = new();
    private readonly SmallQueue<OutgoingMessage> _outgoing = new();
    private int _sendLoopRunning;
    private int _failRequested;
    private int _finished;
    private int _closeSent;
    private int _flaggedFull;
    private long _sentUnreported;
    private bool _sendScheduled;
    private long _scheduledBytes; // bytes queued by send() since the send loop was last started (loop thread)
    private ConnectionStream? _stream;
    private string? _streamTag;
    private ushort _serverCloseCode;
    private string _serverCloseReason = "";
    private string _admittedHost = "";
    private Task _completion = Task.CompletedTask;

    // Receive back-pressure: bytes of messages posted to the loop and not yet delivered, and the receive loop's
    // wait for the loop to catch up (made only when it has to wait).
    private long _undeliveredBytes;
    private TaskCompletionSource? _receiveResume;
    private int _parkedForHost; // 1 while queued in the transport's parked receivers (at most once)

    // A WebSocketStream's connection: backpressure is applied from the start and whenever the readable stream's queue
    // is full, and released by its pull; messages posted and not yet delivered are bounded by StreamReadAhead. While
    // the stream waits for sent bytes, their hand-over is reported (MessagesSent).
    private const long StreamReadAhead = 64 * 1024;
    private const long StreamReadAheadMessages = 64;
    private readonly bool _streamMode;
    private int _backpressure; // 1 while the stream applies backpressure (stream mode)
    private int _backpressureReleased; // 1 once the closing handshake started: backpressure no longer applies
    private int _sentWanted; // 1 while the stream waits for sent bytes
    private int _sentNotifyPending;
    private long _handedOverBytes; // bytes whose SendAsync completed and the stream has not taken (stream mode)
    private long _undeliveredMessages; // messages posted and not yet delivered (stream mode's read-ahead bound)
    private int _dataDropped; // 1 once a data message was dropped for the closing handshake (stream mode: unclean)

    /// <param name="loop">The event loop the feedback goes to.</param>
    /// <param name="sink">The loop-side object.</param>
    /// <param name="transport">The host's network seam.</param>
    /// <param name="streamMode">True for a WebSocketStream: backpressure from the start, and sent messages reported.</param>
    public WebSocketConnection(EventLoop loop, IWebSocketFeedbackSink sink, WebSocketTransport transport, bool streamMode = false)
    {
        _loop = loop;
        _sink = sink;
        _transport = transport;
        _streamMode = streamMode;
        _backpressure = streamMode ? 1 : 0;
    }

    /// <summary>
    /// Applies a WebSocketStream's backpressure: the receive loop reads no further message (the readable stream's
    /// queue is full). Loop thread.
    /// </summary>
    /// <remarks>Spec: https://websockets.spec.whatwg.org/#websocketstream ("apply backpressure").</remarks>
    public void ApplyBackpressure() => Volatile.Write(ref _backpressure, 1);

    /// <summary>The bytes whose send completed since the last call (stream mode). Loop thread.</summary>
    public long TakeHandedOverBytes() => Interlocked.Exchange(ref _handedOverBytes, 0);

    /// <summary>
    /// Releases a WebSocketStream's backpressure (the readable stream's pull): the receive loop may read again. Loop
    /// thread.
    /// </summary>
    /// <remarks>Spec: https://websockets.spec.whatwg.org/#websocketstream (the pull algorithm).</remarks>
    public void ReleaseBackpressure()
    {
        // A full fence: either the receive loop's recheck sees the release, or this read sees its waiter.
        Interlocked.Exchange(ref _backpressure, 0);
        Volatile.Read(ref _receiveResume)?.TrySetResult();
    }

    /// <summary>
    /// Asks for MessagesSent feedback each time the send loop hands a message to the network (stream mode), until
    /// <see cref="CancelSentNotification"/>. Loop thread; a full fence, so that either the send loop sees the request
    /// or the caller's next <see cref="TakeHandedOverBytes"/> sees the bytes.
    /// </summary>
    public void RequestSentNotification() => Interlocked.Exchange(ref _sentWanted, 1);

    /// <summary>Stops the MessagesSent feedback. Loop thread.</summary>
    public void CancelSentNotification() => Volatile.Write(ref _sentWanted, 0);

    // Whether the receive loop must wait: the stream's backpressure (until the closing handshake) or its read-ahead
    // bound, or too many undelivered bytes for this socket's bound or the host's.
    private bool MustWaitBeforeReceiving(long maxQueued) =>
        (_streamMode && Volatile.Read(ref _backpressureReleased) == 0
            && (Volatile.Read(ref _backpressure) != 0 || Volatile.Read(ref _undeliveredBytes) > StreamReadAhead
                || Volatile.Read(ref _undeliveredMessages) > StreamReadAheadMessages))
        || Volatile.Read(ref _undeliveredBytes) > maxQueued
        || _transport.IsReceiveQueueFull;

    /// <summary>
    /// Establishes a WebSocket connection in parallel. Keeps the event loop alive until the final feedback.
    /// </summary>
    /// <remarks>Spec: https://websockets.spec.whatwg.org/#concept-websocket-establish.</remarks>
    /// <param name="url">The URL to connect to.</param>
    /// <param name="host">The URL's host as serialized, the key for the per-host connection limit.</param>
    /// <param name="protocols">The subprotocols to offer.</param>
    /// <param name="headers">The script's extra handshake headers.</param>
    /// <param name="origin">The Origin header, if any.</param>
    public void Start(string url, string host, IReadOnlyList<string> protocols, IReadOnlyList<KeyValuePair<string, string>> headers, string? origin)
    {
        _loop.AddRef();

        // A URL the WHATWG parser accepts but System.Uri cannot hold (ws://a!b.example/): ClientWebSocket cannot
        // connect to it, so the connection fails as a network error would, never with a .NET exception.
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            Finish(wasClean: false, code: 1006, reason: "", ConnectionFailureCause.NetworkError, message: "the URL cannot be represented for the handshake");
            return;
        }

        // Runs on this thread until the handshake first waits (no thread hop); everything after is in parallel.
        _completion = ConnectAndReceiveAsync(uri, host, protocols, headers, origin);
    }

    /// <summary>True once the final feedback (closed) was posted.</summary>
    public bool IsFinished => Volatile.Read(ref _finished) != 0;

    /// <summary>Bytes of received messages posted to the loop and not yet delivered (for tests and diagnostics).</summary>
    public long UndeliveredBytes => Volatile.Read(ref _undeliveredBytes);

    /// <summary>Completes when the connection's in-parallel work has ended and its socket is disposed.</summary>
    public Task Completion => _completion;

    /// <summary>The most bytes <c>send()</c> may queue (the host's <see cref="WebSocketHostOptions.MaxBufferedAmount"/>).</summary>
    public long MaxBufferedAmount => _transport.Options.MaxBufferedAmount;

    /// <summary>The loop's current task, to tell one task's reads of bufferedAmount from the next one's.</summary>
    public long TaskNumber => _loop.TaskNumber;

    /// <summary>
    /// The bytes handed to the network since the last call (loop thread). They are counted before each write, so
    /// a reply to them, delivered in a later task, never finds them still in bufferedAmount.
    /// </summary>
    public long TakeSentBytes() => Volatile.Read(ref _sentUnreported) == 0 ? 0 : Interlocked.Exchange(ref _sentUnreported, 0);

    /// <summary>
    /// "Flag the WebSocket as full and close the WebSocket connection": a send would pass the buffered amount limit.
    /// The feedback reports error, then close (1006). Loop thread.
    /// </summary>
    /// <remarks>Spec: https://websockets.spec.whatwg.org/#dom-websocket-send (step 2).</remarks>
    public void FlagAsFull(long bufferedAmount)
    {
        if (Interlocked.Exchange(ref _flaggedFull, 1) != 0)
        {
            return;
        }

        _transport.Monitor.OnLimitReached(nameof(WebSocketHostOptions.MaxBufferedAmount),
            $"a script queued {bufferedAmount} bytes on a WebSocket, more than the limit of {MaxBufferedAmount} (MaxBufferedAmount); the connection was closed.");
        RequestFailure(ConnectionFailureCause.LimitReached, byHost: true);
    }

    /// <summary>
    /// Queues a message to send after every message queued before it. Loop thread. The send loop starts at the end
    /// of the current task (or, while the loop runs a batch of tasks, of a later one; see
    /// <see cref="EventLoop.MaxSendDeferral"/>), so that every message queued meanwhile goes out in one batch.
    /// </summary>
    public void Send(OutgoingMessage message)
    {
        _outgoing.Enqueue(message);
        _scheduledBytes += message.Data.Length;
        ScheduleSend(urgent: _scheduledBytes >= SendAloneBytes);
    }

    // Bytes queued since the send loop was last started: this many are written without waiting for more tasks.
    private const int SendAloneBytes = 64 * 1024;

    private void ScheduleSend(bool urgent)
    {
        if (!_sendScheduled)
        {
            _sendScheduled = true;
            _loop.ScheduleAtEndOfTask(this);
        }

        if (urgent)
        {
            _loop.FlushAtEndOfTask();
        }
    }

    void IEndOfTaskWork.RunAtEndOfTask()
    {
        _sendScheduled = false;
        _scheduledBytes = 0;
        EnsureSendLoop();
    }

    /// <summary>
    /// Starts the closing handshake: the Close frame goes out after every message already queued, then the server's
    /// Close frame is awaited for at most the closing handshake timeout.
    /// </summary>
    public void StartClosingHandshake(WebSocketCloseStatus? status, string? reason)
    {
        NoteCloseInitiator(InitiatorScript);
        StopBackpressure();
        _outgoing.Enqueue(new OutgoingMessage(default, null, WebSocketMessageType.Close, IsClose: true, status, reason));

        // Not held back for later tasks: the closing handshake's timer starts now.
        ScheduleSend(urgent: true);

        // The whole closing handshake is bounded, even if sends queued before the Close cannot get out.
        _abort.CancelAfter(_transport.Options.ClosingHandshakeTimeout);
    }

    /// <summary>
    /// "Fail the WebSocket connection" because the script asked (<c>close()</c> while CONNECTING): abort it; the
    /// feedback reports error and close (1006).
    /// </summary>
    /// <remarks>Spec: https://websockets.spec.whatwg.org/#fail-the-websocket-connection.</remarks>
    public void Fail() => RequestFailure(ConnectionFailureCause.Aborted, byHost: false);

    /// <summary>Fails the connection because the host asked (disposal, a run ended by a limit); as <see cref="Fail"/>.</summary>
    public void Abort() => RequestFailure(ConnectionFailureCause.Aborted, byHost: true);

    /// <summary>Aborts the connection without a closing handshake (the host is shutting down).</summary>
    public void Dispose() => Abort();

    private void RequestFailure(ConnectionFailureCause cause, bool byHost)
    {
        if (Interlocked.CompareExchange(ref _knownCause, (int)cause + 1, 0) == 0)
        {
            _abortedByHost = byHost;
        }

        Volatile.Write(ref _failRequested, 1);
        _abort.Cancel();
    }

    private async Task ConnectAndReceiveAsync(Uri url, string host, IReadOnlyList<string> protocols, IReadOnlyList<KeyValuePair<string, string>> headers, string? origin)
    {
        try
        {
            OnConnecting(url);

            // Fetch: a bad port is a network error; the connection fails without reaching the port.
            if (BadPorts.IsBad(url.Port))
            {
                Finish(wasClean: false, code: 1006, reason: "", ConnectionFailureCause.BadPort);
                return;
            }

            // The network policy's name rules (scheme, port, host): a denial fails the connection like a network error.
            // An address literal is judged by the address rules here too, for a proxy would connect to it.
            if ((_transport.Options.Policy.CheckUrl(url, host, url.Port) ?? _transport.CheckLiteralAddress(url, host)) is { } denial)
            {
                _transport.Monitor.OnNetworkAccessDenied(denial);
                Finish(wasClean: false, code: 1006, reason: "", ConnectionFailureCause.PolicyDenied, message: denial.Message);
                return;
            }

            // The host's connection limits: past them, the connection fails like a network error.
            if (_transport.TryAdmit(this, host) is { } refusal)
            {
                var cause = refusal == WebSocketTransport.ShuttingDown ? ConnectionFailureCause.Aborted : ConnectionFailureCause.LimitReached;
                _abortedByHost = true;
                Finish(wasClean: false, code: 1006, reason: "", cause, message: refusal);
                return;
            }

            _admittedHost = host;

            Configure(url, protocols, headers, origin);
            // The connect timeout runs on the connection's own abort token (no linked source per connection): when it
            // fires, the handshake is cancelled and the connection fails like any other failure.
            _abort.CancelAfter(_transport.Options.ConnectTimeout);
            try
            {
                await _socket.ConnectAsync(url, _transport.Invoker, _abort.Token).ConfigureAwait(false);
            }
            finally
            {
                if (_streamTag is not null)
                {
                    _stream = _transport.TakeStream(_streamTag);
                    _transport.TakeTarget(_streamTag);
                }
            }

            // Connected in time: the timer no longer applies.
            _abort.CancelAfter(Timeout.InfiniteTimeSpan);

            // A close() while connecting fails the connection even if the handshake just completed.
            if (Volatile.Read(ref _failRequested) != 0)
            {
                _socket.Abort();
                Finish(wasClean: false, code: 1006, reason: "", KnownCause ?? ConnectionFailureCause.Aborted);
                return;
            }

            // RFC 6455 section 4.1, the sixth check of the server's response: a subprotocol the client did not offer
            // fails the connection. ClientWebSocket compares without regard to case (and reports the offered
            // spelling); the server's own answer, as the stream saw it, is matched exactly here.
            var chosen = _stream?.SelectedSubprotocol ?? _socket.SubProtocol;
            if (!string.IsNullOrEmpty(chosen) && !protocols.Contains(chosen, StringComparer.Ordinal))
            {
                _socket.Abort();
                Finish(wasClean: false, code: 1006, reason: "", ConnectionFailureCause.ProtocolError, message: $"the server chose the subprotocol '{chosen}', which was not offered");
                return;
            }

            // RFC 6455 section 4.1, the fifth check: so does an extension the client did not offer. ClientWebSocket
            // offers at most permessage-deflate, and ignores any other extension the server names (even with none).
            if (UnofferedExtension(_stream?.SelectedExtensions) is { } unoffered)
            {
                _socket.Abort();
                Finish(wasClean: false, code: 1006, reason: "", ConnectionFailureCause.ProtocolError, message: $"the server chose the extension '{unoffered}', which was not offered");
                return;
            }

            var extensions = _transport.Options.EnablePerMessageDeflate
                ? string.Join(", ", _socket.HttpResponseHeaders?.GetValueOrDefault("Sec-WebSocket-Extensions") ?? [])
                : "";
            _socket.HttpResponseHeaders = null;
            OnEstablished(_socket.SubProtocol ?? "", extensions);
            Post(new WebSocketFeedback(WebSocketFeedbackKind.Established, Text: _socket.SubProtocol ?? "", Extensions: extensions));
            await ReceiveLoopAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // DNS, refused, TLS, non-101, bad accept, bad subprotocol, dropped TCP, invalid UTF-8, too big, abort: all
            // fail the connection the same way (error, then close 1006), unless our own closing handshake timed out.
            // The host's log and metrics get the real cause.
            if (_stream is { MessageTooBig: true })
            {
                ReportMessageTooBig();
                NoteCause(ConnectionFailureCause.MessageTooBig);
            }

            var closing = Volatile.Read(ref _closeSent) != 0 && Volatile.Read(ref _failRequested) == 0;
            var cause = closing ? (ConnectionFailureCause?)null : KnownCause ?? ConnectionFailure.Classify(ex, _established);
            Finish(wasClean: false, code: 1006, reason: "", cause, ex);
        }
    }

    // The first extension in the response's Sec-WebSocket-Extensions that was not offered, or null.
    private string? UnofferedExtension(string? selected)
    {
        if (string.IsNullOrEmpty(selected))
        {
            return null;
        }

        foreach (var extension in selected.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var name = extension.Split(';', 2)[0].Trim();
            if (!(_transport.Options.EnablePerMessageDeflate && name == "permessage-deflate"))
            {
                return name;
            }
        }

        return null;
    }

    private void ReportMessageTooBig() =>
        _transport.Monitor.OnLimitReached(nameof(WebSocketHostOptions.MaxMessageSize),
            $"a server sent a message larger than the limit of {_transport.Options.MaxMessageSize} bytes (MaxMessageSize); the connection was failed with Close 1009.");

    private void Configure(Uri url, IReadOnlyList<string> protocols, IReadOnlyList<KeyValuePair<string, string>> headers, string? origin)
    {
        var options = _transport.Options;
        var socketOptions = _socket.Options;
        foreach (var protocol in protocols)
        {
            socketOptions.AddSubProtocol(protocol);
        }

        foreach (var (name, value) in options.Headers)
        {
            socketOptions.SetRequestHeader(name, value);
        }

        foreach (var (name, value) in headers)
        {
            socketOptions.SetRequestHeader(name, value);
        }

        if (origin is not null)
        {
            socketOptions.SetRequestHeader("Origin", origin);
        }

        socketOptions.SetRequestHeader("User-Agent", options.UserAgent ?? "JsWebSocketHost/" + HostInfo.Version);
        // Lets this connection find its ConnectionStream (for batched sends); the handler removes the header.
        _streamTag = _transport.NewStreamTag();
        socketOptions.SetRequestHeader(WebSocketStreamHandler.TagHeader, _streamTag);
        if (!_transport.Options.Policy.IsAllowAll)
        {
            _transport.RegisterTarget(_streamTag, new ConnectionTarget(url, _admittedHost, url.Port));
        }

        socketOptions.KeepAliveInterval = options.KeepAliveInterval;
        socketOptions.HttpVersion = options.HttpVersion;
        socketOptions.HttpVersionPolicy = options.HttpVersionPolicy;
        if (options.EnablePerMessageDeflate)
        {
            socketOptions.DangerousDeflateOptions = new WebSocketDeflateOptions();
            socketOptions.CollectHttpResponseDetails = true;
        }
        else if (WantsHandshakeStatus)
        {
            // Only for the log: a refused handshake's status (collecting it costs ~80 bytes per connect).
            socketOptions.CollectHttpResponseDetails = true;
        }
    }

    // Receives whole messages; each becomes one feedback item with exactly one copy. A message's first read goes
    // into a small buffer of the connection's own, which holds most messages whole (one read, no pool traffic); a
    // larger message continues in pooled segments (never past MaxMessageSize) that are returned as soon as the
    // message is complete, so an idle connection holds only the small buffer.
    private async Task ReceiveLoopAsync()
    {
        var maxMessageSize = _transport.Options.MaxMessageSize;
        var maxQueued = _transport.Options.MaxReceiveQueueBytes;
        var small = new byte[Math.Min(SmallReceiveBufferSize, maxMessageSize)];
        MessageAssembler? large = null;
        long messageIndex = -1;
        try
        {
            while (true)
            {
                // Back-pressure: while the loop has more than this socket's bound, or all sockets' together,
                // undelivered, this socket is not read.
                while (MustWaitBeforeReceiving(maxQueued))
                {
                    await WaitForDeliveryAsync(maxQueued).ConfigureAwait(false);
                }

                var first = await _socket.ReceiveAsync(small.AsMemory(), _abort.Token).ConfigureAwait(false);
                if (first.MessageType == WebSocketMessageType.Close)
                {
                    OnCloseFrame();
                    return;
                }

                var type = first.MessageType;
                messageIndex++;
                bool posted;
                if (first.EndOfMessage)
                {
                    posted = PostMessage(type, small.AsSpan(0, first.Count));
                }
                else if (_stream is { } stream && stream.TryGetMessageLength(messageIndex, out var declared) && declared > first.Count && declared <= maxMessageSize)
                {
                    // One frame of a known length: the rest goes straight into a buffer of that size.
                    large ??= new MessageAssembler();
                    if (await ReceiveKnownLengthAsync(type, small.AsMemory(0, first.Count), (int)declared, large).ConfigureAwait(false) is not { } known)
                    {
                        return;
                    }

                    posted = known;
                }
                else
                {
                    large ??= new MessageAssembler();
                    large.Append(small.AsSpan(0, first.Count));
                    while (true)
                    {
                        // Room for one byte past the limit: a message of exactly the limit may still end with an
                        // empty final frame, and one byte more proves a larger one.
                        var result = await _socket.ReceiveAsync(large.GetMemory(maxMessageSize + 1), _abort.Token).ConfigureAwait(false);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            OnCloseFrame();
                            return;
                        }

                        large.Advance(result.Count);
                        if (large.Length > maxMessageSize)
                        {
                            // The stream refuses oversized frames by their declared length before reading them; this
                            // also bounds what permessage-deflate makes of them.
                            ReportMessageTooBig();
                            NoteCause(ConnectionFailureCause.MessageTooBig);
                            await CloseOutputQuietlyAsync(WebSocketCloseStatus.MessageTooBig).ConfigureAwait(false);
                            throw new WebSocketException(WebSocketError.Faulted, "A message was larger than the host's limit.");
                        }

                        if (result.EndOfMessage)
                        {
                            break;
                        }
                    }

                    posted = PostMessage(type, large);
                    large.Reset();
                }

                if (!posted)
                {
                    // Invalid UTF-8 fails the connection: tell the server (1007) and report error + close.
                    NoteCause(ConnectionFailureCause.ProtocolError);
                    await CloseOutputQuietlyAsync(WebSocketCloseStatus.InvalidPayloadData).ConfigureAwait(false);
                    throw new WebSocketException(WebSocketError.InvalidMessageType, "A text message was not valid UTF-8.");
                }
            }
        }
        finally
        {
            large?.Reset();
        }
    }

    // The rest of a message whose length the frame header gave: binary into its exact-size array (the one the script
    // gets, so no copy follows), text into a pooled buffer to be decoded. Null when the server's Close came instead.
    // The header is the server's word, not data: a buffer past EagerKnownLength is allocated only once half of the
    // message has arrived (gathered as usual until then), so memory never runs more than twice ahead of the bytes.
    private async Task<bool?> ReceiveKnownLengthAsync(WebSocketMessageType type, ReadOnlyMemory<byte> first, int length, MessageAssembler gathered)
    {
        var filled = first.Length;
        if (length > EagerKnownLength)
        {
            gathered.Append(first.Span);
            while (gathered.Length < length / 2)
            {
                var result = await _socket.ReceiveAsync(gathered.GetMemory(length / 2), _abort.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    OnCloseFrame();
                    return null;
                }

                gathered.Advance(result.Count);
                if (result.EndOfMessage)
                {
                    throw new WebSocketException(WebSocketError.Faulted, "A message ended before the length its frame header declared.");
                }
            }
        }

        var binary = type == WebSocketMessageType.Binary;
        var buffer = binary ? GC.AllocateUninitializedArray<byte>(length) : ArrayPool<byte>.Shared.Rent(length);
        try
        {
            if (gathered.Length > 0)
            {
                gathered.CopyTo(buffer);
                filled = (int)gathered.Length;
                gathered.Reset();
            }
            else
            {
                first.Span.CopyTo(buffer);
            }

            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(filled, length - filled), _abort.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    OnCloseFrame();
                    return null;
                }

                filled += result.Count;
                if (result.EndOfMessage)
                {
                    break;
                }

                if (filled == length)
                {
                    // The frame header said otherwise: never with a conforming managed WebSocket.
                    throw new WebSocketException(WebSocketError.Faulted, "A message went on past the length its frame header declared.");
                }
            }

            if (binary)
            {
                OnMessageReceived(type, filled);
                CountUndelivered(filled);
                Post(new WebSocketFeedback(WebSocketFeedbackKind.BinaryMessage, Bytes: filled == length ? buffer : buffer[..filled], Count: filled));
                return true;
            }

            return PostMessage(type, buffer.AsSpan(0, filled));
        }
        finally
        {
            if (!binary)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    // A whole message: text decoded (strictly) to a string, binary copied once into an exact-size array.
    private bool PostMessage(WebSocketMessageType type, ReadOnlySpan<byte> payload)
    {
        if (type == WebSocketMessageType.Text)
        {
            string text;
            try
            {
                text = StrictUtf8.GetString(payload);
            }
            catch (DecoderFallbackException)
            {
                return false;
            }

            OnMessageReceived(type, payload.Length);
            CountUndelivered(payload.Length);
            Post(new WebSocketFeedback(WebSocketFeedbackKind.TextMessage, Text: text, Count: payload.Length));
        }
        else
        {
            OnMessageReceived(type, payload.Length);
            CountUndelivered(payload.Length);
            Post(new WebSocketFeedback(WebSocketFeedbackKind.BinaryMessage, Bytes: payload.ToArray(), Count: payload.Length));
        }

        return true;
    }

    // A large message, gathered in segments: binary copied once into its exact-size array; text gathered into one
    // pooled buffer to be decoded.
    private bool PostMessage(WebSocketMessageType type, MessageAssembler message)
    {
        var length = (int)message.Length;
        if (type == WebSocketMessageType.Binary)
        {
            var bytes = GC.AllocateUninitializedArray<byte>(length);
            message.CopyTo(bytes);
            OnMessageReceived(type, length);
            CountUndelivered(length);
            Post(new WebSocketFeedback(WebSocketFeedbackKind.BinaryMessage, Bytes: bytes, Count: length));
            return true;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            message.CopyTo(buffer);
            return PostMessage(type, buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // A message is queued for the loop: counted for this socket's bound and the host's.
    private void CountUndelivered(int payloadBytes)
    {
        if (_streamMode)
        {
            Interlocked.Increment(ref _undeliveredMessages);
        }

        Interlocked.Add(ref _undeliveredBytes, payloadBytes);
        _transport.AddUndelivered(payloadBytes);
    }

    /// <summary>
    /// The host's undelivered messages are down to half its bound: a receive loop parked on it checks again. Loop
    /// thread (the transport calls it).
    /// </summary>
    public void ResumeReceiving()
    {
        // Cleared before the waiter is read: a loop parking again meanwhile either queues itself anew or is woken here.
        Interlocked.Exchange(ref _parkedForHost, 0);

        // A stream held by its own backpressure is left waiting (its pull wakes it, and it parks again then if the
        // host is still full): waking it on every delivery of every socket would cost a hop each.
        if (_streamMode && Volatile.Read(ref _backpressure) != 0 && Volatile.Read(ref _backpressureReleased) == 0)
        {
            return;
        }

        Volatile.Read(ref _receiveResume)?.TrySetResult();
    }

    // Parks the receive loop until a delivery makes room under this socket's bound or the host's (or the connection is
    // aborted); the caller checks both again. Allocates only when it has to wait.
    private async Task WaitForDeliveryAsync(long maxQueued)
    {
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // A full fence (not a volatile write, which may pass the read below): either the delivery sees the waiter,
        // or this read sees the delivery's room.
        Interlocked.Exchange(ref _receiveResume, resume);
        if (Interlocked.Exchange(ref _parkedForHost, 1) == 0)
        {
            _transport.ParkReceiver(this);
        }

        // Re-checked after publishing the wait: a delivery in between either sees it or has already made room.
        if (MustWaitBeforeReceiving(maxQueued))
        {
            await resume.Task.WaitAsync(_abort.Token).ConfigureAwait(false);
        }

        Volatile.Write(ref _receiveResume, null);
    }

    // The server's Close frame: the closing handshake has started. The reply goes out through the send loop (after
    // a message in flight, as RFC 6455 section 5.5.1 allows), which then reports the connection closed cleanly.
    private void OnCloseFrame()
    {
        NoteCloseInitiator(InitiatorServer);
        StopBackpressure();
        var status = _socket.CloseStatus;
        _serverCloseCode = status is null or WebSocketCloseStatus.Empty ? (ushort)1005 : (ushort)status.Value;
        _serverCloseReason = _socket.CloseStatusDescription ?? "";
        if (_stream is { ReceivedEmptyClose: true })
        {
            // An empty Close frame, which ClientWebSocket reports as 1000: the spec's "no status" is 1005. Known from
            // the frame header the stream saw, never from the reason text, which the server chooses.
            (_serverCloseCode, _serverCloseReason) = (1005, "");
        }
        Post(new WebSocketFeedback(WebSocketFeedbackKind.ClosingHandshakeStarted));
        var echo = _serverCloseCode == 1005 ? WebSocketCloseStatus.Empty : (WebSocketCloseStatus)_serverCloseCode;

        // Bounded too: if the reply cannot be sent, the connection is aborted after the closing timeout.
        _abort.CancelAfter(_transport.Options.ClosingHandshakeTimeout);
        _outgoing.Enqueue(new OutgoingMessage(default, null, WebSocketMessageType.Close, IsClose: true, echo, IsReply: true));
        EnsureSendLoop();
    }

    // The closing handshake started: a stream's backpressure no longer holds the receive loop, which must read the
    // server's Close frame.
    private void StopBackpressure()
    {
        if (_streamMode)
        {
            Interlocked.Exchange(ref _backpressureReleased, 1);
            Volatile.Read(ref _receiveResume)?.TrySetResult();
        }
    }

    // A stream waiting for its send buffer to drain hears of each hand-over, in one feedback item for all the ones
    // before the loop takes the bytes.
    private void NoteMessageHandedOver()
    {
        if (Volatile.Read(ref _sentWanted) != 0 && Interlocked.Exchange(ref _sentNotifyPending, 1) == 0)
        {
            Post(new WebSocketFeedback(WebSocketFeedbackKind.MessagesSent));
        }
    }

    private async Task CloseOutputQuietlyAsync(WebSocketCloseStatus status, string? reason = null)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_transport.Options.ClosingHandshakeTimeout);
            await _socket.CloseOutputAsync(status, status == WebSocketCloseStatus.Empty ? null : reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The connection is going away anyway; the close feedback says how.
        }
    }

    // Starts the send loop on this thread: a send that completes at once (the usual case) costs no thread hop.
    private void EnsureSendLoop()
    {
        if (Interlocked.CompareExchange(ref _sendLoopRunning, 1, 0) == 0)
        {
            _ = SendLoopAsync();
        }
    }

    // One send in flight, in queue order; a Close command ends the data sends and starts the closing timer. With
    // several messages queued, the stream gathers their frames and writes them at once when the queue is empty.
    private async Task SendLoopAsync()
    {
        while (true)
        {
            var batch = _stream is not null && _outgoing.Count > 1;
            if (batch)
            {
                _stream!.BeginBatch();
            }

            while (_outgoing.TryDequeue(out var message))
            {
                try
                {
                    if (message.IsClose)
                    {
                        if (batch)
                        {
                            // Frames gathered so far go first, and the Close itself is never held back: sending the
                            // reply to the server's Close lets the managed WebSocket dispose the stream.
                            batch = false;
                            await _stream!.EndBatchAsync(_abort.Token).ConfigureAwait(false);
                        }

                        if (Interlocked.Exchange(ref _closeSent, 1) == 0)
                        {
                            await CloseOutputQuietlyAsync(message.CloseStatus ?? WebSocketCloseStatus.Empty, message.CloseReason).ConfigureAwait(false);
                        }

                        if (message.IsReply)
                        {
                            // A stream that had data left unsent did not close cleanly.
                            Finish(wasClean: Volatile.Read(ref _dataDropped) == 0, code: _serverCloseCode, reason: _serverCloseReason);
                        }

                        continue;
                    }

                    if (Volatile.Read(ref _closeSent) == 0 && _socket.State == WebSocketState.Open)
                    {
                        // Counted as it is handed to the network, before the write: an echo of it can then never be
                        // delivered while bufferedAmount still holds it (see TakeSentBytes).
                        Interlocked.Add(ref _sentUnreported, message.Data.Length);
                        await _socket.SendAsync(message.Data, message.Type, endOfMessage: true, _abort.Token).ConfigureAwait(false);
                        OnMessageSent(message.Type, message.Data.Length);
                        if (_streamMode)
                        {
                            // A stream's send buffer counts the bytes out once the socket took them all.
                            Interlocked.Add(ref _handedOverBytes, message.Data.Length);
                            NoteMessageHandedOver();
                        }
                    }
                    else if (_streamMode)
                    {
                        // Dropped for the closing handshake: the write never completes (the close rejects it), and the
                        // close cannot be clean.
                        Volatile.Write(ref _dataDropped, 1);
                    }
                }
                catch (Exception)
                {
                    // Whatever failed (socket gone, aborted, disposed), the receive loop sees the same failure and
                    // reports the close; the send loop must keep draining so its running flag is released.
                }
                finally
                {
                    message.Release();
                }
            }

            if (batch)
            {
                try
                {
                    await _stream!.EndBatchAsync(_abort.Token).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The receive loop sees the same failure and reports the close.
                }
            }

            Volatile.Write(ref _sendLoopRunning, 0);
            if (_outgoing.IsEmpty || Interlocked.CompareExchange(ref _sendLoopRunning, 1, 0) != 0)
            {
                return;
            }
        }
    }

    // Failed (error, then close) when there is a failure cause; the exception and message explain it in the log.
    private void Finish(bool wasClean, ushort code, string reason, ConnectionFailureCause? failure = null, Exception? exception = null, string? message = null)
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
        {
            return;
        }

        var failed = failure is not null;
        ReportEnd(failure, exception, message, wasClean, code, reason);

        // Room for a new connection first: the close event (which may run right here) may open one.
        if (_admittedHost.Length > 0)
        {
            _transport.Retire(this, _admittedHost);
        }

        Post(new WebSocketFeedback(WebSocketFeedbackKind.Closed, Text: reason, Code: code, WasClean: wasClean, Failed: failed));
        _socket.Dispose();
    }

    private void Post(in WebSocketFeedback feedback)
    {
        _feedback.Enqueue(feedback);
        _loop.PostAndTryRunInline(DeliverOne, this);
    }

    // One loop task per feedback item, in the order they were posted.
    private void Deliver()
    {
        if (!_feedback.TryDequeue(out var feedback))
        {
            return;
        }

        if (feedback.Kind is WebSocketFeedbackKind.TextMessage or WebSocketFeedbackKind.BinaryMessage)
        {
            // Room in the receive queue: a parked receive loop may read again once back within the bound.
            if (_streamMode)
            {
                Interlocked.Decrement(ref _undeliveredMessages);
            }

            var left = Interlocked.Add(ref _undeliveredBytes, -feedback.Count);
            _transport.RemoveUndelivered(feedback.Count);
            if (left <= _transport.Options.MaxReceiveQueueBytes && Volatile.Read(ref _receiveResume) is { } resume)
            {
                resume.TrySetResult();
            }
        }

        if (feedback.Kind == WebSocketFeedbackKind.MessagesSent)
        {
            // Cleared, with a full fence, before the sink takes the bytes: a send completing meanwhile posts a new item.
            Interlocked.Exchange(ref _sentNotifyPending, 0);
        }

        try
        {
            _sink.OnFeedback(feedback);
        }
        finally
        {
            if (feedback.Kind == WebSocketFeedbackKind.Closed)
            {
                // Drop messages the loop never sent; nothing else holds the loop for this socket.
                while (_outgoing.TryDequeue(out var message))
                {
                    message.Release();
                }

                _loop.Release();
            }
        }
    }
}
