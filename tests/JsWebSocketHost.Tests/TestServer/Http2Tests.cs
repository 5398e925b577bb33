using System.Net;
using System.Net.WebSockets;
using JsWebSocketHost.TestServer;
using static JsWebSocketHost.Tests.TestServer.TestClient;

namespace JsWebSocketHost.Tests.TestServer;

[TestFixture]
public sealed class Http2Tests
{
    private WebSocketTestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await WebSocketTestServer.StartAsync(enableHttp2: true);

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private static void Http2Exact(ClientWebSocketOptions options)
    {
        options.HttpVersion = HttpVersion.Version20;
        options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
    }

    [Test]
    public async Task Echo_works_over_HTTP2_with_extended_CONNECT()
    {
        using var cts = Timeout();
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler());
        using var ws = await ConnectAsync(_server.Http2WebSocketUrl("/echo?protocol=chat"), cts.Token, o =>
        {
            Http2Exact(o);
            o.AddSubProtocol("chat");
        }, invoker);

        // An HTTP/2 WebSocket is accepted with 200 to the CONNECT, never 101.
        Assert.That(ws.HttpStatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ws.SubProtocol, Is.EqualTo("chat"));
        await SendTextAsync(ws, "over h2", cts.Token);
        Assert.That(await ReceiveTextAsync(ws, cts.Token), Is.EqualTo("over h2"));
        await ws.CloseAsync((WebSocketCloseStatus)4200, "h2 bye", cts.Token);
        Assert.That((int?)ws.CloseStatus, Is.EqualTo(4200));
        var seen = await _server.WaitForClientCloseAsync("/echo?protocol=chat", cts.Token);
        Assert.That(seen.Reason, Is.EqualTo("h2 bye"));
    }

    [Test]
    public async Task Two_WebSockets_share_one_HTTP2_connection_and_both_echo()
    {
        using var cts = Timeout();
        var connections = 0;
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        });
        using var first = await ConnectAsync(_server.Http2WebSocketUrl("/echo"), cts.Token, Http2Exact, invoker);
        using var second = await ConnectAsync(_server.Http2WebSocketUrl("/messages?count=3&size=8"), cts.Token, Http2Exact, invoker);

        await SendTextAsync(first, "one", cts.Token);
        Assert.That(await ReceiveTextAsync(first, cts.Token), Is.EqualTo("one"));
        Assert.That(await ReceiveTextAsync(second, cts.Token), Does.StartWith("0 "));
        Assert.That(connections, Is.EqualTo(1));
    }

    [Test]
    public async Task A_raw_behaviour_is_not_served_over_HTTP2()
    {
        using var cts = Timeout();
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler());
        using var ws = Create(Http2Exact);

        Assert.That(async () => await ws.ConnectAsync(_server.Http2WebSocketUrl("/bad-accept"), invoker, cts.Token),
            Throws.TypeOf<WebSocketException>());
        Assert.That(ws.HttpStatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Status_refuses_an_HTTP2_WebSocket_with_the_status_visible()
    {
        using var cts = Timeout();
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler());
        using var ws = Create(Http2Exact);

        Assert.That(async () => await ws.ConnectAsync(_server.Http2WebSocketUrl("/status?code=403"), invoker, cts.Token),
            Throws.TypeOf<WebSocketException>());
        Assert.That(ws.HttpStatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}
