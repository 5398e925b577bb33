using System.Globalization;
using System.Net;

namespace JsWebSocketHost.WebSockets;

/// <summary>
/// The network policy's decision engine: an immutable snapshot of <see cref="NetworkPolicyOptions"/> that judges a
/// URL by name (<see cref="CheckUrl"/>) and then each address it resolves to (<see cref="CheckAddress"/>).
/// </summary>
/// <remarks>Safe to use from any number of threads at once: it holds no mutable state.</remarks>
internal sealed class NetworkPolicy
{
    private readonly bool _allowWs;
    private readonly bool _allowWss;
    private readonly int[] _allowedPorts;
    private readonly int[] _deniedPorts;
    private readonly NetworkHostEntry[] _allowedHosts;
    private readonly NetworkHostEntry[] _deniedHosts;
    private readonly NetworkAddressRange[] _deniedRanges;
    private readonly NetworkAddressRange[] _allowedRanges;
    private readonly bool _denyNonPublicAddresses;
    private readonly Func<NetworkAccessRequest, bool>? _callback;

    internal NetworkPolicy(
        bool allowWs,
        bool allowWss,
        int[] allowedPorts,
        int[] deniedPorts,
        NetworkHostEntry[] allowedHosts,
        NetworkHostEntry[] deniedHosts,
        NetworkAddressRange[] deniedRanges,
        NetworkAddressRange[] allowedRanges,
        bool denyNonPublicAddresses,
        Func<NetworkAccessRequest, bool>? callback)
    {
        _allowWs = allowWs;
        _allowWss = allowWss;
        _allowedPorts = allowedPorts;
        _deniedPorts = deniedPorts;
        _allowedHosts = allowedHosts;
        _deniedHosts = deniedHosts;
        _deniedRanges = deniedRanges;
        _allowedRanges = allowedRanges;
        _denyNonPublicAddresses = denyNonPublicAddresses;
        _callback = callback;
        IsAllowAll = allowWs && allowWss && allowedPorts.Length == 0 && deniedPorts.Length == 0
            && allowedHosts.Length == 0 && deniedHosts.Length == 0 && deniedRanges.Length == 0
            && !denyNonPublicAddresses && callback is null;
    }

    /// <summary>The policy that allows every connection (what a host without a policy has).</summary>
    public static NetworkPolicy AllowAll { get; } = new NetworkPolicyOptions().Build();

    /// <summary>Whether this policy allows every connection, so that checking can be skipped.</summary>
    public bool IsAllowAll { get; }

    /// <summary>
    /// Checks the rules that need no DNS lookup: the scheme, the port, <see cref="NetworkPolicyOptions.DeniedHosts"/>
    /// and <see cref="NetworkPolicyOptions.AllowedHosts"/>, in that order.
    /// </summary>
    /// <param name="url">The <c>ws:</c> or <c>wss:</c> URL the script asked for.</param>
    /// <param name="host">The URL's host as the URL Standard serializes it (lower case, IPv6 in brackets).</param>
    /// <param name="port">The URL's port, or its scheme's default.</param>
    /// <returns>Null when allowed; otherwise why not.</returns>
    public NetworkAccessDeniedEventArgs? CheckUrl(Uri url, string host, int port)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(host);

        var scheme = url.Scheme;
        bool schemeAllowed = (_allowWs && _allowWss)
            || (_allowWs && string.Equals(scheme, "ws", StringComparison.OrdinalIgnoreCase))
            || (_allowWss && string.Equals(scheme, "wss", StringComparison.OrdinalIgnoreCase));
        if (!schemeAllowed)
        {
            return Deny(url, null, NetworkPolicyRule.Scheme,
                $"The scheme '{scheme}' is not allowed by this host's network policy (AllowedSchemes: {(_allowWs ? "ws" : "wss")})");
        }

        if (Array.IndexOf(_deniedPorts, port) >= 0)
        {
            return Deny(url, null, NetworkPolicyRule.Port, $"Port {Format(port)} is denied by this host's network policy (DeniedPorts)");
        }

        if (_allowedPorts.Length > 0 && Array.IndexOf(_allowedPorts, port) < 0)
        {
            return Deny(url, null, NetworkPolicyRule.Port, $"Port {Format(port)} is not allowed by this host's network policy (AllowedPorts)");
        }

        if (_deniedHosts.Length == 0 && _allowedHosts.Length == 0)
        {
            return null;
        }

        var (name, address) = Identify(host);
        foreach (var entry in _deniedHosts)
        {
            if (entry.Matches(name, address, port))
            {
                return Deny(url, null, NetworkPolicyRule.DeniedHost,
                    $"{host}:{Format(port)} is denied by this host's network policy (DeniedHosts entry '{entry.Text}')");
            }
        }

        if (_allowedHosts.Length > 0 && !MatchesAllowedHost(name, address, port, exactOnly: false))
        {
            return Deny(url, null, NetworkPolicyRule.NotAllowedHost,
                $"{host}:{Format(port)} is not among the hosts this host's network policy allows (AllowedHosts)");
        }

        return null;
    }

    /// <summary>
    /// Checks one address a connection is about to use: <see cref="NetworkPolicyOptions.DeniedAddressRanges"/> and
    /// <see cref="NetworkPolicyOptions.DenyNonPublicAddresses"/> (less <see cref="NetworkPolicyOptions.AllowedAddressRanges"/>),
    /// then <see cref="NetworkPolicyOptions.Callback"/>. A host named by an exact entry of
    /// <see cref="NetworkPolicyOptions.AllowedHosts"/> skips the range rules, unless <paramref name="viaProxy"/>.
    /// </summary>
    /// <param name="url">The <c>ws:</c> or <c>wss:</c> URL the script asked for.</param>
    /// <param name="host">The URL's host as the URL Standard serializes it.</param>
    /// <param name="port">The URL's port, or its scheme's default.</param>
    /// <param name="address">The address about to be connected to: one the host resolved to, or the proxy's.</param>
    /// <param name="viaProxy">Whether <paramref name="address"/> is a proxy's; range rules then always apply.</param>
    /// <returns>Null when allowed; otherwise why not.</returns>
    /// <remarks>An exception thrown by the callback propagates to the caller.</remarks>
    public NetworkAccessDeniedEventArgs? CheckAddress(Uri url, string host, int port, IPAddress address, bool viaProxy)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(address);

        // An address entry of DeniedHosts also stops a name that resolves to it: deny wins (not through a proxy,
        // where this address is the proxy's).
        if (!viaProxy && _deniedHosts.Length > 0)
        {
            var resolved = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            foreach (var entry in _deniedHosts)
            {
                if (entry.Matches(null, resolved, port))
                {
                    return Deny(url, address, NetworkPolicyRule.DeniedHost,
                        $"{host}:{Format(port)} resolved to {address}, which this host's network policy denies (DeniedHosts entry '{entry.Text}')");
                }
            }
        }

        bool trustedHost = !viaProxy && _allowedHosts.Length > 0 && MatchesAllowedHost(host, port);
        if (!trustedHost && (_deniedRanges.Length > 0 || _denyNonPublicAddresses) && !InAllowedRange(address))
        {
            string subject = viaProxy ? $"The proxy's address {address}" : address.ToString();
            foreach (var range in _deniedRanges)
            {
                if (range.Contains(address, out var matched))
                {
                    string what = ReferenceEquals(matched, address) ? $"{subject} is in {range.Text}" : $"{subject} embeds {matched}, in {range.Text}";
                    return Deny(url, address, NetworkPolicyRule.DeniedAddress,
                        $"{what}, which this host's network policy denies (DeniedAddressRanges)");
                }
            }

            if (_denyNonPublicAddresses && NonPublicAddresses.Classify(address, out var judged) is { } kind)
            {
                string what = ReferenceEquals(judged, address) ? $"{subject} is {kind}" : $"{subject} embeds {judged}, {kind}";
                return Deny(url, address, NetworkPolicyRule.NonPublicAddress,
                    $"{what}, which this host's network policy denies (DenyNonPublicAddresses)");
            }
        }

        if (_callback is not null && !_callback(new NetworkAccessRequest(url, host, port, address, viaProxy)))
        {
            string at = viaProxy ? $"through the proxy at {address}" : $"at {address}";
            return Deny(url, address, NetworkPolicyRule.Callback,
                $"{host}:{Format(port)} {at} was denied by this host's network policy callback (Callback)");
        }

        return null;
    }

    /// <summary>
    /// Parses a host entry as <see cref="NetworkPolicyOptions.AllowedHosts"/> takes it: <c>host</c>, <c>host:port</c>,
    /// <c>[v6]</c>, <c>[v6]:port</c> or <c>*.suffix[:port]</c>.
    /// </summary>
    /// <param name="entry">The entry, e.g. a value of the CLI's <c>--allow-net</c>.</param>
    /// <param name="host">The host as the URL parser serializes it (a trailing dot removed; wildcards keep <c>*.</c>).</param>
    /// <param name="port">The port, or null when the entry has none (it then matches every port).</param>
    /// <returns>Whether <paramref name="entry"/> is well formed.</returns>
    internal static bool TryParseHostEntry(string entry, out string host, out int? port) =>
        NetworkHostEntry.TryParse(entry, out host, out port);

    private bool MatchesAllowedHost(string host, int port)
    {
        var (name, address) = Identify(host);
        return MatchesAllowedHost(name, address, port, exactOnly: true);
    }

    private bool MatchesAllowedHost(string? name, IPAddress? address, int port, bool exactOnly)
    {
        foreach (var entry in _allowedHosts)
        {
            if ((!exactOnly || entry.IsExact) && entry.Matches(name, address, port))
            {
                return true;
            }
        }

        return false;
    }

    private bool InAllowedRange(IPAddress address)
    {
        foreach (var range in _allowedRanges)
        {
            if (range.Contains(address, out _))
            {
                return true;
            }
        }

        return false;
    }

    // A URL host is either an address (IPv4-mapped folded to IPv4) or a name (its trailing dot removed).
    private static (string? Name, IPAddress? Address) Identify(string host)
    {
        var address = NetworkHostEntry.TryParseHostAddress(host);
        return address is null ? (NetworkHostEntry.TrimTrailingDot(host), null) : (null, address);
    }

    private static string Format(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static NetworkAccessDeniedEventArgs Deny(Uri url, IPAddress? address, string rule, string message) =>
        new(url, address, rule, message);
}
