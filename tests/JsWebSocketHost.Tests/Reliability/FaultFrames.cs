using System.Buffers.Binary;
using System.Text;

namespace JsWebSocketHost.Tests.Reliability;

/// <summary>
/// Server frames for <c>/raw-after-101?hex=…</c>, built by what they are (RFC 6455 section 5.2), so each fault case
/// reads as what the server sends. Unmasked unless said, FIN set unless said.
/// </summary>
internal static class FaultFrames
{
    public const byte Continuation = 0x0;
    public const byte TextOpcode = 0x1;
    public const byte BinaryOpcode = 0x2;
    public const byte CloseOpcode = 0x8;
    public const byte PingOpcode = 0x9;
    public const byte PongOpcode = 0xA;

    /// <summary>The reserved bits of the first byte.</summary>
    public const byte Rsv1 = 0x40;
    public const byte Rsv2 = 0x20;
    public const byte Rsv3 = 0x10;

    /// <summary>Any frame: the header as given (the payload length in its shortest form), then the payload.</summary>
    public static byte[] Frame(byte opcode, ReadOnlySpan<byte> payload, bool fin = true, byte rsv = 0, bool masked = false)
    {
        var header = new List<byte> { (byte)((fin ? 0x80 : 0) | rsv | opcode) };
        var mask = masked ? (byte)0x80 : (byte)0;
        if (payload.Length < 126)
        {
            header.Add((byte)(mask | payload.Length));
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            header.Add((byte)(mask | 126));
            header.Add((byte)(payload.Length >> 8));
            header.Add((byte)payload.Length);
        }
        else
        {
            header.Add((byte)(mask | 127));
            var length = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(length, (ulong)payload.Length);
            header.AddRange(length);
        }

        var body = payload.ToArray();
        if (masked)
        {
            byte[] key = [0x37, 0xFA, 0x21, 0x3D];
            header.AddRange(key);
            for (var i = 0; i < body.Length; i++)
            {
                body[i] ^= key[i & 3];
            }
        }

        return [.. header, .. body];
    }

    public static byte[] Text(string text, bool fin = true) => Frame(TextOpcode, Encoding.UTF8.GetBytes(text), fin);

    /// <summary>A text frame carrying exactly these bytes (which need not be UTF-8).</summary>
    public static byte[] TextBytes(byte[] payload, bool fin = true, byte rsv = 0) => Frame(TextOpcode, payload, fin, rsv);

    public static byte[] More(string text, bool fin = true) => Frame(Continuation, Encoding.UTF8.GetBytes(text), fin);

    public static byte[] MoreBytes(byte[] payload, bool fin = true) => Frame(Continuation, payload, fin);

    public static byte[] Ping(int length = 0, bool fin = true) => Frame(PingOpcode, new byte[length], fin);

    /// <summary>A Close frame with a status code and a UTF-8 reason.</summary>
    public static byte[] Close(int code, string reason = "") => CloseBody([.. Code(code), .. Encoding.UTF8.GetBytes(reason)]);

    /// <summary>A Close frame with exactly this body (which may be no valid Close body at all).</summary>
    public static byte[] CloseBody(byte[] body) => Frame(CloseOpcode, body);

    /// <summary>A status code as the two bytes of a Close body.</summary>
    public static byte[] Code(int code) => [(byte)(code >> 8), (byte)code];

    /// <summary>The first <paramref name="count"/> bytes of <paramref name="frame"/>: a frame cut short.</summary>
    public static byte[] Cut(byte[] frame, int count) => frame[..count];

    /// <summary>Frames in one row, as the <c>hex</c> query parameter.</summary>
    public static string Hex(params byte[][] frames) => Convert.ToHexString([.. frames.SelectMany(f => f)]);
}
