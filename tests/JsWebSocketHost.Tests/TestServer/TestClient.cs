using System.Net.WebSockets;
using System.Text;

namespace JsWebSocketHost.Tests.TestServer;

/// <summary>A real <see cref="ClientWebSocket"/> against the test server, with whole-message helpers.</summary>
internal static class TestClient
{
    /// <summary>Every test's bound: nothing here should take more than a few seconds.</summary>
    public static CancellationTokenSource Timeout() => new(TimeSpan.FromSeconds(5));

    public static ClientWebSocket Create(Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        configure?.Invoke(socket.Options);
        return socket;
    }

    public static async Task<ClientWebSocket> ConnectAsync(
        Uri uri, CancellationToken ct, Action<ClientWebSocketOptions>? configure = null, HttpMessageInvoker? invoker = null)
    {
        var socket = Create(configure);
        try
        {
            await socket.ConnectAsync(uri, invoker, ct);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static Task SendTextAsync(WebSocket socket, string text, CancellationToken ct) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, ct);

    /// <summary>Receives one whole message, or the Close (type Close, no data).</summary>
    public static async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveMessageAsync(WebSocket socket, CancellationToken ct)
    {
        using var data = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), ct);
            data.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return (result.MessageType, data.ToArray());
            }
        }
    }

    public static async Task<string> ReceiveTextAsync(WebSocket socket, CancellationToken ct)
    {
        var (type, data) = await ReceiveMessageAsync(socket, ct);
        Assert.That(type, Is.EqualTo(WebSocketMessageType.Text));
        return Encoding.UTF8.GetString(data);
    }
}
