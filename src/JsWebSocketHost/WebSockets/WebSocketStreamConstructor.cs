using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.Dom;
using JsWebSocketHost.Streams;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.WebSockets;

/// <summary>
/// The <c>WebSocketStream</c> interface: <c>new WebSocketStream(url, { protocols, signal })</c>, <c>url</c>,
/// <c>opened</c>, <c>closed</c> and <c>close({ closeCode, reason })</c>. Installs <c>WebSocketError</c> too.
/// </summary>
/// <remarks>Spec: the WebSocketStream interface, WHATWG WebSockets Standard pull request 48.</remarks>
internal sealed class WebSocketStreamConstructor : WebIdlConstructor
{
    private const string Interface = "WebSocketStream";

    private static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("url", static (t, _) => Brand(t, "url").UrlText, enumerable: true, configurable: true)
        .Accessor("opened", static (t, _) => t is JsWebSocketStream s ? s.Opened.Promise : StreamPromises.RejectedIllegalInvocation(t, Interface, "opened"), enumerable: true, configurable: true)
        .Accessor("closed", static (t, _) => t is JsWebSocketStream s ? s.Closed.Promise : StreamPromises.RejectedIllegalInvocation(t, Interface, "closed"), enumerable: true, configurable: true)
        .Method("close", static (t, a) =>
        {
            // close(optional WebSocketCloseInfo closeInfo = {}): close the WebSocket with its code (or none) and
            // reason (default "").
            const string Context = "Failed to execute 'close' on 'WebSocketStream'";
            var stream = Brand(t, "close");
            var (code, reason) = WebSocketErrorConstructor.ConvertCloseInfo(stream.Engine, a.Length > 0 ? a[0] : JsValue.Undefined, Context);
            stream.CloseTheWebSocket(code, reason, Context);
            return JsValue.Undefined;
        }, 0)
        .ToStringTag(Interface)
        .Build();

    private readonly IWebSocketEnvironment _environment;

    private WebSocketStreamConstructor(Engine engine, IWebSocketEnvironment environment)
        : base(engine, Interface, length: 1, parentInterface: null)
    {
        _environment = environment;
    }

    /// <summary>Installs <c>WebSocketStream</c> and <c>WebSocketError</c> on the global (after DOMException).</summary>
    public static void Install(Engine engine, IWebSocketEnvironment environment)
    {
        new WebSocketStreamConstructor(engine, environment).Install(Shape.Instantiate(engine, HostIntrinsics.Of(engine).ObjectPrototype));
        WebSocketErrorConstructor.Install(engine);
    }

    /// <inheritdoc />
    /// <remarks>constructor(USVString url, optional WebSocketStreamOptions options = {}).</remarks>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        const string Context = "Failed to construct 'WebSocketStream'";
        if (arguments.Length == 0)
        {
            throw ScriptErrors.NotEnoughArguments(_engine, Interface, "constructor", 1, 0);
        }

        // WebIDL conversions: the URL, then WebSocketStreamOptions { sequence<USVString> protocols; AbortSignal signal; }.
        var urlText = WebIdlConvert.ToUSVString(arguments[0]);
        var options = WebIdlConvert.ToDictionary(_engine, arguments.Length > 1 ? arguments[1] : JsValue.Undefined, Context);
        var protocols = new List<string>();
        JsAbortSignal? signal = null;
        if (options is not null)
        {
            var protocolsValue = options.Get("protocols");
            if (!protocolsValue.IsUndefined())
            {
                protocols = WebIdlConvert.ToSequence(_engine, protocolsValue, WebIdlConvert.ToUSVString, $"{Context}: protocols");
            }

            var signalValue = options.Get("signal");
            if (!signalValue.IsUndefined())
            {
                signal = signalValue as JsAbortSignal ?? throw ScriptErrors.TypeError(_engine, $"{Context}: the signal must be an AbortSignal.");
            }
        }

        // Steps 1-2: the URL record (a SyntaxError for a bad URL, scheme or a fragment).
        var host = _environment;
        var url = WebSocketConstructor.GetUrlRecord(_engine, urlText, host.BaseUrlRecord, Context);

        // Steps 3-4: each protocol a token, none repeated.
        WebSocketConstructor.ValidateProtocols(_engine, protocols, Context);

        // Steps 5-6: the url and the two promises.
        var stream = new JsWebSocketStream(_engine, PrototypeFor(newTarget), url);

        // Step 8: an aborted signal rejects both promises and nothing connects; a later abort fails the handshake.
        if (signal is not null)
        {
            if (signal.Aborted)
            {
                stream.ReadyState = JsWebSocket.Closed;
                stream.HandshakeAborted = true;
                stream.Opened.Reject(signal.Reason);
                stream.Closed.Reject(signal.Reason);
                return stream;
            }

            stream.WatchSignal(signal);
        }

        // Steps 7 and 9-10: establish the connection in parallel, with backpressure applied from the start.
        var connection = new WebSocketConnection(host.Loop, stream, host.WebSocketTransport, streamMode: true);
        stream.Connection = connection;
        var origin = host.BaseUrlRecord?.Origin is { } o && o != "null" ? o : null;
        connection.Start(url.Serialize(), url.Hostname, protocols, [], origin);
        return stream;
    }


    private static JsWebSocketStream Brand(JsValue thisObj, string member) =>
        thisObj as JsWebSocketStream ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);
}
