using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace JsWebSocketHost.Tests.TestServer;

/// <summary>
/// A minimal hand-written WebSocket client, for frames <see cref="System.Net.WebSockets.ClientWebSocket"/> cannot send
/// (a Close with no status) and for reading the server's frames exactly as they are.
/// </summary>
internal sealed class RawWebSocketClient : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly MemoryStream _pending = new();

    private RawWebSocketClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public string ResponseHead { get; private set; } = string.Empty;

    public static async Task<RawWebSocketClient> ConnectAsync(Uri url, CancellationToken ct)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync("127.0.0.1", url.Port, ct);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }

        var client = new RawWebSocketClient(tcp);
        try
        {
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            var request = $"GET {url.PathAndQuery} HTTP/1.1\r\nHost: 127.0.0.1:{url.Port}\r\nUpgrade: websocket\r\n" +
                $"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
            await client._stream.WriteAsync(Encoding.ASCII.GetBytes(request), ct);
            client.ResponseHead = await client.ReadHeadAsync(ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Sends one masked frame with FIN set (payloads under 126 bytes).</summary>
    public async Task SendFrameAsync(byte opcode, byte[] payload, CancellationToken ct)
    {
        var mask = RandomNumberGenerator.GetBytes(4);
        var frame = new byte[6 + payload.Length];
        frame[0] = (byte)(0x80 | opcode);
        frame[1] = (byte)(0x80 | payload.Length);
        mask.CopyTo(frame, 2);
        for (var i = 0; i < payload.Length; i++)
        {
            frame[6 + i] = (byte)(payload[i] ^ mask[i & 3]);
        }

        await _stream.WriteAsync(frame, ct);
    }

    /// <summary>Reads one server frame (unmasked, payloads under 64 KiB).</summary>
    public async Task<(int Opcode, bool Fin, byte[] Payload)> ReadFrameAsync(CancellationToken ct)
    {
        var head = await ReadExactlyAsync(2, ct);
        int length = head[1] & 0x7F;
        if (length == 126)
        {
            length = BinaryPrimitives.ReadUInt16BigEndian(await ReadExactlyAsync(2, ct));
        }

        return (head[0] & 0x0F, (head[0] & 0x80) != 0, await ReadExactlyAsync(length, ct));
    }

    public void Dispose()
    {
        _stream.Dispose();
        _tcp.Dispose();
        _pending.Dispose();
    }

    private async Task<string> ReadHeadAsync(CancellationToken ct)
    {
        var buffer = new byte[4096];
        while (true)
        {
            var read = await _stream.ReadAsync(buffer, ct);
            if (read == 0)
            {
                throw new IOException("The server closed the connection during the handshake.");
            }

            _pending.Write(buffer, 0, read);
            var bytes = _pending.ToArray();
            var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                _pending.SetLength(0);
                _pending.Write(bytes, end + 4, bytes.Length - end - 4);
                return Encoding.ASCII.GetString(bytes, 0, end);
            }
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken ct)
    {
        var result = new byte[count];
        var fromPending = (int)Math.Min(count, _pending.Length);
        if (fromPending > 0)
        {
            var pending = _pending.ToArray();
            Array.Copy(pending, result, fromPending);
            _pending.SetLength(0);
            _pending.Write(pending, fromPending, pending.Length - fromPending);
        }

        await _stream.ReadExactlyAsync(result.AsMemory(fromPending), ct);
        return result;
    }
}
