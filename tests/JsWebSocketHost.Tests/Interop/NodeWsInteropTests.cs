namespace JsWebSocketHost.Tests.Interop;

/// <summary>Our WebSocket against a server implementation this project did not write: Node's <c>ws</c>.</summary>
[TestFixture]
[NonParallelizable]
public sealed class NodeWsInteropTests
{
    private NodeWsPeer _peer = null!;

    [OneTimeSetUp]
    public async Task StartPeer() => _peer = await NodeWsPeer.StartAsync();

    [OneTimeTearDown]
    public void StopPeer() => _peer.Dispose();

    private static async Task<ScriptRun> Run(string source)
    {
        var run = await ScriptRun.RunAsync(source);
        Assert.That(run.Result!.Succeeded, Is.True, run.Error);
        return run;
    }

    [Test]
    public async Task Text_and_binary_echo_through_ws_in_order_and_a_server_close_is_clean()
    {
        await using var run = await Run($$"""
            const ws = new WebSocket("{{_peer.Url("/echo")}}");
            ws.binaryType = "arraybuffer";
            const got = [];
            ws.onopen = () => {
              ws.send("héllo");
              ws.send(new Uint8Array([0, 255, 128]));
              ws.send(new Float32Array([1.5]).buffer);
              ws.send("Goodbye");
            };
            ws.onmessage = e => got.push(typeof e.data === "string" ? e.data : Array.from(new Uint8Array(e.data)).join("."));
            ws.onclose = e => console.log(got.join(" | "), e.code, e.reason, e.wasClean);
            """);

        Assert.That(run.Output, Is.EqualTo("héllo | 0.255.128 | 0.0.192.63 1000 Goodbye true\n"));
    }

    [Test]
    public async Task A_ws_close_with_a_code_and_reason_reaches_the_close_event()
    {
        await using var run = await Run($$"""
            const ws = new WebSocket("{{_peer.Url("/close-4001")}}");
            ws.onopen = () => console.log("open");
            ws.onerror = () => console.log("error");
            ws.onclose = e => console.log(e.code, e.reason, e.wasClean, ws.readyState);
            """);

        Assert.That(run.Output, Is.EqualTo("open\n4001 peer says bye true 3\n"));
    }

    [Test]
    public async Task The_subprotocol_ws_selects_is_the_protocol_attribute()
    {
        await using var run = await Run($$"""
            const ws = new WebSocket("{{_peer.Url("/protocol")}}", ["chat.v2", "chat.v1"]);
            ws.onopen = () => console.log("protocol " + ws.protocol);
            ws.onmessage = e => { console.log("server saw " + e.data); ws.close(); };
            ws.onclose = e => console.log("close " + e.code + " " + e.wasClean);
            """);

        Assert.That(run.Output, Is.EqualTo("protocol chat.v2\nserver saw chat.v2\nclose 1005 true\n"));
    }

    [Test]
    public async Task A_burst_of_messages_arrives_in_order_exactly_once_before_close()
    {
        await using var run = await Run($$"""
            const ws = new WebSocket("{{_peer.Url("/burst?n=2000")}}");
            let expected = 0, bad = 0;
            ws.onmessage = e => { if (e.data !== "message " + expected) bad++; expected++; };
            ws.onclose = e => console.log(expected, bad, e.code, e.reason);
            """);

        Assert.That(run.Output, Is.EqualTo("2000 0 1000 done\n"));
    }

    [Test]
    public async Task A_client_close_with_code_and_reason_is_echoed_by_ws()
    {
        await using var run = await Run($$"""
            const ws = new WebSocket("{{_peer.Url("/echo")}}");
            ws.onopen = () => { ws.send("last words"); ws.close(4321, "client done"); console.log("after close() " + ws.readyState + " " + ws.bufferedAmount); };
            ws.onmessage = e => console.log("message " + e.data);
            ws.onclose = e => console.log(e.code, e.reason, e.wasClean, ws.bufferedAmount);
            """);

        // The echo of "last words" arrives while CLOSING, so it is not delivered (readyState is not OPEN).
        Assert.That(run.Output, Is.EqualTo("after close() 2 10\n4321 client done true 0\n"));
    }
}
