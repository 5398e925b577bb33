using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace JsWebSocketHost.TestServer;

/// <summary>
/// The behaviours that need bytes Kestrel would never write (a wrong accept key, an unoffered subprotocol, frames
/// in the same write as the 101, non-HTTP): answered on the bare connection by <see cref="RawConnectionMiddleware"/>.
/// </summary>
internal sealed class RawBehaviours
{
    private static readonly byte[] NotHttp = "\0\u00ff garbage: this is not an HTTP response \u00ff\0\r\n\r\n"u8.ToArray();
    private readonly ClientCloseLog _closes;

    public RawBehaviours(ClientCloseLog closes) => _closes = closes;

    public async Task HandleAsync(ConnectionContext connection, TestServerPath entry, CancellationToken cancellationToken)
    {
        var transport = connection.Transport;
        try
        {
            var request = await RawHttpRequest.ReadAsync(transport.Input, cancellationToken).ConfigureAwait(false);
            if (request is null)
            {
                await WriteAsync(connection, Refusal(StatusCodes.Status400BadRequest, "Malformed or oversized request head."), cancellationToken).ConfigureAwait(false);
                return;
            }

            if (entry.Path == TestServerPaths.Garbage)
            {
                await WriteAsync(connection, NotHttp, cancellationToken).ConfigureAwait(false);
                return;
            }

            var key = request.Header("Sec-WebSocket-Key");
            if (request.Method != "GET" || key is not { Length: > 0 } || !request.HeaderHasToken("Upgrade", "websocket"))
            {
                await WriteAsync(connection, Refusal(StatusCodes.Status400BadRequest, $"{entry.Path} expects a WebSocket handshake."), cancellationToken).ConfigureAwait(false);
                return;
            }

            var query = QueryArgs.Parse(request.Query);
            byte[] response;
            string? subProtocol = null;
            var endAfterWrite = false;
            try
            {
                (response, subProtocol) = BuildResponse(entry.Path, key, query);
                endAfterWrite = entry.Path == TestServerPaths.RawAfter101 && query.GetInt("end", 0, 0, 1) == 1;
            }
            catch (BadRequestException e)
            {
                await WriteAsync(connection, Refusal(StatusCodes.Status400BadRequest, e.Message), cancellationToken).ConfigureAwait(false);
                return;
            }

            // The handshake response, and any frames after it, go out in one write.
            await WriteAsync(connection, response, cancellationToken).ConfigureAwait(false);
            if (entry.Path == TestServerPaths.Subprotocol)
            {
                await EchoAsync(connection, request.Target, subProtocol, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (entry.Path == TestServerPaths.PingFlood)
            {
                var flood = await PingFlood.AnswerAsync(transport, query, cancellationToken).ConfigureAwait(false);
                if (flood is { } close)
                {
                    _closes.Add(new ClientCloseFrame(request.Target, close.Code, close.Reason));
                }

                return;
            }

            if (endAfterWrite)
            {
                // end=1: the connection ends (FIN) right after the bytes, whatever they left unfinished.
                return;
            }

            var (closed, code, reason) = await RawFrames.ReadUntilCloseAsync(transport.Input, cancellationToken).ConfigureAwait(false);
            if (closed)
            {
                _closes.Add(new ClientCloseFrame(request.Target, code, reason));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or WebSocketException)
        {
            // The client went away or the server is stopping.
        }

    }

    private static (byte[] Response, string? SubProtocol) BuildResponse(string path, string key, QueryArgs query)
    {
        var output = new ArrayBufferWriter<byte>(256);
        switch (path)
        {
            case TestServerPaths.BadAccept:
                WriteSwitchingProtocols(output, WebSocketAccept.WrongFor(key), null);
                return (output.WrittenSpan.ToArray(), null);
            case TestServerPaths.InvalidUtf8:
                WriteSwitchingProtocols(output, WebSocketAccept.For(key), null);
                RawFrames.WriteFrame(output, RawFrames.TextOpcode, [0xC3, 0x28]);
                return (output.WrittenSpan.ToArray(), null);
            case TestServerPaths.RawAfter101:
                var bytes = ParseHex(query.GetString("hex") ?? string.Empty);
                WriteSwitchingProtocols(output, WebSocketAccept.For(key), null, Extensions(query));
                output.Write(bytes);

                return (output.WrittenSpan.ToArray(), null);
            case TestServerPaths.PingFlood:
                WriteSwitchingProtocols(output, WebSocketAccept.For(key), null);
                PingFlood.WriteFlood(output, query);
                return (output.WrittenSpan.ToArray(), null);
            case TestServerPaths.Subprotocol:
                var pick = query.GetString("pick");
                if (pick is { Length: > 0 } && !IsToken(pick))
                {
                    throw new BadRequestException("Query parameter 'pick' must be an HTTP token (RFC 9110 section 5.6.2).");
                }

                var subProtocol = pick is { Length: > 0 } ? pick : null;
                WriteSwitchingProtocols(output, WebSocketAccept.For(key), subProtocol);
                return (output.WrittenSpan.ToArray(), subProtocol);
            default:
                throw new BadRequestException("Unknown raw behaviour.");
        }
    }

    /// <summary>The <c>extensions</c> query parameter: a <c>Sec-WebSocket-Extensions</c> value for the 101, or null.</summary>
    private static string? Extensions(QueryArgs query)
    {
        var extensions = query.GetString("extensions");
        if (extensions is null)
        {
            return null;
        }

        foreach (var c in extensions)
        {
            if (c is < ' ' or >= '\u007f')
            {
                throw new BadRequestException("Query parameter 'extensions' must be printable ASCII (a Sec-WebSocket-Extensions value).");
            }
        }

        return extensions;
    }

    private static byte[] ParseHex(string hex)
    {
        var digits = hex.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        try
        {
            return Convert.FromHexString(digits);
        }
        catch (FormatException)
        {
            throw new BadRequestException("Query parameter 'hex' must be pairs of hex digits (spaces and '-' allowed).");
        }
    }

    private static bool IsToken(string text)
    {
        foreach (var c in text)
        {
            if (c is <= ' ' or >= '\u007f' || "()<>@,;:\\\"/[]?={}".Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static void WriteSwitchingProtocols(IBufferWriter<byte> output, string accept, string? subProtocol, string? extensions = null)
    {
        var head = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
            .Append(CultureInfo.InvariantCulture, $"Sec-WebSocket-Accept: {accept}\r\n");
        if (subProtocol is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Sec-WebSocket-Protocol: {subProtocol}\r\n");
        }

        if (extensions is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Sec-WebSocket-Extensions: {extensions}\r\n");
        }

        output.Write(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));
    }

    private static byte[] Refusal(int status, string message)
    {
        var body = Encoding.UTF8.GetBytes(message + "\n");
        var head = string.Create(
            CultureInfo.InvariantCulture,
            $"HTTP/1.1 {status} {ReasonPhrases.GetReasonPhrase(status)}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }

    private static async Task WriteAsync(ConnectionContext connection, byte[] bytes, CancellationToken cancellationToken) =>
        await connection.Transport.Output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);

    private async Task EchoAsync(ConnectionContext connection, string target, string? subProtocol, CancellationToken cancellationToken)
    {
        var stream = new FrameObservingStream(
            new DuplexPipeStream(connection.Transport),
            (code, reason) => _closes.Add(new ClientCloseFrame(target, code, reason)));
        await using (stream.ConfigureAwait(false))
        {
            using var session = new ServerSession(
                WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
                {
                    IsServer = true,
                    SubProtocol = subProtocol,
                    KeepAliveInterval = TimeSpan.Zero,
                }),
                stream);
            await session.EchoAsync(TimeSpan.Zero, neverReplyClose: false, cancellationToken).ConfigureAwait(false);
        }
    }
}
