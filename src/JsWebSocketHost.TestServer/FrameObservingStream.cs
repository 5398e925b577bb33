namespace JsWebSocketHost.TestServer;

/// <summary>
/// Wraps an upgraded connection's stream, follows the frame headers of what the client sends, and reports the
/// client's Close frame as it was on the wire. <see cref="System.Net.WebSockets.WebSocket"/> cannot: it reports an
/// empty Close as 1000, and it refuses a Close with a code that may not be sent (1005) before showing it.
/// </summary>
internal sealed class FrameObservingStream : Stream
{
    private const byte CloseOpcode = 0x8;
    private readonly Stream _inner;
    private readonly Action<int?, string> _onClose;
    private readonly byte[] _header = new byte[14];
    private readonly byte[] _closePayload = new byte[125];
    private int _headerCount;
    private long _payloadRemaining;
    private bool _inClose;
    private int _closeLength;
    private int _closeCount;

    /// <param name="inner">The upgraded stream.</param>
    /// <param name="onClose">Called once, on the reading thread, with the first Close frame's code (null: none) and reason.</param>
    public FrameObservingStream(Stream inner, Action<int?, string> onClose)
    {
        _inner = inner;
        _onClose = onClose;
    }

    /// <summary>Whether the client's Close frame has been read.</summary>
    public bool ReceivedClose { get; private set; }

    /// <summary>The first Close frame had an empty payload (no status code).</summary>
    public bool ReceivedEmptyClose { get; private set; }

    /// <summary>Writes a Close frame with no status (RFC 6455 allows it; <see cref="System.Net.WebSockets.WebSocket"/> cannot send one).</summary>
    public ValueTask WriteEmptyCloseAsync(CancellationToken cancellationToken) =>
        _inner.WriteAsync(new byte[] { 0x80 | CloseOpcode, 0x00 }, cancellationToken);

    public override bool CanRead => _inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => _inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Reads and discards whatever the client still sends until it closes its side or goes away.</summary>
    public async Task ReadToEndAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        try
        {
            while (await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (IOException)
        {
            // A reset is as good as an end here.
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Observe(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = _inner.Read(buffer, offset, count);
        Observe(buffer.AsSpan(offset, read));
        return read;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override void Flush() => _inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Observe(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty && !ReceivedClose)
        {
            if (_payloadRemaining > 0)
            {
                var take = (int)Math.Min(_payloadRemaining, data.Length);
                if (_inClose)
                {
                    // Unmask with the key at header bytes [length - 4, length).
                    var mask = _header.AsSpan(_headerCount - 4, 4);
                    for (var i = 0; i < take && _closeCount < _closeLength; i++, _closeCount++)
                    {
                        _closePayload[_closeCount] = (byte)(data[i] ^ mask[_closeCount & 3]);
                    }
                }

                _payloadRemaining -= take;
                data = data[take..];
                if (_inClose && _payloadRemaining == 0)
                {
                    FinishClose();
                }

                continue;
            }

            _header[_headerCount++] = data[0];
            data = data[1..];
            if (TryCompleteHeader(out var opcode, out var payloadLength))
            {
                _payloadRemaining = payloadLength;
                if (opcode == CloseOpcode)
                {
                    if ((_header[1] & 0x80) == 0)
                    {
                        // Unmasked (not from a conforming client): a zero key leaves the payload as it is.
                        _header.AsSpan(_headerCount, 4).Clear();
                        _headerCount += 4;
                    }

                    _inClose = true;
                    _closeLength = (int)Math.Min(payloadLength, _closePayload.Length);
                    if (payloadLength == 0)
                    {
                        FinishClose();
                    }
                }
                else
                {
                    _headerCount = 0;
                }
            }
        }
    }

    private void FinishClose()
    {
        ReceivedClose = true;
        ReceivedEmptyClose = _closeLength == 0;
        var payload = _closePayload.AsSpan(0, _closeLength);
        if (payload.Length >= 2)
        {
            _onClose(System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(payload), System.Text.Encoding.UTF8.GetString(payload[2..]));
        }
        else
        {
            _onClose(null, string.Empty);
        }
    }

    // RFC 6455 section 5.2: 2 bytes, then a 16- or 64-bit extended length, then a 4-byte mask key when masked.
    private bool TryCompleteHeader(out int opcode, out long payloadLength)
    {
        opcode = 0;
        payloadLength = 0;
        if (_headerCount < 2)
        {
            return false;
        }

        var length7 = _header[1] & 0x7F;
        var extended = length7 switch { 126 => 2, 127 => 8, _ => 0 };
        var needed = 2 + extended + ((_header[1] & 0x80) != 0 ? 4 : 0);
        if (_headerCount < needed)
        {
            return false;
        }

        opcode = _header[0] & 0x0F;
        payloadLength = length7;
        if (extended > 0)
        {
            payloadLength = 0;
            for (var i = 0; i < extended; i++)
            {
                payloadLength = (payloadLength << 8) | _header[2 + i];
            }
        }

        return true;
    }
}
