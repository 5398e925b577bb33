using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;

namespace JsWebSocketHost.TestServer;

/// <summary>
/// <c>/ping-flood?count=N&amp;size=S</c>: N Ping frames and then one text message, in the same write as the 101; then
/// counts the client's Pongs and reports them in reply to each text message (RFC 6455 sections 5.5.2 and 5.5.3).
/// </summary>
/// <remarks>
/// Ping i carries S bytes: i as a 32-bit big-endian number, then 'p's. A Pong counts when it carries the payload of
/// a ping later than the last one counted (a client may answer only the most recent of several pings, RFC 6455
/// section 5.5.3). The reply to a text message is <c>pongs=K last=J</c>: K Pongs counted so far, J the index of the
/// last ping they answered (-1: none). A Close is answered with the same code and reason, then the connection ends.
/// </remarks>
internal static class PingFlood
{
    private const int MaxCount = 100_000;

    /// <summary>Appends the flood (after the 101): <c>count</c> pings, then the text <c>after N pings</c>.</summary>
    public static void WriteFlood(IBufferWriter<byte> output, QueryArgs query)
    {
        var (count, size) = Read(query);
        var payload = new byte[size];
        payload.AsSpan(4).Fill((byte)'p');
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(payload, i);
            RawFrames.WriteFrame(output, RawFrames.PingOpcode, payload);
        }

        RawFrames.WriteFrame(output, RawFrames.TextOpcode, Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"after {count} pings")));
    }

    /// <summary>
    /// Reads the client's frames until its Close (answered, and returned as code and reason, the code null for no
    /// status) or the end of the connection (null).
    /// </summary>
    public static async Task<(int? Code, string Reason)?> AnswerAsync(IDuplexPipe transport, QueryArgs query, CancellationToken cancellationToken)
    {
        var (count, size) = Read(query);
        var input = transport.Input;
        var pongs = 0;
        var last = -1;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var replies = new ArrayBufferWriter<byte>();
            (int? Code, string Reason)? close = null;
            while (close is null && RawFrames.TryReadFrame(ref buffer, out var opcode, out var payload, out var tooBig))
            {
                if (tooBig)
                {
                    input.AdvanceTo(result.Buffer.End);
                    return null;
                }

                switch (opcode)
                {
                    case RawFrames.PongOpcode when payload.Length == size && BinaryPrimitives.ReadInt32BigEndian(payload) is var index
                        && index > last && index < count && payload.AsSpan(4).IndexOfAnyExcept((byte)'p') < 0:
                        pongs++;
                        last = index;
                        break;
                    case RawFrames.TextOpcode:
                        RawFrames.WriteFrame(replies, RawFrames.TextOpcode,
                            Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"pongs={pongs} last={last}")));
                        break;
                    case RawFrames.CloseOpcode:
                        RawFrames.WriteFrame(replies, RawFrames.CloseOpcode, payload);
                        close = payload.Length >= 2
                            ? (BinaryPrimitives.ReadUInt16BigEndian(payload), Encoding.UTF8.GetString(payload.AsSpan(2)))
                            : (null, string.Empty);
                        break;
                }
            }

            if (replies.WrittenCount > 0)
            {
                await transport.Output.WriteAsync(replies.WrittenMemory, cancellationToken).ConfigureAwait(false);
            }

            if (close is not null)
            {
                input.AdvanceTo(buffer.Start);
                return close;
            }

            if (result.IsCompleted)
            {
                input.AdvanceTo(buffer.End);
                return null;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static (int Count, int Size) Read(QueryArgs query) =>
        (query.GetInt("count", 1000, 1, MaxCount), query.GetInt("size", 4, 4, 125));
}
