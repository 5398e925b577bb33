using System.Net.WebSockets;
using System.Text;
using JsWebSocketHost.TestServer;
using static JsWebSocketHost.Tests.TestServer.TestClient;

namespace JsWebSocketHost.Tests.TestServer;

[TestFixture]
public sealed class EchoTests
{
    private WebSocketTestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await WebSocketTestServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task Echo_returns_text_as_text_and_binary_as_binary()
    {
        using var cts = Timeout();
        using var ws = await ConnectAsync(_server.WebSocketUrl("/echo"), cts.Token);

        await SendTextAsync(ws, "héllo", cts.Token);
        await ws.SendAsync(new byte[] { 0, 1, 2, 255 }, WebSocketMessageType.Binary, true, cts.Token);

        Assert.That(await ReceiveTextAsync(ws, cts.Token), Is.EqualTo("héllo"));
        var (type, data) = await ReceiveMessageAsync(ws, cts.Token);
        Assert.That(type, Is.EqualTo(WebSocketMessageType.Binary));
        Assert.That(data, Is.EqualTo(new byte[] { 0, 1, 2, 255 }));
    }

    [Test]
    public async Task Echo_reassembles_a_fragmented_message_and_echoes_it_in_one_frame()
    {
        using var cts = Timeout();
        using var ws = await ConnectAsync(_server.WebSocketUrl("/echo"), cts.Token);

        await ws.SendAsync("one-"u8.ToArray(), WebSocketMessageType.Text, false, cts.Token);
        await ws.SendAsync("two-"u8.ToArray(), WebSocketMessageType.Text, false, cts.Token);
        await ws.SendAsync("three"u8.ToArray(), WebSocketMessageType.Text, true, cts.Token);

        var buffer = new byte[1024];
        var first = await ws.ReceiveAsync(buffer.AsMemory(), cts.Token);
        Assert.That(first.EndOfMessage, Is.True, "the echo came back as more than one frame");
        Assert.That(Encoding.UTF8.GetString(buffer, 0, first.Count), Is.EqualTo("one-two-three"));
    }

    [Test]
    public async Task Echo_echoes_a_large_binary_message_whole()
    {
        using var cts = Timeout();
        using var ws = await ConnectAsync(_server.WebSocketUrl("/echo"), cts.Token);
        var payload = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();

        await ws.SendAsync(payload, WebSocketMessageType.Binary, true, cts.Token);

        var (type, data) = await ReceiveMessageAsync(ws, cts.Token);
        Assert.That(type, Is.EqualTo(WebSocketMessageType.Binary));
        Assert.That(data, Is.EqualTo(payload));
    }

    [Test]
    public async Task Echo_answers_a_client_close_with_the_same_code_and_reason()
    {
        using var cts = Timeout();
        using var ws = await ConnectAsync(_server.WebSocketUrl("/echo?case=code"), cts.Token);

        await ws.CloseAsync((WebSocketCloseStatus)4001, "see you", cts.Token);

        Assert.That(ws.State, Is.EqualTo(WebSocketState.Closed));
        Assert.That((int?)ws.CloseStatus, Is.EqualTo(4001));
        Assert.That(ws.CloseStatusDescription, Is.EqualTo("see you"));
        var seen = await _server.WaitForClientCloseAsync("/echo?case=code", cts.Token);
        Assert.That(seen.Code, Is.EqualTo(4001));
        Assert.That(seen.Reason, Is.EqualTo("see you"));
    }

    [Test]
    public async Task Echo_answers_a_close_with_no_status_with_a_close_with_no_status()
    {
        using var cts = Timeout();
        using var raw = await RawWebSocketClient.ConnectAsync(_server.WebSocketUrl("/echo?case=empty"), cts.Token);
        Assert.That(raw.ResponseHead, Does.StartWith("HTTP/1.1 101 "));

        await raw.SendFrameAsync(0x1, "plain"u8.ToArray(), cts.Token);
        var echo = await raw.ReadFrameAsync(cts.Token);
        await raw.SendFrameAsync(0x8, [], cts.Token);
        var reply = await raw.ReadFrameAsync(cts.Token);

        Assert.That(echo.Opcode, Is.EqualTo(0x1));
        Assert.That(echo.Payload, Is.EqualTo("plain"u8.ToArray()));
        Assert.That(reply.Opcode, Is.EqualTo(0x8));
        Assert.That(reply.Payload, Is.Empty, "the reply to a Close with no status should have no status either");
        var seen = await _server.WaitForClientCloseAsync("/echo?case=empty", cts.Token);
        Assert.That(seen.Code, Is.Null);
    }

    [Test]
    public async Task ClientWebSocket_closing_with_Empty_sends_1005_which_the_server_fails_with_1002()
    {
        // RFC 6455 section 7.4.1: 1005 must not be sent. ClientWebSocket cannot send a Close with no status.
        using var cts = Timeout();
        using var ws = await ConnectAsync(_server.WebSocketUrl("/echo?case=1005"), cts.Token);

        try
        {
            await ws.CloseAsync(WebSocketCloseStatus.Empty, null, cts.Token);
        }
        catch (WebSocketException)
        {
            // The server ends the connection after its 1002.
        }

        var seen = await _server.WaitForClientCloseAsync("/echo?case=1005", cts.Token);
        Assert.That(seen.Code, Is.EqualTo(1005));
        Assert.That(ws.CloseStatus, Is.EqualTo(WebSocketCloseStatus.ProtocolError));
    }

    [Test]
    public async Task The_text_Goodbye_makes_the_server_close_with_1000_Goodbye()
    {
        using var cts = Timeout();
        using var ws = await ConnectAsync(_server.WebSocketUrl("/echo?case=goodbye"), cts.Token);

        await SendTextAsync(ws, "Goodbye", cts.Token);
        var (type, _) = await ReceiveMessageAsync(ws, cts.Token);

        Assert.That(type, Is.EqualTo(WebSocketMessageType.Close));
        Assert.That(ws.CloseStatus, Is.EqualTo(WebSocketCloseStatus.NormalClosure));
        Assert.That(ws.CloseStatusDescription, Is.EqualTo("Goodbye"));
        await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "ok", cts.Token);
        var seen = await _server.WaitForClientCloseAsync("/echo?case=goodbye", cts.Token);
        Assert.That(seen.Code, Is.EqualTo(1000));
        Assert.That(seen.Reason, Is.EqualTo("ok"));
    }

    [Test]
    public async Task Echo_accepts_the_subprotocol_named_in_the_query_when_the_client_offers_it()
    {
        using var cts = Timeout();
        using var ws = await ConnectAsync(_server.WebSocketUrl("/echo?protocol=chat"), cts.Token, o =>
        {
            o.AddSubProtocol("other");
            o.AddSubProtocol("chat");
        });

        Assert.That(ws.SubProtocol, Is.EqualTo("chat"));
        await SendTextAsync(ws, "hi", cts.Token);
        Assert.That(await ReceiveTextAsync(ws, cts.Token), Is.EqualTo("hi"));
    }

    [Test]
    public async Task Echo_selects_no_subprotocol_when_the_client_did_not_offer_the_one_in_the_query()
    {
        using var cts = Timeout();
        using var ws = await ConnectAsync(_server.WebSocketUrl("/echo?protocol=chat"), cts.Token, o => o.AddSubProtocol("other"));

        Assert.That(ws.SubProtocol, Is.Null);
        Assert.That(ws.State, Is.EqualTo(WebSocketState.Open));
    }

    [Test]
    public async Task Echo_with_deflate_accepts_permessage_deflate_and_echoes_compressed_messages()
    {
        using var cts = Timeout();
        using var ws = await ConnectAsync(_server.WebSocketUrl("/echo?deflate=1"), cts.Token, o => o.DangerousDeflateOptions = new WebSocketDeflateOptions());

        var extensions = string.Join(", ", ws.HttpResponseHeaders!["Sec-WebSocket-Extensions"]);
        Assert.That(extensions, Does.StartWith("permessage-deflate"));
        var text = string.Concat(Enumerable.Repeat("compress me ", 1000));
        await SendTextAsync(ws, text, cts.Token);
        Assert.That(await ReceiveTextAsync(ws, cts.Token), Is.EqualTo(text));
        await ws.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, endOfMessage: true, cts.Token);
        var (type, data) = await ReceiveMessageAsync(ws, cts.Token);
        Assert.That((type, data), Is.EqualTo((WebSocketMessageType.Binary, new byte[] { 1, 2, 3 })));
    }

    [TestCase("/echo")]
    [TestCase("/echo?deflate=0")]
    public async Task Echo_without_deflate_accepts_no_extension_even_when_offered(string target)
    {
        using var cts = Timeout();
        using var ws = await ConnectAsync(_server.WebSocketUrl(target), cts.Token, o => o.DangerousDeflateOptions = new WebSocketDeflateOptions());

        Assert.That(ws.HttpResponseHeaders!.ContainsKey("Sec-WebSocket-Extensions"), Is.False);
        await SendTextAsync(ws, "plain", cts.Token);
        Assert.That(await ReceiveTextAsync(ws, cts.Token), Is.EqualTo("plain"));
    }

    [Test]
    public async Task Echo_with_deflate_accepts_no_extension_from_a_client_that_offers_none()
    {
        using var cts = Timeout();
        using var ws = await ConnectAsync(_server.WebSocketUrl("/echo?deflate=1"), cts.Token);

        Assert.That(ws.HttpResponseHeaders!.ContainsKey("Sec-WebSocket-Extensions"), Is.False);
        await SendTextAsync(ws, "plain", cts.Token);
        Assert.That(await ReceiveTextAsync(ws, cts.Token), Is.EqualTo("plain"));
    }

    [Test]
    public async Task A_client_that_is_not_a_WebSocket_gets_400_from_echo_and_a_listing_from_the_root()
    {
        using var cts = Timeout();
        using var http = new HttpClient();

        using var echo = await http.GetAsync(new Uri(_server.BaseUrl, "/echo"), cts.Token);
        var listing = await http.GetStringAsync(_server.BaseUrl, cts.Token);

        Assert.That((int)echo.StatusCode, Is.EqualTo(400));
        Assert.That(listing, Does.Contain("/echo").And.Contain("/raw-after-101?hex="));
    }
}
