namespace JsWebSocketHost.TestServer;

/// <summary>A request the server refuses with 400 Bad Request, before any upgrade, with this message as the body.</summary>
internal sealed class BadRequestException : Exception
{
    public BadRequestException()
    {
    }

    public BadRequestException(string message)
        : base(message)
    {
    }

    public BadRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
