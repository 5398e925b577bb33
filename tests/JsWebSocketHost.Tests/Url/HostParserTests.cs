using JsWebSocketHost.Url;
using JsWebSocketHost.Url.Idna;

namespace JsWebSocketHost.Tests.Url;

/// <summary>
/// Tests of the host parser (https://url.spec.whatwg.org/#host-parsing): domains, IDNA, IPv4,
/// IPv6 and opaque hosts.
/// </summary>
[TestFixture]
public sealed class HostParserTests
{
    // The host parsing example table of the standard, for both values of isOpaque.
    [TestCase("EXAMPLE.COM", false, "example.com")]
    [TestCase("EXAMPLE.COM", true, "EXAMPLE.COM")]
    [TestCase("example%2Ecom", false, "example.com")]
    [TestCase("example%2Ecom", true, "example%2Ecom")]
    [TestCase("fa\u00DF.example", false, "xn--fa-hia.example")]
    [TestCase("fa\u00DF.example", true, "fa%C3%9F.example")]
    [TestCase("0", false, "0.0.0.0")]
    [TestCase("0", true, "0")]
    [TestCase("%30", false, "0.0.0.0")]
    [TestCase("%30", true, "%30")]
    [TestCase("0x", false, "0.0.0.0")]
    [TestCase("0x", true, "0x")]
    [TestCase("0xffffffff", false, "255.255.255.255")]
    [TestCase("0xffffffff", true, "0xffffffff")]
    [TestCase("[0:0::1]", false, "[::1]")]
    [TestCase("[0:0::1]", true, "[::1]")]
    [TestCase("[0:0::1%5D", false, null)]
    [TestCase("[0:0::1%5D", true, null)]
    [TestCase("[0:0::%31]", false, null)]
    [TestCase("[0:0::%31]", true, null)]
    [TestCase("09", false, null)]
    [TestCase("09", true, "09")]
    [TestCase("example.255", false, null)]
    [TestCase("example.255", true, "example.255")]
    [TestCase("example^example", false, null)]
    [TestCase("example^example", true, null)]

    // Further cases.
    [TestCase("", true, "")]
    [TestCase("", false, null)]
    [TestCase("[", false, null)]
    [TestCase("[]", false, null)]
    [TestCase("a%", true, "a%")]
    [TestCase("a\u00A0b", true, "a%C2%A0b")]
    [TestCase("a:b", true, null)]
    [TestCase("a@b", true, null)]
    [TestCase("a/b", true, null)]
    [TestCase("a?b", true, null)]
    [TestCase("a#b", true, null)]
    [TestCase("a\\b", true, null)]
    [TestCase("a[b", true, null)]
    [TestCase("a]b", true, null)]
    [TestCase("a\u0000b", true, null)]
    [TestCase("a%25b", false, null)]
    [TestCase("a%41b", false, "aab")]
    [TestCase("1.2.3.4", false, "1.2.3.4")]
    [TestCase("1.2.3.4.", false, "1.2.3.4")]
    [TestCase("0xC0.0250.0x0.1", false, "192.168.0.1")]
    [TestCase("4294967295", false, "255.255.255.255")]
    [TestCase("4294967296", false, null)]
    [TestCase("0x1.0x1.0x1.0x100", false, null)]
    [TestCase("1.1.1.256", false, null)]
    [TestCase("1.1.1.1.1", false, null)]
    [TestCase("\u00FC.com", false, "xn--tda.com")]
    [TestCase("\u2603.net", false, "xn--n3h.net")]
    [TestCase("a\u3002b\uFF0Ec\uFF61d", false, "a.b.c.d")]
    [TestCase("%E2%98%83", false, "xn--n3h")]
    [TestCase("\uFFFD", false, null)]
    public void Parse_gives_the_serialized_host_or_fails(string input, bool isOpaque, string? expected)
    {
        Assert.That(HostParser.Parse(input, isOpaque), Is.EqualTo(expected));
    }

    [TestCase("example.com", "example.com")]
    [TestCase("EXAMPLE.com", "example.com")]
    [TestCase("xn--a", null)]
    [TestCase("XN--ZCA", "xn--zca")]
    [TestCase("XN--BCHER-KVA", "xn--bcher-kva")]
    [TestCase("b\u00FCcher.de", "xn--bcher-kva.de")]
    [TestCase("\u4F8B\u3048.\u30C6\u30B9\u30C8", "xn--r8jz45g.xn--zckzah")]
    [TestCase("\u0645\u062B\u0627\u0644.\u0625\u062E\u062A\u0628\u0627\u0631", "xn--mgbh0fb.xn--kgbechtv")]
    [TestCase("a b", null)]
    [TestCase("a%b", null)]
    [TestCase("", null)]
    [TestCase("\u00AD", null)]
    [TestCase("\u00FC.xn--a", null)]
    public void DomainToAscii_lowercases_ascii_and_encodes_unicode(string domain, string? expected)
    {
        Assert.That(HostParser.DomainToAscii(domain), Is.EqualTo(expected));
    }

    [TestCase("1.2.3.4", true)]
    [TestCase("1.2.3.4.", true)]
    [TestCase("example.42", true)]
    [TestCase("example.0x", true)]
    [TestCase("example.0xAB", true)]
    [TestCase("09", true)]
    [TestCase("example.0xg", false)]
    [TestCase("example.com", false)]
    [TestCase("42.example", false)]
    [TestCase("1.2.3.4..", false)]
    [TestCase(".", false)]
    public void EndsInANumber_checks_the_last_label(string input, bool expected)
    {
        Assert.That(HostParser.EndsInANumber(input), Is.EqualTo(expected));
    }

    [TestCase("0", true, 0UL, false)]
    [TestCase("255", true, 255UL, false)]
    [TestCase("0x", true, 0UL, true)]
    [TestCase("0xFf", true, 255UL, true)]
    [TestCase("0377", true, 255UL, true)]
    [TestCase("00", true, 0UL, true)]
    [TestCase("08", false, 0UL, false)]
    [TestCase("0x1g", false, 0UL, false)]
    [TestCase("1a", false, 0UL, false)]
    [TestCase("", false, 0UL, false)]
    [TestCase("99999999999999999999", true, 4294967296UL, false)]
    public void ParseIPv4Number_handles_each_radix(string input, bool expectedSuccess, ulong expectedValue, bool expectedValidationError)
    {
        bool success = HostParser.ParseIPv4Number(input, out ulong value, out bool validationError);

        Assert.That(success, Is.EqualTo(expectedSuccess));
        if (expectedSuccess)
        {
            Assert.That(value, Is.EqualTo(expectedValue));
            Assert.That(validationError, Is.EqualTo(expectedValidationError));
        }
    }

    [TestCase(new ushort[] { 0, 0, 0, 0, 0, 0, 0, 0 }, "::")]
    [TestCase(new ushort[] { 0, 0, 0, 0, 0, 0, 0, 1 }, "::1")]
    [TestCase(new ushort[] { 1, 0, 0, 0, 0, 0, 0, 0 }, "1::")]
    [TestCase(new ushort[] { 0, 0xF, 0, 0, 0xF, 0xF, 0, 0 }, "0:f::f:f:0:0")]
    [TestCase(new ushort[] { 1, 0, 2, 0, 3, 0, 4, 0 }, "1:0:2:0:3:0:4:0")]
    [TestCase(new ushort[] { 0x2001, 0xDB8, 0, 0, 1, 0, 0, 1 }, "2001:db8::1:0:0:1")]
    [TestCase(new ushort[] { 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF }, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")]
    public void SerializeIPv6_compresses_the_first_longest_run_of_zeros(ushort[] pieces, string expected)
    {
        Assert.That(HostParser.SerializeIPv6(pieces), Is.EqualTo(expected));
    }

    [TestCase("::", new ushort[] { 0, 0, 0, 0, 0, 0, 0, 0 })]
    [TestCase("1::", new ushort[] { 1, 0, 0, 0, 0, 0, 0, 0 })]
    [TestCase("::2:3", new ushort[] { 0, 0, 0, 0, 0, 0, 2, 3 })]
    [TestCase("1:2::7:8", new ushort[] { 1, 2, 0, 0, 0, 0, 7, 8 })]
    [TestCase("::1.2.3.4", new ushort[] { 0, 0, 0, 0, 0, 0, 0x102, 0x304 })]
    [TestCase("1:2:3:4:5:6:1.2.3.4", new ushort[] { 1, 2, 3, 4, 5, 6, 0x102, 0x304 })]
    public void ParseIPv6_expands_compression(string input, ushort[] expected)
    {
        Assert.That(HostParser.ParseIPv6(input), Is.EqualTo(expected));
    }

    [TestCase("1:2:3:4:5:6:7::")]
    [TestCase("::1:2:3:4:5:6:7")]
    public void ParseIPv6_accepts_compression_of_a_single_piece(string input)
    {
        Assert.That(HostParser.ParseIPv6(input), Is.Not.Null);
    }

    [TestCase("1:2:3:4:5:6:7:8::")]
    [TestCase("::1:2:3:4:5:6:7:8")]
    [TestCase(":::")]
    [TestCase("1:::2")]
    [TestCase("1:2:3:4:5:6:7:1.2.3.4")]
    [TestCase("::1.2.3")]
    [TestCase("::1.2.3.4.")]
    [TestCase("::01.2.3.4")]
    [TestCase("::1.2.3.256")]
    [TestCase("g::")]
    [TestCase("")]
    public void ParseIPv6_rejects_malformed_addresses(string input)
    {
        Assert.That(HostParser.ParseIPv6(input), Is.Null);
    }

    [TestCase("b\u00FCcher", "bcher-kva")]
    [TestCase("m\u00FCnchen", "mnchen-3ya")]
    [TestCase("\u00FC", "tda")]
    [TestCase("\u2603", "n3h")]
    [TestCase("-\u00FC", "--eha")]
    [TestCase("\u4F8B\u3048", "r8jz45g")]
    [TestCase("\U0001F4A9", "ls8h")]
    public void Punycode_encodes_and_decodes_labels(string unicode, string encoded)
    {
        var codePoints = new List<int>();
        foreach (System.Text.Rune rune in unicode.EnumerateRunes())
        {
            codePoints.Add(rune.Value);
        }

        Assert.That(Punycode.Encode(codePoints.ToArray()), Is.EqualTo(encoded));
        Assert.That(Punycode.Decode(encoded), Is.EqualTo(codePoints));
    }

    [TestCase("-a")]
    [TestCase("\u00FC-a")]
    [TestCase("99999999999999")]
    [TestCase("a!")]
    public void Punycode_decode_rejects_invalid_input(string encoded)
    {
        Assert.That(Punycode.Decode(encoded), Is.Null);
    }
}
