using System.Net;
using System.Net.Sockets;

namespace JsWebSocketHost.Tests.WebSockets;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a WebSocket server that counts the control frames the client sends (after
/// the HTTP head): what a test needs to see keep-alive frames, which no WebSocket API reports.
/// </summary>
internal sealed class FrameCountingRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly int _upstreamPort;
    private readonly Task _accepting;
    private int _pings;
    private int _pongs;

    public FrameCountingRelay(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener.Start();
        _accepting = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Ping frames (opcode 9) the client sent.</summary>
    public int Pings => Volatile.Read(ref _pings);

    /// <summary>Pong frames (opcode 10) the client sent: unsolicited ones are .NET's keep-alive.</summary>
    public int Pongs => Volatile.Read(ref _pongs);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
                var down = upstream.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
                var up = CountAndCopyAsync(client.GetStream(), upstream.GetStream());
                await Task.WhenAny(up, down);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
            {
                // One side went away.
            }
        }
    }

    // Copies client bytes upstream, following the HTTP head and then the frame headers.
    private async Task CountAndCopyAsync(Stream from, Stream to)
    {
        var buffer = new byte[8192];
        var headEnd = 0;          // how much of "\r\n\r\n" has been matched
        var header = new byte[14];
        var headerLength = 0;
        long payloadRemaining = 0;
        int read;
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var b = buffer[i];
                if (headEnd < 4)
                {
                    headEnd = b == (headEnd % 2 == 0 ? '\r' : '\n') ? headEnd + 1 : b == '\r' ? 1 : 0;
                    continue;
                }

                if (payloadRemaining > 0)
                {
                    payloadRemaining--;
                    continue;
                }

                header[headerLength++] = b;
                if (headerLength < 2)
                {
                    continue;
                }

                var length7 = header[1] & 0x7F;
                var needed = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + ((header[1] & 0x80) != 0 ? 4 : 0);
                if (headerLength < needed)
                {
                    continue;
                }

                var opcode = header[0] & 0x0F;
                if (opcode == 0x9)
                {
                    Interlocked.Increment(ref _pings);
                }
                else if (opcode == 0xA)
                {
                    Interlocked.Increment(ref _pongs);
                }

                payloadRemaining = length7 switch
                {
                    126 => (header[2] << 8) | header[3],
                    127 => (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(2, 8)),
                    _ => length7,
                };
                headerLength = 0;
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
