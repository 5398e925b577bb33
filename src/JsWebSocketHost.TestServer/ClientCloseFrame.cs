namespace JsWebSocketHost.TestServer;

/// <summary>A Close frame that a client sent to <see cref="WebSocketTestServer"/>, as the server read it off the wire.</summary>
/// <remarks>
/// Recorded for every WebSocket behaviour that reads the client's frames, so tests can check what a client's
/// <c>close()</c> put on the wire, including a Close frame with no status code at all, which
/// <see cref="System.Net.WebSockets.WebSocket.CloseStatus"/> cannot tell apart from 1000.
/// </remarks>
public sealed class ClientCloseFrame
{
    /// <summary>Creates a record of a received Close frame.</summary>
    /// <param name="requestTarget">The request's path and query, for example <c>/echo?protocol=chat</c>.</param>
    /// <param name="code">The status code, or <see langword="null"/> when the frame had no payload.</param>
    /// <param name="reason">The UTF-8 decoded reason; empty when absent.</param>
    public ClientCloseFrame(string requestTarget, int? code, string reason)
    {
        RequestTarget = requestTarget;
        Code = code;
        Reason = reason;
    }

    /// <summary>The path and query of the request that opened the connection, for example <c>/echo?protocol=chat</c>.</summary>
    public string RequestTarget { get; }

    /// <summary>The status code the frame carried, or <see langword="null"/> when its payload was empty (no status).</summary>
    public int? Code { get; }

    /// <summary>The reason the frame carried, UTF-8 decoded; empty when the frame had none.</summary>
    public string Reason { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        Code is { } code
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{RequestTarget}: {code} \"{Reason}\"")
            : $"{RequestTarget}: no status";
}
