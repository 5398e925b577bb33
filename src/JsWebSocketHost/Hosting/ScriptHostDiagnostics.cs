namespace JsWebSocketHost.Hosting;

/// <summary>
/// The names under which the library reports on itself: its log categories (see
/// <see cref="ScriptHostOptions.LoggerFactory"/>) and its <see cref="System.Diagnostics.Metrics.Meter"/>. The event
/// ids and the instruments are listed in docs/logging.md.
/// </summary>
public static class ScriptHostDiagnostics
{
    /// <summary>The category of the host's own events (1xx): runs, uncaught errors, limits, policy denials.</summary>
    public const string ScriptHostLogCategory = "JsWebSocketHost.ScriptHost";

    /// <summary>The category of WebSocket connection events (2xx): connect, open, close, failure with its cause.</summary>
    public const string WebSocketsLogCategory = "JsWebSocketHost.WebSockets";

    /// <summary>
    /// The name of the library's one <see cref="System.Diagnostics.Metrics.Meter"/>, shared by every host in the
    /// process: connection counters (<c>jsws.websocket.*</c>) and the event loop's task queue delay
    /// (<c>jsws.loop.task_queue_delay</c>).
    /// </summary>
    public const string MeterName = "JsWebSocketHost";
}
