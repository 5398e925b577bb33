namespace JsWebSocketHost.WebSockets;

/// <summary>What the in-parallel connection tells the WebSocket object, in order, through the event loop.</summary>
internal enum WebSocketFeedbackKind
{
    /// <summary>The WebSocket connection is established (protocol and extensions known).</summary>
    Established,

    /// <summary>A whole text message arrived.</summary>
    TextMessage,

    /// <summary>A whole binary message arrived.</summary>
    BinaryMessage,

    /// <summary>The closing handshake started (the server's Close frame arrived).</summary>
    ClosingHandshakeStarted,

    /// <summary>Messages were handed to the network (a WebSocketStream's connection only); the count is taken from the
    /// connection.</summary>
    MessagesSent,

    /// <summary>The connection is closed; it was failed when <see cref="WebSocketFeedback.Failed"/>.</summary>
    Closed,
}

/// <summary>One piece of feedback: plain .NET data only, never script values.</summary>
internal readonly record struct WebSocketFeedback(
    WebSocketFeedbackKind Kind,
    string? Text = null,
    byte[]? Bytes = null,
    long Count = 0,
    ushort Code = 0,
    bool WasClean = false,
    bool Failed = false,
    string? Extensions = null);
