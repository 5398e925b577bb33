using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace JsWebSocketHost.TestServer;

/// <summary>
/// Puts a <see cref="FrameObservingStream"/> under the WebSocket that Kestrel's WebSocket middleware creates, by
/// wrapping the HTTP/1.1 upgrade and HTTP/2 extended CONNECT features before that middleware captures them.
/// </summary>
internal sealed class ObservedUpgrade
{
    private readonly Action<int?, string> _onClose;

    private ObservedUpgrade(Action<int?, string> onClose) => _onClose = onClose;

    /// <summary>The upgraded stream, once the handshake has been accepted.</summary>
    public FrameObservingStream? Stream { get; private set; }

    /// <summary>Wraps the request's upgrade features; the client's Close frame will be added to <paramref name="closes"/>.</summary>
    public static ObservedUpgrade Install(HttpContext context, ClientCloseLog closes)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var observed = new ObservedUpgrade((code, reason) => closes.Add(new ClientCloseFrame(target, code, reason)));
        if (context.Features.Get<IHttpUpgradeFeature>() is { } upgrade)
        {
            context.Features.Set<IHttpUpgradeFeature>(new UpgradeFeature(upgrade, observed));
        }

        if (context.Features.Get<IHttpExtendedConnectFeature>() is { } connect)
        {
            context.Features.Set<IHttpExtendedConnectFeature>(new ExtendedConnectFeature(connect, observed));
        }

        context.Features.Set(observed);
        return observed;
    }

    private Stream Attach(Stream stream) => Stream = new FrameObservingStream(stream, _onClose);

    private sealed class UpgradeFeature(IHttpUpgradeFeature inner, ObservedUpgrade observed) : IHttpUpgradeFeature
    {
        public bool IsUpgradableRequest => inner.IsUpgradableRequest;

        public async Task<Stream> UpgradeAsync() => observed.Attach(await inner.UpgradeAsync().ConfigureAwait(false));
    }

    private sealed class ExtendedConnectFeature(IHttpExtendedConnectFeature inner, ObservedUpgrade observed)
        : IHttpExtendedConnectFeature
    {
        public bool IsExtendedConnect => inner.IsExtendedConnect;

        public string? Protocol => inner.Protocol;

        public async ValueTask<Stream> AcceptAsync() => observed.Attach(await inner.AcceptAsync().ConfigureAwait(false));
    }
}
