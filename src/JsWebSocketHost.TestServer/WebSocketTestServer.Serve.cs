using System.Globalization;

namespace JsWebSocketHost.TestServer;

public sealed partial class WebSocketTestServer
{
    /// <summary>
    /// Runs a server for people (<c>jsws serve</c>): starts it, with HTTP/2 on a second port, prints
    /// "Serving on http://127.0.0.1:PORT/ (Ctrl+C to stop)" and the behaviours to <paramref name="log"/>, and waits.
    /// </summary>
    /// <param name="port">The HTTP/1.1 port; 0 picks a free one (printed).</param>
    /// <param name="log">Where the banner and the list of paths go.</param>
    /// <param name="ct">Stops the server; cancellation is the normal end, so the task then completes without throwing.</param>
    /// <returns>A task that completes once the server has stopped.</returns>
    public static async Task RunUntilCancelledAsync(int port, TextWriter log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(log);
        var server = await StartAsync(port, enableHttp2: true, ct: ct).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            await log.WriteLineAsync($"Serving on {server.BaseUrl} (Ctrl+C to stop)").ConfigureAwait(false);
            await log.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"WebSockets: {server.WebSocketUrl("/")}... ; over HTTP/2 (h2c, RFC 8441): {server.Http2WebSocketUrl("/")}...")).ConfigureAwait(false);
            await log.WriteAsync(HttpBehaviours.ListPaths()).ConfigureAwait(false);
            await log.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl+C: the normal way to stop.
            }
        }
    }
}
