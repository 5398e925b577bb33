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
/// an empty server Close frame is handed up as 1000 with <see cref="NoStatusMarker"/> as its reason, which the
/// connection maps back to 1005.</item>
/// </list>
/// </remarks>
/// <param name="inner">The stream to filter.</param>
/// <param name="framesOnly">
/// True when <paramref name="inner"/> starts with WebSocket frames (after the handshake); false when an HTTP/1.1
/// response head comes first (a connection's whole plaintext stream).
/// </param>
internal sealed class ConnectionStream(Stream inner, bool framesOnly = false) : Stream
{
    private const int MaxBatchBytes = 64 * 1024;

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private byte[]? _batch;
    private int _batchLength;
    private bool _batching;
    /// <summary>The reason that marks a Close frame that had no status code at all.</summary>
    public const string NoStatusMarker = "\u0000jsws:no-status";

    private static readonly byte[] NoStatusPayload = BuildNoStatusPayload();

    private readonly byte[] _header = new byte[14];
    private byte[]? _pending;
    private int _pendingOffset;
    private bool _inHttpHeaders = !framesOnly;
    private int _httpEndMatch;
    private int _headerLength;
    private long _payloadRemaining;

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

    public override int Read(Span<byte> buffer)
    {
        if (TakePending(buffer, out var fromPending))
        {
            return fromPending;
        }

        var read = inner.Read(buffer);
        return Track(buffer, read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (TakePending(buffer.Span, out var fromPending))
        {
            return ValueTask.FromResult(fromPending);
        }

        var read = inner.ReadAsync(buffer, cancellationToken);
        if (read.IsCompletedSuccessfully)
        {
            return ValueTask.FromResult(Track(buffer.Span, read.Result));
        }

        return AwaitRead(read, buffer);
    }

    private async ValueTask<int> AwaitRead(ValueTask<int> read, Memory<byte> buffer)
    {
        var count = await read.ConfigureAwait(false);
        return Track(buffer.Span, count);
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
                _batch ??= new byte[MaxBatchBytes];
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
                _batch ??= new byte[MaxBatchBytes];
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
            inner.Dispose();
            _writeLock.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
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

    private static byte[] BuildNoStatusPayload()
    {
        var reason = System.Text.Encoding.UTF8.GetBytes(NoStatusMarker);
        var payload = new byte[2 + reason.Length];
        payload[0] = 0x03; // 1000
        payload[1] = 0xE8;
        reason.CopyTo(payload, 2);
        return payload;
    }

    // Serves bytes held back after an injected payload; they are tracked like any others.
    private bool TakePending(Span<byte> buffer, out int count)
    {
        count = 0;
        if (_pending is null)
        {
            return false;
        }

        var n = Math.Min(buffer.Length, _pending.Length - _pendingOffset);
        _pending.AsSpan(_pendingOffset, n).CopyTo(buffer);
        _pendingOffset += n;
        if (_pendingOffset == _pending.Length)
        {
            _pending = null;
        }

        count = Track(buffer, n);
        return true;
    }

    // Follows the HTTP response, then frame headers, over the bytes just read; rewrites an empty server Close.
    private int Track(Span<byte> buffer, int read)
    {
        var i = 0;
        while (i < read)
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
            if ((_header[0] & 0x0F) == 0x8 && payloadLength == 0 && !masked)
            {
                // An empty server Close: hand it up with the marker payload; the rest of this read follows it.
                buffer[i - 1] = (byte)NoStatusPayload.Length;
                var rest = buffer[i..read].ToArray();
                var pending = new byte[NoStatusPayload.Length + rest.Length + (_pending is null ? 0 : _pending.Length - _pendingOffset)];
                NoStatusPayload.CopyTo(pending, 0);
                rest.CopyTo(pending, NoStatusPayload.Length);
                _pending?.AsSpan(_pendingOffset).CopyTo(pending.AsSpan(NoStatusPayload.Length + rest.Length));
                _pending = pending;
                _pendingOffset = 0;
                _payloadRemaining = NoStatusPayload.Length;
                return i;
            }

            _payloadRemaining = payloadLength;
        }

        return read;
    }
}
