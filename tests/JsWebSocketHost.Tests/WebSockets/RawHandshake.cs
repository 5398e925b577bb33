using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace JsWebSocketHost.Tests.WebSockets;

/// <summary>The server side of an opening handshake on a plain socket, for tests whose server writes frames by hand.</summary>
internal static class RawHandshake
{
    /// <summary>Reads the client's request head and answers 101 with the accept value of RFC 6455 section 4.2.2.</summary>
    public static async Task AcceptAsync(Socket client)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await client.ReceiveAsync(one) == 1)
        {
            head.Append((char)one[0]);
        }

        var key = head.ToString().Split("\r\n").First(l => l.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))[18..].Trim();
#pragma warning disable CA5350 // RFC 6455 section 4.2.2 defines the accept value with SHA-1.
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350
        await client.SendAsync(Encoding.ASCII.GetBytes(
            $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"));
    }
}
