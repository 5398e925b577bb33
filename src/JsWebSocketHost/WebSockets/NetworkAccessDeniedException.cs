namespace JsWebSocketHost.WebSockets;

/// <summary>The network policy denied a connection; the connection fails as a network error does.</summary>
internal sealed class NetworkAccessDeniedException : System.Net.Http.HttpRequestException
{
    public NetworkAccessDeniedException(string message)
        : base(message)
    {
    }

    public NetworkAccessDeniedException()
    {
    }

    public NetworkAccessDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
