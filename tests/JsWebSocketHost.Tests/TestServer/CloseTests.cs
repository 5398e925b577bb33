using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using JsWebSocketHost.TestServer;
using static JsWebSocketHost.Tests.TestServer.TestClient;

namespace JsWebSocketHost.Tests.TestServer;

[TestFixture]
public sealed class CloseTests
{
    private WebSocketTestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await WebSocketTestServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [TestCase(1000, "done")]
    [TestCase(1011, "")]
    [TestCase(4999, "é, with a comma")]
    public async Task Close_sends_the_code_and_reason_from_the_query(int code, string reason)
    {
        using var cts = Timeout();
        using var ws = await ConnectAsync(_server.WebSocketUrl($"/close?code={code}&reason={Uri.EscapeDataString(reason)}"), cts.Token);

        var (type, _) = await ReceiveMessageAsync(ws, cts.Token);

        Assert.That(type, Is.EqualTo(WebSocketMessageType.Close));
        Assert.That((int?)ws.CloseStatus, Is.EqualTo(code));
        Assert.That(ws.CloseStatusDescription, Is.EqualTo(reason));
    }

    [Test]
    public async Task Close_without_a_code_sends_a_close_frame_with_no_status()
    {
        using var cts = Timeout();
        using var tap = new WireTap();
        using var ws = await ConnectAsync(_server.WebSocketUrl("/close"), cts.Token, invoker: tap.Invoker);

        var (type, _) = await ReceiveMessageAsync(ws, cts.Token);

        Assert.That(type, Is.EqualTo(WebSocketMessageType.Close));
        Assert.That(tap.Received[^2..], Is.EqualTo(new byte[] { 0x88, 0x00 }));
    }

    [TestCase("/close?code=1005")]
    [TestCase("/close?code=1006")]
    [TestCase("/close?code=1015")]
    [TestCase("/close?code=2000")]
    [TestCase("/close?code=5000")]
    [TestCase("/close?code=abc")]
    [TestCase("/close?reason=no-code")]
    public async Task Close_refuses_a_code_a_server_may_not_send_with_400_before_the_upgrade(string target)
    {
        using var cts = Timeout();
        using var ws = Create();

        Assert.That(async () => await ws.ConnectAsync(_server.WebSocketUrl(target), cts.Token), Throws.TypeOf<WebSocketException>());
        Assert.That(ws.HttpStatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Close_refuses_a_reason_longer_than_123_bytes()
    {
        using var cts = Timeout();
        using var ws = Create();

        var reason = new string('é', 62); // 124 bytes of UTF-8
        Assert.That(async () => await ws.ConnectAsync(_server.WebSocketUrl($"/close?code=1000&reason={Uri.EscapeDataString(reason)}"), cts.Token),
            Throws.TypeOf<WebSocketException>());
        Assert.That(ws.HttpStatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Delay_close_reply_echoes_and_answers_a_close_only_after_the_delay()
    {
        using var cts = Timeout();
        using var ws = await ConnectAsync(_server.WebSocketUrl("/delay-close-reply?ms=400"), cts.Token);
        await SendTextAsync(ws, "still echoes", cts.Token);
        Assert.That(await ReceiveTextAsync(ws, cts.Token), Is.EqualTo("still echoes"));

        var clock = Stopwatch.StartNew();
        await ws.CloseAsync((WebSocketCloseStatus)4002, "later", cts.Token);

        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(350)));
        Assert.That((int?)ws.CloseStatus, Is.EqualTo(4002));
        Assert.That(ws.CloseStatusDescription, Is.EqualTo("later"));
    }

    [Test]
    public async Task Never_reply_close_leaves_the_client_waiting_until_it_gives_up()
    {
        using var cts = Timeout();
        using var ws = await ConnectAsync(_server.WebSocketUrl("/never-reply-close"), cts.Token);
        await SendTextAsync(ws, "ping", cts.Token);
        Assert.That(await ReceiveTextAsync(ws, cts.Token), Is.EqualTo("ping"));

        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        giveUp.CancelAfter(TimeSpan.FromMilliseconds(500));
        Assert.That(async () => await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", giveUp.Token),
            Throws.InstanceOf<OperationCanceledException>());

        Assert.That(cts.IsCancellationRequested, Is.False);
        Assert.That(ws.State, Is.EqualTo(WebSocketState.Aborted));
        var seen = await _server.WaitForClientCloseAsync("/never-reply-close", cts.Token);
        Assert.That(seen.Code, Is.EqualTo(1000));
    }
}
