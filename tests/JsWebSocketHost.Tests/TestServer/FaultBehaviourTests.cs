using System.Net.WebSockets;
using System.Text;
using JsWebSocketHost.TestServer;
using static JsWebSocketHost.Tests.TestServer.TestClient;

namespace JsWebSocketHost.Tests.TestServer;

/// <summary>The behaviours the fault matrix needs, checked on the wire with clients that do not judge them.</summary>
[TestFixture]
public sealed class FaultBehaviourTests
{
    private WebSocketTestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await WebSocketTestServer.StartAsync(enableHttp2: true);

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task Ping_flood_sends_its_pings_then_a_message_and_reports_the_pongs_it_counted()
    {
        using var cts = Timeout();
        using var client = await RawWebSocketClient.ConnectAsync(_server.WebSocketUrl("/ping-flood?count=3&size=6&t=count"), cts.Token);

        for (var i = 0; i < 3; i++)
        {
            Assert.That(await client.ReadFrameAsync(cts.Token) is (0x9, true, var payload) && payload.SequenceEqual(new byte[] { 0, 0, 0, (byte)i, (byte)'p', (byte)'p' }), Is.True, $"ping {i}");
        }

        var message = await client.ReadFrameAsync(cts.Token);
        Assert.That((message.Opcode, Encoding.ASCII.GetString(message.Payload)), Is.EqualTo((0x1, "after 3 pings")));

        // Ping 1 goes unanswered (a client may answer only the latest); a Pong for no ping is not counted.
        await client.SendFrameAsync(0xA, [0, 0, 0, 0, (byte)'p', (byte)'p'], cts.Token);
        await client.SendFrameAsync(0xA, [0, 0, 0, 2, (byte)'p', (byte)'p'], cts.Token);
        await client.SendFrameAsync(0xA, [0, 0, 0, 9, (byte)'p', (byte)'p'], cts.Token);
        await client.SendFrameAsync(0x1, "how many?"u8.ToArray(), cts.Token);
        var report = await client.ReadFrameAsync(cts.Token);
        await client.SendFrameAsync(0x8, [0x0F, 0xA0, (byte)'o', (byte)'k'], cts.Token);
        var close = await client.ReadFrameAsync(cts.Token);

        Assert.That(Encoding.ASCII.GetString(report.Payload), Is.EqualTo("pongs=2 last=2"));
        Assert.That((close.Opcode, close.Payload), Is.EqualTo((0x8, new byte[] { 0x0F, 0xA0, (byte)'o', (byte)'k' })), "the same Close back");
        var seen = await _server.WaitForClientCloseAsync("/ping-flood?count=3&size=6&t=count", cts.Token);
        Assert.That((seen.Code, seen.Reason), Is.EqualTo(((int?)4000, "ok")));
    }

    [Test]
    public async Task Raw_after_101_with_extensions_names_them_in_the_101()
    {
        using var cts = Timeout();
        using var client = await RawWebSocketClient.ConnectAsync(_server.WebSocketUrl("/raw-after-101?hex=8100&extensions=permessage-deflate%3B%20server_no_context_takeover"), cts.Token);

        Assert.That(client.ResponseHead, Does.EndWith("\r\nSec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover"));
        Assert.That(await client.ReadFrameAsync(cts.Token) is (0x1, true, { Length: 0 }), Is.True);
    }

    [Test]
    public async Task Raw_after_101_with_end_ends_the_connection_right_after_the_bytes()
    {
        using var cts = Timeout();

        // A text frame that declares 5 bytes and carries 2.
        using var client = await RawWebSocketClient.ConnectAsync(_server.WebSocketUrl("/raw-after-101?hex=81056869&end=1"), cts.Token);

        Assert.That(async () => await client.ReadFrameAsync(cts.Token), Throws.InstanceOf<EndOfStreamException>().Or.InstanceOf<IOException>());
    }

    [TestCase(false, TestName = "Drop with accept=0 resets the connection before the 101")]
    [TestCase(true, TestName = "Drop with accept=0 resets the HTTP/2 stream before its 200")]
    public void Drop_with_accept_0_resets_before_the_handshake_response(bool http2)
    {
        using var cts = Timeout();
        using var ws = Create(options =>
        {
            if (http2)
            {
                options.HttpVersion = System.Net.HttpVersion.Version20;
                options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
            }
        });
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler());
        var url = http2 ? _server.Http2WebSocketUrl("/drop?accept=0") : _server.WebSocketUrl("/drop?accept=0");

        Assert.That(async () => await ws.ConnectAsync(url, invoker, cts.Token), Throws.InstanceOf<WebSocketException>());
        Assert.That(ws.HttpStatusCode, Is.EqualTo((System.Net.HttpStatusCode)0), "no response at all");
    }

    [Test]
    public async Task Drop_with_partial_sends_the_start_of_a_message_and_never_its_end()
    {
        using var cts = Timeout();
        using var ws = await ConnectAsync(_server.WebSocketUrl("/drop?partial=1&after=50"), cts.Token);
        var buffer = new byte[64];

        var first = await ws.ReceiveAsync(buffer.AsMemory(), cts.Token);
        Assert.That((first.MessageType, first.EndOfMessage, Encoding.ASCII.GetString(buffer, 0, first.Count)), Is.EqualTo((WebSocketMessageType.Text, false, "partial")));
        var failure = Assert.ThrowsAsync<WebSocketException>(async () => await ws.ReceiveAsync(buffer.AsMemory(), cts.Token));
        Assert.That(failure!.WebSocketErrorCode, Is.EqualTo(WebSocketError.ConnectionClosedPrematurely));
    }
}
