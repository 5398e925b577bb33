using JsWebSocketHost.Url.Idna;

namespace JsWebSocketHost.Tests.Url;

/// <summary>
/// Tests of UTS #46 ToASCII with the URL Standard's options (https://www.unicode.org/reports/tr46/#ToASCII), by the
/// processing step or validity criterion that decides each case.
/// </summary>
[TestFixture]
public sealed class Uts46Tests
{
    [TestCase("B\u00DCCHER", "xn--bcher-kva", TestName = "Map: upper case is mapped to lower case")]
    [TestCase("\u2163", "iv", TestName = "Map: a Roman numeral maps to letters")]
    [TestCase("\uFF21\uFF22", "ab", TestName = "Map: fullwidth letters map to ASCII")]
    [TestCase("a\u00ADb", "ab", TestName = "Map: an ignored code point is removed")]
    [TestCase("fa\u00DF", "xn--fa-hia", TestName = "Map: a deviation is kept (nontransitional)")]
    [TestCase("\u1E9E", "xn--zca", TestName = "Map: capital sharp s maps to sharp s")]
    [TestCase("a\u3002b", "a.b", TestName = "Map: an ideographic full stop maps to a full stop")]
    [TestCase("e\u0301", "xn--9ca", TestName = "Normalize: the mapped text is composed")]
    [TestCase("\u00AD", "", TestName = "Map: a domain of ignored code points maps to the empty string")]
    [TestCase("xn--zca", "xn--zca", TestName = "Convert: valid Punycode of a valid label is kept")]
    [TestCase("XN--ZCA", "xn--zca", TestName = "Convert: an upper case xn-- label is mapped to lower case before it is decoded")]
    [TestCase("-\u00FC-", "xn-----xka", TestName = "CheckHyphens is off: hyphens at either end are allowed")]
    [TestCase("\u05D0\u05D1", "xn--4dbc", TestName = "CheckBidi: an RTL label that keeps the Bidi rule")]
    [TestCase("\u0915\u094D\u200D\u0937", "xn--11b2ezcw70k", TestName = "CheckJoiners: a ZWJ after a virama is kept")]
    [TestCase("a\u0897", "xn--a-nnd", TestName = "Unicode 16.0 data: ARABIC PEPET is a nonspacing mark, allowed in an LTR label")]
    [TestCase("\u0628\u200C\u0627", "xn--mgbb899q", TestName = "CheckJoiners: a ZWNJ between dual- and right-joining letters is kept")]
    public void ToAscii_maps_normalizes_and_encodes(string domain, string expected)
    {
        Assert.That(Uts46.ToAscii(domain), Is.EqualTo(expected));
    }

    [TestCase("a\uFFFDb", TestName = "Criterion 7: a disallowed code point fails")]
    [TestCase("a\u0378b", TestName = "Criterion 7: an unassigned code point fails")]
    [TestCase("xn--a", TestName = "Convert: undecodable Punycode fails")]
    [TestCase("xn--", TestName = "Convert: an empty decoded label fails")]
    [TestCase("xn--abc-", TestName = "Convert: a label that decodes to ASCII only fails")]
    [TestCase("xn--\u00FC", TestName = "Convert: an xn-- label with a non-ASCII code point fails")]
    [TestCase("xn--xn---3ra", TestName = "Criterion 4: a decoded label that begins with xn-- fails")]
    [TestCase("xn--wca", TestName = "Criterion 7: a decoded label with a code point that maps (upper case) fails")]
    [TestCase("xn--e-xbb", TestName = "Criterion 1: a decoded label not in NFC fails")]
    [TestCase("\u0301a", TestName = "Criterion 6: a label beginning with a combining mark fails")]
    [TestCase("a\u200Db", TestName = "Criterion 8: a ZWJ without a virama before it fails")]
    [TestCase("a\u200Cb", TestName = "Criterion 8: a ZWNJ between non-joining letters fails")]
    [TestCase("\u05D0a", TestName = "Criterion 9: an RTL label holding an L character fails")]
    [TestCase("\u05D0-", TestName = "Criterion 9: an RTL label ending in a neutral fails")]
    [TestCase("\u0627\u0661\u0031", TestName = "Criterion 9: an RTL label with both AN and EN fails")]
    [TestCase("0a.\u05D0", TestName = "Criterion 9: an LTR label starting with a digit fails in a Bidi domain name")]
    [TestCase("a\U00032931", TestName = "A code point new in Unicode 17.0 is refused: the data is Unicode 16.0's")]
    [TestCase("0a.xn--4db", TestName = "Criterion 9: a Bidi domain name is found in decoded labels too")]
    public void ToAscii_fails(string domain)
    {
        var result = Uts46.ToAscii(domain);
        Assert.That(result, Is.Null, $"ToASCII({domain}) gave {result}");
    }

    [Test]
    public void A_label_starting_with_a_digit_is_fine_outside_a_Bidi_domain_name()
    {
        Assert.That(Uts46.ToAscii("0a.\u00FC"), Is.EqualTo("0a.xn--tda"));
    }

    [Test]
    public void Every_code_point_runs_through_without_an_exception()
    {
        // Each scalar value alone, between letters, so mapping, normalization and every criterion see it.
        var accepted = 0;
        for (var codePoint = 0x80; codePoint <= 0x10FFFF; codePoint++)
        {
            if (codePoint is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }

            if (Uts46.ToAscii("a" + char.ConvertFromUtf32(codePoint) + "b") is not null)
            {
                accepted++;
            }
        }

        // UTS #46 17.0 has well over 100,000 valid code points (CJK ideographs alone are ~98,000); a table that
        // failed to load, or a status read wrongly, would move this far.
        Assert.That(accepted, Is.InRange(100_000, 160_000));
    }

    [Test]
    public void A_long_run_of_marks_out_of_order_is_put_in_canonical_order()
    {
        // 20,000 acutes (class 230) then 20,000 graves below (class 220): NFC moves every class 220 mark first.
        var input = "a" + new string('\u0301', 20_000) + new string('\u0316', 20_000);
        var expected = "a" + new string('\u0316', 20_000) + new string('\u0301', 20_000);
        Assert.That(Uts46.ToAscii(input), Is.EqualTo(Uts46.ToAscii(expected)));
        Assert.That(Uts46.ToAscii(input), Does.StartWith("xn--"));
    }

    [Test]
    public void Punycode_round_trips_long_labels_of_many_distinct_code_points()
    {
        var random = new Random(46);
        foreach (var length in (ReadOnlySpan<int>)[1, 2, 7, 63, 500, 20_000])
        {
            var codePoints = new int[length];
            for (var i = 0; i < length; i++)
            {
                codePoints[i] = random.Next(4) == 0 ? random.Next('a', 'z' + 1) : random.Next(0x4E00, 0x9FFF);
            }

            var encoded = Punycode.Encode(codePoints);
            Assert.That(encoded, Is.Not.Null);
            Assert.That(Punycode.Decode(encoded), Is.EqualTo(codePoints), $"length {length}");
        }
    }
}
