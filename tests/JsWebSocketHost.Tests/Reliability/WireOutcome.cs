namespace JsWebSocketHost.Tests.Reliability;

/// <summary>
/// What a client must make of a server's bytes (RFC 6455 client side, WHATWG WebSockets): the messages delivered,
/// how the connection ends, and which status its own Close frame may carry.
/// </summary>
/// <param name="Messages">The messages complete and valid before the first fault, in order.</param>
/// <param name="Ending">How the connection ends.</param>
/// <param name="CloseCode">For <see cref="WireEnding.Clean"/>: the close event's code (1005 for a Close with no status).</param>
/// <param name="CloseReason">For <see cref="WireEnding.Clean"/>: the close event's reason.</param>
/// <param name="ClientCloseCodes">For <see cref="WireEnding.Fail"/>: the statuses the client's Close may carry (1002, 1007, 1009).</param>
/// <param name="Pings">The payloads of the pings before the end, each of which the client answers with a pong.</param>
/// <param name="Why">Where and why it ends, for a failure message.</param>
internal sealed record WireOutcome(
    IReadOnlyList<WireMessage> Messages, WireEnding Ending, int CloseCode, string CloseReason,
    IReadOnlySet<int> ClientCloseCodes, IReadOnlyList<byte[]> Pings, string Why)
{
    /// <summary>The events a script must see, as the wire fuzzer's client script logs them.</summary>
    public IReadOnlyList<string> Events()
    {
        var events = new List<string> { "open" };
        events.AddRange(Messages.Select(m => m.Event()));
        if (Ending == WireEnding.Clean)
        {
            events.Add(WireMessage.CloseEvent(CloseCode, CloseReason, wasClean: true));
        }
        else
        {
            events.Add("error");
            events.Add(WireMessage.CloseEvent(1006, "", wasClean: false));
        }

        return events;
    }

    public override string ToString() =>
        $"{Ending} ({Why}) after {Messages.Count} messages" +
        (Ending == WireEnding.Fail ? $", client Close {string.Join("/", ClientCloseCodes.Order())}" : "");
}
