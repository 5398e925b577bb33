namespace JsWebSocketHost.WebSockets;

/// <summary>What the <c>WebSocket</c> interface needs of its host: the loop, the transport and the API base URL.</summary>
internal interface IWebSocketEnvironment
{
    /// <summary>The event loop the connections report to.</summary>
    Hosting.EventLoop Loop { get; }

    /// <summary>The network seam every connection of this host opens through.</summary>
    WebSocketTransport WebSocketTransport { get; }

    /// <summary>The API base URL that relative WebSocket URLs resolve against, or null.</summary>
    Url.UrlRecord? BaseUrlRecord { get; }
}
