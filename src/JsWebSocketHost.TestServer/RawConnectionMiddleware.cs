using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace JsWebSocketHost.TestServer;

/// <summary>
/// Kestrel connection middleware on the HTTP/1.1 endpoint: peeks at the request line of a connection's first request
/// and, for the raw paths, answers the whole connection itself before Kestrel parses any HTTP; other connections
/// pass to Kestrel with nothing consumed.
/// </summary>
internal sealed class RawConnectionMiddleware
{
    /// <summary>Longer first lines are left to Kestrel (which will refuse them).</summary>
    private const int MaxRequestLineBytes = 8 * 1024;
    private readonly ConnectionDelegate _next;
    private readonly RawBehaviours _raw;
    private readonly CancellationToken _stopping;

    public RawConnectionMiddleware(ConnectionDelegate next, RawBehaviours raw, CancellationToken stopping)
    {
        _next = next;
        _raw = raw;
        _stopping = stopping;
    }

    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed, _stopping);
        string? path;
        try
        {
            path = await PeekPathAsync(connection, cancel.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            return;
        }

        if (path is not null && TestServerPaths.Find(path) is { IsRaw: true } entry)
        {
            // Not cancelled when the client closes its side: Kestrel signals ConnectionClosed on the client's FIN,
            // which would cancel a read before it returns what came just before the FIN (a client's Close frame).
            // The end of the input, or a reset, ends the reads instead.
            await _raw.HandleAsync(connection, entry, _stopping).ConfigureAwait(false);
            return;
        }

        await _next(connection).ConfigureAwait(false);
    }

    private static async Task<string?> PeekPathAsync(ConnectionContext connection, CancellationToken cancellationToken)
    {
        var input = connection.Transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var lineEnd = buffer.PositionOf((byte)'\n');
            var path = lineEnd is { } end ? RawHttpRequest.PathOfRequestLine(buffer.Slice(0, end).ToArray()) : null;

            // Examine nothing: an examined position cannot move back, and Kestrel must read these bytes again.
            input.AdvanceTo(buffer.Start);
            if (lineEnd is not null)
            {
                return path;
            }

            if (result.IsCompleted || buffer.Length > MaxRequestLineBytes)
            {
                return null;
            }

            // Only part of the request line has arrived (rare: clients send the head in one write). Without examining,
            // the next read returns at once, so wait a moment rather than spin.
            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        }
    }
}
