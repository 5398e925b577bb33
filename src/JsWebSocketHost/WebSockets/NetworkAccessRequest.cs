using System.Net;

namespace JsWebSocketHost.WebSockets;

/// <summary>
/// One connection the network policy is about to allow, as <see cref="NetworkPolicyOptions.Callback"/> sees it:
/// the URL a script asked for and one address it resolved to.
/// </summary>
public sealed class NetworkAccessRequest
{
    internal NetworkAccessRequest(Uri url, string host, int port, IPAddress address, bool viaProxy)
    {
        Url = url;
        Host = host;
        Port = port;
        Address = address;
        ViaProxy = viaProxy;
    }

    /// <summary>The <c>ws:</c> or <c>wss:</c> URL the script asked for.</summary>
    public Uri Url { get; }

    /// <summary>
    /// The URL's host as the URL Standard serializes it: a lower-case (ASCII, IDNA-encoded) domain, a dotted IPv4
    /// address or an IPv6 address in brackets.
    /// </summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#host-serializing"/>.</remarks>
    public string Host { get; }

    /// <summary>The URL's port, or its scheme's default port (80 for <c>ws:</c>, 443 for <c>wss:</c>).</summary>
    public int Port { get; }

    /// <summary>
    /// The address about to be connected to: one that <see cref="Host"/> resolved to or, when <see cref="ViaProxy"/>
    /// is true, the proxy's.
    /// </summary>
    public IPAddress Address { get; }

    /// <summary>Whether the connection goes through a proxy, so that <see cref="Address"/> is the proxy's.</summary>
    public bool ViaProxy { get; }
}
