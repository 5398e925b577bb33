using System.Net;
using JsWebSocketHost.WebSockets;

namespace JsWebSocketHost.Tests.WebSockets;

/// <summary>Tests of the network policy's decisions: by name (<c>CheckUrl</c>) and by resolved address (<c>CheckAddress</c>).</summary>
[TestFixture]
public sealed class NetworkPolicyTests
{
    private const string NonPublicSuffix = ", which this host's network policy denies (DenyNonPublicAddresses)";

    private static NetworkPolicy Build(Action<NetworkPolicyOptions> configure)
    {
        var options = new NetworkPolicyOptions();
        configure(options);
        return options.Build();
    }

    // System.Uri refuses some hosts the URL Standard keeps (".example.com"); the policy reads only the URL's scheme.
    private static Uri UrlOf(string host, int port, string scheme = "ws") =>
        Uri.TryCreate($"{scheme}://{host}:{port}/chat", UriKind.Absolute, out var url) ? url : new Uri($"{scheme}://placeholder.invalid:{port}/chat");

    private static NetworkAccessDeniedEventArgs? CheckUrl(NetworkPolicy policy, string host, int port = 80, string scheme = "ws") =>
        policy.CheckUrl(UrlOf(host, port, scheme), host, port);

    private static NetworkAccessDeniedEventArgs? CheckAddress(
        NetworkPolicy policy, string address, string host = "example.com", int port = 80, bool viaProxy = false) =>
        policy.CheckAddress(UrlOf(host, port), host, port, IPAddress.Parse(address), viaProxy);

    private static NetworkPolicy DenyNonPublic() => Build(o => o.DenyNonPublicAddresses = true);

    // ---- The non-public list: each range at and just outside its bounds ----

    [TestCase("0.0.0.0", "an address of \"this network\"")]
    [TestCase("0.255.255.255", "an address of \"this network\"")]
    [TestCase("9.255.255.255", null)]
    [TestCase("10.0.0.0", "a private address")]
    [TestCase("10.255.255.255", "a private address")]
    [TestCase("11.0.0.0", null)]
    [TestCase("100.63.255.255", null)]
    [TestCase("100.64.0.0", "a shared (carrier-grade NAT) address")]
    [TestCase("100.127.255.255", "a shared (carrier-grade NAT) address")]
    [TestCase("100.128.0.0", null)]
    [TestCase("126.255.255.255", null)]
    [TestCase("127.0.0.0", "a loopback address")]
    [TestCase("127.255.255.255", "a loopback address")]
    [TestCase("128.0.0.0", null)]
    [TestCase("169.253.255.255", null)]
    [TestCase("169.254.0.0", "a link-local address")]
    [TestCase("169.254.169.254", "a link-local address")]
    [TestCase("169.254.255.255", "a link-local address")]
    [TestCase("169.255.0.0", null)]
    [TestCase("172.15.255.255", null)]
    [TestCase("172.16.0.0", "a private address")]
    [TestCase("172.31.255.255", "a private address")]
    [TestCase("172.32.0.0", null)]
    [TestCase("191.255.255.255", null)]
    [TestCase("192.0.0.0", "an IETF protocol assignment address")]
    [TestCase("192.0.0.255", "an IETF protocol assignment address")]
    [TestCase("192.0.1.0", null)]
    [TestCase("192.0.1.255", null)]
    [TestCase("192.0.2.0", "a documentation address")]
    [TestCase("192.0.2.255", "a documentation address")]
    [TestCase("192.0.3.0", null)]
    [TestCase("192.167.255.255", null)]
    [TestCase("192.168.0.0", "a private address")]
    [TestCase("192.168.255.255", "a private address")]
    [TestCase("192.169.0.0", null)]
    [TestCase("198.17.255.255", null)]
    [TestCase("198.18.0.0", "a benchmarking address")]
    [TestCase("198.19.255.255", "a benchmarking address")]
    [TestCase("198.20.0.0", null)]
    [TestCase("198.51.99.255", null)]
    [TestCase("198.51.100.0", "a documentation address")]
    [TestCase("198.51.100.255", "a documentation address")]
    [TestCase("198.51.101.0", null)]
    [TestCase("203.0.112.255", null)]
    [TestCase("203.0.113.0", "a documentation address")]
    [TestCase("203.0.113.255", "a documentation address")]
    [TestCase("203.0.114.0", null)]
    [TestCase("223.255.255.255", null)]
    [TestCase("224.0.0.0", "a multicast address")]
    [TestCase("239.255.255.255", "a multicast address")]
    [TestCase("240.0.0.0", "a reserved address")]
    [TestCase("255.255.255.254", "a reserved address")]
    [TestCase("255.255.255.255", "the limited broadcast address")]
    [TestCase("1.0.0.0", null)]
    [TestCase("93.184.216.34", null)]
    [TestCase("8.8.8.8", null)]
    public void An_IPv4_address_is_judged_by_the_non_public_ranges(string address, string? kind)
    {
        var denied = CheckAddress(DenyNonPublic(), address);

        if (kind is null)
        {
            Assert.That(denied, Is.Null, $"{address} is public");
        }
        else
        {
            Assert.That(denied, Is.Not.Null, $"{address} is {kind}");
            Assert.That(denied!.Rule, Is.EqualTo("non-public-address"));
            Assert.That(denied.Message, Is.EqualTo($"{address} is {kind}{NonPublicSuffix}"));
            Assert.That(denied.Address, Is.EqualTo(IPAddress.Parse(address)));
        }
    }

    [TestCase("::", "the unspecified address")]
    [TestCase("::1", "a loopback address")]
    [TestCase("::1:0:0", "a reserved address")]
    [TestCase("::ffff:0:a00:1", "a reserved address")]
    [TestCase("ff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "a reserved address")]
    [TestCase("64:ff9b::1:a00:1", "a reserved address")]
    [TestCase("64:ff9b:1::", "a local-use IPv4/IPv6 translation address")]
    [TestCase("64:ff9b:1:ffff:ffff:ffff:ffff:ffff", "a local-use IPv4/IPv6 translation address")]
    [TestCase("64:ff9b:2::", "a reserved address")]
    [TestCase("100::", "a discard-only address")]
    [TestCase("100::ffff:ffff:ffff:ffff", "a discard-only address")]
    [TestCase("100:0:0:1::", null)]
    [TestCase("2001:1:ffff:ffff:ffff:ffff:ffff:ffff", null)]
    [TestCase("2001:2::", "a benchmarking address")]
    [TestCase("2001:2:0:ffff:ffff:ffff:ffff:ffff", "a benchmarking address")]
    [TestCase("2001:2:1::", null)]
    [TestCase("2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", null)]
    [TestCase("2001:db8::", "a documentation address")]
    [TestCase("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "a documentation address")]
    [TestCase("2001:db9::", null)]
    [TestCase("3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff", null)]
    [TestCase("3fff::", "a documentation address")]
    [TestCase("3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff", "a documentation address")]
    [TestCase("3fff:1000::", null)]
    [TestCase("fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", null)]
    [TestCase("fc00::", "a unique local address")]
    [TestCase("fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "a unique local address")]
    [TestCase("fe00::", null)]
    [TestCase("fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff", null)]
    [TestCase("fe80::", "a link-local address")]
    [TestCase("febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "a link-local address")]
    [TestCase("fec0::", "a site-local address")]
    [TestCase("feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "a site-local address")]
    [TestCase("ff00::", "a multicast address")]
    [TestCase("ff02::1", "a multicast address")]
    [TestCase("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "a multicast address")]
    [TestCase("2606:4700::1111", null)]
    [TestCase("2a00:1450:4001::200e", null)]
    public void An_IPv6_address_is_judged_by_the_non_public_ranges(string address, string? kind)
    {
        var denied = CheckAddress(DenyNonPublic(), address);

        if (kind is null)
        {
            Assert.That(denied, Is.Null, $"{address} is public");
        }
        else
        {
            Assert.That(denied, Is.Not.Null, $"{address} is {kind}");
            Assert.That(denied!.Rule, Is.EqualTo("non-public-address"));
            Assert.That(denied.Message, Is.EqualTo($"{IPAddress.Parse(address)} is {kind}{NonPublicSuffix}"));
        }
    }

    [TestCase("::ffff:127.0.0.1", "127.0.0.1", "a loopback address")]
    [TestCase("::ffff:169.254.169.254", "169.254.169.254", "a link-local address")]
    [TestCase("::ffff:10.0.0.1", "10.0.0.1", "a private address")]
    [TestCase("::ffff:0.0.0.0", "0.0.0.0", "an address of \"this network\"")]
    [TestCase("::127.0.0.1", "127.0.0.1", "a loopback address")]
    [TestCase("::192.168.1.1", "192.168.1.1", "a private address")]
    [TestCase("::2", "0.0.0.2", "an address of \"this network\"")]
    [TestCase("64:ff9b::10.0.0.1", "10.0.0.1", "a private address")]
    [TestCase("64:ff9b::127.0.0.1", "127.0.0.1", "a loopback address")]
    [TestCase("64:ff9b::169.254.169.254", "169.254.169.254", "a link-local address")]
    public void An_IPv6_address_that_embeds_an_IPv4_address_is_judged_by_the_IPv4_address(string address, string embedded, string kind)
    {
        var denied = CheckAddress(DenyNonPublic(), address);

        Assert.That(denied, Is.Not.Null);
        Assert.That(denied!.Rule, Is.EqualTo("non-public-address"));
        Assert.That(denied.Message, Is.EqualTo($"{IPAddress.Parse(address)} embeds {embedded}, {kind}{NonPublicSuffix}"));
        Assert.That(denied.Address, Is.EqualTo(IPAddress.Parse(address)), "the event names the address as resolved");
    }

    [TestCase("::ffff:93.184.216.34")]
    [TestCase("::93.184.216.34")]
    [TestCase("64:ff9b::93.184.216.34")]
    [TestCase("64:ff9b::8.8.8.8")]
    public void An_IPv6_address_that_embeds_a_public_IPv4_address_is_allowed(string address)
    {
        Assert.That(CheckAddress(DenyNonPublic(), address), Is.Null);
    }

    [Test]
    public void The_loopback_example_names_the_rule_and_the_address()
    {
        var denied = DenyNonPublic().CheckAddress(new Uri("ws://localhost:8080/"), "localhost", 8080, IPAddress.Parse("127.0.0.1"), viaProxy: false);

        Assert.That(denied!.Message, Is.EqualTo("127.0.0.1 is a loopback address, which this host's network policy denies (DenyNonPublicAddresses)"));
        Assert.That(denied.Url, Is.EqualTo(new Uri("ws://localhost:8080/")));
    }

    [TestCase("127.1")]
    [TestCase("127.0.0.1")]
    [TestCase("0x7f.1")]
    public void A_loopback_address_written_in_short_form_is_still_loopback(string text)
    {
        // IPAddress.Parse reads "127.1" as inet_aton does, as 127.0.0.1: the rules see only the value.
        var address = IPAddress.Parse(text);
        var denied = DenyNonPublic().CheckAddress(UrlOf("example.com", 80), "example.com", 80, address, viaProxy: false);

        Assert.That(address, Is.EqualTo(IPAddress.Parse("127.0.0.1")));
        Assert.That(denied!.Rule, Is.EqualTo("non-public-address"));
    }

    [TestCase("93.184.216.34")]
    [TestCase("2606:4700::1111")]
    [TestCase("127.0.0.1")]
    [TestCase("::1")]
    [TestCase("169.254.169.254")]
    public void Without_DenyNonPublicAddresses_every_address_is_allowed(string address)
    {
        Assert.That(CheckAddress(Build(_ => { }), address), Is.Null);
    }

    // ---- Hosts ----

    [TestCase("example.com", 80, true)]
    [TestCase("example.com", 8443, true)]
    [TestCase("example.com.", 80, true)]
    [TestCase("EXAMPLE.com", 80, true)]
    [TestCase("a.example.com", 80, false)]
    [TestCase("example.org", 80, false)]
    [TestCase("badexample.com", 80, false)]
    public void An_allowed_host_without_a_port_matches_its_name_on_every_port(string host, int port, bool allowed)
    {
        var denied = CheckUrl(Build(o => o.AllowedHosts.Add("Example.COM")), host, port);

        Assert.That(denied, allowed ? Is.Null : Is.Not.Null);
        if (!allowed)
        {
            Assert.That(denied!.Rule, Is.EqualTo("not-allowed-host"));
            Assert.That(denied.Address, Is.Null, "denied before any DNS lookup");
            Assert.That(denied.Message, Is.EqualTo($"{host}:{port} is not among the hosts this host's network policy allows (AllowedHosts)"));
        }
    }

    [TestCase(8080, true)]
    [TestCase(80, false)]
    [TestCase(8081, false)]
    public void An_allowed_host_with_a_port_matches_only_that_port(int port, bool allowed)
    {
        var denied = CheckUrl(Build(o => o.AllowedHosts.Add("example.com:8080")), "example.com", port);

        Assert.That(denied?.Rule, Is.EqualTo(allowed ? null : "not-allowed-host"));
    }

    [TestCase("example.com.", "example.com", true)]
    [TestCase("example.com", "example.com.", true)]
    [TestCase("*.example.com.", "a.example.com.", true)]
    public void A_trailing_dot_is_ignored_on_both_sides(string entry, string host, bool allowed)
    {
        Assert.That(CheckUrl(Build(o => o.AllowedHosts.Add(entry)), host), allowed ? Is.Null : Is.Not.Null);
    }

    [TestCase("a.example.com", true)]
    [TestCase("a.b.example.com", true)]
    [TestCase("A.Example.Com", true)]
    [TestCase("example.com", false)]
    [TestCase("badexample.com", false)]
    [TestCase("example.com.evil.org", false)]
    [TestCase(".example.com", false)]
    public void A_wildcard_matches_subdomains_but_not_the_bare_name(string host, bool allowed)
    {
        var denied = CheckUrl(Build(o => o.AllowedHosts.Add("*.example.com")), host);

        Assert.That(denied?.Rule, Is.EqualTo(allowed ? null : "not-allowed-host"));
    }

    [TestCase(443, true)]
    [TestCase(80, false)]
    public void A_wildcard_with_a_port_matches_only_that_port(int port, bool allowed)
    {
        var denied = CheckUrl(Build(o => o.AllowedHosts.Add("*.example.com:443")), "api.example.com", port);

        Assert.That(denied?.Rule, Is.EqualTo(allowed ? null : "not-allowed-host"));
    }

    [TestCase("127.0.0.1", 8080, true)]
    [TestCase("127.0.0.1", 8081, false)]
    [TestCase("localhost", 8080, false)]
    [TestCase("127.0.0.2", 8080, false)]
    [TestCase("[::1]", 8080, false)]
    public void An_address_entry_matches_that_address_and_not_a_name_that_resolves_to_it(string host, int port, bool allowed)
    {
        var denied = CheckUrl(Build(o => o.AllowedHosts.Add("127.0.0.1:8080")), host, port);

        Assert.That(denied?.Rule, Is.EqualTo(allowed ? null : "not-allowed-host"));
    }

    [TestCase("[::1]", "[::1]", true)]
    [TestCase("[0:0::1]", "[::1]", true)]
    [TestCase("[::1]:9000", "[::1]", true)]
    [TestCase("[::ffff:127.0.0.1]", "[::ffff:7f00:1]", true)]
    [TestCase("127.0.0.1", "[::ffff:7f00:1]", true)]
    [TestCase("[::ffff:127.0.0.1]", "127.0.0.1", true)]
    [TestCase("[::1]", "localhost", false)]
    [TestCase("[::1]", "[::2]", false)]
    [TestCase("[::1]", "0.0.0.1", false)]
    [TestCase("127.1", "127.0.0.1", true)]
    [TestCase("[64:ff9b::7f00:1]", "127.0.0.1", false)]
    public void Address_entries_compare_as_addresses(string entry, string host, bool allowed)
    {
        var denied = CheckUrl(Build(o => o.AllowedHosts.Add(entry)), host, 9000);

        Assert.That(denied?.Rule, Is.EqualTo(allowed ? null : "not-allowed-host"));
    }

    [Test]
    public void An_international_name_entry_matches_the_URL_parsers_ASCII_form()
    {
        var policy = Build(o => o.AllowedHosts.Add("b\u00FCcher.example"));

        Assert.That(CheckUrl(policy, "xn--bcher-kva.example"), Is.Null);
        Assert.That(CheckUrl(policy, "bucher.example")?.Rule, Is.EqualTo("not-allowed-host"));
    }

    [TestCase("evil.example.com", 80, true)]
    [TestCase("evil.example.com", 443, true)]
    [TestCase("EVIL.example.com.", 443, true)]
    [TestCase("good.example.com", 80, false)]
    [TestCase("example.com", 80, false)]
    public void A_denied_host_without_a_port_is_denied_on_every_port(string host, int port, bool denied)
    {
        var result = CheckUrl(Build(o => o.DeniedHosts.Add("evil.example.com")), host, port);

        Assert.That(result?.Rule, Is.EqualTo(denied ? "denied-host" : null));
    }

    [TestCase(22222, true)]
    [TestCase(80, false)]
    public void A_denied_host_with_a_port_is_denied_only_on_that_port(int port, bool denied)
    {
        var result = CheckUrl(Build(o => o.DeniedHosts.Add("example.com:22222")), "example.com", port);

        Assert.That(result?.Rule, Is.EqualTo(denied ? "denied-host" : null));
    }

    [Test]
    public void A_denied_host_wins_over_an_allowed_host()
    {
        var policy = Build(o =>
        {
            o.AllowedHosts.Add("*.example.com");
            o.AllowedHosts.Add("evil.example.com");
            o.DeniedHosts.Add("evil.example.com");
        });

        var denied = CheckUrl(policy, "evil.example.com", 443);

        Assert.That(denied!.Rule, Is.EqualTo("denied-host"));
        Assert.That(denied.Address, Is.Null);
        Assert.That(denied.Message, Is.EqualTo("evil.example.com:443 is denied by this host's network policy (DeniedHosts entry 'evil.example.com')"));
        Assert.That(CheckUrl(policy, "good.example.com", 443), Is.Null);
    }

    [Test]
    public void A_denied_wildcard_denies_every_subdomain_but_not_the_bare_name()
    {
        var policy = Build(o => o.DeniedHosts.Add("*.internal.example"));

        Assert.That(CheckUrl(policy, "db.internal.example")?.Rule, Is.EqualTo("denied-host"));
        Assert.That(CheckUrl(policy, "a.b.internal.example")?.Rule, Is.EqualTo("denied-host"));
        Assert.That(CheckUrl(policy, "internal.example"), Is.Null);
    }

    [Test]
    public void A_denied_address_is_denied_in_its_IPv4_mapped_spelling_too()
    {
        var policy = Build(o => o.DeniedHosts.Add("10.1.2.3"));

        Assert.That(CheckUrl(policy, "10.1.2.3")?.Rule, Is.EqualTo("denied-host"));
        Assert.That(CheckUrl(policy, "[::ffff:a01:203]")?.Rule, Is.EqualTo("denied-host"));
        Assert.That(CheckUrl(policy, "10.1.2.4"), Is.Null);
    }

    [Test]
    public void Without_host_lists_every_host_is_allowed()
    {
        var policy = Build(o => o.DenyNonPublicAddresses = true);

        Assert.That(CheckUrl(policy, "localhost"), Is.Null);
        Assert.That(CheckUrl(policy, "[::1]"), Is.Null);
        Assert.That(CheckUrl(policy, "anything.example"), Is.Null);
    }

    // ---- An explicit allowed host is exempt from the address rules, except through a proxy ----

    [Test]
    public void An_explicitly_allowed_address_is_exempt_from_the_non_public_rule()
    {
        var policy = Build(o =>
        {
            o.DenyNonPublicAddresses = true;
            o.AllowedHosts.Add("127.0.0.1:8080");
        });

        Assert.That(CheckUrl(policy, "127.0.0.1", 8080), Is.Null);
        Assert.That(CheckAddress(policy, "127.0.0.1", "127.0.0.1", 8080), Is.Null);
        Assert.That(CheckAddress(policy, "127.0.0.1", "127.0.0.1", 8081)?.Rule, Is.EqualTo("non-public-address"), "only the entry's port is trusted");
    }

    [Test]
    public void An_explicitly_allowed_name_is_exempt_for_every_address_it_resolves_to()
    {
        var policy = Build(o =>
        {
            o.DenyNonPublicAddresses = true;
            o.AllowedHosts.Add("localhost");
            o.AllowedHosts.Add("example.com");
        });

        Assert.That(CheckAddress(policy, "127.0.0.1", "localhost", 9000), Is.Null);
        Assert.That(CheckAddress(policy, "::1", "localhost", 9000), Is.Null);
        Assert.That(CheckAddress(policy, "10.0.0.1", "example.com", 443), Is.Null);
        Assert.That(CheckAddress(policy, "10.0.0.1", "other.example", 443)?.Rule, Is.EqualTo("non-public-address"));
    }

    [Test]
    public void An_explicitly_allowed_host_is_exempt_from_denied_address_ranges()
    {
        var policy = Build(o =>
        {
            o.DeniedAddressRanges.Add("10.0.0.0/8");
            o.AllowedHosts.Add("build.example");
            o.AllowedHosts.Add("*.example");
        });

        Assert.That(CheckAddress(policy, "10.0.0.5", "build.example"), Is.Null);
        Assert.That(CheckAddress(policy, "10.0.0.5", "other.example")?.Rule, Is.EqualTo("denied-address"));
    }

    [Test]
    public void A_wildcard_allowed_host_is_not_exempt_from_the_non_public_rule()
    {
        var policy = Build(o =>
        {
            o.DenyNonPublicAddresses = true;
            o.AllowedHosts.Add("*.example.com");
        });

        Assert.That(CheckUrl(policy, "rebind.example.com"), Is.Null);
        Assert.That(CheckAddress(policy, "169.254.169.254", "rebind.example.com")?.Rule, Is.EqualTo("non-public-address"));
        Assert.That(CheckAddress(policy, "93.184.216.34", "rebind.example.com"), Is.Null);
    }

    [Test]
    public void Through_a_proxy_the_proxys_address_is_always_judged_by_the_range_rules()
    {
        var policy = Build(o =>
        {
            o.DenyNonPublicAddresses = true;
            o.AllowedHosts.Add("127.0.0.1:8080");
        });

        var denied = CheckAddress(policy, "127.0.0.1", "127.0.0.1", 8080, viaProxy: true);

        Assert.That(denied!.Rule, Is.EqualTo("non-public-address"));
        Assert.That(denied.Message, Is.EqualTo($"The proxy's address 127.0.0.1 is a loopback address{NonPublicSuffix}"));
        Assert.That(CheckAddress(policy, "93.184.216.34", "127.0.0.1", 8080, viaProxy: true), Is.Null);
    }

    [Test]
    public void An_allowed_address_range_lets_a_host_use_a_local_proxy()
    {
        var policy = Build(o =>
        {
            o.DenyNonPublicAddresses = true;
            o.AllowedAddressRanges.Add("127.0.0.1");
        });

        Assert.That(CheckAddress(policy, "127.0.0.1", "example.com", 443, viaProxy: true), Is.Null);
        Assert.That(CheckAddress(policy, "127.0.0.2", "example.com", 443, viaProxy: true)?.Rule, Is.EqualTo("non-public-address"));
    }

    // ---- Address ranges ----

    [TestCase("10.1.2.3", "10.1.2.3 is in 10.0.0.0/8")]
    [TestCase("10.255.255.255", "10.255.255.255 is in 10.0.0.0/8")]
    [TestCase("::ffff:10.1.2.3", "::ffff:10.1.2.3 embeds 10.1.2.3, in 10.0.0.0/8")]
    [TestCase("64:ff9b::a01:203", "64:ff9b::a01:203 embeds 10.1.2.3, in 10.0.0.0/8")]
    [TestCase("11.0.0.0", null)]
    [TestCase("9.255.255.255", null)]
    public void A_denied_address_range_denies_the_addresses_in_it(string address, string? what)
    {
        var denied = CheckAddress(Build(o => o.DeniedAddressRanges.Add("10.0.0.0/8")), address);

        if (what is null)
        {
            Assert.That(denied, Is.Null);
        }
        else
        {
            Assert.That(denied!.Rule, Is.EqualTo("denied-address"));
            Assert.That(denied.Address, Is.EqualTo(IPAddress.Parse(address)));
            Assert.That(denied.Message, Is.EqualTo($"{what}, which this host's network policy denies (DeniedAddressRanges)"));
        }
    }

    [TestCase("2606:4700::/32", "2606:4700::1111", true)]
    [TestCase("2606:4700::/32", "2606:4701::1", false)]
    [TestCase("203.0.113.7", "203.0.113.7", true)]
    [TestCase("203.0.113.7", "203.0.113.8", false)]
    [TestCase("2001:db8::1", "2001:db8::1", true)]
    [TestCase("2001:db8::1", "2001:db8::2", false)]
    [TestCase("0.0.0.0/0", "93.184.216.34", true)]
    [TestCase("0.0.0.0/0", "2606:4700::1111", false)]
    [TestCase("::/0", "2606:4700::1111", true)]
    [TestCase("::ffff:0:0/96", "::ffff:1.2.3.4", true)]
    [TestCase("::/128", "::ffff:0.0.0.0", false)]
    [TestCase("1.2.3.0/24", "::ffff:1.2.3.4", true)]
    [TestCase("1.2.3.0/24", "::1.2.3.4", true)]
    [TestCase("1.2.3.0/24", "64:ff9b::1.2.3.4", true)]
    [TestCase("1.2.3.0/24", "2002:102:304::", false)]
    public void Denied_ranges_take_CIDR_or_single_addresses(string range, string address, bool denied)
    {
        var result = CheckAddress(Build(o => o.DeniedAddressRanges.Add(range)), address);

        Assert.That(result?.Rule, Is.EqualTo(denied ? "denied-address" : null));
    }

    [TestCase("10.1.2.3", null)]
    [TestCase("::ffff:10.1.200.1", null)]
    [TestCase("10.2.0.1", "denied-address")]
    [TestCase("127.0.0.1", "non-public-address")]
    public void An_allowed_address_range_is_carved_out_of_the_denied_ones(string address, string? rule)
    {
        var policy = Build(o =>
        {
            o.DeniedAddressRanges.Add("10.0.0.0/8");
            o.AllowedAddressRanges.Add("10.1.0.0/16");
            o.DenyNonPublicAddresses = true;
        });

        Assert.That(CheckAddress(policy, address)?.Rule, Is.EqualTo(rule));
    }

    [TestCase("192.168.1.20", null)]
    [TestCase("192.168.1.21", "non-public-address")]
    [TestCase("fd12:3456::1", null)]
    [TestCase("fd12:3457::1", "non-public-address")]
    public void An_allowed_address_range_is_carved_out_of_the_non_public_list(string address, string? rule)
    {
        var policy = Build(o =>
        {
            o.DenyNonPublicAddresses = true;
            o.AllowedAddressRanges.Add("192.168.1.20");
            o.AllowedAddressRanges.Add("fd12:3456::/32");
        });

        Assert.That(CheckAddress(policy, address)?.Rule, Is.EqualTo(rule));
    }

    [Test]
    public void A_denied_range_is_reported_before_the_non_public_rule()
    {
        var policy = Build(o =>
        {
            o.DenyNonPublicAddresses = true;
            o.DeniedAddressRanges.Add("127.0.0.0/8");
        });

        Assert.That(CheckAddress(policy, "127.0.0.1")?.Rule, Is.EqualTo("denied-address"));
    }

    // ---- Callback ----

    [Test]
    public void The_callback_sees_the_request()
    {
        NetworkAccessRequest? seen = null;
        var policy = Build(o => o.Callback = request =>
        {
            seen = request;
            return true;
        });
        var url = new Uri("wss://[::ffff:7f00:1]:8443/chat?room=1");

        var denied = policy.CheckAddress(url, "[::ffff:7f00:1]", 8443, IPAddress.Parse("::ffff:127.0.0.1"), viaProxy: true);

        Assert.That(denied, Is.Null);
        Assert.That(seen, Is.Not.Null);
        Assert.That(seen!.Url, Is.SameAs(url));
        Assert.That(seen.Host, Is.EqualTo("[::ffff:7f00:1]"));
        Assert.That(seen.Port, Is.EqualTo(8443));
        Assert.That(seen.Address, Is.EqualTo(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.That(seen.ViaProxy, Is.True);
    }

    [Test]
    public void The_callback_can_deny()
    {
        var policy = Build(o => o.Callback = request => !request.Address.Equals(IPAddress.Parse("93.184.216.34")));

        var denied = CheckAddress(policy, "93.184.216.34", "example.com", 443);

        Assert.That(denied!.Rule, Is.EqualTo("callback"));
        Assert.That(denied.Address, Is.EqualTo(IPAddress.Parse("93.184.216.34")));
        Assert.That(denied.Message, Is.EqualTo("example.com:443 at 93.184.216.34 was denied by this host's network policy callback (Callback)"));
        Assert.That(CheckAddress(policy, "93.184.216.35", "example.com", 443), Is.Null);
    }

    [Test]
    public void The_callback_is_asked_for_an_exempt_host_and_through_a_proxy()
    {
        int calls = 0;
        var policy = Build(o =>
        {
            o.DenyNonPublicAddresses = true;
            o.AllowedHosts.Add("127.0.0.1");
            o.AllowedAddressRanges.Add("127.0.0.1");
            o.Callback = _ =>
            {
                calls++;
                return false;
            };
        });

        Assert.That(CheckAddress(policy, "127.0.0.1", "127.0.0.1")?.Rule, Is.EqualTo("callback"));
        Assert.That(CheckAddress(policy, "127.0.0.1", "example.com", viaProxy: true)?.Rule, Is.EqualTo("callback"));
        Assert.That(calls, Is.EqualTo(2));
    }

    [Test]
    public void The_callback_is_not_asked_for_an_address_a_rule_already_denied()
    {
        int calls = 0;
        var policy = Build(o =>
        {
            o.DenyNonPublicAddresses = true;
            o.Callback = _ =>
            {
                calls++;
                return true;
            };
        });

        Assert.That(CheckAddress(policy, "10.0.0.1")?.Rule, Is.EqualTo("non-public-address"));
        Assert.That(calls, Is.Zero);
        Assert.That(CheckAddress(policy, "93.184.216.34"), Is.Null);
        Assert.That(calls, Is.EqualTo(1));
    }

    // ---- Schemes and ports ----

    [TestCase("wss", "ws", false)]
    [TestCase("wss", "wss", true)]
    [TestCase("WS", "ws", true)]
    [TestCase("ws", "wss", false)]
    public void Only_the_allowed_schemes_pass(string allowedScheme, string scheme, bool allowed)
    {
        var denied = CheckUrl(Build(o => o.AllowedSchemes.Add(allowedScheme)), "example.com", 443, scheme);

        Assert.That(denied?.Rule, Is.EqualTo(allowed ? null : "scheme"));
        if (!allowed)
        {
            Assert.That(denied!.Message, Is.EqualTo($"The scheme '{scheme}' is not allowed by this host's network policy (AllowedSchemes: {allowedScheme})"));
        }
    }

    [TestCase("ws")]
    [TestCase("wss")]
    public void Without_allowed_schemes_both_pass(string scheme)
    {
        Assert.That(CheckUrl(Build(o => o.AllowedPorts.Add(443)), "example.com", 443, scheme), Is.Null);
    }

    [TestCase(8080, "Port 8080 is denied by this host's network policy (DeniedPorts)")]
    [TestCase(80, null)]
    [TestCase(443, null)]
    public void A_denied_port_is_denied_on_every_host(int port, string? message)
    {
        var denied = CheckUrl(Build(o => o.DeniedPorts.Add(8080)), "example.com", port);

        Assert.That(denied?.Message, Is.EqualTo(message));
        Assert.That(denied?.Rule, Is.EqualTo(message is null ? null : "port"));
    }

    [TestCase(443, null)]
    [TestCase(8443, null)]
    [TestCase(80, "Port 80 is not allowed by this host's network policy (AllowedPorts)")]
    [TestCase(8444, "Port 8444 is not allowed by this host's network policy (AllowedPorts)")]
    public void Only_the_allowed_ports_pass(int port, string? message)
    {
        var denied = CheckUrl(Build(o =>
        {
            o.AllowedPorts.Add(443);
            o.AllowedPorts.Add(8443);
        }), "example.com", port);

        Assert.That(denied?.Message, Is.EqualTo(message));
    }

    [Test]
    public void A_denied_port_wins_over_an_allowed_port_and_an_allowed_host()
    {
        var denied = CheckUrl(Build(o =>
        {
            o.AllowedPorts.Add(8080);
            o.DeniedPorts.Add(8080);
            o.AllowedHosts.Add("example.com:8080");
        }), "example.com", 8080);

        Assert.That(denied?.Message, Is.EqualTo("Port 8080 is denied by this host's network policy (DeniedPorts)"));
    }

    [Test]
    public void The_scheme_is_checked_before_the_port_and_the_host()
    {
        var policy = Build(o =>
        {
            o.AllowedSchemes.Add("wss");
            o.DeniedPorts.Add(80);
            o.DeniedHosts.Add("example.com");
        });

        Assert.That(CheckUrl(policy, "example.com", 80, "ws")?.Rule, Is.EqualTo("scheme"));
        Assert.That(CheckUrl(policy, "example.com", 80, "wss")?.Rule, Is.EqualTo("port"));
        Assert.That(CheckUrl(policy, "example.com", 443, "wss")?.Rule, Is.EqualTo("denied-host"));
    }

    // ---- Build: validation, snapshot, allow-all ----

    [TestCase("exa mple.com:99999")]
    [TestCase("")]
    [TestCase(" example.com")]
    [TestCase("example.com:")]
    [TestCase("example.com:abc")]
    [TestCase("example.com:65536")]
    [TestCase("example.com:-1")]
    [TestCase("example.com:+80")]
    [TestCase("example.com:123456")]
    [TestCase(":80")]
    [TestCase("::1")]
    [TestCase("[::1")]
    [TestCase("[::1]x")]
    [TestCase("[::1]:")]
    [TestCase("[::1%25eth0]")]
    [TestCase("[127.0.0.1]")]
    [TestCase("[example.com]")]
    [TestCase("*")]
    [TestCase("*.")]
    [TestCase("*:80")]
    [TestCase("*.127.0.0.1")]
    [TestCase("*.[::1]")]
    [TestCase("a*.example.com")]
    [TestCase("*.*.example.com")]
    [TestCase("example%2Ecom")]
    [TestCase("example..com")]
    [TestCase(".example.com")]
    [TestCase("999.0.0.1")]
    [TestCase("ws://example.com")]
    [TestCase("example.com/path")]
    [TestCase("user@example.com")]
    public void Build_rejects_a_malformed_host_entry_and_names_it(string entry)
    {
        var options = new NetworkPolicyOptions();
        options.AllowedHosts.Add("example.org");
        options.AllowedHosts.Add(entry);

        var error = Assert.Throws<ArgumentException>(() => options.Build());

        Assert.That(error!.Message, Is.EqualTo($"NetworkPolicyOptions.AllowedHosts: '{entry}' is not host[:port]"));
        Assert.That(NetworkPolicy.TryParseHostEntry(entry, out _, out _), Is.False);
    }

    [Test]
    public void Build_names_the_list_a_malformed_entry_is_in()
    {
        var options = new NetworkPolicyOptions();
        options.DeniedHosts.Add("exa mple.com:99999");

        var error = Assert.Throws<ArgumentException>(() => options.Build());

        Assert.That(error!.Message, Is.EqualTo("NetworkPolicyOptions.DeniedHosts: 'exa mple.com:99999' is not host[:port]"));
    }

    [Test]
    public void Build_rejects_a_null_host_entry()
    {
        var options = new NetworkPolicyOptions();
        options.AllowedHosts.Add(null!);

        var error = Assert.Throws<ArgumentException>(() => options.Build());

        Assert.That(error!.Message, Is.EqualTo("NetworkPolicyOptions.AllowedHosts: null is not host[:port]"));
    }

    [TestCase("http")]
    [TestCase("wss:")]
    [TestCase("")]
    public void Build_rejects_a_scheme_other_than_ws_or_wss(string scheme)
    {
        var options = new NetworkPolicyOptions();
        options.AllowedSchemes.Add(scheme);

        var error = Assert.Throws<ArgumentException>(() => options.Build());

        Assert.That(error!.Message, Is.EqualTo($"NetworkPolicyOptions.AllowedSchemes: '{scheme}' is not a WebSocket scheme (ws or wss)"));
    }

    [TestCase(-1, false)]
    [TestCase(65536, false)]
    [TestCase(65536, true)]
    [TestCase(int.MaxValue, true)]
    public void Build_rejects_a_port_out_of_range(int port, bool denied)
    {
        var options = new NetworkPolicyOptions();
        (denied ? options.DeniedPorts : options.AllowedPorts).Add(port);

        var error = Assert.Throws<ArgumentException>(() => options.Build());

        Assert.That(error!.Message, Is.EqualTo($"NetworkPolicyOptions.{(denied ? "DeniedPorts" : "AllowedPorts")}: {port} is not a port (0 to 65535)"));
    }

    [TestCase("10.0.0.1/8")]
    [TestCase("10/8")]
    [TestCase("10.0.0")]
    [TestCase("010.0.0.0/8")]
    [TestCase("0x0a.0.0.0/8")]
    [TestCase("10.0.0.0/33")]
    [TestCase("::/129")]
    [TestCase("10.0.0.0/")]
    [TestCase("10.0.0.0/8/8")]
    [TestCase("10.0.0.0/-1")]
    [TestCase("10.0.0.0/ 8")]
    [TestCase("fe80::1%eth0")]
    [TestCase("[::1]")]
    [TestCase("example.com")]
    [TestCase("")]
    [TestCase("256.0.0.0")]
    public void Build_rejects_a_malformed_address_range_and_names_it(string range)
    {
        var denied = new NetworkPolicyOptions();
        denied.DeniedAddressRanges.Add(range);
        var allowed = new NetworkPolicyOptions();
        allowed.AllowedAddressRanges.Add(range);

        var deniedError = Assert.Throws<ArgumentException>(() => denied.Build());
        var allowedError = Assert.Throws<ArgumentException>(() => allowed.Build());

        Assert.That(deniedError!.Message, Is.EqualTo($"NetworkPolicyOptions.DeniedAddressRanges: '{range}' is not an IP address or a CIDR range such as 10.0.0.0/8"));
        Assert.That(allowedError!.Message, Does.StartWith($"NetworkPolicyOptions.AllowedAddressRanges: '{range}' "));
    }

    [TestCase("10.0.0.0/8")]
    [TestCase("0.0.0.0/0")]
    [TestCase("203.0.113.7")]
    [TestCase("203.0.113.7/32")]
    [TestCase("fe80::/10")]
    [TestCase("::1")]
    [TestCase("::/0")]
    [TestCase("::ffff:10.0.0.0/104")]
    public void Build_accepts_CIDR_ranges_and_single_addresses(string range)
    {
        var options = new NetworkPolicyOptions();
        options.DeniedAddressRanges.Add(range);
        options.AllowedAddressRanges.Add(range);

        Assert.That(options.Build().IsAllowAll, Is.False);
    }

    [TestCase("example.com", "example.com", null)]
    [TestCase("EXAMPLE.com", "example.com", null)]
    [TestCase("example.com.:443", "example.com", 443)]
    [TestCase("localhost:0", "localhost", 0)]
    [TestCase("localhost:08080", "localhost", 8080)]
    [TestCase("example.com:65535", "example.com", 65535)]
    [TestCase("*.Example.COM:8080", "*.example.com", 8080)]
    [TestCase("*.com", "*.com", null)]
    [TestCase("127.0.0.1", "127.0.0.1", null)]
    [TestCase("127.1:80", "127.0.0.1", 80)]
    [TestCase("[0:0::1]", "[::1]", null)]
    [TestCase("[::1]:9000", "[::1]", 9000)]
    [TestCase("[::ffff:127.0.0.1]:80", "[::ffff:7f00:1]", 80)]
    [TestCase("b\u00FCcher.example", "xn--bcher-kva.example", null)]
    public void TryParseHostEntry_gives_the_host_as_the_URL_parser_serializes_it(string entry, string host, int? port)
    {
        Assert.That(NetworkPolicy.TryParseHostEntry(entry, out var parsedHost, out var parsedPort), Is.True);
        Assert.That(parsedHost, Is.EqualTo(host));
        Assert.That(parsedPort, Is.EqualTo(port));
    }

    [Test]
    public void A_built_policy_is_not_affected_by_later_changes_to_the_options()
    {
        var options = new NetworkPolicyOptions();
        options.AllowedHosts.Add("example.com");
        var policy = options.Build();

        options.AllowedHosts.Clear();
        options.AllowedHosts.Add("other.example");
        options.DeniedHosts.Add("example.com");
        options.AllowedSchemes.Add("wss");
        options.DeniedPorts.Add(80);
        options.AllowedPorts.Add(443);
        options.DeniedAddressRanges.Add("0.0.0.0/0");
        options.DenyNonPublicAddresses = true;
        options.Callback = _ => false;

        Assert.That(CheckUrl(policy, "example.com", 80, "ws"), Is.Null);
        Assert.That(CheckUrl(policy, "other.example")?.Rule, Is.EqualTo("not-allowed-host"));
        Assert.That(CheckAddress(policy, "127.0.0.1"), Is.Null);
        Assert.That(policy.IsAllowAll, Is.False);
    }

    [Test]
    public void A_built_policy_keeps_the_callback_it_was_built_with()
    {
        var options = new NetworkPolicyOptions { Callback = _ => false };
        var policy = options.Build();

        options.Callback = null;

        Assert.That(CheckAddress(policy, "93.184.216.34")?.Rule, Is.EqualTo("callback"));
    }

    [Test]
    public void AllowAll_allows_every_URL_and_address()
    {
        var policy = NetworkPolicy.AllowAll;

        Assert.That(policy.IsAllowAll, Is.True);
        Assert.That(CheckUrl(policy, "localhost", 22), Is.Null);
        Assert.That(CheckUrl(policy, "example.com", 443, "wss"), Is.Null);
        Assert.That(CheckAddress(policy, "127.0.0.1"), Is.Null);
        Assert.That(CheckAddress(policy, "169.254.169.254"), Is.Null);
    }

    [Test]
    public void A_policy_is_allow_all_only_when_no_rule_can_deny()
    {
        static bool IsAllowAll(Action<NetworkPolicyOptions> configure) => Build(configure).IsAllowAll;

        Assert.That(IsAllowAll(_ => { }), Is.True);
        Assert.That(IsAllowAll(o => { o.AllowedSchemes.Add("ws"); o.AllowedSchemes.Add("wss"); }), Is.True);
        Assert.That(IsAllowAll(o => o.AllowedAddressRanges.Add("10.0.0.0/8")), Is.True);
        Assert.That(IsAllowAll(o => o.AllowedSchemes.Add("wss")), Is.False);
        Assert.That(IsAllowAll(o => o.AllowedHosts.Add("example.com")), Is.False);
        Assert.That(IsAllowAll(o => o.DeniedHosts.Add("example.com")), Is.False);
        Assert.That(IsAllowAll(o => o.AllowedPorts.Add(443)), Is.False);
        Assert.That(IsAllowAll(o => o.DeniedPorts.Add(80)), Is.False);
        Assert.That(IsAllowAll(o => o.DeniedAddressRanges.Add("10.0.0.0/8")), Is.False);
        Assert.That(IsAllowAll(o => o.DenyNonPublicAddresses = true), Is.False);
        Assert.That(IsAllowAll(o => o.Callback = _ => true), Is.False);
    }
}
