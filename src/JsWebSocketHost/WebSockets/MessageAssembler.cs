using System.Buffers;
using System.Numerics;

namespace JsWebSocketHost.WebSockets;

/// <summary>
/// Gathers one large incoming message in pooled segments of growing size (16 KiB, doubling up to 1 MiB), never past a
/// size limit and with no copy between segments; the message is copied once when it is complete. Segments go back to
/// the pool after each message, so an idle connection holds none.
/// </summary>
/// <remarks>
/// A segment is sized to what the limit still allows (rounded up to a power of two, as the pool rents), so gathering
/// an oversized message allocates at most the limit plus one segment.
/// </remarks>
internal sealed class MessageAssembler
{
    private const int FirstSegmentSize = 16 * 1024;
    private const int LargestSegmentSize = 1024 * 1024;

    private readonly List<byte[]> _segments = [];
    private int _lastFilled;

    /// <summary>The bytes of the segments rented now (for tests and diagnostics).</summary>
    public long RentedBytes
    {
        get
        {
            long total = 0;
            foreach (var segment in _segments)
            {
                total += segment.Length;
            }

            return total;
        }
    }

    /// <summary>The bytes gathered so far.</summary>
    public long Length { get; private set; }

    /// <summary>Room for the next read: at most <paramref name="limit"/> minus what is gathered; empty at the limit.</summary>
    public Memory<byte> GetMemory(long limit)
    {
        var allowed = limit - Length;
        if (allowed <= 0)
        {
            return Memory<byte>.Empty;
        }

        if (_segments.Count == 0 || _lastFilled == _segments[^1].Length)
        {
            var size = _segments.Count == 0 ? FirstSegmentSize : Math.Min(_segments[^1].Length * 2, LargestSegmentSize);
            if (allowed < size)
            {
                size = (int)BitOperations.RoundUpToPowerOf2((uint)allowed);
            }

            _segments.Add(ArrayPool<byte>.Shared.Rent(size));
            _lastFilled = 0;
        }

        var segment = _segments[^1];
        return segment.AsMemory(_lastFilled, (int)Math.Min(segment.Length - _lastFilled, allowed));
    }

    /// <summary>Counts <paramref name="count"/> bytes just read into the memory from <see cref="GetMemory"/>.</summary>
    public void Advance(int count)
    {
        _lastFilled += count;
        Length += count;
    }

    /// <summary>Adds bytes read elsewhere (a message's first read).</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var memory = GetMemory(long.MaxValue);
            var n = Math.Min(memory.Length, bytes.Length);
            bytes[..n].CopyTo(memory.Span);
            Advance(n);
            bytes = bytes[n..];
        }
    }

    /// <summary>Copies the whole message into <paramref name="destination"/> (at least <see cref="Length"/> long).</summary>
    public void CopyTo(Span<byte> destination)
    {
        var offset = 0;
        for (var i = 0; i < _segments.Count; i++)
        {
            var count = i == _segments.Count - 1 ? _lastFilled : _segments[i].Length;
            _segments[i].AsSpan(0, count).CopyTo(destination[offset..]);
            offset += count;
        }
    }

    /// <summary>Returns every segment to the pool.</summary>
    public void Reset()
    {
        foreach (var segment in _segments)
        {
            ArrayPool<byte>.Shared.Return(segment);
        }

        _segments.Clear();
        _lastFilled = 0;
        Length = 0;
    }
}
