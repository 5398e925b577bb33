using System.Collections.Generic;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using JsWebSocketHost.Hosting;
using Microsoft.Extensions.Logging;

namespace JsWebSocketHost.WebSockets;

/// <summary>
/// What a connection reports about itself to the host (logs in <see cref="ScriptHostDiagnostics.WebSocketsLogCategory"/>
/// and the <c>jsws.websocket.*</c> instruments): connect, open, close and failure with its real cause, which the
/// script never sees (it gets error and close 1006). Connection-level work only; per message, a field read each
/// for the message counters and the Trace switch, nothing more when nobody listens.
/// </summary>
internal sealed partial class WebSocketConnection
{
    private const int InitiatorNone = 0;
    private const int InitiatorScript = 1;
    private const int InitiatorServer = 2;

    private long _id;
    private Uri? _url;
    private string? _logUrl;
    private bool _traceMessages;
    private volatile bool _established;
    private volatile bool _abortedByHost;

    // A cause known before the exception it leads to: a failure the script or host asked for, or one this
    // connection detected itself (too big, invalid UTF-8). 0 = none, else the cause + 1; the first one wins.
    private int _knownCause;

    // Who started the closing handshake: InitiatorScript (close()) or InitiatorServer (its Close frame came first).
    private int _closeInitiator;

    private ILogger Logger => _transport.Logger;

    /// <summary>The URL as logs show it: no user info, and the query (often a token) replaced by <c>?*</c>.</summary>
    private string LogUrl => _logUrl ??= RedactForLog(_url);

    /// <summary>The cause recorded by <see cref="NoteCause"/>, if any.</summary>
    private ConnectionFailureCause? KnownCause => Volatile.Read(ref _knownCause) is var known and > 0 ? (ConnectionFailureCause)(known - 1) : null;

    /// <summary>Records the cause of a failure about to happen; the first one recorded wins.</summary>
    private void NoteCause(ConnectionFailureCause cause) => Interlocked.CompareExchange(ref _knownCause, (int)cause + 1, 0);

    private void NoteCloseInitiator(int initiator) => Interlocked.CompareExchange(ref _closeInitiator, initiator, InitiatorNone);

    private void OnConnecting(Uri url)
    {
        _url = url;
        _id = _transport.NewConnectionId();
        var logger = Logger;
        _traceMessages = logger.IsEnabled(LogLevel.Trace);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            Log.Connecting(logger, _id, LogUrl);
        }
    }

    private void OnEstablished(string protocol, string extensions)
    {
        _established = true;
        HostMetrics.WebSocketsOpened.Add(1);
        var logger = Logger;
        if (logger.IsEnabled(LogLevel.Information))
        {
            Log.Opened(logger, _id, LogUrl, protocol, extensions);
        }
    }

    /// <summary>Whether the handshake's HTTP status is worth collecting: only to log it when the handshake is refused.</summary>
    private bool WantsHandshakeStatus => Logger.IsEnabled(LogLevel.Warning);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void OnMessageReceived(WebSocketMessageType type, int length)
    {
        if (HostMetrics.MessagesReceived.Enabled)
        {
            HostMetrics.MessagesReceived.Add(1);
        }

        if (HostMetrics.BytesReceived.Enabled)
        {
            HostMetrics.BytesReceived.Add(length);
        }

        if (_traceMessages)
        {
            Log.MessageReceived(Logger, _id, type == WebSocketMessageType.Text ? "text" : "binary", length);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void OnMessageSent(WebSocketMessageType type, int length)
    {
        if (HostMetrics.MessagesSent.Enabled)
        {
            HostMetrics.MessagesSent.Add(1);
        }

        if (HostMetrics.BytesSent.Enabled)
        {
            HostMetrics.BytesSent.Add(length);
        }

        if (_traceMessages)
        {
            Log.MessageSent(Logger, _id, type == WebSocketMessageType.Text ? "text" : "binary", length);
        }
    }

    /// <summary>
    /// The connection's end, reported once (from <see cref="Finish"/>): the failure with its cause when it failed,
    /// a closing handshake that did not complete, then the close as the script sees it.
    /// </summary>
    private void ReportEnd(ConnectionFailureCause? failure, Exception? exception, string? message, bool wasClean, ushort code, string reason)
    {
        if (failure is { } cause)
        {
            var name = ConnectionFailure.Name(cause);
            if (HostMetrics.WebSocketsFailed.Enabled)
            {
                HostMetrics.WebSocketsFailed.Add(1, new KeyValuePair<string, object?>("cause", name));
            }

            ReportFailure(cause, name, exception, message);
        }
        else if (!wasClean && exception is not null && Logger.IsEnabled(LogLevel.Information))
        {
            var detail = exception is OperationCanceledException || exception.InnerException is OperationCanceledException
                ? $"no Close frame from the server within the closing handshake timeout of {_transport.Options.ClosingHandshakeTimeout.TotalSeconds:0.###} s"
                : ConnectionFailure.InnermostMessage(exception) ?? "the connection was aborted";
            Log.ClosingHandshakeIncomplete(Logger, _id, LogUrl, detail, exception);
        }

        if (HostMetrics.WebSocketsClosed.Enabled)
        {
            HostMetrics.WebSocketsClosed.Add(1, new KeyValuePair<string, object?>("code", (int)code));
        }

        var logger = Logger;
        if (logger.IsEnabled(LogLevel.Information))
        {
            var closedBy = ClosedBy(failure);
            Log.Closed(logger, _id, LogUrl, code, reason, wasClean, closedBy);
        }
    }

    private void ReportFailure(ConnectionFailureCause cause, string name, Exception? exception, string? message)
    {
        var logger = Logger;
        if (!logger.IsEnabled(LogLevel.Warning))
        {
            return;
        }

        if (cause == ConnectionFailureCause.HttpStatus && (int)_socket.HttpStatusCode is var status and > 0)
        {
            Log.HandshakeRefused(logger, _id, LogUrl, name, status, exception);
            return;
        }

        var detail = Describe(cause, exception, message);
        Log.Failed(logger, _id, LogUrl, name, detail, exception);
    }

    // Who ended the connection: server or script (a closing handshake either started), the host (its disposal, a
    // limit, the policy), or nobody (the connection failed).
    private string ClosedBy(ConnectionFailureCause? failure) => failure switch
    {
        null => Volatile.Read(ref _closeInitiator) == InitiatorServer ? "server" : "script",
        ConnectionFailureCause.Aborted => _abortedByHost ? "host" : "script",
        ConnectionFailureCause.PolicyDenied or ConnectionFailureCause.LimitReached or ConnectionFailureCause.MessageTooBig
            or ConnectionFailureCause.BadPort => "host",
        _ => "failure",
    };

    private string Describe(ConnectionFailureCause cause, Exception? exception, string? message)
    {
        var options = _transport.Options;
        var text = cause switch
        {
            ConnectionFailureCause.DnsFailure => "the host name did not resolve",
            ConnectionFailureCause.ConnectionRefused => "the server refused the TCP connection",
            ConnectionFailureCause.ConnectTimeout => $"not connected within the connect timeout of {options.ConnectTimeout.TotalSeconds:0.###} s",
            ConnectionFailureCause.TlsFailure => "the TLS handshake failed",
            ConnectionFailureCause.HttpStatus => "the server did not accept the opening handshake",
            ConnectionFailureCause.ProtocolError => _established
                ? "the server broke the WebSocket protocol (a bad frame, or a text message that is not UTF-8)"
                : "the server's handshake response broke the WebSocket protocol",
            ConnectionFailureCause.ConnectionLost => "the connection ended without a Close frame",
            ConnectionFailureCause.MessageTooBig => $"a message was larger than the limit of {options.MaxMessageSize} bytes (MaxMessageSize); Close 1009 was sent",
            ConnectionFailureCause.PolicyDenied => "the network policy denied the connection",
            ConnectionFailureCause.BadPort => $"port {_url?.Port} is one of the ports Fetch blocks",
            ConnectionFailureCause.LimitReached => "a host limit was reached (event 120 names it)",
            ConnectionFailureCause.Aborted => _abortedByHost ? "the host aborted the connection" : "the script called close() before the connection was established",
            _ => "a network error",
        };
        // The exception's own words add nothing to a timeout, an abort or a limit ("A task was canceled.").
        var why = message ?? (exception is null || cause is ConnectionFailureCause.ConnectTimeout or ConnectionFailureCause.Aborted or ConnectionFailureCause.LimitReached
            ? null
            : ConnectionFailure.InnermostMessage(exception));
        return why is null ? text : text + ": " + why;
    }

    private static string RedactForLog(Uri? url)
    {
        if (url is null)
        {
            return "";
        }

        var text = url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        return url.Query.Length > 1 ? text + "?*" : text;
    }

    /// <summary>The source-generated log events of WebSocket connections (ids 2xx; docs/logging.md lists them).</summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 200, EventName = "Connecting", Level = LogLevel.Debug,
            Message = "WebSocket #{ConnectionId} connecting to {Url}.")]
        public static partial void Connecting(ILogger logger, long connectionId, string url);

        [LoggerMessage(EventId = 201, EventName = "Opened", Level = LogLevel.Information,
            Message = "WebSocket #{ConnectionId} to {Url} open; protocol \"{Protocol}\", extensions \"{Extensions}\".")]
        public static partial void Opened(ILogger logger, long connectionId, string url, string protocol, string extensions);

        [LoggerMessage(EventId = 202, EventName = "Closed", Level = LogLevel.Information,
            Message = "WebSocket #{ConnectionId} to {Url} closed with code {Code}, reason \"{Reason}\", clean: {WasClean}, closed by: {ClosedBy}.")]
        public static partial void Closed(ILogger logger, long connectionId, string url, int code, string reason, bool wasClean, string closedBy);

        [LoggerMessage(EventId = 203, EventName = "Failed", Level = LogLevel.Warning,
            Message = "WebSocket #{ConnectionId} to {Url} failed ({Cause}): {Detail}")]
        public static partial void Failed(ILogger logger, long connectionId, string url, string cause, string detail, Exception? exception);

        [LoggerMessage(EventId = 204, EventName = "HandshakeRefused", Level = LogLevel.Warning,
            Message = "WebSocket #{ConnectionId} to {Url} failed ({Cause}): the server answered the opening handshake with HTTP status {StatusCode}.")]
        public static partial void HandshakeRefused(ILogger logger, long connectionId, string url, string cause, int statusCode, Exception? exception);

        [LoggerMessage(EventId = 205, EventName = "ClosingHandshakeIncomplete", Level = LogLevel.Information,
            Message = "WebSocket #{ConnectionId} to {Url}: the closing handshake did not complete ({Detail}); the connection was dropped.")]
        public static partial void ClosingHandshakeIncomplete(ILogger logger, long connectionId, string url, string detail, Exception? exception);

        [LoggerMessage(EventId = 210, EventName = "MessageReceived", Level = LogLevel.Trace,
            Message = "WebSocket #{ConnectionId} received a {MessageType} message of {Length} bytes.")]
        public static partial void MessageReceived(ILogger logger, long connectionId, string messageType, int length);

        [LoggerMessage(EventId = 211, EventName = "MessageSent", Level = LogLevel.Trace,
            Message = "WebSocket #{ConnectionId} sent a {MessageType} message of {Length} bytes.")]
        public static partial void MessageSent(ILogger logger, long connectionId, string messageType, int length);
    }
}
