using System.Buffers;
using System.Net.WebSockets;

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
    /// <summary>Returns the pooled array, if any.</summary>
    public void Release()
    {
        if (PooledArray is not null)
        {
            ArrayPool<byte>.Shared.Return(PooledArray);
        }
    }
}
