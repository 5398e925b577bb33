namespace JsWebSocketHost.WebSockets;

/// <summary>
/// What the transport and its connections tell the host about themselves, for the host's own view (events, logs,
/// results): things the script is not allowed to see beyond the spec's error and close 1006. Called from any thread.
/// </summary>
internal interface IConnectionMonitor
{
    /// <summary>A connection, a message or a buffer passed one of the host's limits.</summary>
    void OnLimitReached(string limit, string message);

    /// <summary>The network policy denied a connection (before DNS, or for one of the addresses it resolved to).</summary>
    void OnNetworkAccessDenied(NetworkAccessDeniedEventArgs denial);
}
