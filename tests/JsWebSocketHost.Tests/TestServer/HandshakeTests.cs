using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using JsWebSocketHost.TestServer;
using static JsWebSocketHost.Tests.TestServer.TestClient;

namespace JsWebSocketHost.Tests.TestServer;

[TestFixture]
public sealed class HandshakeTests
{
    private WebSocketTestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await WebSocketTestServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public void Urls_point_at_127_0_0_1_and_stay_on_this_server()
    {
        var echo = _server.WebSocketUrl("echo?x=1");

        Assert.That(_server.BaseUrl.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(_server.BaseUrl.Port, Is.GreaterThan(0));
        Assert.That(echo.ToString(), Is.EqualTo($"ws://127.0.0.1:{_server.BaseUrl.Port}/echo?x=1"));
        Assert.That(_server.WebSocketUrl("//elsewhere.example/echo").Host, Is.EqualTo("127.0.0.1"));
        Assert.That(() => _server.Http2WebSocketUrl("/echo"), Throws.InvalidOperationException);
    }

    [Test]
    public async Task Delay_handshake_holds_the_101_for_the_given_time_then_echoes()
    {
        using var cts = Timeout();
        var clock = Stopwatch.StartNew();
        using var ws = await ConnectAsync(_server.WebSocketUrl("/delay-handshake?ms=400"), cts.Token);

        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(350)));
        await SendTextAsync(ws, "late", cts.Token);
        Assert.That(await ReceiveTextAsync(ws, cts.Token), Is.EqualTo("late"));
    }

    [Test]
    public async Task Delay_handshake_lets_a_client_time_out_while_connecting()
    {
        using var cts = Timeout();
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        giveUp.CancelAfter(TimeSpan.FromMilliseconds(200));
        using var ws = Create();

        Assert.That(async () => await ws.ConnectAsync(_server.WebSocketUrl("/delay-handshake?ms=3000"), giveUp.Token),
            Throws.InstanceOf<OperationCanceledException>().Or.TypeOf<WebSocketException>());
        Assert.That(cts.IsCancellationRequested, Is.False);
    }

    [Test]
    public async Task Subprotocol_pick_selects_a_protocol_the_client_offered_then_echoes()
    {
        using var cts = Timeout();
        using var ws = await ConnectAsync(_server.WebSocketUrl("/subprotocol?pick=chat"), cts.Token, o => o.AddSubProtocol("chat"));

        Assert.That(ws.SubProtocol, Is.EqualTo("chat"));
        await SendTextAsync(ws, "over raw", cts.Token);
        Assert.That(await ReceiveTextAsync(ws, cts.Token), Is.EqualTo("over raw"));
        await ws.CloseAsync((WebSocketCloseStatus)4100, "raw close", cts.Token);
        Assert.That((int?)ws.CloseStatus, Is.EqualTo(4100));
        var seen = await _server.WaitForClientCloseAsync("/subprotocol?pick=chat", cts.Token);
        Assert.That(seen.Reason, Is.EqualTo("raw close"));
    }

    [Test]
    public async Task Subprotocol_pick_selects_a_protocol_the_client_did_not_offer_and_the_client_refuses_it()
    {
        using var cts = Timeout();
        using var ws = Create(o => o.AddSubProtocol("chat"));

        Assert.That(async () => await ws.ConnectAsync(_server.WebSocketUrl("/subprotocol?pick=superchat"), cts.Token),
            Throws.TypeOf<WebSocketException>());
        Assert.That(ws.HttpResponseHeaders?["Sec-WebSocket-Protocol"], Is.EquivalentTo(new[] { "superchat" }));
    }

    [Test]
    public async Task Subprotocol_pick_empty_selects_none_even_when_the_client_offered_some()
    {
        using var cts = Timeout();
        using var ws = await ConnectAsync(_server.WebSocketUrl("/subprotocol?pick="), cts.Token, o => o.AddSubProtocol("chat"));

        Assert.That(ws.SubProtocol, Is.Null);
        Assert.That(ws.HttpResponseHeaders?.ContainsKey("Sec-WebSocket-Protocol"), Is.False);
        await SendTextAsync(ws, "none", cts.Token);
        Assert.That(await ReceiveTextAsync(ws, cts.Token), Is.EqualTo("none"));
    }

    [Test]
    public async Task Headers_reports_a_custom_header_the_origin_and_the_offered_protocols()
    {
        using var cts = Timeout();
        using var ws = await ConnectAsync(_server.WebSocketUrl("/headers"), cts.Token, o =>
        {
            o.SetRequestHeader("X-Custom-Thing", "hello there");
            o.SetRequestHeader("Origin", "http://page.example");
            o.AddSubProtocol("a");
            o.AddSubProtocol("b");
        });

        using var json = JsonDocument.Parse(await ReceiveTextAsync(ws, cts.Token));
        var root = json.RootElement;
        var headers = root.GetProperty("headers");

        Assert.That(headers.GetProperty("x-custom-thing").GetString(), Is.EqualTo("hello there"));
        Assert.That(headers.GetProperty("sec-websocket-version").GetString(), Is.EqualTo("13"));
        Assert.That(headers.EnumerateObject().Select(p => p.Name), Has.All.Matches<string>(n => string.Equals(n, n.ToLowerInvariant(), StringComparison.Ordinal)));
        Assert.That(root.GetProperty("origin").GetString(), Is.EqualTo("http://page.example"));
        Assert.That(root.GetProperty("protocols").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(new[] { "a", "b" }));
        await SendTextAsync(ws, "then echoes", cts.Token);
        Assert.That(await ReceiveTextAsync(ws, cts.Token), Is.EqualTo("then echoes"));
    }

    [Test]
    public async Task Headers_reports_a_null_origin_when_the_client_sent_none()
    {
        using var cts = Timeout();
        using var ws = await ConnectAsync(_server.WebSocketUrl("/headers"), cts.Token);

        using var json = JsonDocument.Parse(await ReceiveTextAsync(ws, cts.Token));

        Assert.That(json.RootElement.GetProperty("origin").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(json.RootElement.GetProperty("protocols").GetArrayLength(), Is.Zero);
    }
}
