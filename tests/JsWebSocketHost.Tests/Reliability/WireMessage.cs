using System.Globalization;
using System.Text;

namespace JsWebSocketHost.Tests.Reliability;

/// <summary>One message a client must deliver: text (valid UTF-8) or binary, with its bytes.</summary>
/// <param name="Text">True for a text message.</param>
/// <param name="Payload">The message's bytes (UTF-8 for text).</param>
internal sealed record WireMessage(bool Text, byte[] Payload)
{
    /// <summary>
    /// The line the client script logs for this message: its kind, length, FNV-1a hash (over UTF-16 code units for
    /// text, bytes for binary) and start, so a large message is compared exactly without printing it.
    /// </summary>
    public string Event()
    {
        if (Text)
        {
            var text = Encoding.UTF8.GetString(Payload);
            var hash = 0x811C9DC5u;
            foreach (var c in text)
            {
                hash = (hash ^ c) * 0x01000193u;
            }

            return string.Create(CultureInfo.InvariantCulture, $"text {text.Length} {hash} {Units(text.Length > 8 ? text[..8] : text)}");
        }

        var bytesHash = 0x811C9DC5u;
        foreach (var b in Payload)
        {
            bytesHash = (bytesHash ^ b) * 0x01000193u;
        }

        return string.Create(CultureInfo.InvariantCulture, $"binary {Payload.Length} {bytesHash} {Convert.ToHexString(Payload.AsSpan(0, Math.Min(8, Payload.Length)))}");
    }

    /// <summary>The line the client script logs for a close event.</summary>
    public static string CloseEvent(int code, string reason, bool wasClean) =>
        string.Create(CultureInfo.InvariantCulture, $"close {code} {Units(reason)} {(wasClean ? "clean" : "not clean")}");

    // UTF-16 code units as hex, four digits each (the script writes them the same way; no JSON escaping to match).
    private static string Units(string text) =>
        text.Length == 0 ? "-" : string.Concat(text.Select(c => ((int)c).ToString("X4", CultureInfo.InvariantCulture)));
}
