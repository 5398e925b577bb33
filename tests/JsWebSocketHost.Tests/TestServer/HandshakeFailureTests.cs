using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using JsWebSocketHost.TestServer;
using static JsWebSocketHost.Tests.TestServer.TestClient;

namespace JsWebSocketHost.Tests.TestServer;

[TestFixture]
public sealed class HandshakeFailureTests
{
    private WebSocketTestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await WebSocketTestServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [TestCase(403, HttpStatusCode.Forbidden)]
    [TestCase(404, HttpStatusCode.NotFound)]
    [TestCase(503, HttpStatusCode.ServiceUnavailable)]
    public async Task Status_refuses_the_upgrade_with_the_status_visible_to_the_client(int code, HttpStatusCode expected)
    {
        using var cts = Timeout();
        using var ws = Create();

        Assert.That(async () => await ws.ConnectAsync(_server.WebSocketUrl($"/status?code={code}"), cts.Token),
            Throws.TypeOf<WebSocketException>());

        Assert.That(ws.HttpStatusCode, Is.EqualTo(expected));
        Assert.That(ws.HttpResponseHeaders?["Connection"], Is.EquivalentTo(new[] { "close" }));
    }

    [Test]
    public async Task Redirect_answers_302_with_the_location_and_a_client_that_follows_no_redirects_fails()
    {
        using var cts = Timeout();
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var ws = Create();

        Assert.That(async () => await ws.ConnectAsync(_server.WebSocketUrl("/redirect?to=/echo"), invoker, cts.Token),
            Throws.TypeOf<WebSocketException>());

        Assert.That(ws.HttpStatusCode, Is.EqualTo(HttpStatusCode.Found));
        Assert.That(ws.HttpResponseHeaders?["Location"], Is.EquivalentTo(new[] { "/echo" }));
        Assert.That(ws.State, Is.Not.EqualTo(WebSocketState.Open));
    }

    [Test]
    public async Task Redirect_is_followed_by_ClientWebSocket_unless_its_handler_forbids_redirects()
    {
        // The WHATWG WebSocket fails on any redirect; .NET's ClientWebSocket follows one by default.
        using var cts = Timeout();
        using var ws = await ConnectAsync(_server.WebSocketUrl("/redirect?to=/echo"), cts.Token);

        await SendTextAsync(ws, "followed", cts.Token);
        Assert.That(await ReceiveTextAsync(ws, cts.Token), Is.EqualTo("followed"));
    }

    [Test]
    public async Task Bad_accept_fails_the_connect_after_a_101()
    {
        using var cts = Timeout();
        using var ws = Create();

        Assert.That(async () => await ws.ConnectAsync(_server.WebSocketUrl("/bad-accept"), cts.Token),
            Throws.TypeOf<WebSocketException>());

        Assert.That(ws.HttpStatusCode, Is.EqualTo(HttpStatusCode.SwitchingProtocols));
        Assert.That(ws.State, Is.Not.EqualTo(WebSocketState.Open));
    }

    [Test]
    public async Task Garbage_instead_of_a_handshake_fails_the_connect()
    {
        using var cts = Timeout();
        using var ws = Create();

        Assert.That(async () => await ws.ConnectAsync(_server.WebSocketUrl("/garbage"), cts.Token),
            Throws.TypeOf<WebSocketException>().With.InnerException.TypeOf<HttpRequestException>());
    }

    [Test]
    public async Task A_raw_behaviour_refuses_a_malformed_query_with_400()
    {
        using var cts = Timeout();
        using var ws = Create();

        Assert.That(async () => await ws.ConnectAsync(_server.WebSocketUrl("/raw-after-101?hex=8x"), cts.Token),
            Throws.TypeOf<WebSocketException>());

        Assert.That(ws.HttpStatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Drop_ends_the_connection_without_a_close_frame()
    {
        using var cts = Timeout();
        using var ws = await ConnectAsync(_server.WebSocketUrl("/drop"), cts.Token);

        var failure = Assert.ThrowsAsync<WebSocketException>(async () => await ws.ReceiveAsync(new byte[16].AsMemory(), cts.Token));

        Assert.That(failure!.WebSocketErrorCode, Is.EqualTo(WebSocketError.ConnectionClosedPrematurely));
        Assert.That(ws.State, Is.EqualTo(WebSocketState.Aborted));
        Assert.That(ws.CloseStatus, Is.Null);
    }

    [Test]
    public async Task Drop_with_abort_resets_the_connection_after_the_delay()
    {
        using var cts = Timeout();
        var clock = Stopwatch.StartNew();
        using var ws = await ConnectAsync(_server.WebSocketUrl("/drop?abort=1&after=300"), cts.Token);

        var failure = Assert.ThrowsAsync<WebSocketException>(async () => await ws.ReceiveAsync(new byte[16].AsMemory(), cts.Token));

        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(250)));
        Assert.That(failure!.WebSocketErrorCode, Is.EqualTo(WebSocketError.ConnectionClosedPrematurely));
        Assert.That(ws.State, Is.EqualTo(WebSocketState.Aborted));
    }

    [Test]
    public async Task Invalid_utf8_makes_the_client_fail_the_connection_with_1007()
    {
        using var cts = Timeout();
        using var ws = await ConnectAsync(_server.WebSocketUrl("/invalid-utf8"), cts.Token);

        Assert.That(async () => await ws.ReceiveAsync(new byte[16].AsMemory(), cts.Token), Throws.TypeOf<WebSocketException>());

        var seen = await _server.WaitForClientCloseAsync("/invalid-utf8", cts.Token);
        Assert.That(seen.Code, Is.EqualTo((int)WebSocketCloseStatus.InvalidPayloadData));
        Assert.That(ws.State, Is.EqualTo(WebSocketState.Aborted));
    }

    [Test]
    public async Task Raw_after_101_delivers_a_close_frame_written_in_the_same_write_as_the_handshake()
    {
        using var cts = Timeout();
        using var tap = new WireTap();

        // 88 05: a Close frame of 5 bytes; 0FA0: 4000; then "bye".
        using var ws = await ConnectAsync(_server.WebSocketUrl("/raw-after-101?hex=88050FA0627965"), cts.Token, invoker: tap.Invoker);
        var (type, _) = await ReceiveMessageAsync(ws, cts.Token);

        Assert.That(type, Is.EqualTo(WebSocketMessageType.Close));
        Assert.That((int?)ws.CloseStatus, Is.EqualTo(4000));
        Assert.That(ws.CloseStatusDescription, Is.EqualTo("bye"));
        var first = tap.Reads[0];
        Assert.That(Encoding.ASCII.GetString(first), Does.StartWith("HTTP/1.1 101 "));
        Assert.That(first[^7..], Is.EqualTo(Convert.FromHexString("88050FA0627965")), "the frame should arrive with the 101");

        await ws.CloseOutputAsync((WebSocketCloseStatus)4000, "bye", cts.Token);
        var seen = await _server.WaitForClientCloseAsync("/raw-after-101", cts.Token);
        Assert.That(seen.Code, Is.EqualTo(4000));
    }

    [Test]
    public async Task A_raw_path_works_again_after_a_refused_handshake_from_the_same_invoker()
    {
        using var cts = Timeout();
        using var handler = new HttpMessageInvoker(new SocketsHttpHandler());
        using (var refused = Create())
        {
            Assert.That(async () => await refused.ConnectAsync(_server.WebSocketUrl("/status?code=403"), handler, cts.Token),
                Throws.TypeOf<WebSocketException>());
        }

        using var ws = Create(o => o.AddSubProtocol("chat"));
        await ws.ConnectAsync(_server.WebSocketUrl("/subprotocol?pick=chat"), handler, cts.Token);

        Assert.That(ws.SubProtocol, Is.EqualTo("chat"));
    }
}
