using System.Net.Http;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;

namespace JsWebSocketHost.WebSockets;

/// <summary>Names and classifies connection failures for the host's logs and metrics.</summary>
internal static class ConnectionFailure
{
    /// <summary>The stable name of a cause: the <c>cause</c> tag of <c>jsws.websocket.failed</c> and the logs' <c>Cause</c>.</summary>
    public static string Name(ConnectionFailureCause cause) => cause switch
    {
        ConnectionFailureCause.DnsFailure => "dns_failure",
        ConnectionFailureCause.ConnectionRefused => "connection_refused",
        ConnectionFailureCause.ConnectTimeout => "connect_timeout",
        ConnectionFailureCause.TlsFailure => "tls_failure",
        ConnectionFailureCause.HttpStatus => "http_status",
        ConnectionFailureCause.ProtocolError => "protocol_error",
        ConnectionFailureCause.ConnectionLost => "connection_lost",
        ConnectionFailureCause.MessageTooBig => "message_too_big",
        ConnectionFailureCause.PolicyDenied => "policy_denied",
        ConnectionFailureCause.BadPort => "bad_port",
        ConnectionFailureCause.LimitReached => "limit_reached",
        ConnectionFailureCause.Aborted => "aborted",
        _ => "network_error",
    };

    /// <summary>
    /// Reads the cause out of the exception a failed connection ended with, walking its inner exceptions: the socket
    /// error, the <see cref="HttpRequestError"/>, the <see cref="WebSocketError"/> or the TLS error that is really
    /// behind the <see cref="WebSocketException"/> that <see cref="ClientWebSocket"/> throws.
    /// </summary>
    /// <param name="exception">The exception the connect or a receive threw.</param>
    /// <param name="established">Whether the opening handshake had completed.</param>
    public static ConnectionFailureCause Classify(Exception exception, bool established)
    {
        var cancelled = false;
        var closedPrematurely = false;
        var faultedWithoutCause = false;
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case NetworkAccessDeniedException:
                    return ConnectionFailureCause.PolicyDenied;
                case AuthenticationException:
                    return ConnectionFailureCause.TlsFailure;
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData }:
                    return ConnectionFailureCause.DnsFailure;
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return ConnectionFailureCause.ConnectionRefused;
                case SocketException { SocketErrorCode: SocketError.TimedOut } when !established:
                    return ConnectionFailureCause.ConnectTimeout;
                case SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown }:
                    return ConnectionFailureCause.ConnectionLost;
                case TimeoutException when !established:
                    return ConnectionFailureCause.ConnectTimeout;
                case HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError }:
                    return ConnectionFailureCause.DnsFailure;
                case HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError }:
                    return ConnectionFailureCause.TlsFailure;
                case HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse or HttpRequestError.ExtendedConnectNotSupported or HttpRequestError.HttpProtocolError }:
                    return ConnectionFailureCause.ProtocolError;
                case HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded }:
                    closedPrematurely = true;
                    break;
                case WebSocketException { WebSocketErrorCode: WebSocketError.NotAWebSocket }:
                    return ConnectionFailureCause.HttpStatus;
                case WebSocketException { WebSocketErrorCode: WebSocketError.HeaderError or WebSocketError.UnsupportedProtocol or WebSocketError.UnsupportedVersion or WebSocketError.InvalidMessageType }:
                    return ConnectionFailureCause.ProtocolError;
                case WebSocketException { WebSocketErrorCode: WebSocketError.ConnectionClosedPrematurely }:
                    closedPrematurely = true;
                    break;
                case WebSocketException { WebSocketErrorCode: WebSocketError.Faulted, InnerException: null } when established:
                    // ManagedWebSocket reports a frame that breaks RFC 6455 (and sends Close 1002) this way.
                    faultedWithoutCause = true;
                    break;
                case OperationCanceledException:
                    cancelled = true;
                    break;
                case IOException or EndOfStreamException:
                    closedPrematurely = true;
                    break;
            }
        }

        if (faultedWithoutCause)
        {
            return ConnectionFailureCause.ProtocolError;
        }

        // The connect timeout cancels the connection's own token (an abort the host or script asked for is known
        // before this is called, so a cancellation while connecting is the timeout), which may surface as a
        // cancelled read of the handshake's response.
        if (cancelled && !established)
        {
            return ConnectionFailureCause.ConnectTimeout;
        }

        return closedPrematurely ? ConnectionFailureCause.ConnectionLost : ConnectionFailureCause.NetworkError;
    }

    // What WebSocketException says when it was given no message (ManagedWebSocket's protocol errors): says nothing.
    private static readonly string GenericFaultedMessage = new WebSocketException(WebSocketError.Faulted).Message;

    /// <summary>
    /// The innermost exception's message, usually the most specific one (the socket's, the TLS stack's); null when
    /// it is only <see cref="WebSocketError.Faulted"/>'s generic text.
    /// </summary>
    public static string? InnermostMessage(Exception exception)
    {
        var e = exception;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e is WebSocketException && e.Message == GenericFaultedMessage ? null : e.Message;
    }
}
