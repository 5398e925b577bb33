using System.Globalization;
using System.Net;

namespace JsWebSocketHost.WebSockets;

/// <summary>
/// One parsed entry of <see cref="NetworkPolicyOptions.DeniedAddressRanges"/> or
/// <see cref="NetworkPolicyOptions.AllowedAddressRanges"/>: a CIDR range or a single address.
/// </summary>
internal sealed class NetworkAddressRange
{
    private readonly IPNetwork _network;

    private NetworkAddressRange(IPNetwork network, string text)
    {
        _network = network;
        Text = text;
    }

    /// <summary>The entry as the host wrote it, for messages.</summary>
    public string Text { get; }

    /// <summary>
    /// Parses <c>10.0.0.0/8</c>, <c>fe80::/10</c>, <c>10.1.2.3</c> or <c>::1</c>; null for anything else, including
    /// a range with bits set after its prefix, an IPv4 address not in four decimal parts, a zone id or brackets.
    /// </summary>
    public static NetworkAddressRange? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        int slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text.AsSpan() : text.AsSpan(0, slash);
        if (!IsPlainAddress(addressText))
        {
            return null;
        }

        if (!IPAddress.TryParse(addressText, out var address))
        {
            return null;
        }

        int maxPrefix = address.GetAddressBytes().Length * 8;
        int prefix = maxPrefix;
        if (slash >= 0)
        {
            var prefixText = text.AsSpan(slash + 1);
            if (prefixText.IsEmpty || prefixText.Length > 3 || prefixText.ContainsAnyExceptInRange('0', '9')
                || !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > maxPrefix)
            {
                return null;
            }
        }

        // An entry with bits set after its prefix (10.0.0.1/8) is refused: .NET 10's constructor clears them, where
        // its documentation says it throws; either way the base address differs from the one written.
        IPNetwork network;
        try
        {
            network = new IPNetwork(address, prefix);
        }
        catch (ArgumentException)
        {
            return null;
        }

        return network.BaseAddress.Equals(address) ? new NetworkAddressRange(network, text) : null;
    }

    /// <summary>
    /// Whether <paramref name="address"/> is in this range, or the IPv4 address it embeds (IPv4-mapped,
    /// IPv4-compatible, NAT64) is.
    /// </summary>
    /// <param name="address">The address to test.</param>
    /// <param name="matched">The address that is in the range: <paramref name="address"/> or the one it embeds.</param>
    public bool Contains(IPAddress address, out IPAddress matched)
    {
        matched = address;
        if (InNetwork(_network, address))
        {
            return true;
        }

        if (NonPublicAddresses.EmbeddedIPv4(address) is { } embedded && InNetwork(_network, embedded))
        {
            matched = embedded;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="address"/> is in <paramref name="network"/>, comparing the address as it is: an IPv4
    /// network holds no IPv6 address. <see cref="IPNetwork.Contains"/> is not used: on .NET 10 it maps IPv4-mapped
    /// addresses itself, with odd results for IPv6 networks (::/128 contains ::ffff:0.0.0.0, ::ffff:0:0/96 does not
    /// contain ::ffff:1.2.3.4), while this policy judges embedded IPv4 addresses in one place
    /// (<see cref="NonPublicAddresses.EmbeddedIPv4"/>).
    /// </summary>
    public static bool InNetwork(IPNetwork network, IPAddress address)
    {
        var baseAddress = network.BaseAddress;
        if (baseAddress.AddressFamily != address.AddressFamily)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[16];
        Span<byte> bytes = stackalloc byte[16];
        baseAddress.TryWriteBytes(prefix, out _);
        address.TryWriteBytes(bytes, out _);
        int whole = network.PrefixLength / 8;
        int bits = network.PrefixLength % 8;
        if (!bytes[..whole].SequenceEqual(prefix[..whole]))
        {
            return false;
        }

        int mask = (0xFF << (8 - bits)) & 0xFF;
        return bits == 0 || (bytes[whole] & mask) == (prefix[whole] & mask);
    }

    // An IPv6 address (hex digits, colons and an optional dotted IPv4 tail) or a dotted-decimal IPv4 address of four
    // parts: IPAddress.TryParse would also take "10" (0.0.0.10), hex and octal parts, brackets and zone ids.
    private static bool IsPlainAddress(ReadOnlySpan<char> text)
    {
        if (text.Contains(':'))
        {
            foreach (char ch in text)
            {
                if (!char.IsAsciiHexDigit(ch) && ch != ':' && ch != '.')
                {
                    return false;
                }
            }

            return true;
        }

        int parts = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            if (part.IsEmpty || part.Length > 3 || part.ContainsAnyExceptInRange('0', '9') || (part.Length > 1 && part[0] == '0'))
            {
                return false;
            }

            parts++;
        }

        return parts == 4;
    }
}
