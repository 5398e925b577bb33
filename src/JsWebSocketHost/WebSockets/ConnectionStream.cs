using System.Buffers;

namespace JsWebSocketHost.WebSockets;

/// <summary>
/// The byte stream under one WebSocket, after the opening handshake (over HTTP/1.1 the upgraded connection, over
/// HTTP/2 the extended CONNECT stream), installed by <see cref="WebSocketStreamHandler"/>. It passes bytes through,
/// batches a burst of sends, and mends the one thing <see cref="System.Net.WebSockets.ClientWebSocket"/> cannot
/// express: a Close frame with no status code.
/// </summary>
/// <remarks>
/// Spec: https://websockets.spec.whatwg.org/#dom-websocket-close ("If neither code nor reason is present, the
/// WebSocket Close message must not have a body") and RFC 6455 section 7.1.5 (no status code means 1005).
/// <list type="bullet">
/// <item>Outbound: for <c>WebSocketCloseStatus.Empty</c> the managed WebSocket writes the reserved code 1005 into
/// the frame, which RFC 6455 section 7.4.1 forbids on the wire (peers answer 1002). A client Close frame whose
/// payload is exactly 1005 is rewritten with an empty payload.</item>
/// <item>Batching: while the connection's send loop drains a queue of several messages, frames are gathered and
/// written at once when the queue is empty (or every 64 KiB), so a burst of sends costs a few writes, not one
/// each. Writes outside a batch (handshake, Close replies, pongs) go straight through.</item>
/// <item>Inbound: the managed WebSocket reports an empty Close frame as 1000. The frame headers are tracked, and
/// an empty server Close frame sets <see cref="ReceivedEmptyClose"/> (state in the connection, never in the bytes a
/// server could also send), which the connection reads as 1005.</item>
/// <item>Size: a data frame whose declared length takes the message past <c>maxMessageSize</c> is refused before
/// its payload is read: the stream passes on the frames before it, then sends Close 1009 itself and fails the next
/// read (<see cref="MessageTooBig"/>).</item>
/// </list>
/// </remarks>
/// <param name="inner">The stream to filter.</param>
/// <param name="framesOnly">
/// True when <paramref name="inner"/> starts with WebSocket frames (after the handshake); false when an HTTP/1.1
/// response head comes first (a connection's whole plaintext stream).
/// </param>
/// <param name="maxMessageSize">The largest message the peer may send, by the frames' declared lengths.</param>
/// <param name="linger">
/// Where the stream goes when it is disposed after the client's Close frame but before the server's (a failed
/// connection): read on until the server closes, within <paramref name="closingTimeout"/> of that Close frame. Null
/// to let go at once.
/// </param>
/// <param name="closingTimeout">The closing handshake timeout, counted from the client's Close frame.</param>
internal sealed class ConnectionStream(Stream inner, bool framesOnly = false, long maxMessageSize = long.MaxValue, ClosingLinger? linger = null, TimeSpan closingTimeout = default) : Stream
{
    private const int MaxBatchBytes = 64 * 1024;

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private byte[]? _batch;
    private int _batchLength;
    private bool _batching;
    private readonly byte[] _header = new byte[14];
    private bool _inHttpHeaders = !framesOnly;
    private int _httpEndMatch;
    private int _headerLength;
    private long _payloadRemaining;
    private long _messageLength;
    private volatile bool _receivedEmptyClose;
    private volatile bool _closeReceived;
    private volatile bool _messageTooBig;
    private long _closeWrittenAt; // Stopwatch timestamp of the client's Close frame; 0 until it is written
    private volatile bool _ended; // the peer closed its side (a read returned 0)
    private int _readsPending;
    private int _released; // the inner stream has been disposed or handed to the linger
    private long _messageStarts; // data messages whose first frame has been passed on
    private long _hintIndex = -1; // the last such message that is one uncompressed frame of a known length
    private long _hintLength;

    /// <summary>
    /// True once the peer's Close frame arrived with no payload (RFC 6455 section 7.1.5: no status code, 1005).
    /// Set while the frame's header is read, before the managed WebSocket parses it.
    /// </summary>
    public bool ReceivedEmptyClose => _receivedEmptyClose;

    /// <summary>
    /// The length of message <paramref name="index"/> (counting from 0, in arrival order) when it is a single
    /// uncompressed frame whose header has been read, so a receiver can size its buffer once. False when unknown
    /// (fragmented, compressed, or a later header has been read since).
    /// </summary>
    public bool TryGetMessageLength(long index, out long length)
    {
        length = _hintLength;
        return index == _hintIndex;
    }

    /// <summary>The <c>Sec-WebSocket-Protocol</c> of the handshake's response, as the server wrote it, or null.</summary>
    public string? SelectedSubprotocol { get; set; }

    /// <summary>The <c>Sec-WebSocket-Extensions</c> of the handshake's response, as the server wrote it, or null.</summary>
    public string? SelectedExtensions { get; set; }

    /// <summary>True once a message's declared length passed the limit and the stream failed the connection.</summary>
    public bool MessageTooBig => _messageTooBig;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    // A message found too big in a read fails that read only when no bytes came before its frame; otherwise those
    // bytes (whole frames the managed WebSocket still delivers) are returned first, and the next read fails.
    public override int Read(Span<byte> buffer)
    {
        if (_messageTooBig)
        {
            RefuseMessageAsync().AsTask().GetAwaiter().GetResult();
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _released) != 0, this);
        var read = inner.Read(buffer);
        _ended |= read == 0 && _closeWrittenAt != 0;
        var tracked = Track(buffer, read);
        if (_messageTooBig && tracked == 0)
        {
            RefuseMessageAsync().AsTask().GetAwaiter().GetResult();
        }

        return tracked;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_messageTooBig)
        {
            return RefuseAfterRead();
        }

        Interlocked.Increment(ref _readsPending);
        if (Volatile.Read(ref _released) != 0)
        {
            // Torn down (the inner stream may be lingering, read by another): this read must not reach it.
            Interlocked.Decrement(ref _readsPending);
            return ValueTask.FromException<int>(new ObjectDisposedException(nameof(ConnectionStream)));
        }

        ValueTask<int> read;
        try
        {
            read = inner.ReadAsync(buffer, cancellationToken);
        }
        catch
        {
            Interlocked.Decrement(ref _readsPending);
            throw;
        }

        if (read.IsCompletedSuccessfully)
        {
            var tracked = Track(buffer.Span, Ended(read.Result));
            return _messageTooBig && tracked == 0 ? RefuseAfterRead() : ValueTask.FromResult(tracked);
        }

        return AwaitRead(read, buffer);
    }

    // A read is over: notes the peer's end of the stream.
    private int Ended(int count)
    {
        _ended |= count == 0 && _closeWrittenAt != 0;
        Interlocked.Decrement(ref _readsPending);
        return count;
    }

    private async ValueTask<int> AwaitRead(ValueTask<int> read, Memory<byte> buffer)
    {
        int count;
        try
        {
            count = await read.ConfigureAwait(false);
        }
        catch
        {
            Interlocked.Decrement(ref _readsPending);
            throw;
        }

        var tracked = Track(buffer.Span, Ended(count));
        if (_messageTooBig && tracked == 0)
        {
            await RefuseMessageAsync().ConfigureAwait(false);
        }

        return tracked;
    }

    private async ValueTask<int> RefuseAfterRead()
    {
        await RefuseMessageAsync().ConfigureAwait(false);
        return 0;
    }

    // The message is too big: tell the peer (Close 1009, RFC 6455 section 7.4.1) and fail the read, so the managed
    // WebSocket never reads the payload. Bounded: the Close frame is small, and a peer that does not read it is
    // not waited for long.
    private async ValueTask RefuseMessageAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await _writeLock.WaitAsync(timeout.Token).ConfigureAwait(false);
            try
            {
                var frame = new byte[8];
                frame[0] = 0x88; // FIN + Close
                frame[1] = 0x82; // masked, 2-byte payload
                System.Security.Cryptography.RandomNumberGenerator.Fill(frame.AsSpan(2, 4));
                frame[6] = (byte)(0x03 ^ frame[2]); // 1009 = 0x03F1
                frame[7] = (byte)(0xF1 ^ frame[3]);
                NoteCloseWritten();
                await inner.WriteAsync(frame, timeout.Token).ConfigureAwait(false);

                // An HTTP/2 stream holds writes until a flush; the connection is torn down right after this.
                await inner.FlushAsync(timeout.Token).ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer is gone or not reading: the connection fails all the same.
        }

        throw new IOException($"A message from the peer is larger than the host's limit of {maxMessageSize} bytes (MaxMessageSize).");
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => WriteAsync(buffer.ToArray()).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (IsMaskedCloseWithStatus1005(buffer.Span))
        {
            buffer = EmptyClose(buffer.Span);
        }

        if (IsCloseFrame(buffer.Span))
        {
            NoteCloseWritten();
        }

        if (!_writeLock.Wait(0, CancellationToken.None))
        {
            return WriteSlowAsync(buffer, cancellationToken);
        }

        var release = true;
        try
        {
            if (_batching && _batchLength + buffer.Length <= MaxBatchBytes && !IsCloseFrame(buffer.Span))
            {
                // Gathered: written when the batch ends.
                _batch ??= ArrayPool<byte>.Shared.Rent(MaxBatchBytes);
                buffer.Span.CopyTo(_batch.AsSpan(_batchLength));
                _batchLength += buffer.Length;
                return ValueTask.CompletedTask;
            }

            release = false;
            return WriteLockedAsync(buffer, cancellationToken);
        }
        finally
        {
            if (release)
            {
                _writeLock.Release();
            }
        }
    }

    /// <summary>Starts gathering frames (the send loop has several messages queued).</summary>
    public void BeginBatch() => _batching = true;

    /// <summary>Writes what was gathered and stops gathering.</summary>
    public async ValueTask EndBatchAsync(CancellationToken cancellationToken)
    {
        // The lock wait is not cancelled: batching must end, or later frames would be held for good.
        await _writeLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            _batching = false;
            await FlushBatchAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The buffer goes back to the pool between bursts: an idle connection holds none.
            if (_batch is { } batch)
            {
                _batch = null;
                _batchLength = 0;
                ArrayPool<byte>.Shared.Return(batch);
            }

            _writeLock.Release();
        }
    }

    private async ValueTask WriteSlowAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_batching && _batchLength + buffer.Length <= MaxBatchBytes && !IsCloseFrame(buffer.Span))
            {
                _batch ??= ArrayPool<byte>.Shared.Rent(MaxBatchBytes);
                buffer.Span.CopyTo(_batch.AsSpan(_batchLength));
                _batchLength += buffer.Length;
                return;
            }

            await FlushBatchAsync(cancellationToken).ConfigureAwait(false);
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    // Holding the write lock: what is gathered goes first, then this write.
    private async ValueTask WriteLockedAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            await FlushBatchAsync(cancellationToken).ConfigureAwait(false);
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private ValueTask FlushBatchAsync(CancellationToken cancellationToken)
    {
        if (_batchLength == 0)
        {
            return ValueTask.CompletedTask;
        }

        var length = _batchLength;
        _batchLength = 0;
        return inner.WriteAsync(_batch.AsMemory(0, length), cancellationToken);
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (Interlocked.Exchange(ref _released, 1) == 0 && !TryLinger())
            {
                inner.Dispose();
            }

            _writeLock.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0 && !TryLinger())
        {
            await inner.DisposeAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void NoteCloseWritten() =>
        Interlocked.CompareExchange(ref _closeWrittenAt, System.Diagnostics.Stopwatch.GetTimestamp(), 0);

    // RFC 6455 section 7.1.1: after the client's Close, the server closes first. On a failed connection (our Close
    // out, the server's not in) the server may still be sending: read on until it closes, so that no reset discards
    // the Close frame that says why. Not while a read is in flight (the stream is being torn down under it) and not
    // past the closing timeout, counted from the Close frame.
    private bool TryLinger()
    {
        var closeWrittenAt = Interlocked.Read(ref _closeWrittenAt);
        if (linger is null || closeWrittenAt == 0 || _closeReceived || _ended || Volatile.Read(ref _readsPending) != 0)
        {
            return false;
        }

        var left = closingTimeout - System.Diagnostics.Stopwatch.GetElapsedTime(closeWrittenAt);
        return left > TimeSpan.Zero && linger.TryStart(inner, left);
    }

    // A Close frame always goes out at once (after what is gathered): the stream may be disposed right after it.
    private static bool IsCloseFrame(ReadOnlySpan<byte> frame) => frame.Length > 0 && (frame[0] & 0x0F) == 0x8;

    // A whole client frame: FIN + Close (0x88), masked with a 2-byte payload (0x82), mask key, masked 0x03 0xED.
    private static bool IsMaskedCloseWithStatus1005(ReadOnlySpan<byte> frame) =>
        frame is [0x88, 0x82, var m0, var m1, _, _, var p0, var p1] && (p0 ^ m0) == 0x03 && (p1 ^ m1) == 0xED;

    // The same frame with a zero payload length (still masked, as every client frame must be).
    private static byte[] EmptyClose(ReadOnlySpan<byte> frame)
    {
        var rewritten = frame[..6].ToArray();
        rewritten[1] = 0x80;
        return rewritten;
    }

    // Follows the HTTP response, then frame headers, over the bytes just read: notes an empty server Close, and
    // refuses a message whose declared length passes the limit. Returns how many bytes to pass on: all of them, or
    // those before the header of the frame that takes a message past the limit.
    private int Track(Span<byte> buffer, int read)
    {
        var i = 0;
        var headerStart = 0; // where the header being read began in this buffer (0 when it began in an earlier read)
        while (i < read && !_closeReceived)
        {
            if (_inHttpHeaders)
            {
                // The 101 response ends with CR LF CR LF; frames follow.
                var b = buffer[i++];
                _httpEndMatch = b == (_httpEndMatch % 2 == 0 ? '\r' : '\n') ? _httpEndMatch + 1 : b == '\r' ? 1 : 0;
                _inHttpHeaders = _httpEndMatch < 4;
                continue;
            }

            if (_payloadRemaining > 0)
            {
                var skip = (int)Math.Min(_payloadRemaining, read - i);
                i += skip;
                _payloadRemaining -= skip;
                continue;
            }

            if (_headerLength == 0)
            {
                headerStart = i;
            }

            _header[_headerLength++] = buffer[i++];
            if (_headerLength < 2)
            {
                continue;
            }

            var length7 = _header[1] & 0x7F;
            var masked = (_header[1] & 0x80) != 0;
            var needed = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + (masked ? 4 : 0);
            if (_headerLength < needed)
            {
                continue;
            }

            var payloadLength = length7 switch
            {
                126 => (_header[2] << 8) | _header[3],
                127 => (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(_header.AsSpan(2, 8)),
                _ => length7,
            };
            _headerLength = 0;
            var opcode = _header[0] & 0x0F;
            if (opcode == 0x8)
            {
                // A client reads nothing after the server's Close (RFC 6455 section 5.5.1): what follows must neither
                // change the status reported nor count towards a message.
                _closeReceived = true;
                _receivedEmptyClose = payloadLength == 0 && !masked;
            }
            else if (opcode < 0x8)
            {
                // A data frame (text, binary or continuation): its length counts towards the message's.
                _messageLength += payloadLength;
                if (_messageLength > maxMessageSize || payloadLength < 0)
                {
                    // Only the bytes before this frame go on: what came before it is delivered, and it is not.
                    _messageTooBig = true;
                    return headerStart;
                }

                if (opcode != 0)
                {
                    // A message starts. Its length is known now if it is one frame, uncompressed (RSV1 clear).
                    var index = _messageStarts++;
                    if ((_header[0] & 0xC0) == 0x80)
                    {
                        (_hintIndex, _hintLength) = (index, payloadLength);
                    }
                }

                if ((_header[0] & 0x80) != 0)
                {
                    _messageLength = 0;
                }
            }

            _payloadRemaining = payloadLength;
        }

        return read;
    }
}
