using System.Security.Cryptography;
using System.Text;

namespace JsWebSocketHost.TestServer;

/// <summary>The Sec-WebSocket-Accept value of RFC 6455 section 4.2.2.</summary>
internal static class WebSocketAccept
{
    public const string Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>base64(SHA-1(key + GUID)).</summary>
    public static string For(string key) => Hash(key + Guid);

    /// <summary>A deliberately wrong value: base64(SHA-1(key)), the GUID left out.</summary>
    public static string WrongFor(string key) => Hash(key);

#pragma warning disable CA5350 // RFC 6455 mandates SHA-1 here; it is not used for security.
    private static string Hash(string text) => Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(text)));
#pragma warning restore CA5350
}
