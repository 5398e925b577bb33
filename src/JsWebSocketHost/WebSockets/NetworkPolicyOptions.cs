using System.Globalization;
using System.Net;

namespace JsWebSocketHost.WebSockets;

/// <summary>
/// Which connections the scripts of a host may open: schemes, hosts, ports and the addresses those hosts resolve to.
/// A host fills this in; it is validated and copied once, so later changes do not affect a running host.
/// </summary>
/// <remarks>
/// <para>A URL is checked by name before any DNS lookup (<see cref="AllowedSchemes"/>, <see cref="AllowedPorts"/>,
/// <see cref="DeniedPorts"/>, <see cref="DeniedHosts"/>, <see cref="AllowedHosts"/>), and then every address it
/// resolves to is checked just before the socket connects to it (<see cref="DeniedAddressRanges"/>,
/// <see cref="DenyNonPublicAddresses"/>, <see cref="AllowedAddressRanges"/>, <see cref="Callback"/>), so a name that
/// resolves to another address by the time of the connection (DNS rebinding) is still judged by that address.</para>
/// <para>A denied connection fails as a network error does: the script sees an <c>error</c> event and a close with
/// code 1006 (<see href="https://websockets.spec.whatwg.org/#feedback-from-the-protocol"/>); the host is told why.</para>
/// </remarks>
public sealed class NetworkPolicyOptions
{
    /// <summary>The URL schemes scripts may connect to: <c>ws</c> and <c>wss</c>; empty allows both.</summary>
    public IList<string> AllowedSchemes { get; } = [];

    /// <summary>
    /// The hosts scripts may connect to; empty allows every host (as a browser does). An entry is
    /// <c>example.com</c>, <c>*.example.com</c> (any subdomain, not <c>example.com</c> itself), an IPv4 address
    /// <c>127.0.0.1</c> or an IPv6 address in brackets <c>[::1]</c>, each optionally followed by <c>:port</c>; without
    /// a port it matches every port.
    /// </summary>
    /// <remarks>
    /// <para>Names match case-insensitively, a trailing dot ignored; addresses match as addresses
    /// (<c>[::ffff:127.0.0.1]</c> is <c>[::ffff:7f00:1]</c>, and an IPv4-mapped IPv6 address is the same host as its
    /// IPv4 address). A name and an address are different hosts, even where the name resolves to the address.</para>
    /// <para>A host named by an entry that is not a wildcard is trusted with the addresses it resolves to: they are
    /// exempt from <see cref="DeniedAddressRanges"/> and <see cref="DenyNonPublicAddresses"/> (so <c>127.0.0.1:8080</c>
    /// reaches a local server while other loopback URLs are denied), except through a proxy, where the address checked
    /// is the proxy's. <see cref="Callback"/> is asked all the same.</para>
    /// </remarks>
    public IList<string> AllowedHosts { get; } = [];

    /// <summary>
    /// Hosts scripts may never connect to, in the syntax of <see cref="AllowedHosts"/>. A match denies, even where an
    /// entry of <see cref="AllowedHosts"/> also matches.
    /// </summary>
    public IList<string> DeniedHosts { get; } = [];

    /// <summary>The ports scripts may connect to; empty allows every port (Fetch's bad ports are always refused).</summary>
    public IList<int> AllowedPorts { get; } = [];

    /// <summary>Ports scripts may never connect to.</summary>
    public IList<int> DeniedPorts { get; } = [];

    /// <summary>
    /// Address ranges scripts may never connect to, as CIDR (<c>10.0.0.0/8</c>, <c>fe80::/10</c>) or single addresses.
    /// An IPv6 address that embeds an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64 <c>64:ff9b::/96</c>) is in a
    /// range when either it or its IPv4 address is.
    /// </summary>
    public IList<string> DeniedAddressRanges { get; } = [];

    /// <summary>
    /// Exceptions to <see cref="DeniedAddressRanges"/> and <see cref="DenyNonPublicAddresses"/>, in the same syntax:
    /// an address in one of these ranges is not denied by either.
    /// </summary>
    public IList<string> AllowedAddressRanges { get; } = [];

    /// <summary>
    /// Whether to deny addresses that are not on the public internet: loopback, "this network", private (RFC 1918),
    /// unique local, link-local (which holds the cloud metadata address 169.254.169.254), shared (carrier-grade NAT),
    /// multicast, reserved (240.0.0.0/4 and what IANA reserves in ::/8), broadcast, and the IETF, documentation and
    /// benchmarking ranges of the IANA special-purpose address registries. An IPv6 address that embeds an IPv4 address
    /// (IPv4-mapped <c>::ffff:a.b.c.d</c>, IPv4-compatible <c>::a.b.c.d</c>, NAT64 <c>64:ff9b::a.b.c.d</c>) is judged
    /// by the IPv4 address.
    /// </summary>
    /// <remarks>
    /// Registries: <see href="https://www.iana.org/assignments/iana-ipv4-special-registry/"/> and
    /// <see href="https://www.iana.org/assignments/iana-ipv6-special-registry/"/>. Off by default; a host running
    /// untrusted scripts on a machine with private neighbours (or a cloud metadata service) should turn it on.
    /// </remarks>
    public bool DenyNonPublicAddresses { get; set; }

    /// <summary>
    /// The host's own rule, asked last for each address a connection is about to use, after every other rule allowed
    /// it; false denies. It may be called from any thread, and at once for different connections; it should not block.
    /// </summary>
    public Func<NetworkAccessRequest, bool>? Callback { get; set; }

    /// <summary>Validates every entry and returns an immutable policy that later changes to this object do not affect.</summary>
    /// <exception cref="ArgumentException">An entry is malformed; the message names the entry and its list.</exception>
    internal NetworkPolicy Build()
    {
        bool allowWs = AllowedSchemes.Count == 0;
        bool allowWss = AllowedSchemes.Count == 0;
        foreach (var scheme in AllowedSchemes)
        {
            if (string.Equals(scheme, "ws", StringComparison.OrdinalIgnoreCase))
            {
                allowWs = true;
            }
            else if (string.Equals(scheme, "wss", StringComparison.OrdinalIgnoreCase))
            {
                allowWss = true;
            }
            else
            {
                throw Invalid(nameof(AllowedSchemes), Quote(scheme), "is not a WebSocket scheme (ws or wss)");
            }
        }

        return new NetworkPolicy(
            allowWs,
            allowWss,
            ParsePorts(AllowedPorts, nameof(AllowedPorts)),
            ParsePorts(DeniedPorts, nameof(DeniedPorts)),
            ParseHosts(AllowedHosts, nameof(AllowedHosts)),
            ParseHosts(DeniedHosts, nameof(DeniedHosts)),
            ParseRanges(DeniedAddressRanges, nameof(DeniedAddressRanges)),
            ParseRanges(AllowedAddressRanges, nameof(AllowedAddressRanges)),
            DenyNonPublicAddresses,
            Callback);
    }

    private static int[] ParsePorts(IList<int> ports, string list)
    {
        foreach (int port in ports)
        {
            if (port is < 0 or > 65535)
            {
                throw Invalid(list, port.ToString(CultureInfo.InvariantCulture), "is not a port (0 to 65535)");
            }
        }

        return [.. ports.Distinct()];
    }

    private static NetworkHostEntry[] ParseHosts(IList<string> hosts, string list)
    {
        var entries = new NetworkHostEntry[hosts.Count];
        for (int i = 0; i < entries.Length; i++)
        {
            entries[i] = NetworkHostEntry.Parse(hosts[i]) ?? throw Invalid(list, Quote(hosts[i]), "is not host[:port]");
        }

        return entries;
    }

    private static NetworkAddressRange[] ParseRanges(IList<string> ranges, string list)
    {
        var parsed = new NetworkAddressRange[ranges.Count];
        for (int i = 0; i < parsed.Length; i++)
        {
            parsed[i] = NetworkAddressRange.Parse(ranges[i])
                ?? throw Invalid(list, Quote(ranges[i]), "is not an IP address or a CIDR range such as 10.0.0.0/8");
        }

        return parsed;
    }

    private static string Quote(string? value) => value is null ? "null" : "'" + value + "'";

    private static ArgumentException Invalid(string list, string value, string problem) =>
        new($"{nameof(NetworkPolicyOptions)}.{list}: {value} {problem}");
}
