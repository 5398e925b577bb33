using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using JsWebSocketHost.Url;

namespace JsWebSocketHost.WebSockets;

/// <summary>
/// One parsed entry of <see cref="NetworkPolicyOptions.AllowedHosts"/> or <see cref="NetworkPolicyOptions.DeniedHosts"/>:
/// a host name, a <c>*.suffix</c> wildcard or an IP address, with an optional port.
/// </summary>
internal sealed class NetworkHostEntry
{
    private readonly string? _name;

    // The wildcard's suffix with its leading dot (".example.com").
    private readonly string? _suffix;

    // IPv4-mapped IPv6 addresses are kept as their IPv4 address: both name the same endpoint.
    private readonly IPAddress? _address;

    private NetworkHostEntry(string text, string host, string? name, string? suffix, IPAddress? address, int? port)
    {
        Text = text;
        Host = host;
        _name = name;
        _suffix = suffix;
        _address = address;
        Port = port;
    }

    /// <summary>The entry as the host wrote it, for messages.</summary>
    public string Text { get; }

    /// <summary>The entry's host, serialized as the URL parser would (wildcards keep their <c>*.</c>).</summary>
    public string Host { get; }

    /// <summary>The entry's port; null matches every port.</summary>
    public int? Port { get; }

    /// <summary>Whether this entry names one host (a name or an address), rather than a wildcard.</summary>
    public bool IsExact => _suffix is null;

    /// <summary>Parses <paramref name="entry"/>; null when it is not <c>host[:port]</c>.</summary>
    public static NetworkHostEntry? Parse(string? entry)
    {
        if (!TryParse(entry, out var host, out var port))
        {
            return null;
        }

        if (host.StartsWith("*.", StringComparison.Ordinal))
        {
            return new NetworkHostEntry(entry!, host, null, host[1..], null, port);
        }

        var address = TryParseHostAddress(host);
        return new NetworkHostEntry(entry!, host, address is null ? host : null, null, address, port);
    }

    /// <summary>
    /// Splits <paramref name="entry"/> into its host (serialized as the URL parser would, a trailing dot removed)
    /// and its optional port. Accepts <c>host</c>, <c>host:port</c>, <c>[v6]</c>, <c>[v6]:port</c> and
    /// <c>*.suffix[:port]</c>; rejects percent-escapes, unbracketed IPv6, empty labels and wildcards on addresses.
    /// </summary>
    public static bool TryParse(string? entry, out string host, out int? port)
    {
        host = string.Empty;
        port = null;
        if (string.IsNullOrEmpty(entry))
        {
            return false;
        }

        // Split off the port: after the closing bracket of an IPv6 literal, or after the only colon of a name.
        string hostText;
        ReadOnlySpan<char> portText;
        if (entry[0] == '[')
        {
            int close = entry.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            hostText = entry[..(close + 1)];
            var rest = entry.AsSpan(close + 1);
            if (!rest.IsEmpty && rest[0] != ':')
            {
                return false;
            }

            portText = rest.IsEmpty ? default : rest[1..];
            if (!rest.IsEmpty && portText.IsEmpty)
            {
                return false;
            }
        }
        else
        {
            int colon = entry.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0 && entry.IndexOf(':', colon + 1) >= 0)
            {
                return false;
            }

            hostText = colon < 0 ? entry : entry[..colon];
            portText = colon < 0 ? default : entry.AsSpan(colon + 1);
            if (colon >= 0 && portText.IsEmpty)
            {
                return false;
            }
        }

        if (!portText.IsEmpty)
        {
            if (!TryParsePort(portText, out int value))
            {
                return false;
            }

            port = value;
        }

        bool wildcard = hostText.StartsWith("*.", StringComparison.Ordinal);
        var parsed = ParseHost(wildcard ? hostText[2..] : hostText);
        if (parsed is null || (wildcard && (parsed[0] == '[' || HostParser.EndsInANumber(parsed))))
        {
            return false;
        }

        host = wildcard ? "*." + parsed : parsed;
        return true;
    }

    /// <summary>
    /// The address a serialized URL host names (<c>127.0.0.1</c>, <c>[::1]</c>), with IPv4-mapped IPv6 addresses
    /// as IPv4; null for a domain.
    /// </summary>
    public static IPAddress? TryParseHostAddress(string host)
    {
        IPAddress? address = null;
        if (host.Length > 2 && host[0] == '[' && host[^1] == ']')
        {
            _ = IPAddress.TryParse(host.AsSpan(1, host.Length - 2), out address);
        }
        else if (HostParser.EndsInANumber(host) && HostParser.ParseIPv4(host) is { } ipv4)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, ipv4);
            address = new IPAddress(bytes);
        }

        return address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
    }

    /// <summary>A URL host without its trailing dot (which names the same DNS host), for name matching.</summary>
    public static string TrimTrailingDot(string host) =>
        host.Length > 1 && host[^1] == '.' ? host[..^1] : host;

    /// <summary>
    /// Whether this entry matches a URL's host and port.
    /// </summary>
    /// <param name="name">The URL's host without its trailing dot, when it is a domain; otherwise null.</param>
    /// <param name="address">The URL's host as an address (IPv4-mapped folded to IPv4), when it is one; otherwise null.</param>
    /// <param name="port">The URL's port (the scheme's default when the URL has none).</param>
    public bool Matches(string? name, IPAddress? address, int port)
    {
        if (Port is { } entryPort && entryPort != port)
        {
            return false;
        }

        if (_address is not null)
        {
            return address is not null && _address.Equals(address);
        }

        if (name is null)
        {
            return false;
        }

        if (_suffix is not null)
        {
            return name.Length > _suffix.Length && name.EndsWith(_suffix, StringComparison.OrdinalIgnoreCase);
        }

        return string.Equals(name, _name, StringComparison.OrdinalIgnoreCase);
    }

    // The host as the URL parser serializes it, without a trailing dot; null when it is not a plain host.
    private static string? ParseHost(string text)
    {
        // Percent-escapes and '*' (the URL parser allows both in domains) have no place in a host name entry.
        if (text.Length == 0 || text.Contains('%', StringComparison.Ordinal) || text.Contains('*', StringComparison.Ordinal))
        {
            return null;
        }

        var parsed = HostParser.Parse(text);
        if (parsed is null || parsed[0] == '[')
        {
            return parsed;
        }

        parsed = TrimTrailingDot(parsed);
        if (parsed[0] == '.' || parsed[^1] == '.' || parsed.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }

        return parsed;
    }

    private static bool TryParsePort(ReadOnlySpan<char> text, out int port)
    {
        port = 0;
        foreach (char ch in text)
        {
            if (!char.IsAsciiDigit(ch))
            {
                return false;
            }
        }

        return text.Length <= 5
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port)
            && port <= 65535;
    }
}
