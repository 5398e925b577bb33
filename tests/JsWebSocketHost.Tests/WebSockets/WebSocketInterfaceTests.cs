using System.Net;
using System.Net.Sockets;

namespace JsWebSocketHost.Tests.WebSockets;

[TestFixture]
public sealed class WebSocketInterfaceTests
{
    private static async Task<string> Run(string source, string? baseUrl = null)
    {
        await using var run = await ScriptRun.RunAsync(source, options => options.BaseUrl = baseUrl);
        Assert.That(run.Result!.Succeeded, Is.True, run.Error);
        return run.Output;
    }

    /// <summary>A loopback port with nothing listening on it (bound, then released).</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Test]
    public async Task The_interface_has_its_WebIDL_shape()
    {
        var output = await Run("""
            const p = WebSocket.prototype;
            console.log(WebSocket.length, WebSocket.name, Object.getPrototypeOf(WebSocket) === EventTarget, Object.getPrototypeOf(p) === EventTarget.prototype);
            for (const [name, value] of [["CONNECTING", 0], ["OPEN", 1], ["CLOSING", 2], ["CLOSED", 3]]) {
              const a = Object.getOwnPropertyDescriptor(WebSocket, name), b = Object.getOwnPropertyDescriptor(p, name);
              console.log(name, a.value === value && b.value === value, a.writable, a.enumerable, a.configurable, b.writable, b.configurable);
            }
            const attrs = ["url", "readyState", "bufferedAmount", "onopen", "onerror", "onclose", "extensions", "protocol", "onmessage", "binaryType"];
            console.log(attrs.every(n => { const d = Object.getOwnPropertyDescriptor(p, n); return typeof d.get === "function" && d.enumerable && d.configurable; }));
            console.log(["url", "readyState", "bufferedAmount", "extensions", "protocol"].every(n => Object.getOwnPropertyDescriptor(p, n).set === undefined));
            console.log(p.send.length, p.close.length, Object.prototype.toString.call(p), Object.getOwnPropertyDescriptor(globalThis, "WebSocket").enumerable);
            try { WebSocket("ws://x/"); } catch (e) { console.log(e.constructor.name); }
            try { new WebSocket(); } catch (e) { console.log(e.constructor.name); }
            for (const member of ["url", "readyState", "binaryType"])
              try { Object.getOwnPropertyDescriptor(p, member).get.call({}); } catch (e) { console.log(member, e.constructor.name); }
            try { p.send.call({}, "x"); } catch (e) { console.log("send", e.constructor.name); }
            try { p.close.call(null); } catch (e) { console.log("close", e.constructor.name); }
            """);

        Assert.That(output, Is.EqualTo(
            "1 WebSocket true true\n" +
            "CONNECTING true false true false false false\n" +
            "OPEN true false true false false false\n" +
            "CLOSING true false true false false false\n" +
            "CLOSED true false true false false false\n" +
            "true\ntrue\n" +
            "1 0 [object WebSocket] false\n" +
            "TypeError\nTypeError\n" +
            "url TypeError\nreadyState TypeError\nbinaryType TypeError\n" +
            "send TypeError\nclose TypeError\n"));
    }

    [TestCase("ftp://127.0.0.1/", TestName = "A non-WebSocket scheme is a SyntaxError")]
    [TestCase("ws://127.0.0.1/#", TestName = "An empty fragment is a SyntaxError")]
    [TestCase("ws://127.0.0.1/#frag", TestName = "A fragment is a SyntaxError")]
    [TestCase("http://[::1", TestName = "An unparseable URL is a SyntaxError")]
    [TestCase("/relative-without-base", TestName = "A relative URL without a base URL is a SyntaxError")]
    [TestCase("javascript:alert(1)", TestName = "A javascript URL is a SyntaxError")]
    public async Task Bad_urls_throw_SyntaxError(string url)
    {
        var output = await Run($$"""
            try { new WebSocket({{System.Text.Json.JsonSerializer.Serialize(url)}}); console.log("no error"); }
            catch (e) { console.log(e instanceof DOMException, e.name, e.code); }
            """);

        Assert.That(output, Is.EqualTo("true SyntaxError 12\n"));
    }

    [Test]
    public async Task Http_and_https_become_ws_and_wss_and_relative_urls_resolve_against_location()
    {
        var port = ClosedPort();
        var output = await Run($$"""
            const a = new WebSocket("http://127.0.0.1:{{port}}/a?x=1");
            const b = new WebSocket("/chat", []);
            const c = new WebSocket(new URL("ws://127.0.0.1:{{port}}/c"));
            console.log(a.url, b.url, c.url);
            for (const s of [a, b, c]) s.onerror = () => {};
            const d = new WebSocket("https://127.0.0.1:{{port}}/");
            console.log(d.url);
            d.onerror = () => {};
            """, $"http://127.0.0.1:{port}/base/");

        Assert.That(output, Is.EqualTo(
            $"ws://127.0.0.1:{port}/a?x=1 ws://127.0.0.1:{port}/chat ws://127.0.0.1:{port}/c\n" +
            $"wss://127.0.0.1:{port}/\n"));
    }

    [TestCase("\"\"", TestName = "An empty protocol is a SyntaxError")]
    [TestCase("\"a b\"", TestName = "A protocol with a space is a SyntaxError")]
    [TestCase("[\"chat\", \"CHAT\"]", TestName = "Protocols equal ignoring case are a SyntaxError")]
    [TestCase("[\"ok\", \"bad,comma\"]", TestName = "A protocol with a separator is a SyntaxError")]
    [TestCase("\"caf\\u00e9\"", TestName = "A non-ASCII protocol is a SyntaxError")]
    [TestCase("[\"x\\u0001\"]", TestName = "A protocol with a control character is a SyntaxError")]
    public async Task Bad_protocols_throw_SyntaxError(string protocols)
    {
        var output = await Run($$"""
            try { new WebSocket("ws://127.0.0.1:1/", {{protocols}}); console.log("no error"); }
            catch (e) { console.log(e.name); }
            """);

        Assert.That(output, Is.EqualTo("SyntaxError\n"));
    }

    [Test]
    public async Task Protocols_may_be_any_iterable_and_an_iterator_that_throws_propagates()
    {
        var output = await Run("""
            const ws = new WebSocket("ws://127.0.0.1:1/", new Set(["a", "b"]));
            ws.onerror = () => {};
            try { new WebSocket("ws://127.0.0.1:1/", { [Symbol.iterator]() { throw new RangeError("from iterator"); } }); }
            catch (e) { console.log(e.constructor.name, e.message); }
            console.log(ws.protocol === "");
            """);

        Assert.That(output, Is.EqualTo("RangeError from iterator\ntrue\n"));
    }

    [TestCase("{ headers: { 'Sec-WebSocket-Key': 'x' } }", TestName = "A Sec-WebSocket header is refused")]
    [TestCase("{ headers: { Host: 'evil' } }", TestName = "A Host header is refused")]
    [TestCase("{ headers: [['X-Ok', 'a\\r\\nInjected: 1']] }", TestName = "A header value with CR LF is refused")]
    [TestCase("{ headers: { 'Bad Name': 'x' } }", TestName = "A header name that is not a token is refused")]
    public async Task Bad_extension_headers_throw_SyntaxError_naming_the_header(string init)
    {
        var output = await Run($$"""
            try { new WebSocket("ws://127.0.0.1:1/", {{init}}); console.log("no error"); }
            catch (e) { console.log(e.name, /header '/.test(e.message)); }
            """);

        Assert.That(output, Is.EqualTo("SyntaxError true\n"));
    }

    [Test]
    public async Task Send_while_connecting_is_an_InvalidStateError_and_no_argument_a_TypeError()
    {
        var output = await Run("""
            const ws = new WebSocket("ws://127.0.0.1:1/");
            ws.onerror = () => {};
            try { ws.send("x"); } catch (e) { console.log(e.name, e instanceof DOMException); }
            try { ws.send(); } catch (e) { console.log(e.constructor.name); }
            // WebIDL converts the argument first: its own exception wins over the state check.
            try { ws.send({ toString() { throw new RangeError("from toString"); } }); } catch (e) { console.log(e.constructor.name); }
            console.log(ws.bufferedAmount);
            """);

        Assert.That(output, Is.EqualTo("InvalidStateError true\nTypeError\nRangeError\n0\n"));
    }

    [TestCase("999", "InvalidAccessError", TestName = "close(999) is an InvalidAccessError")]
    [TestCase("1001", "InvalidAccessError", TestName = "close(1001) is an InvalidAccessError")]
    [TestCase("2999", "InvalidAccessError", TestName = "close(2999) is an InvalidAccessError")]
    [TestCase("5000", "InvalidAccessError", TestName = "close(5000) is an InvalidAccessError")]
    [TestCase("0", "InvalidAccessError", TestName = "close(0) is an InvalidAccessError")]
    [TestCase("66536", "InvalidAccessError", TestName = "close(65536 + 1000) clamps to 65535, an InvalidAccessError")]
    [TestCase("-1", "InvalidAccessError", TestName = "close(-1) clamps to 0, an InvalidAccessError")]
    [TestCase("NaN", "InvalidAccessError", TestName = "close(NaN) is 0, an InvalidAccessError")]
    [TestCase("1000, 'x'.repeat(124)", "SyntaxError", TestName = "A reason of 124 bytes is a SyntaxError")]
    [TestCase("1000, '\\u00e9'.repeat(62)", "SyntaxError", TestName = "A reason of 62 two-byte characters is a SyntaxError")]
    [TestCase("4000.5", "none", TestName = "close(4000.5) rounds to 4000 and is allowed")]
    [TestCase("3000, 'x'.repeat(123)", "none", TestName = "A reason of 123 bytes is allowed")]
    [TestCase("1000", "none", TestName = "close(1000) is allowed")]
    [TestCase("4999", "none", TestName = "close(4999) is allowed")]
    [TestCase("undefined, 'why'", "none", TestName = "A reason without a code is allowed")]
    public async Task Close_validates_code_then_reason(string arguments, string expected)
    {
        var output = await Run($$"""
            const ws = new WebSocket("ws://127.0.0.1:1/");
            ws.onerror = () => {};
            try { ws.close({{arguments}}); console.log("none", ws.readyState); }
            catch (e) { console.log(e.name, ws.readyState); }
            """);

        Assert.That(output, Is.EqualTo(expected == "none" ? "none 2\n" : $"{expected} 0\n"));
    }

    [Test]
    public async Task Close_while_connecting_fires_error_then_close_1006_in_a_later_task_once_each()
    {
        var port = ClosedPort();
        var output = await Run($$"""
            const ws = new WebSocket("ws://127.0.0.1:{{port}}/");
            const log = [];
            ws.onopen = () => log.push("open");
            ws.onerror = e => log.push("error:" + ws.readyState + ":" + e.constructor.name + ":" + e.isTrusted);
            ws.onclose = e => { log.push("close:" + ws.readyState + ":" + e.code + ":" + e.wasClean + ":" + JSON.stringify(e.reason)); console.log(log.join(" ")); };
            ws.close();
            log.push("after close():" + ws.readyState);
            ws.close(); // already CLOSING: nothing
            """);

        Assert.That(output, Is.EqualTo("after close():2 error:3:Event:true close:3:1006:false:\"\"\n"));
    }

    [Test]
    public async Task A_refused_connection_fires_error_then_close_1006_and_never_open()
    {
        var port = ClosedPort();
        var output = await Run($$"""
            const ws = new WebSocket("ws://127.0.0.1:{{port}}/");
            const log = [];
            ws.addEventListener("open", () => log.push("open"));
            ws.addEventListener("error", e => log.push("error " + ws.readyState + " " + (e.target === ws) + " " + e.bubbles + " " + e.cancelable));
            ws.addEventListener("close", e => { log.push("close " + ws.readyState + " " + e.code + " " + e.wasClean + " " + (e instanceof CloseEvent)); console.log(log.join(", ")); });
            """);

        Assert.That(output, Is.EqualTo("error 3 true false false, close 3 1006 false true\n"));
    }

    [Test]
    public async Task A_bad_port_fails_later_instead_of_throwing()
    {
        var output = await Run("""
            const ws = new WebSocket("ws://127.0.0.1:25/");
            console.log("constructed", ws.readyState);
            ws.onerror = () => console.log("error");
            ws.onclose = e => console.log("close", e.code);
            """);

        Assert.That(output, Is.EqualTo("constructed 0\nerror\nclose 1006\n"));
    }

    [Test]
    public async Task BinaryType_defaults_to_blob_and_ignores_invalid_values()
    {
        var output = await Run("""
            const ws = new WebSocket("ws://127.0.0.1:1/");
            ws.onerror = () => {};
            const seen = [ws.binaryType];
            ws.binaryType = "arraybuffer"; seen.push(ws.binaryType);
            ws.binaryType = "text"; seen.push(ws.binaryType);
            ws.binaryType = "Blob"; seen.push(ws.binaryType);
            ws.binaryType = "blob"; seen.push(ws.binaryType);
            console.log(seen.join(" "));
            """);

        Assert.That(output, Is.EqualTo("blob arraybuffer arraybuffer arraybuffer blob\n"));
    }

    [Test]
    public async Task Extra_constructor_arguments_are_ignored_and_the_socket_can_be_subclassed()
    {
        var output = await Run("""
            class MySocket extends WebSocket { hello() { return "hi " + this.readyState; } }
            const s = new MySocket("ws://127.0.0.1:1/", [], "extra", 42);
            s.onerror = () => {};
            console.log(s instanceof MySocket, s instanceof WebSocket, s.hello());
            """);

        Assert.That(output, Is.EqualTo("true true hi 0\n"));
    }
}
