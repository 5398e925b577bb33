using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace JsWebSocketHost.WebSockets;

/// <summary>
/// A message queued by <c>send()</c> (or the Close frame queued by <c>close()</c>): its bytes, and the pooled array
/// to return once they are on the wire (null when the bytes are shared, immutable memory such as a Blob's).
/// <see cref="IsReply"/> marks the Close frame that answers the server's.
/// </summary>
internal readonly record struct OutgoingMessage(
    ReadOnlyMemory<byte> Data,
    byte[]? PooledArray,
    WebSocketMessageType Type,
    bool IsClose = false,
    WebSocketCloseStatus? CloseStatus = null,
    string? CloseReason = null,
    bool IsReply = false)
{
    /// <summary>A binary message of a copy of <paramref name="bytes"/>, in a pooled array.</summary>
    public static OutgoingMessage Copy(ReadOnlySpan<byte> bytes)
    {
        var array = ArrayPool<byte>.Shared.Rent(Math.Max(bytes.Length, 1));
        bytes.CopyTo(array);
        return new OutgoingMessage(array.AsMemory(0, bytes.Length), array, WebSocketMessageType.Binary);
    }

    /// <summary>A text message of <paramref name="text"/> in UTF-8, in a pooled array (Encoding.UTF8 turns lone
    /// surrogates into U+FFFD, as the USVString conversion does).</summary>
    public static OutgoingMessage Utf8(string text)
    {
        var array = ArrayPool<byte>.Shared.Rent(Math.Max(Encoding.UTF8.GetMaxByteCount(text.Length), 1));
        var length = Encoding.UTF8.GetBytes(text, array);
        return new OutgoingMessage(array.AsMemory(0, length), array, WebSocketMessageType.Text);
    }

    /// <summary>Returns the pooled array, if any.</summary>
    public void Release()
    {
        if (PooledArray is not null)
        {
            ArrayPool<byte>.Shared.Return(PooledArray);
        }
    }
}
