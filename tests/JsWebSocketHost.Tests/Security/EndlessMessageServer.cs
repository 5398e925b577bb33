using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace JsWebSocketHost.Tests.Security;

/// <summary>
/// A raw WebSocket server on 127.0.0.1 that answers one handshake and then sends one binary message that never ends:
/// either a single frame declaring a huge length, or 64 KiB fragments without end. It allocates nothing per frame,
/// so what the process allocates meanwhile is the client's doing. Bounded: it stops after
/// <see cref="MaxBytes"/> bytes, or when the client goes away. Records the status of the client's Close frame.
/// </summary>
internal sealed class EndlessMessageServer : IAsyncDisposable
{
    private const long MaxBytes = 1200L * 1024 * 1024;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _serving;
    private readonly bool _oneHugeFrame;

    public EndlessMessageServer(bool oneHugeFrame)
    {
        _oneHugeFrame = oneHugeFrame;
        _listener.Start();
        _serving = ServeAsync();
    }

    public string Url => $"ws://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

    /// <summary>The status code of the client's Close frame, once one was read (or -1 if none came).</summary>
    public TaskCompletionSource<int> ClientCloseStatus { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How many payload bytes the server wrote before the client stopped it.</summary>
    public long BytesSent { get; private set; }

    private async Task ServeAsync()
    {
        using var client = await _listener.AcceptTcpClientAsync();
        using var stream = client.GetStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var request = await ReadRequestHeadAsync(stream, timeout.Token);
        var key = request.Split("\r\n").First(l => l.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))[18..].Trim();
#pragma warning disable CA5350 // RFC 6455 section 4.2.2 defines the accept value with SHA-1.
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"), timeout.Token);

        var reading = ReadClientCloseAsync(stream, timeout.Token);
        var payload = new byte[64 * 1024];
        try
        {
            if (_oneHugeFrame)
            {
                // One binary frame declaring MaxBytes (64-bit length), then its payload.
                var header = new byte[10];
                header[0] = 0x82;
                header[1] = 127;
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(2), MaxBytes);
                await stream.WriteAsync(header, timeout.Token);
            }

            var first = true;
            while (BytesSent < MaxBytes && !reading.IsCompleted)
            {
                if (!_oneHugeFrame)
                {
                    // Binary (first) or continuation, never final; 64 KiB each.
                    await stream.WriteAsync(new byte[] { first ? (byte)0x02 : (byte)0x00, 127, 0, 0, 0, 0, 0, 1, 0, 0 }, timeout.Token);
                    first = false;
                }

                await stream.WriteAsync(payload, timeout.Token);
                BytesSent += payload.Length;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            // The client failed the connection: what it sent before is in the Close frame task.
        }

        await Task.WhenAny(reading, Task.Delay(2000));
        ClientCloseStatus.TrySetResult(-1);
    }

    private async Task ReadClientCloseAsync(NetworkStream stream, CancellationToken ct)
    {
        try
        {
            // A client Close frame: 0x88, masked length, mask, masked status.
            var frame = new byte[8];
            var read = 0;
            while (read < frame.Length)
            {
                var n = await stream.ReadAsync(frame.AsMemory(read), ct);
                if (n == 0)
                {
                    return;
                }

                read += n;
            }

            if (frame[0] == 0x88 && (frame[1] & 0x7F) >= 2)
            {
                ClientCloseStatus.TrySetResult(((frame[6] ^ frame[2]) << 8) | (frame[7] ^ frame[3]));
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
        }
    }

    private static async Task<string> ReadRequestHeadAsync(NetworkStream stream, CancellationToken ct)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, ct) == 0)
            {
                throw new IOException("The client went away during the handshake.");
            }

            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }

        _listener.Dispose();
    }
}
