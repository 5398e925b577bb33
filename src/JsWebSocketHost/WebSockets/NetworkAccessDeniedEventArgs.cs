using System.Net;

namespace JsWebSocketHost.WebSockets;

/// <summary>
/// Why the network policy denied a connection a script asked for. The script sees only a failed connection (an
/// <c>error</c> event and a close with code 1006); the host is told this.
/// </summary>
public sealed class NetworkAccessDeniedEventArgs : EventArgs
{
    internal NetworkAccessDeniedEventArgs(Uri url, IPAddress? address, string rule, string message)
    {
        Url = url;
        Address = address;
        Rule = rule;
        Message = message;
    }

    /// <summary>The <c>ws:</c> or <c>wss:</c> URL the script asked for.</summary>
    public Uri Url { get; }

    /// <summary>The resolved (or proxy) address that was denied; null when the URL was denied before any DNS lookup.</summary>
    public IPAddress? Address { get; }

    /// <summary>
    /// The rule that denied it, a stable short name: <c>scheme</c>, <c>port</c>, <c>denied-host</c>,
    /// <c>not-allowed-host</c>, <c>denied-address</c>, <c>non-public-address</c> or <c>callback</c>.
    /// </summary>
    public string Rule { get; }

    /// <summary>One readable sentence naming the rule and the value it denied.</summary>
    public string Message { get; }
}
