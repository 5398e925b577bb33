using System.Net;
using System.Net.Http;

namespace JsWebSocketHost.WebSockets;

/// <summary>
/// Puts a <see cref="ConnectionStream"/> under each WebSocket accepted over HTTP/2 (RFC 8441), so that a Close frame
/// with no status code is sent and received as such there too.
/// </summary>
/// <remarks>
/// Over HTTP/2 the plaintext stream filter sees the whole multiplexed connection, not one WebSocket's bytes. The
/// response to the extended CONNECT is the one place where the WebSocket's own stream can be reached before
/// <see cref="System.Net.WebSockets.ClientWebSocket"/> builds the WebSocket on it: its content is read with
/// <see cref="HttpContent.ReadAsStream()"/>, so the content is replaced by one that hands out the filtered stream.
/// HTTP/1.1 responses pass through untouched (the transport's plaintext filter covers them).
/// </remarks>
internal sealed class WebSocketStreamHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Version.Major >= 2 && request.Method == HttpMethod.Connect && response.StatusCode == HttpStatusCode.OK)
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            response.Content = new FilteredStreamContent(new ConnectionStream(stream, framesOnly: true));
        }

        return response;
    }

    /// <summary>Content that is a readable and writable stream as it is (no read-only wrapper, no buffering).</summary>
    private sealed class FilteredStreamContent(Stream stream) : HttpContent
    {
        protected override Stream CreateContentReadStream(CancellationToken cancellationToken) => stream;

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult(stream);

        protected override Task SerializeToStreamAsync(Stream target, TransportContext? context) => stream.CopyToAsync(target);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                stream.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
