namespace JsWebSocketHost.WebSockets;

/// <summary>The loop-side half of a WebSocket: receives the connection's feedback, one item per loop task.</summary>
internal interface IWebSocketFeedbackSink
{
    /// <summary>Handles one piece of feedback. Runs on the event loop.</summary>
    void OnFeedback(in WebSocketFeedback feedback);
}
