using System.Text.RegularExpressions;
using JsWebSocketHost.TestServer;
using static JsWebSocketHost.Tests.TestServer.TestClient;

namespace JsWebSocketHost.Tests.TestServer;

[TestFixture]
public sealed partial class ServeTests
{
    [GeneratedRegex(@"^Serving on (http://127\.0\.0\.1:\d+/) \(Ctrl\+C to stop\)$", RegexOptions.Multiline)]
    private static partial Regex Banner();

    [Test]
    public async Task Run_until_cancelled_prints_the_banner_and_paths_serves_and_stops_when_cancelled()
    {
        using var cts = Timeout();
        using var stop = new CancellationTokenSource();
        using var output = new StringWriter();
        var log = TextWriter.Synchronized(output);

        var run = WebSocketTestServer.RunUntilCancelledAsync(0, log, stop.Token);
        Match banner;
        while (!(banner = Banner().Match(output.ToString())).Success)
        {
            Assert.That(run.IsCompleted, Is.False, output.ToString());
            await Task.Delay(20, cts.Token);
        }

        var text = output.ToString();
        Assert.That(text, Does.Contain("/echo").And.Contain("/never-reply-close").And.Contain("/messages?count="));
        var baseUrl = new Uri(banner.Groups[1].Value);
        using (var ws = await ConnectAsync(new Uri($"ws://127.0.0.1:{baseUrl.Port}/echo"), cts.Token))
        {
            await SendTextAsync(ws, "served", cts.Token);
            Assert.That(await ReceiveTextAsync(ws, cts.Token), Is.EqualTo("served"));
        }

        await stop.CancelAsync();
        await run.WaitAsync(cts.Token);
        Assert.That(run.IsCompletedSuccessfully, Is.True);
    }
}
