using System.Buffers;
using System.Net.WebSockets;

namespace JsWebSocketHost.TestServer;

/// <summary>The server's side of one accepted WebSocket: whole-message receive, echo, and both closing handshakes.</summary>
/// <remarks>
/// The client's Close frame is recorded by the <see cref="FrameObservingStream"/> under the socket, as it was on the
/// wire. A Close with no status is written on that stream directly, since <see cref="WebSocket"/> would send 1005.
/// </remarks>
internal sealed class ServerSession : IDisposable
{
    /// <summary>A larger message is refused with 1009 (Message Too Big).</summary>
    public const int MaxMessageBytes = 16 * 1024 * 1024;

    private readonly FrameObservingStream _observer;

    public ServerSession(WebSocket socket, FrameObservingStream observer)
    {
        Socket = socket;
        _observer = observer;
    }

    public WebSocket Socket { get; }

    public void Dispose() => Socket.Dispose();

    /// <summary>
    /// Receives one whole message into <paramref name="message"/> (cleared first). Returns its type,
    /// <see cref="WebSocketMessageType.Close"/> when the client's Close arrived (not yet answered), or
    /// <see langword="null"/> when the message was too big and the session has been closed with 1009.
    /// </summary>
    public async Task<WebSocketMessageType?> ReceiveMessageAsync(ArrayBufferWriter<byte> message, CancellationToken cancellationToken)
    {
        message.ResetWrittenCount();
        while (true)
        {
            if (message.WrittenCount >= MaxMessageBytes)
            {
                await CloseAndWaitAsync(WebSocketCloseStatus.MessageTooBig, "Message too big", cancellationToken).ConfigureAwait(false);
                return null;
            }

            var result = await Socket.ReceiveAsync(message.GetMemory(16 * 1024), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return WebSocketMessageType.Close;
            }

            message.Advance(result.Count);
            if (result.EndOfMessage)
            {
                return result.MessageType;
            }
        }
    }

    /// <summary>
    /// Echoes whole messages until the client closes (answered after <paramref name="closeReplyDelay"/>, or never) or
    /// sends the text "Goodbye" (then the server closes 1000 "Goodbye").
    /// </summary>
    public async Task EchoAsync(TimeSpan closeReplyDelay, bool neverReplyClose, CancellationToken cancellationToken)
    {
        var message = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var type = await ReceiveMessageAsync(message, cancellationToken).ConfigureAwait(false);
            switch (type)
            {
                case null:
                    return;
                case WebSocketMessageType.Close:
                    await AnswerCloseAsync(closeReplyDelay, neverReplyClose, cancellationToken).ConfigureAwait(false);
                    return;
                case WebSocketMessageType.Text when message.WrittenSpan.SequenceEqual("Goodbye"u8):
                    await CloseAndWaitAsync(WebSocketCloseStatus.NormalClosure, "Goodbye", cancellationToken).ConfigureAwait(false);
                    return;
                default:
                    await Socket.SendAsync(message.WrittenMemory, type.Value, endOfMessage: true, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>Answers the client's Close with the same code and reason (no status when it had none).</summary>
    public async Task AnswerCloseAsync(TimeSpan delay, bool never, CancellationToken cancellationToken)
    {
        if (never)
        {
            // Keep the TCP connection open, reading and dropping whatever comes, until the client goes away.
            await _observer.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }

        if (_observer.ReceivedEmptyClose)
        {
            await _observer.WriteEmptyCloseAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await Socket.CloseOutputAsync(Socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, Socket.CloseStatusDescription, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the closing handshake, with no status when <paramref name="status"/> is null, and waits for the
    /// client's Close; messages that arrive first are dropped.
    /// </summary>
    public async Task CloseAndWaitAsync(WebSocketCloseStatus? status, string reason, CancellationToken cancellationToken)
    {
        if (status is { } code)
        {
            await Socket.CloseAsync(code, reason, cancellationToken).ConfigureAwait(false);
            return;
        }

        await _observer.WriteEmptyCloseAsync(cancellationToken).ConfigureAwait(false);
        var sink = new byte[4096];
        while ((await Socket.ReceiveAsync(sink.AsMemory(), cancellationToken).ConfigureAwait(false)).MessageType != WebSocketMessageType.Close)
        {
        }
    }
}
