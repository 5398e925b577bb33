using System.Globalization;
using static JsWebSocketHost.Tests.Reliability.FaultFrames;
using static JsWebSocketHost.Tests.Reliability.FaultScript;

namespace JsWebSocketHost.Tests.Reliability;

/// <summary>
/// The rows of the fault matrix (issue 15). What must happen is the WHATWG WebSockets Standard's and RFC 6455's:
/// a server that breaks the protocol makes the client "fail the WebSocket connection" (RFC 6455 section 7.1.7),
/// which the script sees as <c>error</c> then <c>close</c> with 1006, not clean, both in CLOSED
/// (https://websockets.spec.whatwg.org/#feedback-from-the-protocol); the client tells the server why in its own
/// Close frame when it can (1002 protocol error, 1007 invalid data, 1009 too big: RFC 6455 section 7.4.1).
/// </summary>
internal static class FaultMatrix
{
    /// <summary>Every message before a broken frame still arrives, first: each frame fault follows this one.</summary>
    private static readonly byte[] Before = Text("before");

    private static readonly string[] FailedBeforeOpen = [Error, Abnormal];
    private static readonly string[] FailedAfterOpen = [Open, Error, Abnormal];
    private static readonly string[] FailedAfterBefore = [Open, Message("\"before\""), Error, Abnormal];

    /// <summary>The rows, each once per transport it applies to.</summary>
    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var row in Rows())
        {
            yield return Data(row, FaultTransport.Http11);
            if (row.OverHttp2)
            {
                yield return Data(row, FaultTransport.Http2);
            }
        }
    }

    private static TestCaseData Data(FaultCase row, FaultTransport transport) =>
        new TestCaseData(row, transport).SetName(row.Name + (transport == FaultTransport.Http2 ? " over HTTP/2" : " over HTTP/1.1"));

    private static IEnumerable<FaultCase> Rows()
    {
        // The connection itself: dropped, reset, stalled.
        yield return new("A reset before the handshake response fails the connection without open", "/drop?accept=0", FailedBeforeOpen) { OverHttp2 = true };
        yield return new("A connection ended right after the handshake fails it after open", "/drop?after=0", FailedAfterOpen) { OverHttp2 = true };
        yield return new("A reset after the handshake fails the connection after open", "/drop?after=50&abort=1", FailedAfterOpen) { OverHttp2 = true };
        yield return new("A connection ended between the frames of a message fails it and delivers no part of the message", "/drop?after=50&partial=1", FailedAfterOpen) { OverHttp2 = true };
        yield return new("A reset between the frames of a message fails the connection and delivers no part of the message", "/drop?after=50&partial=1&abort=1", FailedAfterOpen) { OverHttp2 = true };
        yield return new("A connection ended in the middle of a frame's payload fails it after the messages before", RawEnd(Before, Cut(Text(new string('x', 100)), 14)), FailedAfterBefore);
        yield return new("A connection ended in the middle of a frame header fails it after the messages before", RawEnd(Before, [0x81]), FailedAfterBefore);
        yield return new("A handshake that stalls past the connect timeout fails the connection without open", "/delay-handshake?ms=20000", FailedBeforeOpen)
        {
            OverHttp2 = true, AtLeast = TimeSpan.FromMilliseconds(250), Configure = o => o.ConnectTimeout = TimeSpan.FromMilliseconds(300),
        };
        yield return new("A server that never answers the client's Close is given up after the closing timeout, without an error event", "/never-reply-close", [Open, Abnormal])
        {
            OverHttp2 = true, OnOpen = "ws.close(4000, 'bye');", ClientCloseCode = 4000, AtLeast = TimeSpan.FromMilliseconds(250),
            Configure = o => o.ClosingHandshakeTimeout = TimeSpan.FromMilliseconds(300),
        };

        // Frames a client must refuse (RFC 6455 section 5): the connection fails with 1002.
        for (var opcode = 0x3; opcode <= 0x7; opcode++)
        {
            yield return Protocol($"A frame with the reserved data opcode 0x{opcode:X} fails the connection with 1002", Frame((byte)opcode, "abc"u8));
        }

        for (var opcode = 0xB; opcode <= 0xF; opcode++)
        {
            yield return Protocol($"A frame with the reserved control opcode 0x{opcode:X} fails the connection with 1002", Frame((byte)opcode, "abc"u8));
        }

        yield return Protocol("A text frame with RSV1 set and no extension fails the connection with 1002", Frame(TextOpcode, "abc"u8, rsv: Rsv1));
        yield return Protocol("A text frame with RSV2 set fails the connection with 1002", Frame(TextOpcode, "abc"u8, rsv: Rsv2));
        yield return Protocol("A text frame with RSV3 set fails the connection with 1002", Frame(TextOpcode, "abc"u8, rsv: Rsv3));
        yield return Protocol("A masked server frame fails the connection with 1002", Frame(TextOpcode, "masked"u8, masked: true));
        yield return Protocol("A ping with a 126-byte payload fails the connection with 1002", Ping(126));
        yield return Protocol("A Close frame with a 126-byte body fails the connection with 1002", Close(1000, new string('r', 124)));
        yield return Protocol("A fragmented ping fails the connection with 1002", Ping(4, fin: false), Ping(0));
        yield return Protocol("A continuation frame with no message started fails the connection with 1002", More("orphan"));
        yield return Protocol("A new text frame inside a fragmented message fails the connection with 1002", Text("first", fin: false), Text("second"));
        yield return Protocol("A new binary frame inside a fragmented message fails the connection with 1002", Text("first", fin: false), Frame(BinaryOpcode, "second"u8));
        yield return new("A ping between the frames of a message is allowed and the message arrives whole", Raw(Text("par", fin: false), Ping(4), More("tial"), Close(1000)),
            [Open, Message("\"partial\""), Clean(1000)]) { ClientCloseCode = 1000 };

        // Close frames: a bad body fails the connection (RFC 6455 sections 5.5.1, 7.1.6 and 7.4).
        yield return Protocol("A Close frame with a 1-byte body fails the connection with 1002", CloseBody([0x03]));
        foreach (var code in new[] { 0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535 })
        {
            yield return Protocol(string.Create(CultureInfo.InvariantCulture, $"A Close frame with the code {code}, which may not be sent, fails the connection with 1002"), Close(code));
        }

        // A reason is no message's data, so this is a protocol error (1002), not 1007 (RFC 6455 section 7.4.1).
        yield return Protocol("A Close frame whose reason is not UTF-8 fails the connection with 1002", CloseBody([.. Code(1000), 0xC3, 0x28]));
        foreach (var code in new[] { 1000, 1001, 1003, 1007, 1011, 1014, 3000, 4999 })
        {
            yield return new(string.Create(CultureInfo.InvariantCulture, $"A Close frame with the code {code} closes cleanly with that code and the reason"),
                Raw(Before, Close(code, "é ok")), [Open, Message("\"before\""), Clean(code, "\"é ok\"")]) { ClientCloseCode = code };
        }

        // Text that is not UTF-8 (RFC 6455 section 8.1): the connection fails with 1007.
        yield return Invalid("A text message that is not UTF-8 fails the connection with 1007", TextBytes([0xC3, 0x28]));
        yield return Invalid("A text message cut in the middle of a UTF-8 sequence fails the connection with 1007", TextBytes([0xE2, 0x82]));
        yield return Invalid("A text message with invalid UTF-8 split across fragments fails the connection with 1007",
            TextBytes([0x61, 0xE2, 0x82], fin: false), MoreBytes([0x28]));
        yield return Invalid("A text message whose first fragment is not UTF-8 fails the connection with 1007",
            TextBytes([0xFF], fin: false), More("more"));
        yield return new("A UTF-8 sequence split across fragments is one character", Raw(TextBytes([0xC3], fin: false), MoreBytes([0xA9]), Close(1000)),
            [Open, Message("\"é\""), Clean(1000)]) { ClientCloseCode = 1000 };

        // permessage-deflate (RFC 7692): a stream that does not inflate fails the connection.
        var deflate = (Action<JsWebSocketHost.WebSockets.WebSocketHostOptions>)(o => o.EnablePerMessageDeflate = true);
        yield return new("A compressed message that inflates is delivered", RawDeflate(Frame(TextOpcode, [0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00], rsv: Rsv1), Close(1000)),
            [Open, Message("\"Hello\""), Clean(1000)]) { Configure = deflate, ClientCloseCode = 1000 };
        yield return new("A compressed message that does not inflate fails the connection", RawDeflate(Before, Frame(TextOpcode, [0xFF, 0xFF, 0xFF], rsv: Rsv1)),
            FailedAfterBefore) { Configure = deflate };
        yield return new("An extension the client did not offer fails the connection without open", RawDeflate(Before), FailedBeforeOpen);
        yield return new("An extension other than the one offered fails the connection without open", Raw(Before) + "&extensions=x-unknown%3B%20level%3D1",
            FailedBeforeOpen) { Configure = deflate };
        yield return new("Two extensions when only one was offered fail the connection without open", Raw(Before) + "&extensions=permessage-deflate%2C%20x-unknown",
            FailedBeforeOpen) { Configure = deflate };

        // Limits: a message over MaxMessageSize fails the connection with 1009.
        var limit = (Action<JsWebSocketHost.WebSockets.WebSocketHostOptions>)(o => o.MaxMessageSize = 256);
        yield return new("An echo over the size limit fails the connection with 1009", "/echo", FailedAfterOpen)
        {
            OverHttp2 = true, Configure = limit, ClientCloseCode = 1009, OnOpen = "ws.send('e'.repeat(257));",
        };
        yield return new("A message over the size limit fails the connection with 1009 after the message before it", Raw(Before, Text(new string('x', 257))), FailedAfterBefore)
        {
            Configure = limit, ClientCloseCode = 1009,
        };
        yield return new("A fragmented message over the size limit fails the connection with 1009 after the message before it",
            Raw(Before, Text(new string('x', 200), fin: false), More(new string('x', 57))), FailedAfterBefore)
        {
            Configure = limit, ClientCloseCode = 1009,
        };

        // A server that goes on sending: the client's 1009 still reaches it (the client reads on until the server
        // closes, RFC 6455 section 7.1.1, so no reset discards the Close frame).
        yield return new("A message over the size limit while the server goes on sending fails the connection with 1009", "/messages?count=1&size=257", FailedAfterOpen)
        {
            OverHttp2 = true, Configure = limit, ClientCloseCode = 1009,
        };
        yield return new("A fragmented message over the size limit while the server goes on sending fails the connection with 1009", "/fragmented?parts=40", FailedAfterOpen)
        {
            OverHttp2 = true, Configure = limit, ClientCloseCode = 1009,
        };
        yield return new("A message of exactly the size limit is delivered", "/messages?count=2&size=256", [Open, "message 1 0 text(256)", "message 1 0 text(256)", Clean(1000)])
        {
            OverHttp2 = true, Configure = limit, ClientCloseCode = 1000,
        };

        // Floods.
        yield return new("A flood of 5000 pings before a message has every ping answered and leaves the socket usable", "/ping-flood?count=5000",
            [Open, Message("\"after 5000 pings\""), Message("\"pongs=5000 last=4999\""), Clean(1000, "\"done\"")])
        {
            OnMessage = "if (e.data.startsWith('after')) ws.send('how many pongs?'); else ws.close(1000, 'done');", ClientCloseCode = 1000,
        };
        yield return new("A server that sends 2000 messages and closes at once has every message delivered in order before the close", "/messages?count=2000",
            [Open, .. Enumerable.Range(0, 2000).Select(i => Message(Quote(i))), Clean(1000)])
        {
            OverHttp2 = true, ClientCloseCode = 1000,
        };
    }

    /// <summary>Message i of <c>/messages</c> (16 bytes): "i " then 'x's, as JSON.</summary>
    private static string Quote(int i)
    {
        var prefix = i.ToString(CultureInfo.InvariantCulture) + " ";
        return "\"" + prefix + new string('x', 16 - prefix.Length) + "\"";
    }

    private static FaultCase Protocol(string name, params byte[][] fault) =>
        new(name, Raw([Before, .. fault]), FailedAfterBefore) { ClientCloseCode = 1002 };

    private static FaultCase Invalid(string name, params byte[][] fault) =>
        new(name, Raw([Before, .. fault]), FailedAfterBefore) { ClientCloseCode = 1007 };

    private static string Raw(params byte[][] frames) => "/raw-after-101?hex=" + Hex(frames);

    private static string RawEnd(params byte[][] frames) => Raw(frames) + "&end=1";

    private static string RawDeflate(params byte[][] frames) => Raw(frames) + "&extensions=permessage-deflate";
}
