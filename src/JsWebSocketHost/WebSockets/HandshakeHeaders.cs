namespace JsWebSocketHost.WebSockets;

/// <summary>
/// Rules for the opening handshake's header values: subprotocol tokens (RFC 6455 section 4.1, RFC 2616 token) and
/// the extra headers a script or host may add.
/// </summary>
internal static class HandshakeHeaders
{
    /// <summary>
    /// Whether <paramref name="value"/> is an RFC 2616 token: one or more US-ASCII characters other than controls,
    /// space and the separators <c>()&lt;&gt;@,;:\"/[]?={}</c>.
    /// </summary>
    public static bool IsToken(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is <= '\u0020' or >= '\u007F' || "()<>@,;:\\\"/[]?={}".Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>What is wrong with an extra handshake header, or null when it may be sent.</summary>
    public static string? Check(string name, string value)
    {
        if (!IsToken(name))
        {
            return "a header name must be a token (ASCII letters, digits and !#$%&'*+-.^_`|~).";
        }

        if (name.StartsWith("Sec-WebSocket-", StringComparison.OrdinalIgnoreCase)
            || name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase)
            || name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
            || name.Equals("Host", StringComparison.OrdinalIgnoreCase))
        {
            return "the WebSocket handshake sets it itself.";
        }

        foreach (var c in value)
        {
            if (c is '\r' or '\n' or '\0' || c > '\u00FF')
            {
                return "a header value cannot hold CR, LF, NUL or characters above U+00FF.";
            }
        }

        return null;
    }
}
