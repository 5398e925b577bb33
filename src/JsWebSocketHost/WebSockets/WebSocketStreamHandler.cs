using System.Net;
using System.Net.Http;

namespace JsWebSocketHost.WebSockets;

/// <summary>
/// Puts a <see cref="ConnectionStream"/> under each WebSocket the transport opens, over HTTP/1.1 (the 101 response's
/// upgraded connection) and HTTP/2 (the extended CONNECT stream of RFC 8441), and tells the connection which stream
/// is its own.
/// </summary>
/// <remarks>
/// The opening handshake's response is the one place where a WebSocket's own byte stream can be reached before
/// <see cref="System.Net.WebSockets.ClientWebSocket"/> builds the WebSocket on it: its content is read with
/// <see cref="HttpContent.ReadAsStream()"/>, so the content is replaced by one that hands out the filtered stream.
/// The connection finds that stream through <see cref="TagHeader"/>, which this handler takes off the request before
/// it is sent, so no server ever sees it.
/// </remarks>
internal sealed class WebSocketStreamHandler(HttpMessageHandler inner, WebSocketTransport transport) : DelegatingHandler(inner)
{
    /// <summary>The request header that tells a connection which stream is its own; never sent.</summary>
    public const string TagHeader = "X-JsWebSocketHost-Stream";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? tag = null;
        if (request.Headers.TryGetValues(TagHeader, out var values))
        {
            tag = values.FirstOrDefault();
            request.Headers.Remove(TagHeader);
            if (tag is not null && transport.TakeTarget(tag) is { } target)
            {
                // For the network policy in the connect callback: the URL as the script asked for it.
                request.Options.Set(WebSocketTransport.TargetOption, target);
            }
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var upgraded = response.Version.Major >= 2
            ? request.Method == HttpMethod.Connect && response.StatusCode == HttpStatusCode.OK
            : response.StatusCode == HttpStatusCode.SwitchingProtocols;
        if (upgraded)
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var filtered = new ConnectionStream(stream, framesOnly: true, transport.Options.MaxMessageSize, transport.Linger, transport.Options.ClosingHandshakeTimeout);
            filtered.SelectedSubprotocol = response.Headers.TryGetValues("Sec-WebSocket-Protocol", out var protocols)
                ? string.Join(", ", protocols)
                : null;
            filtered.SelectedExtensions = response.Headers.TryGetValues("Sec-WebSocket-Extensions", out var extensions)
                ? string.Join(", ", extensions)
                : null;
            response.Content = new FilteredStreamContent(filtered);
            if (tag is not null)
            {
                transport.RegisterStream(tag, filtered);
            }
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
