using System.Net;
using System.Net.Sockets;
using System.Text;

namespace JsWebSocketHost.Tests.WebSockets;

/// <summary>
/// A minimal HTTP CONNECT proxy on 127.0.0.1 for tests: it answers CONNECT with 200, then relays bytes both ways,
/// and records the targets it was asked for. It tunnels only to loopback addresses.
/// </summary>
internal sealed class ConnectProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public ConnectProxy()
    {
        _listener.Start();
        _accepting = AcceptLoopAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public System.Collections.Concurrent.ConcurrentQueue<string> Targets { get; } = new();

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

            _ = Task.Run(() => TunnelAsync(client));
        }
    }

    private async Task TunnelAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one, _stop.Token) == 1)
            {
                head.Append((char)one[0]);
            }

            var requestLine = head.ToString().Split("\r\n")[0].Split(' ');
            if (requestLine.Length < 2 || requestLine[0] != "CONNECT" || !requestLine[1].StartsWith("127.0.0.1:", StringComparison.Ordinal))
            {
                await stream.WriteAsync("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), _stop.Token);
                return;
            }

            Targets.Enqueue(requestLine[1]);
            using var upstream = new TcpClient();
            await upstream.ConnectAsync(IPAddress.Loopback, int.Parse(requestLine[1].AsSpan(10), System.Globalization.CultureInfo.InvariantCulture), _stop.Token);
            await stream.WriteAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), _stop.Token);
            var upstreamStream = upstream.GetStream();
            var up = stream.CopyToAsync(upstreamStream, _stop.Token);
            var down = upstreamStream.CopyToAsync(stream, _stop.Token);
            try
            {
                await Task.WhenAny(up, down);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
                // One side went away.
            }
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
