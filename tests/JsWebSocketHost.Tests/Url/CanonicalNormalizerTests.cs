using System.Text;
using JsWebSocketHost.Url.Idna;

namespace JsWebSocketHost.Tests.Url;

/// <summary>
/// Tests of the host's own NFC (https://www.unicode.org/reports/tr15/), which IDNA uses because string.Normalize does
/// nothing under invariant globalization.
/// </summary>
[TestFixture]
public sealed class CanonicalNormalizerTests
{
    [TestCase("e\u0301", "\u00E9", TestName = "A base letter and a combining acute compose")]
    [TestCase("\u00E9", "\u00E9", TestName = "A precomposed letter stays")]
    [TestCase("q\u0307\u0323", "q\u0323\u0307", TestName = "Combining marks are put in canonical order when nothing composes")]
    [TestCase("d\u0307\u0323", "\u1E0D\u0307", TestName = "After reordering, the dot below composes first and the dot above stays")]
    [TestCase("a\u0301\u0301", "\u00E1\u0301", TestName = "A second mark of the same class is blocked")]
    [TestCase("\u212B", "\u00C5", TestName = "A singleton decomposition (ANGSTROM SIGN) is replaced")]
    [TestCase("\u2126", "\u03A9", TestName = "OHM SIGN becomes GREEK CAPITAL OMEGA")]
    [TestCase("\u0958", "\u0915\u093C", TestName = "A composition exclusion (DEVANAGARI QA) is not recomposed")]
    [TestCase("\u1100\u1161", "\uAC00", TestName = "A leading and a vowel jamo make an LV syllable")]
    [TestCase("\u1100\u1161\u11A8", "\uAC01", TestName = "Three jamo make an LVT syllable")]
    [TestCase("\uAC00\u11A8", "\uAC01", TestName = "An LV syllable and a trailing jamo make an LVT syllable")]
    [TestCase("\uAC01\u11A8", "\uAC01\u11A8", TestName = "An LVT syllable takes no further jamo")]
    [TestCase("\u0301e", "\u0301e", TestName = "A leading combining mark has no starter to compose with")]
    [TestCase("\U0001D15E", "\U0001D157\U0001D165", TestName = "A supplementary excluded composite decomposes and stays decomposed")]
    [TestCase("\u1E9B\u0323", "\u1E9B\u0323", TestName = "LONG S WITH DOT ABOVE and a dot below keep their canonical form")]
    public void ToNfc_gives_normalization_form_c(string input, string expected)
    {
        Assert.That(Text(CanonicalNormalizer.ToNfc(CodePoints(input))), Is.EqualTo(expected));
    }

    private static List<int> CodePoints(string text) => [.. text.EnumerateRunes().Select(rune => rune.Value)];

    private static string Text(List<int> codePoints)
    {
        var builder = new StringBuilder();
        foreach (var codePoint in codePoints)
        {
            builder.Append(char.ConvertFromUtf32(codePoint));
        }

        return builder.ToString();
    }
}
