using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace JsWebSocketHost.TestServer;

/// <summary>The behaviours Kestrel serves (HTTP/1.1 and HTTP/2), chosen by path and query.</summary>
internal sealed class HttpBehaviours
{
    private const int MaxDelayMs = 60_000;
    private readonly CancellationToken _stopping;
    private readonly ServedContent _content;

    public HttpBehaviours(ServedContent content, CancellationToken stopping)
    {
        _stopping = stopping;
        _content = content;
    }

    public async Task HandleAsync(HttpContext context)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
        var ct = cancel.Token;
        var entry = TestServerPaths.Find(context.Request.Path.Value);
        try
        {
            var query = QueryArgs.Parse(context.Request.QueryString.Value);
            if (entry is null && !context.WebSockets.IsWebSocketRequest
                && _content.TryGet(context.Request.Path.Value ?? "/", context.Request.QueryString.Value ?? "",
                    context.Request.Cookies[ServedContent.CookieName], out var contentType, out var body))
            {
                context.Response.ContentType = contentType;
                context.Response.ContentLength = body.Length;
                context.Response.Headers.CacheControl = "no-store";
                await context.Response.Body.WriteAsync(body, ct).ConfigureAwait(false);
                return;
            }

            if (entry is null)
            {
                var isIndex = context.Request.Path.Value == "/" && !context.WebSockets.IsWebSocketRequest;
                await RespondAsync(
                    context,
                    isIndex ? StatusCodes.Status200OK : StatusCodes.Status404NotFound,
                    isIndex ? ListPaths() : "No behaviour at this path; GET / lists them.",
                    ct).ConfigureAwait(false);
                return;
            }

            if (entry.IsRaw)
            {
                await RespondAsync(context, StatusCodes.Status404NotFound,
                    $"{entry.Path} is served only over HTTP/1.1, as the first request on a connection.", ct).ConfigureAwait(false);
                return;
            }

            switch (entry.Path)
            {
                case TestServerPaths.Echo:
                    await EchoAsync(context, query, TimeSpan.Zero, TimeSpan.Zero, neverReplyClose: false, ct).ConfigureAwait(false);
                    break;
                case TestServerPaths.DelayHandshake:
                    await EchoAsync(context, query, Milliseconds(query, "ms"), TimeSpan.Zero, neverReplyClose: false, ct).ConfigureAwait(false);
                    break;
                case TestServerPaths.DelayCloseReply:
                    await EchoAsync(context, query, TimeSpan.Zero, Milliseconds(query, "ms"), neverReplyClose: false, ct).ConfigureAwait(false);
                    break;
                case TestServerPaths.NeverReplyClose:
                    await EchoAsync(context, query, TimeSpan.Zero, TimeSpan.Zero, neverReplyClose: true, ct).ConfigureAwait(false);
                    break;
                case TestServerPaths.Close:
                    await CloseAsync(context, query, ct).ConfigureAwait(false);
                    break;
                case TestServerPaths.Drop:
                    await DropAsync(context, query, ct).ConfigureAwait(false);
                    break;
                case TestServerPaths.Fragmented:
                    await FragmentedAsync(context, query, ct).ConfigureAwait(false);
                    break;
                case TestServerPaths.Status:
                    var status = query.GetInt("code", StatusCodes.Status403Forbidden, 200, 599);
                    await RespondAsync(context, status, string.Create(CultureInfo.InvariantCulture, $"Refused with status {status}."), ct).ConfigureAwait(false);
                    break;
                case TestServerPaths.Redirect:
                    RedirectTo(context, query);
                    break;
                case TestServerPaths.Headers:
                    await HeadersAsync(context, ct).ConfigureAwait(false);
                    break;
                case TestServerPaths.SlowReader:
                    await SlowReaderAsync(context, query, ct).ConfigureAwait(false);
                    break;
                case TestServerPaths.Messages:
                    await MessagesAsync(context, query, ct).ConfigureAwait(false);
                    break;
                default:
                    await RespondAsync(context, StatusCodes.Status404NotFound, "Unknown behaviour.", ct).ConfigureAwait(false);
                    break;
            }
        }
        catch (BadRequestException e) when (!context.Response.HasStarted)
        {
            await RespondAsync(context, StatusCodes.Status400BadRequest, e.Message, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away or the server is stopping: nothing left to do on this connection.
        }
    }

    internal static string ListPaths()
    {
        var text = new StringBuilder("WebSocket test server behaviours (see README.md of JsWebSocketHost.TestServer):\n");
        foreach (var entry in TestServerPaths.All)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {entry.Example,-40} {entry.Summary}\n");
        }

        return text.ToString();
    }

    private static TimeSpan Milliseconds(QueryArgs query, string name) =>
        TimeSpan.FromMilliseconds(query.GetInt(name, 1000, 0, MaxDelayMs));

    private static async Task RespondAsync(HttpContext context, int status, string text, CancellationToken ct)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        KeepNoConnection(context);
        await context.Response.WriteAsync(text + "\n", ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A refused handshake closes its connection, so a client's next handshake always starts a new connection and
    /// meets the raw handler's first-request peek.
    /// </summary>
    private static void KeepNoConnection(HttpContext context)
    {
        if (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol))
        {
            context.Response.Headers.Connection = "close";
        }
    }

    private static void RedirectTo(HttpContext context, QueryArgs query)
    {
        var target = query.GetString("to") ?? TestServerPaths.Echo;
        if (target.Length == 0 || target.AsSpan().ContainsAny('\r', '\n'))
        {
            throw new BadRequestException("Query parameter 'to' must be a non-empty URL without line breaks.");
        }

        context.Response.StatusCode = StatusCodes.Status302Found;
        context.Response.Headers.Location = target;
        KeepNoConnection(context);
    }

    /// <summary>Accepts the upgrade; with <paramref name="deflate"/>, permessage-deflate too when the client offers it.</summary>
    private static async Task<ServerSession> AcceptAsync(HttpContext context, string? subProtocol, bool deflate = false)
    {
        var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = subProtocol,
            KeepAliveInterval = TimeSpan.Zero,
            DangerousEnableCompression = deflate,
        }).ConfigureAwait(false);
        var observer = context.Features.Get<ObservedUpgrade>()?.Stream;
        if (observer is null)
        {
            socket.Dispose();
            throw new InvalidOperationException("The WebSocket was accepted without the frame observer under it.");
        }

        return new ServerSession(socket, observer);
    }

    private static void RequireWebSocket(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw new BadRequestException($"{context.Request.Path.Value} expects a WebSocket handshake.");
        }
    }

    private static async Task EchoAsync(
        HttpContext context, QueryArgs query, TimeSpan handshakeDelay, TimeSpan closeReplyDelay, bool neverReplyClose, CancellationToken ct)
    {
        RequireWebSocket(context);
        var wanted = query.GetString("protocol");
        var offered = context.WebSockets.WebSocketRequestedProtocols;
        var subProtocol = wanted is { Length: > 0 } && offered.Contains(wanted, StringComparer.Ordinal) ? wanted : null;
        var deflate = query.GetInt("deflate", 0, 0, 1) == 1;
        if (handshakeDelay > TimeSpan.Zero)
        {
            await Task.Delay(handshakeDelay, ct).ConfigureAwait(false);
        }

        using var session = await AcceptAsync(context, subProtocol, deflate).ConfigureAwait(false);
        await session.EchoAsync(closeReplyDelay, neverReplyClose, ct).ConfigureAwait(false);
    }

    private static async Task CloseAsync(HttpContext context, QueryArgs query, CancellationToken ct)
    {
        RequireWebSocket(context);
        var code = query.GetOptionalInt("code", 1000, 4999);
        var reason = query.GetString("reason");
        if (code is { } value && !IsSendableCloseCode(value))
        {
            throw new BadRequestException(
                "Query parameter 'code' must be 1000-1003, 1007-1014 or 3000-4999 (codes a server may send in a Close frame).");
        }

        if (code is null && reason is { Length: > 0 })
        {
            throw new BadRequestException("Query parameter 'reason' needs a 'code'.");
        }

        if (reason is not null && Encoding.UTF8.GetByteCount(reason) > 123)
        {
            throw new BadRequestException("Query parameter 'reason' must be at most 123 bytes of UTF-8.");
        }

        using var session = await AcceptAsync(context, null).ConfigureAwait(false);
        await session.CloseAndWaitAsync((WebSocketCloseStatus?)code, reason ?? string.Empty, ct).ConfigureAwait(false);
    }

    /// <summary>RFC 6455 section 7.4 and the IANA registry: the codes that may appear in a Close frame.</summary>
    private static bool IsSendableCloseCode(int code) =>
        code is (>= 1000 and <= 1003) or (>= 1007 and <= 1014) or (>= 3000 and <= 4999);

    private static async Task DropAsync(HttpContext context, QueryArgs query, CancellationToken ct)
    {
        RequireWebSocket(context);
        var after = query.GetInt("after", 0, 0, MaxDelayMs);
        var abort = query.GetInt("abort", 0, 0, 1) == 1;
        var partial = query.GetInt("partial", 0, 0, 1) == 1;
        if (query.GetInt("accept", 1, 0, 1) == 0)
        {
            // Before the 101 (or HTTP/2's 200): a reset of the connection, or of the HTTP/2 stream.
            context.Abort();
            return;
        }

        using var session = await AcceptAsync(context, null).ConfigureAwait(false);
        if (partial)
        {
            // The start of a message that never ends: a text frame without FIN.
            await session.Socket.SendAsync("partial"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: false, ct).ConfigureAwait(false);
        }

        if (after > 0)
        {
            await Task.Delay(after, ct).ConfigureAwait(false);
        }

        if (abort)
        {
            // Closes the socket at once; output not yet sent (the 101 itself, when after=0) may be lost.
            context.Abort();
        }

        // Otherwise returning without a Close frame lets Kestrel flush what was written, then end the TCP connection.
    }

    private static async Task FragmentedAsync(HttpContext context, QueryArgs query, CancellationToken ct)
    {
        RequireWebSocket(context);
        var parts = query.GetInt("parts", 3, 1, 1000);
        using var session = await AcceptAsync(context, null).ConfigureAwait(false);
        foreach (var type in new[] { WebSocketMessageType.Text, WebSocketMessageType.Binary })
        {
            for (var i = 0; i < parts; i++)
            {
                var fragment = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"fragment{i}"));
                await session.Socket.SendAsync(fragment, type, endOfMessage: i == parts - 1, ct).ConfigureAwait(false);
            }
        }

        await session.EchoAsync(TimeSpan.Zero, neverReplyClose: false, ct).ConfigureAwait(false);
    }

    private static async Task HeadersAsync(HttpContext context, CancellationToken ct)
    {
        RequireWebSocket(context);
        var description = DescribeRequest(context);
        using var session = await AcceptAsync(context, null).ConfigureAwait(false);
        await session.Socket.SendAsync(description, WebSocketMessageType.Text, endOfMessage: true, ct).ConfigureAwait(false);
        await session.EchoAsync(TimeSpan.Zero, neverReplyClose: false, ct).ConfigureAwait(false);
    }

    /// <summary>{"headers": {lower-case name: values joined by ", "}, "origin": string|null, "protocols": [offered]}.</summary>
    private static byte[] DescribeRequest(HttpContext context)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("headers");
            foreach (var header in context.Request.Headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
            {
                json.WriteString(header.Key.ToLowerInvariant(), string.Join(", ", (IEnumerable<string?>)header.Value));
            }

            json.WriteEndObject();
            var origin = context.Request.Headers.Origin;
            if (origin.Count > 0)
            {
                json.WriteString("origin", origin.ToString());
            }
            else
            {
                json.WriteNull("origin");
            }

            if (context.Connection.ClientCertificate is { } clientCertificate)
            {
                json.WriteString("clientCertificate", clientCertificate.Subject);
            }

            json.WriteStartArray("protocols");
            foreach (var protocol in context.WebSockets.WebSocketRequestedProtocols)
            {
                json.WriteStringValue(protocol);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static async Task SlowReaderAsync(HttpContext context, QueryArgs query, CancellationToken ct)
    {
        RequireWebSocket(context);
        var interval = Milliseconds(query, "ms");
        using var session = await AcceptAsync(context, null).ConfigureAwait(false);
        var message = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            await Task.Delay(interval, ct).ConfigureAwait(false);
            var type = await session.ReceiveMessageAsync(message, ct).ConfigureAwait(false);
            if (type is null)
            {
                return;
            }

            if (type == WebSocketMessageType.Close)
            {
                await session.AnswerCloseAsync(TimeSpan.Zero, never: false, ct).ConfigureAwait(false);
                return;
            }

            var length = Encoding.UTF8.GetBytes(message.WrittenCount.ToString(CultureInfo.InvariantCulture));
            await session.Socket.SendAsync(length, WebSocketMessageType.Text, endOfMessage: true, ct).ConfigureAwait(false);
        }
    }

    private static async Task MessagesAsync(HttpContext context, QueryArgs query, CancellationToken ct)
    {
        RequireWebSocket(context);
        var count = query.GetInt("count", 10, 0, 1_000_000);
        var size = query.GetInt("size", 16, 0, ServerSession.MaxMessageBytes);
        var type = query.GetString("type") switch
        {
            null or "text" => WebSocketMessageType.Text,
            "binary" => WebSocketMessageType.Binary,
            _ => throw new BadRequestException("Query parameter 'type' must be 'text' or 'binary'."),
        };

        using var session = await AcceptAsync(context, null).ConfigureAwait(false);
        var message = new byte[size];
        message.AsSpan().Fill((byte)'x');
        var prefix = new byte[12];
        for (var i = 0; i < count; i++)
        {
            // Message i starts with "i " (ASCII), cut to the message size; the rest stays 'x'.
            i.TryFormat(prefix, out var digits, provider: CultureInfo.InvariantCulture);
            prefix[digits++] = (byte)' ';
            prefix.AsSpan(0, Math.Min(digits, size)).CopyTo(message);
            await session.Socket.SendAsync(message, type, endOfMessage: true, ct).ConfigureAwait(false);
        }

        await session.CloseAndWaitAsync(WebSocketCloseStatus.NormalClosure, string.Empty, ct).ConfigureAwait(false);
    }
}
