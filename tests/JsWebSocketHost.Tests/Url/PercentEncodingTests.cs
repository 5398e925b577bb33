using System.Text;
using JsWebSocketHost.Url;

namespace JsWebSocketHost.Tests.Url;

/// <summary>
/// Tests of percent-encoding and percent-decoding
/// (https://url.spec.whatwg.org/#percent-encoded-bytes).
/// </summary>
[TestFixture]
public sealed class PercentEncodingTests
{
    [Test]
    public void PercentDecode_keeps_sequences_that_are_not_two_hex_digits()
    {
        Assert.That(PercentEncoding.PercentDecode("%25%s%1G"), Is.EqualTo(Encoding.ASCII.GetBytes("%%s%1G")));
    }

    [Test]
    public void PercentDecode_utf8_encodes_the_string_first()
    {
        Assert.That(PercentEncoding.PercentDecode("\u203D%25%2E"), Is.EqualTo(new byte[] { 0xE2, 0x80, 0xBD, 0x25, 0x2E }));
    }

    [TestCase("%C3%BC", "\u00FC")]
    [TestCase("%c3%bc", "\u00FC")]
    [TestCase("%FF", "\uFFFD")]
    [TestCase("%C3", "\uFFFD")]
    [TestCase("%EF%BB%BFa", "\uFEFFa")]
    [TestCase("a%", "a%")]
    [TestCase("%%41", "%A")]
    [TestCase("", "")]
    public void PercentDecodeToString_decodes_utf8_without_bom_handling(string input, string expected)
    {
        Assert.That(PercentEncoding.PercentDecodeToString(input), Is.EqualTo(expected));
    }

    [TestCase("Say what\u203D", "Say%20what%E2%80%BD")]
    [TestCase("\u2261", "%E2%89%A1")]
    [TestCase("a:b@c/d", "a%3Ab%40c%2Fd")]
    [TestCase("%", "%")]
    public void Utf8PercentEncode_with_the_userinfo_set(string input, string expected)
    {
        Assert.That(PercentEncoding.Utf8PercentEncode(input, PercentEncodeSet.Userinfo), Is.EqualTo(expected));
    }

    [TestCase("a b&c=d/\u00E9~!*'()", "a%20b%26c%3Dd%2F%C3%A9~!*'()")]
    [TestCase("$%+,;:@", "%24%25%2B%2C%3B%3A%40")]
    [TestCase("\U0001F600", "%F0%9F%98%80")]
    [TestCase("plain", "plain")]
    public void EncodeComponent_matches_encodeURIComponent(string input, string expected)
    {
        Assert.That(PercentEncoding.EncodeComponent(input), Is.EqualTo(expected));
    }

    [Test]
    public void EncodeComponent_encodes_a_lone_surrogate_as_the_replacement_character()
    {
        // Built in code: attribute arguments cannot carry lone surrogates.
        string input = new string('\uD800', 1) + "x";

        Assert.That(PercentEncoding.EncodeComponent(input), Is.EqualTo("%EF%BF%BDx"));
    }

    [TestCase(' ', "C0Control", false)]
    [TestCase('\u001F', "C0Control", true)]
    [TestCase('~', "C0Control", false)]
    [TestCase('\u007F', "C0Control", true)]
    [TestCase(' ', "Fragment", true)]
    [TestCase('`', "Fragment", true)]
    [TestCase('#', "Fragment", false)]
    [TestCase('#', "Query", true)]
    [TestCase('`', "Query", false)]
    [TestCase('\'', "Query", false)]
    [TestCase('\'', "SpecialQuery", true)]
    [TestCase('?', "Path", true)]
    [TestCase('^', "Path", true)]
    [TestCase('{', "Path", true)]
    [TestCase('|', "Path", false)]
    [TestCase('|', "Userinfo", true)]
    [TestCase('[', "Userinfo", true)]
    [TestCase('$', "Userinfo", false)]
    [TestCase('$', "Component", true)]
    [TestCase('!', "Component", false)]
    [TestCase('!', "FormUrlEncoded", true)]
    [TestCase('*', "FormUrlEncoded", false)]
    [TestCase('~', "FormUrlEncoded", true)]
    public void IsInSet_follows_each_percent_encode_set(char codePoint, string setName, bool expected)
    {
        PercentEncodeSet set = Enum.Parse<PercentEncodeSet>(setName);

        Assert.That(PercentEncoding.IsInSet(codePoint, set), Is.EqualTo(expected));
    }
}
