namespace JsWebSocketHost.Tests.Reliability;

/// <summary>
/// A state a socket can be in when its run is cancelled: the server behaviour it talks to, where the relay in
/// between holds the bytes, the script, and how to tell that the state has been reached.
/// </summary>
/// <param name="Name">What the socket is doing, as a test name reads it.</param>
/// <param name="PathAndQuery">The test server behaviour.</param>
/// <param name="Body">The script; <c>URL</c> stands for the socket's URL. It keeps the loop alive with an interval, so
/// that only the cancellation can end the run.</param>
/// <param name="Marker">The line the script prints once it has put the socket in the state.</param>
/// <param name="StallUpstreamAfter">Client-to-server bytes the relay passes before it stops reading (-1: never).</param>
/// <param name="StallDownstreamAfter">Server-to-client bytes the relay passes before it stops reading (-1: never).</param>
/// <param name="NeedsRequestSent">The state is reached only once the opening handshake's request has reached the relay.</param>
internal sealed record CancellationState(
    string Name,
    string PathAndQuery,
    string Body,
    string Marker,
    long StallUpstreamAfter = -1,
    long StallDownstreamAfter = -1,
    bool NeedsRequestSent = false)
{
    private const int Mebibyte = 1024 * 1024;

    /// <summary>Every state the cancellation tests cover.</summary>
    public static IReadOnlyList<CancellationState> All { get; } =
    [
        new("connecting", "/delay-handshake?ms=30000",
            """
            const ws = new WebSocket("URL");
            ws.onopen = () => console.log("open");
            console.log("connecting");
            """,
            "connecting", NeedsRequestSent: true),
        new("open", "/echo",
            """
            const ws = new WebSocket("URL");
            ws.onopen = () => console.log("open");
            """,
            "open"),
        new("closing, the server never answering", "/never-reply-close",
            """
            const ws = new WebSocket("URL");
            ws.onopen = () => { ws.close(1000, "bye"); console.log("closing"); };
            ws.onclose = () => console.log("closed");
            """,
            "closing"),
        new("closing, the server answering late", "/delay-close-reply?ms=30000",
            """
            const ws = new WebSocket("URL");
            ws.onopen = () => { ws.close(1000, "bye"); console.log("closing"); };
            ws.onclose = () => console.log("closed");
            """,
            "closing"),
        new("receiving a 16 MiB message", "/messages?count=1&size=16777216&type=binary",
            """
            const ws = new WebSocket("URL");
            ws.onopen = () => console.log("open");
            ws.onmessage = e => console.log("message of " + e.data.size);
            """,
            "open", StallDownstreamAfter: Mebibyte),
        new("sending a 16 MiB message", "/echo",
            """
            const ws = new WebSocket("URL");
            ws.onopen = () => { ws.send(new Uint8Array(16 * 1024 * 1024)); console.log("sending " + ws.bufferedAmount); };
            ws.onmessage = () => console.log("echoed");
            """,
            "sending", StallUpstreamAfter: Mebibyte),
        new("in a batch of 20000 sends", "/echo",
            """
            const ws = new WebSocket("URL");
            ws.onopen = () => {
              const chunk = "x".repeat(1024);
              for (let i = 0; i < 20000; i++) ws.send(chunk);
              console.log("sending " + ws.bufferedAmount);
            };
            """,
            "sending", StallUpstreamAfter: Mebibyte / 4),
    ];

    /// <summary>The state called <paramref name="name"/>.</summary>
    public static CancellationState Named(string name) => All.Single(state => state.Name == name);

    /// <summary>The whole script for a socket URL: the body, then an interval that holds the loop open.</summary>
    public string Script(Uri url) => Body.Replace("URL", url.AbsoluteUri, StringComparison.Ordinal) + "\nsetInterval(() => {}, 1000);\n";

    /// <summary>Whether the state has been reached, from what the script printed and what the relay saw.</summary>
    public bool IsReached(string output, StallingRelay relay) =>
        output.Split('\n').Any(line => line.StartsWith(Marker, StringComparison.Ordinal))
        && (!NeedsRequestSent || relay.UpstreamBytes > 0)
        && (StallUpstreamAfter < 0 && StallDownstreamAfter < 0 || relay.Stalled.Task.IsCompleted);

    public override string ToString() => Name;
}
