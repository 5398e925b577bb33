using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using JsWebSocketHost.TestServer;
using static JsWebSocketHost.Tests.TestServer.TestClient;

namespace JsWebSocketHost.Tests.TestServer;

[TestFixture]
public sealed class StreamingTests
{
    private WebSocketTestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await WebSocketTestServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [TestCase(1)]
    [TestCase(4)]
    public async Task Fragmented_sends_each_message_as_N_frames_with_end_of_message_only_on_the_last(int parts)
    {
        using var cts = Timeout();
        using var ws = await ConnectAsync(_server.WebSocketUrl($"/fragmented?parts={parts}"), cts.Token);
        var expected = string.Concat(Enumerable.Range(0, parts).Select(i => $"fragment{i}"));

        foreach (var type in new[] { WebSocketMessageType.Text, WebSocketMessageType.Binary })
        {
            var buffer = new byte[1024];
            var frames = new List<ValueWebSocketReceiveResult>();
            var text = new StringBuilder();
            do
            {
                var frame = await ws.ReceiveAsync(buffer.AsMemory(), cts.Token);
                frames.Add(frame);
                text.Append(Encoding.UTF8.GetString(buffer, 0, frame.Count));
            }
            while (!frames[^1].EndOfMessage);

            Assert.That(frames, Has.Count.EqualTo(parts), $"{type} frames");
            Assert.That(frames.Select(f => f.MessageType), Has.All.EqualTo(type));
            Assert.That(frames.SkipLast(1).Select(f => f.EndOfMessage), Has.None.True);
            Assert.That(text.ToString(), Is.EqualTo(expected));
        }

        await SendTextAsync(ws, "and then echoes", cts.Token);
        Assert.That(await ReceiveTextAsync(ws, cts.Token), Is.EqualTo("and then echoes"));
    }

    [TestCase("text", WebSocketMessageType.Text)]
    [TestCase("binary", WebSocketMessageType.Binary)]
    public async Task Messages_sends_count_messages_of_size_bytes_in_order_then_closes_1000(string kind, WebSocketMessageType type)
    {
        using var cts = Timeout();
        using var ws = await ConnectAsync(_server.WebSocketUrl($"/messages?count=120&size=40&type={kind}"), cts.Token);

        for (var i = 0; i < 120; i++)
        {
            var (received, data) = await ReceiveMessageAsync(ws, cts.Token);
            Assert.That(received, Is.EqualTo(type));
            Assert.That(data, Has.Length.EqualTo(40));
            Assert.That(Encoding.ASCII.GetString(data), Does.StartWith($"{i} "));
        }

        var (last, _) = await ReceiveMessageAsync(ws, cts.Token);
        Assert.That(last, Is.EqualTo(WebSocketMessageType.Close));
        Assert.That(ws.CloseStatus, Is.EqualTo(WebSocketCloseStatus.NormalClosure));
    }

    [Test]
    public async Task Messages_cuts_the_index_to_a_small_size_and_sends_empty_messages_for_size_0()
    {
        using var cts = Timeout();
        using var small = await ConnectAsync(_server.WebSocketUrl("/messages?count=12&size=1"), cts.Token);
        using var empty = await ConnectAsync(_server.WebSocketUrl("/messages?count=2&size=0&type=binary"), cts.Token);

        var firsts = new StringBuilder();
        for (var i = 0; i < 12; i++)
        {
            firsts.Append(await ReceiveTextAsync(small, cts.Token));
        }

        Assert.That(firsts.ToString(), Is.EqualTo("012345678911"));
        Assert.That((await ReceiveMessageAsync(empty, cts.Token)).Data, Is.Empty);
        Assert.That((await ReceiveMessageAsync(empty, cts.Token)).Data, Is.Empty);
        Assert.That((await ReceiveMessageAsync(empty, cts.Token)).Type, Is.EqualTo(WebSocketMessageType.Close));
    }

    [Test]
    public async Task Messages_refuses_an_unknown_type_with_400()
    {
        using var cts = Timeout();
        using var ws = Create();

        Assert.That(async () => await ws.ConnectAsync(_server.WebSocketUrl("/messages?type=blob"), cts.Token), Throws.TypeOf<WebSocketException>());
        Assert.That((int?)ws.HttpStatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task Slow_reader_replies_with_each_length_at_its_own_pace()
    {
        using var cts = Timeout();
        using var ws = await ConnectAsync(_server.WebSocketUrl("/slow-reader?ms=150"), cts.Token);
        var clock = Stopwatch.StartNew();

        await SendTextAsync(ws, "hello", cts.Token);
        await ws.SendAsync(new byte[70_000], WebSocketMessageType.Binary, true, cts.Token);
        await SendTextAsync(ws, "é", cts.Token);

        Assert.That(await ReceiveTextAsync(ws, cts.Token), Is.EqualTo("5"));
        Assert.That(await ReceiveTextAsync(ws, cts.Token), Is.EqualTo("70000"));
        Assert.That(await ReceiveTextAsync(ws, cts.Token), Is.EqualTo("2"));
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(400)));
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
        Assert.That(ws.CloseStatusDescription, Is.EqualTo("done"));
    }
}
