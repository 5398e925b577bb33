namespace JsWebSocketHost.WebSockets;

/// <summary>What a connection is for, as the script asked: its ws/wss URL and the URL's serialized host and port.</summary>
internal sealed record ConnectionTarget(Uri Url, string Host, int Port)
{
    /// <summary>A target read back from a handshake request (http/https) when no registered one came with it.</summary>
    public static ConnectionTarget From(Uri requestUri)
    {
        var builder = new UriBuilder(requestUri) { Scheme = requestUri.Scheme == Uri.UriSchemeHttps ? "wss" : "ws" };
        return new ConnectionTarget(builder.Uri, requestUri.IdnHost, requestUri.Port);
    }
}
