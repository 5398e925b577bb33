using JsWebSocketHost.WebSockets;

namespace JsWebSocketHost.Tests.Reliability;

/// <summary>
/// One row of the fault matrix: what the server does (a behaviour of the test server), what the script does, and the
/// exact events the script must see, each as <c>type readyState bufferedAmount …</c> recorded inside its handler.
/// </summary>
/// <param name="Name">The test's name, a sentence.</param>
/// <param name="Path">The behaviour's path and query; a unique <c>id</c> is added to tell connections apart.</param>
/// <param name="Events">The expected events, as <see cref="FaultScript"/> records them.</param>
public sealed record FaultCase(string Name, string Path, IReadOnlyList<string> Events)
{
    /// <summary>Whether the fault also applies over HTTP/2 (never for raw behaviours).</summary>
    public bool OverHttp2 { get; init; }

    /// <summary>Script run in the <c>open</c> handler after it is recorded (<c>ws</c> is the socket).</summary>
    public string OnOpen { get; init; } = "";

    /// <summary>Script run in the <c>message</c> handler after it is recorded (<c>ws</c>, and the event <c>e</c>).</summary>
    public string OnMessage { get; init; } = "";

    /// <summary>
    /// The status code of the Close frame the server must read from the client, over either transport (after a
    /// failure too: the client reads on until the server closes); null: not checked.
    /// </summary>
    public int? ClientCloseCode { get; init; }

    /// <summary>The least time from <c>new WebSocket()</c> to the <c>close</c> event (a timeout that must be waited out).</summary>
    public TimeSpan AtLeast { get; init; }

    /// <summary>The host's WebSocket options for this case (timeouts, limits, permessage-deflate).</summary>
    public Action<WebSocketHostOptions>? Configure { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
