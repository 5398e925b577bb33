using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using JsWebSocketHost.Url;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.WebSockets;

/// <summary>
/// The <c>WebSocket</c> interface object: <c>new WebSocket(url, protocols)</c>, and the CONNECTING/OPEN/CLOSING/CLOSED
/// constants.
/// </summary>
/// <remarks>
/// Spec: https://websockets.spec.whatwg.org/#dom-websocket-websocket. Host extension, as in Deno, undici and Bun: the
/// second argument may also be a dictionary <c>{ protocols, headers }</c> (an object without
/// <c>Symbol.iterator</c>); its headers are added to the opening handshake.
/// </remarks>
internal sealed class WebSocketConstructor : WebIdlConstructor
{
    private const string Interface = "WebSocket";

    private readonly IWebSocketEnvironment _environment;

    private WebSocketConstructor(Engine engine, ObjectInstance parent, IWebSocketEnvironment environment)
        : base(engine, Interface, length: 1, parent)
    {
        _environment = environment;
        DefineConstant("CONNECTING", JsWebSocket.Connecting);
        DefineConstant("OPEN", JsWebSocket.Open);
        DefineConstant("CLOSING", JsWebSocket.Closing);
        DefineConstant("CLOSED", JsWebSocket.Closed);
    }

    public static void Install(Engine engine, WebIdlConstructor eventTarget, IWebSocketEnvironment environment)
    {
        var constructor = new WebSocketConstructor(engine, eventTarget, environment);
        var prototype = WebSocketPrototype.Shape.Instantiate(engine, eventTarget.PrototypeObject);
        constructor.Install(prototype);
    }

    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        if (arguments.Length == 0)
        {
            throw ScriptErrors.NotEnoughArguments(_engine, Interface, "constructor", 1, 0);
        }

        var host = _environment;

        // Steps 1-2: parse url against the API base URL and get a URL record (ws/wss only, no fragment).
        var url = GetUrlRecord(_engine, WebIdlConvert.ToUSVString(arguments[0]), host.BaseUrlRecord, "Failed to construct 'WebSocket'");

        // Step 3: a string is a sequence of one protocol. (Extension: a dictionary gives protocols and headers.)
        var (protocols, headers) = ConvertProtocolsArgument(arguments.Length > 1 ? arguments[1] : JsValue.Undefined);

        // Step 4: each protocol must be a token, and no two may be equal (ASCII case-insensitively).
        ValidateProtocols(_engine, protocols, "Failed to construct 'WebSocket'");

        // Steps 5-7: set this's url, and establish the connection in parallel.
        var socket = new JsWebSocket(_engine, PrototypeFor(newTarget), url);
        var connection = new WebSocketConnection(host.Loop, socket, host.WebSocketTransport);
        socket.Connection = connection;
        var origin = host.BaseUrlRecord?.Origin is { } o && o != "null" ? o : null;
        connection.Start(url.Serialize(), url.Hostname, protocols, headers, origin);
        return socket;
    }

    /// <summary>Step 4 of the constructors of <c>WebSocket</c> and <c>WebSocketStream</c>: each protocol must be a
    /// token, and no two may be equal (ASCII case-insensitively); a SyntaxError otherwise.</summary>
    public static void ValidateProtocols(Engine engine, List<string> protocols, string context)
    {
        for (var i = 0; i < protocols.Count; i++)
        {
            if (!HandshakeHeaders.IsToken(protocols[i]))
            {
                throw ScriptErrors.DomException(engine, "SyntaxError",
                    $"{context}: the subprotocol '{protocols[i]}' is invalid (it must be a non-empty token: ASCII without spaces, controls or separators).");
            }

            for (var j = 0; j < i; j++)
            {
                if (string.Equals(protocols[i], protocols[j], StringComparison.OrdinalIgnoreCase))
                {
                    throw ScriptErrors.DomException(engine, "SyntaxError", $"{context}: the subprotocol '{protocols[i]}' is duplicated.");
                }
            }
        }
    }

    /// <summary>"Get a URL record": parse against the base URL, http(s) becomes ws(s), any other scheme or a
    /// fragment is a SyntaxError.</summary>
    /// <remarks>Spec: https://websockets.spec.whatwg.org/#get-a-url-record.</remarks>
    public static UrlRecord GetUrlRecord(Engine engine, string url, UrlRecord? baseUrl, string context)
    {
        // Steps 1-2: parse; failure is a SyntaxError.
        var record = UrlParser.Parse(url, baseUrl)
            ?? throw ScriptErrors.DomException(engine, "SyntaxError", $"{context}: the URL '{url}' is invalid.");

        // Steps 3-4: http becomes ws, https becomes wss.
        if (record.Scheme == "http")
        {
            record.Scheme = "ws";
        }
        else if (record.Scheme == "https")
        {
            record.Scheme = "wss";
        }

        // Step 5: any other scheme than ws or wss is a SyntaxError.
        if (record.Scheme is not ("ws" or "wss"))
        {
            throw ScriptErrors.DomException(engine, "SyntaxError",
                $"{context}: the URL's scheme must be 'ws', 'wss', 'http' or 'https', but '{record.Scheme}' is not allowed.");
        }

        // Step 6: a fragment, even an empty one, is a SyntaxError.
        if (record.Fragment is not null)
        {
            throw ScriptErrors.DomException(engine, "SyntaxError",
                $"{context}: the URL contains a fragment identifier ('#{record.Fragment}'). Fragment identifiers are not allowed in WebSocket URLs.");
        }

        return record;
    }

    // (DOMString or sequence<DOMString>) protocols = [], extended with a { protocols, headers } dictionary.
    private (List<string> Protocols, List<KeyValuePair<string, string>> Headers) ConvertProtocolsArgument(JsValue value)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (value.IsUndefined())
        {
            return ([], headers);
        }

        if (value is ObjectInstance obj && !WebIdlConvert.IsIterable(_engine, obj))
        {
            // Extension: WebSocketInit { (DOMString or sequence<DOMString>) protocols; HeadersInit headers; }.
            var headersValue = obj.Get("headers");
            var protocolsValue = obj.Get("protocols");
            if (!headersValue.IsUndefined())
            {
                ConvertHeaders(headersValue, headers);
            }

            return (protocolsValue.IsUndefined() ? [] : ConvertProtocols(protocolsValue), headers);
        }

        return (ConvertProtocols(value), headers);
    }

    private List<string> ConvertProtocols(JsValue value) =>
        value is ObjectInstance
            ? WebIdlConvert.ToSequence(_engine, value, WebIdlConvert.ToDOMString, "Failed to construct 'WebSocket': protocols")
            : [WebIdlConvert.ToDOMString(value)];

    // HeadersInit: a sequence of [name, value] pairs, or a record of names to values.
    private void ConvertHeaders(JsValue value, List<KeyValuePair<string, string>> headers)
    {
        const string Context = "Failed to construct 'WebSocket': headers";
        if (value is not ObjectInstance obj)
        {
            throw ScriptErrors.TypeError(_engine, $"{Context} must be an object of names to values, or a sequence of [name, value] pairs.");
        }

        if (WebIdlConvert.IsIterable(_engine, obj))
        {
            foreach (var pair in WebIdlConvert.ToSequence(_engine, obj, p => WebIdlConvert.ToSequence(_engine, p, v => WebIdlConvert.ToByteString(_engine, v, Context), Context), Context))
            {
                if (pair.Count != 2)
                {
                    throw ScriptErrors.TypeError(_engine, $"{Context}: each header must be a [name, value] pair.");
                }

                AddHeader(headers, pair[0], pair[1]);
            }

            return;
        }

        foreach (var key in obj.GetOwnPropertyKeys(Types.String))
        {
            var descriptor = obj.GetOwnProperty(key);
            if (descriptor.Enumerable)
            {
                AddHeader(headers, WebIdlConvert.ToByteString(_engine, key, Context), WebIdlConvert.ToByteString(_engine, obj.Get(key), Context));
            }
        }
    }

    private void AddHeader(List<KeyValuePair<string, string>> headers, string name, string value)
    {
        // Header values are normalized (leading and trailing HTTP whitespace removed), then checked.
        value = value.Trim(' ', '\t', '\n', '\r');
        var problem = HandshakeHeaders.Check(name, value);
        if (problem is not null)
        {
            throw ScriptErrors.DomException(_engine, "SyntaxError", $"Failed to construct 'WebSocket': the header '{name}' cannot be used: {problem}");
        }

        headers.Add(new(name, value));
    }
}
