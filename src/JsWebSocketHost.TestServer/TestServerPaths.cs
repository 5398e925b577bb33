namespace JsWebSocketHost.TestServer;

/// <summary>The catalogue of behaviours, used for routing, the <c>GET /</c> listing and <c>jsws serve</c>.</summary>
internal static class TestServerPaths
{
    public const string Echo = "/echo";
    public const string Close = "/close";
    public const string Drop = "/drop";
    public const string DelayHandshake = "/delay-handshake";
    public const string DelayCloseReply = "/delay-close-reply";
    public const string NeverReplyClose = "/never-reply-close";
    public const string InvalidUtf8 = "/invalid-utf8";
    public const string Fragmented = "/fragmented";
    public const string Subprotocol = "/subprotocol";
    public const string Status = "/status";
    public const string Redirect = "/redirect";
    public const string BadAccept = "/bad-accept";
    public const string RawAfter101 = "/raw-after-101";
    public const string Garbage = "/garbage";
    public const string Headers = "/headers";
    public const string SlowReader = "/slow-reader";
    public const string Messages = "/messages";
    public const string PingFlood = "/ping-flood";

    public static IReadOnlyList<TestServerPath> All { get; } =
    [
        new(Echo, "/echo?protocol=chat&deflate=1", "echoes text as text and binary as binary (whole messages); answers Close with the same code and reason; the text \"Goodbye\" makes it close 1000 \"Goodbye\"; `deflate=1` accepts permessage-deflate when offered", false),
        new(Close, "/close?code=4000&reason=bye", "accepts, then closes at once with that code and reason (no code: a Close frame with no status); bad code: 400", false),
        new(Drop, "/drop?after=100&abort=1&partial=1", "accepts, then ends the TCP connection without a Close frame after `after` ms (FIN; `abort=1`: HttpContext.Abort(), a reset); `partial=1` first sends a text frame without FIN; `accept=0` aborts before accepting", false),
        new(DelayHandshake, "/delay-handshake?ms=500", "waits `ms` before accepting, then echoes", false),
        new(DelayCloseReply, "/delay-close-reply?ms=500", "echoes, but waits `ms` before answering a client's Close", false),
        new(NeverReplyClose, "/never-reply-close", "echoes, but never answers a client's Close; keeps the TCP connection open until the client goes", false),
        new(InvalidUtf8, "/invalid-utf8", "sends one text frame whose payload is invalid UTF-8 (C3 28)", true),
        new(Fragmented, "/fragmented?parts=3", "sends the text \"fragment0fragment1...\" as `parts` frames, then the same bytes as a binary message in `parts` frames, then echoes", false),
        new(Subprotocol, "/subprotocol?pick=chat", "selects `pick` as the subprotocol even when the client did not offer it (`pick=`: selects none), then echoes", true),
        new(Status, "/status?code=403", "refuses the upgrade with that HTTP status", false),
        new(Redirect, "/redirect?to=/echo", "answers 302 Found with Location: `to`", false),
        new(BadAccept, "/bad-accept", "answers 101 with a wrong Sec-WebSocket-Accept (base64 SHA-1 of the key without the GUID)", true),
        new(RawAfter101, "/raw-after-101?hex=8800&extensions=permessage-deflate&end=1", "answers a correct 101 and the given bytes in one write (8800: an empty Close frame); `extensions` goes in Sec-WebSocket-Extensions; `end=1` ends the connection right after", true),
        new(Garbage, "/garbage", "answers bytes that are not HTTP, then closes the connection", true),
        new(Headers, "/headers", "sends one text message, a JSON object {headers, origin, protocols} of the handshake request, then echoes", false),
        new(SlowReader, "/slow-reader?ms=200", "every `ms` reads one message and replies with its length in bytes as text", false),
        new(Messages, "/messages?count=10&size=64&type=text", "sends `count` messages of `size` bytes (message i starts with \"i \"), then closes 1000", false),
        new(PingFlood, "/ping-flood?count=5000&size=4", "sends `count` pings of `size` bytes and the text \"after N pings\" in the same write as the 101; answers each text message with \"pongs=K last=J\" (Pongs seen, index of the last ping answered) and a Close with the same Close", true),
    ];

    public static TestServerPath? Find(ReadOnlySpan<char> path)
    {
        foreach (var entry in All)
        {
            if (path.SequenceEqual(entry.Path))
            {
                return entry;
            }
        }

        return null;
    }
}
