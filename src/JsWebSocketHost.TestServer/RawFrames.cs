using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;

namespace JsWebSocketHost.TestServer;

/// <summary>Hand-made WebSocket frames (RFC 6455 section 5.2) for the raw handler.</summary>
internal static class RawFrames
{
    public const byte TextOpcode = 0x1;
    public const byte CloseOpcode = 0x8;
    public const byte PingOpcode = 0x9;
    public const byte PongOpcode = 0xA;
    private const int MaxPayload = 16 * 1024 * 1024;

    /// <summary>Appends one unmasked server frame with FIN set.</summary>
    public static void WriteFrame(IBufferWriter<byte> output, byte opcode, ReadOnlySpan<byte> payload)
    {
        var header = output.GetSpan(10);
        header[0] = (byte)(0x80 | opcode);
        int headerLength;
        if (payload.Length < 126)
        {
            header[1] = (byte)payload.Length;
            headerLength = 2;
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            header[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)payload.Length);
            headerLength = 4;
        }
        else
        {
            header[1] = 127;
            BinaryPrimitives.WriteUInt64BigEndian(header[2..], (ulong)payload.Length);
            headerLength = 10;
        }

        output.Advance(headerLength);
        output.Write(payload);
    }

    /// <summary>
    /// Reads client frames until a Close frame (returned as its code, null for no status, and reason) or the end of
    /// the connection (returns <see langword="false"/>). Other frames are discarded.
    /// </summary>
    public static async Task<(bool Closed, int? Code, string Reason)> ReadUntilCloseAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            while (TryReadFrame(ref buffer, out var opcode, out var payload, out var tooBig))
            {
                if (tooBig)
                {
                    input.AdvanceTo(result.Buffer.End);
                    return (false, null, string.Empty);
                }

                if (opcode == CloseOpcode)
                {
                    input.AdvanceTo(buffer.Start);
                    return payload.Length >= 2
                        ? (true, BinaryPrimitives.ReadUInt16BigEndian(payload), Encoding.UTF8.GetString(payload.AsSpan(2)))
                        : (true, null, string.Empty);
                }
            }

            if (result.IsCompleted)
            {
                input.AdvanceTo(buffer.End);
                return (false, null, string.Empty);
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>
    /// Reads one client frame off <paramref name="buffer"/> (unmasked) and moves past it; false when it is not all
    /// there yet. <paramref name="tooBig"/>: its declared length is over 16 MiB (nothing is consumed).
    /// </summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out int opcode, out byte[] payload, out bool tooBig)
    {
        opcode = 0;
        payload = [];
        tooBig = false;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryRead(out var first) || !reader.TryRead(out var second))
        {
            return false;
        }

        long length = second & 0x7F;
        if (length == 126)
        {
            if (!reader.TryReadBigEndian(out short length16))
            {
                return false;
            }

            length = (ushort)length16;
        }
        else if (length == 127)
        {
            if (!reader.TryReadBigEndian(out long length64))
            {
                return false;
            }

            length = length64;
        }

        if (length is < 0 or > MaxPayload)
        {
            tooBig = true;
            return true;
        }

        Span<byte> mask = stackalloc byte[4];
        var masked = (second & 0x80) != 0;
        if ((masked && !reader.TryCopyTo(mask)) || reader.Remaining < length + (masked ? 4 : 0))
        {
            return false;
        }

        if (masked)
        {
            reader.Advance(4);
        }

        payload = reader.UnreadSequence.Slice(0, length).ToArray();
        reader.Advance(length);
        if (masked)
        {
            for (var i = 0; i < payload.Length; i++)
            {
                payload[i] ^= mask[i & 3];
            }
        }

        opcode = first & 0x0F;
        buffer = buffer.Slice(reader.Position);
        return true;
    }
}
