using System.Net;
using System.Net.Sockets;

namespace JsWebSocketHost.WebSockets;

/// <summary>
/// The addresses that <see cref="NetworkPolicyOptions.DenyNonPublicAddresses"/> denies: every range of the IANA
/// special-purpose address registries that is not globally reachable, plus multicast, and the IPv6 forms that embed
/// an IPv4 address (judged by the embedded address).
/// </summary>
/// <remarks>
/// Registries: <see href="https://www.iana.org/assignments/iana-ipv4-special-registry/"/> and
/// <see href="https://www.iana.org/assignments/iana-ipv6-special-registry/"/> (RFC 6890 defines both).
/// </remarks>
internal static class NonPublicAddresses
{
    private static readonly (IPNetwork Range, string Kind)[] IPv4Ranges =
    [
        // "This network" (RFC 791 §3.2, RFC 1122 §3.2.1.3); 0.0.0.0 itself reaches the local host on Linux.
        (IPNetwork.Parse("0.0.0.0/8"), "an address of \"this network\""),
        // Private-use (RFC 1918 §3).
        (IPNetwork.Parse("10.0.0.0/8"), "a private address"),
        // Shared address space for carrier-grade NAT (RFC 6598).
        (IPNetwork.Parse("100.64.0.0/10"), "a shared (carrier-grade NAT) address"),
        // Loopback (RFC 1122 §3.2.1.3).
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address"),
        // Link-local (RFC 3927), which holds the cloud metadata address 169.254.169.254.
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address"),
        // Private-use (RFC 1918 §3).
        (IPNetwork.Parse("172.16.0.0/12"), "a private address"),
        // IETF protocol assignments (RFC 6890 §2.1).
        (IPNetwork.Parse("192.0.0.0/24"), "an IETF protocol assignment address"),
        // Documentation, TEST-NET-1 (RFC 5737).
        (IPNetwork.Parse("192.0.2.0/24"), "a documentation address"),
        // Private-use (RFC 1918 §3).
        (IPNetwork.Parse("192.168.0.0/16"), "a private address"),
        // Benchmarking (RFC 2544 §C.2.2).
        (IPNetwork.Parse("198.18.0.0/15"), "a benchmarking address"),
        // Documentation, TEST-NET-2 (RFC 5737).
        (IPNetwork.Parse("198.51.100.0/24"), "a documentation address"),
        // Documentation, TEST-NET-3 (RFC 5737).
        (IPNetwork.Parse("203.0.113.0/24"), "a documentation address"),
        // Multicast (RFC 5771).
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        // Limited broadcast (RFC 919 §7, RFC 8190); listed before 240/4, which also holds it, for its own name.
        (IPNetwork.Parse("255.255.255.255/32"), "the limited broadcast address"),
        // Reserved for future use (RFC 1112 §4).
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved address"),
    ];

    private static readonly (IPNetwork Range, string Kind)[] IPv6Ranges =
    [
        // Unspecified address (RFC 4291 §2.5.2).
        (IPNetwork.Parse("::/128"), "the unspecified address"),
        // Loopback (RFC 4291 §2.5.3).
        (IPNetwork.Parse("::1/128"), "a loopback address"),
        // Local-use IPv4/IPv6 translation (RFC 8215); its embedding depends on the operator's prefix length.
        (IPNetwork.Parse("64:ff9b:1::/48"), "a local-use IPv4/IPv6 translation address"),
        // Discard-only (RFC 6666).
        (IPNetwork.Parse("100::/64"), "a discard-only address"),
        // Benchmarking (RFC 5180 §8, as corrected by erratum 1752).
        (IPNetwork.Parse("2001:2::/48"), "a benchmarking address"),
        // Documentation (RFC 3849).
        (IPNetwork.Parse("2001:db8::/32"), "a documentation address"),
        // Documentation (RFC 9637).
        (IPNetwork.Parse("3fff::/20"), "a documentation address"),
        // Unique local (RFC 4193).
        (IPNetwork.Parse("fc00::/7"), "a unique local address"),
        // Link-local unicast (RFC 4291 §2.5.6).
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        // Site-local, deprecated (RFC 3879), still routed inside some sites.
        (IPNetwork.Parse("fec0::/10"), "a site-local address"),
        // Multicast (RFC 4291 §2.7).
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
    ];

    // Reserved by the IETF (IANA IPv6 address space registry, RFC 4291 §2.4): what remains of ::/8 once the
    // unspecified and loopback addresses and the forms that embed an IPv4 address are judged, such as the
    // IPv4-translated ::ffff:0:a.b.c.d of RFC 2765 §2.1.
    private static readonly IPNetwork IPv6Reserved = IPNetwork.Parse("::/8");

    // NAT64 well-known prefix (RFC 6052 §2.1): the last 32 bits are the IPv4 address.
    private static readonly IPNetwork Nat64WellKnownPrefix = IPNetwork.Parse("64:ff9b::/96");

    // IPv4-compatible addresses, deprecated (RFC 4291 §2.5.5.1): 96 zero bits, then the IPv4 address.
    private static readonly IPNetwork IPv4CompatiblePrefix = IPNetwork.Parse("::/96");

    /// <summary>
    /// The IPv4 address that an IPv6 <paramref name="address"/> embeds: IPv4-mapped <c>::ffff:a.b.c.d</c>
    /// (RFC 4291 §2.5.5.2), IPv4-compatible <c>::a.b.c.d</c> (RFC 4291 §2.5.5.1) or NAT64 <c>64:ff9b::a.b.c.d</c>
    /// (RFC 6052 §2.1); null for an IPv4 address or any other IPv6 address.
    /// </summary>
    public static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (NetworkAddressRange.InNetwork(IPv4CompatiblePrefix, address) || NetworkAddressRange.InNetwork(Nat64WellKnownPrefix, address))
        {
            Span<byte> bytes = stackalloc byte[16];
            address.TryWriteBytes(bytes, out _);
            return new IPAddress(bytes[12..]);
        }

        return null;
    }

    /// <summary>
    /// The kind of non-public address <paramref name="address"/> is (e.g. "a loopback address"), judging its own
    /// value first, then the IPv4 address it embeds (an IPv6 address that embeds a public one is public), then the
    /// rest of the reserved <c>::/8</c>; null for a public address.
    /// </summary>
    /// <param name="address">The address to judge.</param>
    /// <param name="judged">The address the kind describes: <paramref name="address"/> or the one it embeds.</param>
    public static string? Classify(IPAddress address, out IPAddress judged)
    {
        judged = address;
        if (KindOf(address) is { } kind)
        {
            return kind;
        }

        if (EmbeddedIPv4(address) is { } embedded)
        {
            var embeddedKind = KindOf(embedded);
            if (embeddedKind is not null)
            {
                judged = embedded;
            }

            return embeddedKind;
        }

        return NetworkAddressRange.InNetwork(IPv6Reserved, address) ? "a reserved address" : null;
    }

    private static string? KindOf(IPAddress address)
    {
        var ranges = address.AddressFamily == AddressFamily.InterNetwork ? IPv4Ranges : IPv6Ranges;
        foreach (var (range, kind) in ranges)
        {
            if (NetworkAddressRange.InNetwork(range, address))
            {
                return kind;
            }
        }

        return null;
    }
}
