using System.Net;
using System.Net.Sockets;
using JsWebSocketHost.Hosting;
using JsWebSocketHost.Tests.WebSockets;
using Microsoft.Extensions.Logging;

namespace JsWebSocketHost.Tests.Observability;

/// <summary>
/// What the host logs about each WebSocket (category JsWebSocketHost.WebSockets): connect, open, close, and a failure
/// with its real cause, while the script still sees only error and close 1006.
/// </summary>
[TestFixture]
public sealed class ConnectionLoggingTests : WebSocketIntegrationFixture
{
    private const int Connecting = 200;
    private const int Opened = 201;
    private const int Closed = 202;
    private const int Failed = 203;
    private const int HandshakeRefused = 204;
    private const int ClosingHandshakeIncomplete = 205;

    /// <summary>Prints the error and close events a failed connection gives the script.</summary>
    private const string LogFailure = """
        ws.onopen = () => console.log("open");
        ws.onerror = () => console.log("error");
        ws.onclose = e => console.log("close", e.code, e.wasClean);
        """;

    private static async Task<(string[] Output, RecordingLoggerFactory Logs)> RunLogged(
        string source, Action<ScriptHostOptions>? configure = null, LogLevel minimumLevel = LogLevel.Debug)
    {
        var logs = new RecordingLoggerFactory(minimumLevel);
        await using var run = await ScriptRun.RunAsync(source, options =>
        {
            options.LoggerFactory = logs;
            configure?.Invoke(options);
        });
        Assert.That(run.Result!.Succeeded, Is.True, run.Error);
        return (run.OutputLines, logs);
    }

    /// <summary>Runs a script whose one WebSocket fails, checks what the script saw, and returns the failure's log entry.</summary>
    private static async Task<(LogEntry Failure, RecordingLoggerFactory Logs)> RunFailing(
        string url, Action<ScriptHostOptions>? configure = null, int failureId = Failed, bool opensFirst = false)
    {
        var (output, logs) = await RunLogged($"const ws = new WebSocket({JsString(url)});\n{LogFailure}", configure);
        await TestContext.Out.WriteLineAsync(logs.ToString());

        Assert.That(output, Is.EqualTo(opensFirst
            ? new[] { "open", "error", "close 1006 false" }
            : new[] { "error", "close 1006 false" }), logs.ToString());
        var failure = logs.Single(failureId);
        Assert.That(failure.Category, Is.EqualTo(ScriptHostDiagnostics.WebSocketsLogCategory));
        Assert.That(failure.Level, Is.EqualTo(LogLevel.Warning));
        var closed = logs.Single(Closed);
        Assert.That(closed["Code"], Is.EqualTo(1006));
        Assert.That(closed["WasClean"], Is.False);
        Assert.That(closed["ConnectionId"], Is.EqualTo(failure["ConnectionId"]));
        return (failure, logs);
    }

    private static string JsString(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Test]
    public async Task Connect_open_and_a_close_by_the_script_are_logged_with_url_protocol_code_and_reason()
    {
        var (output, logs) = await RunLogged($$"""
            const ws = new WebSocket("{{Url("/echo?protocol=x")}}", "x");
            ws.onopen = () => ws.close(4000, "bye");
            ws.onclose = e => console.log("close", e.code, e.reason);
            """);

        Assert.That(output, Is.EqualTo(new[] { "close 4000 bye" }));
        var expectedUrl = $"ws://127.0.0.1:{Server.BaseUrl.Port}/echo?*";
        var connecting = logs.Single(Connecting);
        Assert.That(connecting.Level, Is.EqualTo(LogLevel.Debug));
        Assert.That(connecting["Url"], Is.EqualTo(expectedUrl), "the query is redacted");
        var opened = logs.Single(Opened);
        Assert.That(opened.Level, Is.EqualTo(LogLevel.Information));
        Assert.That(opened.EventId.Name, Is.EqualTo("Opened"));
        Assert.That(opened["Url"], Is.EqualTo(expectedUrl));
        Assert.That(opened["Protocol"], Is.EqualTo("x"));
        Assert.That(opened["Extensions"], Is.EqualTo(""));
        var closed = logs.Single(Closed);
        Assert.That(closed["Code"], Is.EqualTo(4000));
        Assert.That(closed["Reason"], Is.EqualTo("bye"));
        Assert.That(closed["WasClean"], Is.True);
        Assert.That(closed["ClosedBy"], Is.EqualTo("script"));
        Assert.That(new[] { opened["ConnectionId"], closed["ConnectionId"] }, Is.All.EqualTo(connecting["ConnectionId"]));
        Assert.That(logs.WithId(Failed), Is.Empty);
    }

    [Test]
    public async Task A_close_started_by_the_server_is_logged_as_closed_by_the_server()
    {
        var (output, logs) = await RunLogged($$"""
            const ws = new WebSocket("{{Url("/close?code=4001&reason=done")}}");
            ws.onclose = e => console.log("close", e.code);
            """);

        Assert.That(output, Is.EqualTo(new[] { "close 4001" }));
        var closed = logs.Single(Closed);
        Assert.That(closed["Code"], Is.EqualTo(4001));
        Assert.That(closed["Reason"], Is.EqualTo("done"));
        Assert.That(closed["ClosedBy"], Is.EqualTo("server"));
        Assert.That(closed.Message, Does.Contain("closed with code 4001"));
    }

    [Test]
    public async Task A_refused_connection_is_logged_as_connection_refused_with_the_socket_error()
    {
        var (failure, logs) = await RunFailing($"ws://127.0.0.1:{ClosedPort()}/");

        Assert.That(failure["Cause"], Is.EqualTo("connection_refused"));
        Assert.That(failure.Exception, Is.Not.Null);
        Assert.That(logs.Single(Closed)["ClosedBy"], Is.EqualTo("failure"));
        Assert.That(logs.WithId(Opened), Is.Empty);
    }

    [TestCase(true, TestName = "A name the resolver cannot find is logged as a DNS failure")]
    [TestCase(false, TestName = "A name that resolves to no address is logged as a DNS failure")]
    public async Task A_name_that_does_not_resolve_is_logged_as_a_DNS_failure(bool throws)
    {
        var (failure, _) = await RunFailing($"ws://nowhere.test:{Server.BaseUrl.Port}/echo", options =>
            options.WebSockets.HostNameResolver = (_, _) => throws
                ? throw new SocketException((int)SocketError.HostNotFound)
                : ValueTask.FromResult(Array.Empty<IPAddress>()));

        Assert.That(failure["Cause"], Is.EqualTo("dns_failure"));
        Assert.That(failure["Url"], Is.EqualTo($"ws://nowhere.test:{Server.BaseUrl.Port}/echo"));
    }

    [TestCase(403)]
    [TestCase(404)]
    [TestCase(500)]
    public async Task A_handshake_refused_with_an_HTTP_status_is_logged_with_the_status(int status)
    {
        var (failure, _) = await RunFailing(Url($"/status?code={status}"), failureId: HandshakeRefused);

        Assert.That(failure["Cause"], Is.EqualTo("http_status"));
        Assert.That(failure["StatusCode"], Is.EqualTo(status));
        Assert.That(failure.Message, Does.Contain($"HTTP status {status}"));
    }

    [Test]
    public async Task A_handshake_refused_over_HTTP_2_is_logged_with_the_status()
    {
        var (failure, _) = await RunFailing(Server.Http2WebSocketUrl("/status?code=403").AbsoluteUri, options =>
        {
            options.WebSockets.HttpVersion = HttpVersion.Version20;
            options.WebSockets.HttpVersionPolicy = System.Net.Http.HttpVersionPolicy.RequestVersionExact;
        }, failureId: HandshakeRefused);

        Assert.That(failure["StatusCode"], Is.EqualTo(403));
    }

    [Test]
    public async Task A_redirect_is_logged_with_its_status()
    {
        var (failure, _) = await RunFailing(Url("/redirect?to=/echo"), failureId: HandshakeRefused);

        Assert.That(failure["StatusCode"], Is.EqualTo(302));
    }

    [TestCase("/bad-accept", TestName = "A wrong Sec-WebSocket-Accept is logged as a protocol error")]
    [TestCase("/garbage", TestName = "A response that is not HTTP is logged as a protocol error")]
    [TestCase("/subprotocol?pick=chat", TestName = "A subprotocol the client did not offer is logged as a protocol error")]
    public async Task A_bad_handshake_response_is_logged_as_a_protocol_error(string path)
    {
        var (failure, _) = await RunFailing(Url(path));

        Assert.That(failure["Cause"], Is.EqualTo("protocol_error"), failure.Exception?.ToString());
    }

    [TestCase("/raw-after-101?hex=8300", TestName = "A frame with a reserved opcode after open is logged as a protocol error")]
    [TestCase("/invalid-utf8", TestName = "Invalid UTF-8 in a text message is logged as a protocol error")]
    public async Task A_bad_frame_after_open_is_logged_as_a_protocol_error(string path)
    {
        var (failure, _) = await RunFailing(Url(path), opensFirst: true);

        Assert.That(failure["Cause"], Is.EqualTo("protocol_error"), failure.Exception?.ToString());
    }

    [Test]
    public async Task A_handshake_slower_than_the_connect_timeout_is_logged_as_a_connect_timeout()
    {
        var (failure, _) = await RunFailing(Url("/delay-handshake?ms=5000"),
            options => options.WebSockets.ConnectTimeout = TimeSpan.FromMilliseconds(300));

        Assert.That(failure["Cause"], Is.EqualTo("connect_timeout"), failure.Exception?.ToString());
        Assert.That(failure.Message, Does.Contain("0.3 s"));
    }

    [Test]
    public async Task A_server_certificate_that_is_not_trusted_is_logged_as_a_TLS_failure()
    {
        var (failure, _) = await RunFailing(Server.TlsWebSocketUrl("/echo").AbsoluteUri);

        Assert.That(failure["Cause"], Is.EqualTo("tls_failure"), failure.Exception?.ToString());
        Assert.That(failure["Url"], Does.StartWith("wss://127.0.0.1:"));
    }

    [Test]
    public async Task A_connection_dropped_after_open_is_logged_as_connection_lost()
    {
        var (failure, _) = await RunFailing(Url("/drop?after=100"), opensFirst: true);

        Assert.That(failure["Cause"], Is.EqualTo("connection_lost"), failure.Exception?.ToString());
    }

    [Test]
    public async Task A_message_over_the_size_limit_is_logged_as_message_too_big_with_the_limit_event()
    {
        var (failure, logs) = await RunFailing(Url("/messages?count=1&size=5000"),
            options => options.WebSockets.MaxMessageSize = 1000, opensFirst: true);

        Assert.That(failure["Cause"], Is.EqualTo("message_too_big"));
        Assert.That(failure.Message, Does.Contain("1000 bytes"));
        Assert.That(logs.Single(Closed)["ClosedBy"], Is.EqualTo("host"));
        var limit = logs.Single(120);
        Assert.That(limit.Category, Is.EqualTo(ScriptHostDiagnostics.ScriptHostLogCategory));
        Assert.That(limit["Limit"], Is.EqualTo("MaxMessageSize"));
        Assert.That(limit["EndsRun"], Is.False);
    }

    [Test]
    public async Task A_connection_denied_by_an_address_rule_is_logged_with_the_rule_and_the_address()
    {
        var (failure, logs) = await RunFailing(Url("/echo"), options => options.WebSockets.Network.DenyNonPublicAddresses = true);

        Assert.That(failure["Cause"], Is.EqualTo("policy_denied"));
        var denial = logs.Single(130);
        Assert.That(denial.Category, Is.EqualTo(ScriptHostDiagnostics.ScriptHostLogCategory));
        Assert.That(denial.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(denial["Rule"], Is.EqualTo("non-public-address"));
        Assert.That(denial["Address"], Is.EqualTo("127.0.0.1"));
    }

    [Test]
    public async Task A_connection_denied_by_a_name_rule_is_logged_before_any_address()
    {
        var (failure, logs) = await RunFailing(Url("/echo"), options => options.WebSockets.Network.DeniedPorts.Add(Server.BaseUrl.Port));

        Assert.That(failure["Cause"], Is.EqualTo("policy_denied"));
        Assert.That(failure.Message, Does.Contain("DeniedPorts"));
        var denial = logs.Single(130);
        Assert.That(denial["Rule"], Is.EqualTo("port"));
        Assert.That(denial["Address"], Is.EqualTo("(before DNS)"));
    }

    [Test]
    public async Task A_connection_past_the_connection_limit_is_logged_as_limit_reached()
    {
        var (output, logs) = await RunLogged($$"""
            const first = new WebSocket("{{Url("/echo")}}");
            first.onopen = () => {
              const second = new WebSocket("{{Url("/echo")}}");
              second.onclose = e => { console.log("second", e.code); first.close(); };
            };
            """, options => options.WebSockets.MaxConnections = 1);

        Assert.That(output, Is.EqualTo(new[] { "second 1006" }));
        var failure = logs.Single(Failed);
        Assert.That(failure["Cause"], Is.EqualTo("limit_reached"));
        Assert.That(failure.Message, Does.Contain("MaxConnections"));
        Assert.That(logs.Single(120)["Limit"], Is.EqualTo("MaxConnections"));
        Assert.That(logs.WithId(Closed).Select(e => e["ClosedBy"]), Is.EquivalentTo(new[] { "host", "script" }));
    }

    [Test]
    public async Task A_send_past_the_buffered_amount_limit_is_logged_as_limit_reached_by_the_host()
    {
        var (output, logs) = await RunLogged($$"""
            const ws = new WebSocket("{{Url("/echo")}}");
            {{LogFailure}}
            ws.addEventListener("open", () => ws.send("x".repeat(100)));
            """, options => options.WebSockets.MaxBufferedAmount = 10);

        Assert.That(output, Is.EqualTo(new[] { "open", "error", "close 1006 false" }));
        Assert.That(logs.Single(Failed)["Cause"], Is.EqualTo("limit_reached"));
        Assert.That(logs.Single(120)["Limit"], Is.EqualTo("MaxBufferedAmount"));
        Assert.That(logs.Single(Closed)["ClosedBy"], Is.EqualTo("host"));
    }

    [Test]
    public async Task Close_while_connecting_is_logged_as_aborted_by_the_script()
    {
        var (output, logs) = await RunLogged($$"""
            const ws = new WebSocket("{{Url("/delay-handshake?ms=2000")}}");
            {{LogFailure}}
            ws.close();
            """);

        Assert.That(output, Is.EqualTo(new[] { "error", "close 1006 false" }));
        var failure = logs.Single(Failed);
        Assert.That(failure["Cause"], Is.EqualTo("aborted"));
        Assert.That(failure.Message, Does.Contain("close()"));
        Assert.That(logs.Single(Closed)["ClosedBy"], Is.EqualTo("script"));
    }

    [Test]
    public async Task A_socket_aborted_by_the_host_is_logged_as_aborted_by_the_host()
    {
        var logs = new RecordingLoggerFactory(LogLevel.Debug);
        var run = new ScriptRun(configure: options => options.LoggerFactory = logs);
        run.Host.EnqueueScript($"const ws = new WebSocket('{Url("/echo")}');");
        var running = run.Host.RunAsync();
        for (var i = 0; i < 1000 && logs.WithId(Opened).Length == 0; i++)
        {
            await Task.Delay(10);
        }

        await run.DisposeAsync();

        Assert.That((await running).Outcome, Is.EqualTo(ScriptRunOutcome.Cancelled));
        Assert.That(logs.Single(Failed)["Cause"], Is.EqualTo("aborted"));
        Assert.That(logs.Single(Closed)["ClosedBy"], Is.EqualTo("host"));
    }

    [Test]
    public async Task A_closing_handshake_the_server_never_answers_is_logged_as_incomplete_not_as_a_failure()
    {
        var (output, logs) = await RunLogged($$"""
            const ws = new WebSocket("{{Url("/never-reply-close")}}");
            ws.onopen = () => ws.close(1000);
            ws.onerror = () => console.log("error");
            ws.onclose = e => console.log("close", e.code, e.wasClean);
            """, options => options.WebSockets.ClosingHandshakeTimeout = TimeSpan.FromMilliseconds(300));

        Assert.That(output, Is.EqualTo(new[] { "close 1006 false" }));
        Assert.That(logs.Single(ClosingHandshakeIncomplete).Exception, Is.Not.Null);
        Assert.That(logs.WithId(Failed), Is.Empty);
        var closed = logs.Single(Closed);
        Assert.That(closed["ClosedBy"], Is.EqualTo("script"));
        Assert.That(closed["WasClean"], Is.False);
    }

    [Test]
    public async Task At_Trace_each_message_sent_and_received_is_logged_with_its_type_and_length()
    {
        var (_, logs) = await RunLogged($$"""
            const ws = new WebSocket("{{Url("/echo")}}");
            ws.binaryType = "arraybuffer";
            ws.onopen = () => { ws.send("hello"); ws.send(new Uint8Array(3)); };
            let count = 0;
            ws.onmessage = () => { if (++count === 2) ws.close(); };
            """, minimumLevel: LogLevel.Trace);

        Assert.That(logs.WithId(211).Select(e => (e["MessageType"], e["Length"])), Is.EqualTo(new[] { ((object?)"text", (object?)5), ("binary", 3) }));
        Assert.That(logs.WithId(210).Select(e => (e["MessageType"], e["Length"])), Is.EqualTo(new[] { ((object?)"text", (object?)5), ("binary", 3) }));
        Assert.That(logs.WithId(210).Select(e => e.Level), Is.All.EqualTo(LogLevel.Trace));
    }

    [Test]
    public async Task Below_Trace_no_message_is_logged()
    {
        var (_, logs) = await RunLogged($$"""
            const ws = new WebSocket("{{Url("/echo")}}");
            ws.onopen = () => ws.send("hello");
            ws.onmessage = () => ws.close();
            """, minimumLevel: LogLevel.Debug);

        Assert.That(logs.WithId(210).Concat(logs.WithId(211)), Is.Empty);
        Assert.That(logs.WithId(Opened), Has.Length.EqualTo(1));
    }
}
