using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JsWebSocketHost.WebSockets;

/// <summary>What the transport's connections log through, and the ids that tell them apart in the log.</summary>
internal sealed partial class WebSocketTransport
{
    private long _nextConnectionId;

    /// <summary>The logger of <see cref="Hosting.ScriptHostDiagnostics.WebSocketsLogCategory"/>; a null logger when the host logs nothing.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>A new connection id, unique within this transport (1, 2, ...), for the log.</summary>
    public long NewConnectionId() => Interlocked.Increment(ref _nextConnectionId);
}
