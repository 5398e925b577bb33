using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace JsWebSocketHost.Tests.Reliability;

/// <summary>
/// The wire fuzzer's server, on 127.0.0.1: for <c>GET /case/N</c> it answers a correct 101 (no subprotocol, no
/// extension), sends case N's bytes exactly, then ends the TCP connection as the case says, reading what the client
/// sends meanwhile (its Close frame's status, its pongs).
/// </summary>
internal sealed class RawFrameServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Func<int, (WireCase Case, bool AwaitClientClose)?> _cases;
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _accepting;

    /// <param name="cases">The case for an index, and whether to wait for the client's Close before FIN (a clean close is due).</param>
    public RawFrameServer(Func<int, (WireCase Case, bool AwaitClientClose)?> cases)
    {
        _cases = cases;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary><c>ws://127.0.0.1:PORT</c>.</summary>
    public string BaseUrl => string.Create(CultureInfo.InvariantCulture, $"ws://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>What the server saw of each case's client, by case index.</summary>
    public ConcurrentDictionary<int, ClientSide> Seen { get; } = new();

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
                _connections.Add(ServeAsync(client));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        var seen = new ClientSide();
        var index = -1;
        try
        {
            using var _ = client;
            client.NoDelay = true;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(20));
            var ct = timeout.Token;
            var stream = client.GetStream();
            var head = await ReadHeadAsync(stream, ct);
            var target = head.Split(' ', 3)[1];
            index = int.Parse(target["/case/".Length..], CultureInfo.InvariantCulture);
            Seen[index] = seen;
            if (_cases(index) is not { } entry)
            {
                return;
            }

            var (wireCase, awaitClientClose) = entry;

            var key = head.Split("\r\n").First(l => l.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))[18..].Trim();
#pragma warning disable CA5350 // RFC 6455 section 4.2.2 defines the accept value with SHA-1.
            var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"), ct);

            var reading = ReadClientAsync(stream, seen, ct);
            try
            {
                var start = 0;
                foreach (var split in wireCase.Splits.Append(wireCase.Bytes.Length))
                {
                    await stream.WriteAsync(wireCase.Bytes.AsMemory(start, split - start), ct);
                    start = split;
                    if (split < wireCase.Bytes.Length)
                    {
                        await Task.Delay(3, ct);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException)
            {
                // The client failed the connection before the last write and went: what it sent first (its Close)
                // is still to be read.
                await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(5), ct));
                return;
            }

            if (wireCase.Reset)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Client.Close();
                await Task.WhenAny(reading);
                return;
            }

            if (awaitClientClose)
            {
                await Task.WhenAny(seen.CloseRead.Task, reading, Task.Delay(TimeSpan.FromSeconds(5), ct));
            }

            client.Client.Shutdown(SocketShutdown.Send);
            await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(8), ct));
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or reset: what it sent before is recorded.
        }
        catch (Exception ex)
        {
            seen.Problems.Add("server: " + ex.GetType().Name + ": " + ex.Message);
        }
        finally
        {
            seen.Done.TrySetResult();
        }
    }

    // Client frames: each must be masked. Records the Close frame's status (-1 for none in it) and the pongs.
    private static async Task ReadClientAsync(NetworkStream stream, ClientSide seen, CancellationToken ct)
    {
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        try
        {
            while (true)
            {
                var n = await stream.ReadAsync(chunk, ct);
                if (n == 0)
                {
                    return;
                }

                buffer.AddRange(chunk.AsSpan(0, n));
                while (TryTakeFrame(buffer, seen))
                {
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private static bool TryTakeFrame(List<byte> buffer, ClientSide seen)
    {
        if (buffer.Count < 2)
        {
            return false;
        }

        var length7 = buffer[1] & 0x7F;
        var extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        var masked = (buffer[1] & 0x80) != 0;
        var headerLength = 2 + extended + (masked ? 4 : 0);
        if (buffer.Count < headerLength)
        {
            return false;
        }

        var bytes = buffer.ToArray();
        var length = length7 switch
        {
            126 => BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(2)),
            127 => (long)BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(2)),
            _ => length7,
        };
        if (length < 0 || length > 1 << 24)
        {
            seen.Problems.Add($"client: a frame of length {length}");
            buffer.Clear();
            return false;
        }

        if (buffer.Count < headerLength + length)
        {
            return false;
        }

        var payload = bytes.AsSpan(headerLength, (int)length).ToArray();
        if (masked)
        {
            for (var i = 0; i < payload.Length; i++)
            {
                payload[i] ^= bytes[2 + extended + (i % 4)];
            }
        }
        else
        {
            seen.Problems.Add("client: an unmasked frame (RFC 6455 section 5.3)");
        }

        var opcode = bytes[0] & 0x0F;
        seen.Frames++;
        if (opcode == 0x8)
        {
            seen.CloseCode = payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(payload) : -1;
            seen.CloseRead.TrySetResult();
        }
        else if (opcode == 0xA)
        {
            seen.Pongs.Add(payload);
        }
        else if (seen.CloseCode is not null)
        {
            seen.Problems.Add($"client: a frame with opcode {opcode:X} after its Close");
        }

        buffer.RemoveRange(0, headerLength + (int)length);
        return true;
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream, CancellationToken ct)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (head.Length > 16_384 || await stream.ReadAsync(one, ct) == 0)
            {
                throw new IOException("No complete request head.");
            }

            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        await Task.WhenAll(_connections);
        _listener.Dispose();
        _stopping.Dispose();
    }

    /// <summary>What the server read from one case's client.</summary>
    public sealed class ClientSide
    {
        /// <summary>The status of the client's Close frame: -1 for a Close with no status, null for no Close.</summary>
        public int? CloseCode { get; set; }

        /// <summary>The payloads of the client's pongs, in order.</summary>
        public List<byte[]> Pongs { get; } = [];

        /// <summary>How many whole frames the client sent.</summary>
        public int Frames { get; set; }

        /// <summary>Anything wrong the server saw (unmasked frames, frames after the client's Close, its own errors).</summary>
        public ConcurrentBag<string> Problems { get; } = [];

        /// <summary>Set when the client's Close frame was read.</summary>
        public TaskCompletionSource CloseRead { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Set when the server is done with the connection.</summary>
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
