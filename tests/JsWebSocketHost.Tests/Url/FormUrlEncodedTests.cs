using JsWebSocketHost.Url;

namespace JsWebSocketHost.Tests.Url;

/// <summary>
/// Tests of the application/x-www-form-urlencoded parser and serializer
/// (https://url.spec.whatwg.org/#application/x-www-form-urlencoded).
/// </summary>
[TestFixture]
public sealed class FormUrlEncodedTests
{
    [TestCase("a=1&b=2", new[] { "a", "1", "b", "2" })]
    [TestCase("", new string[0])]
    [TestCase("&&", new string[0])]
    [TestCase("a", new[] { "a", "" })]
    [TestCase("=a", new[] { "", "a" })]
    [TestCase("a=", new[] { "a", "" })]
    [TestCase("=", new[] { "", "" })]
    [TestCase("a=b=c", new[] { "a", "b=c" })]
    [TestCase("a+b=c+d", new[] { "a b", "c d" })]
    [TestCase("%2B=%26", new[] { "+", "&" })]
    [TestCase("%zz=%C3%BC", new[] { "%zz", "\u00FC" })]
    [TestCase("%FF", new[] { "\uFFFD", "" })]
    [TestCase("%EF%BB%BFx=1", new[] { "\uFEFFx", "1" })]
    [TestCase("a=1&a=2", new[] { "a", "1", "a", "2" })]
    [TestCase("&a=1&", new[] { "a", "1" })]
    [TestCase("\u00FC=\u20AC", new[] { "\u00FC", "\u20AC" })]
    public void Parse_splits_names_and_values(string input, string[] flatExpected)
    {
        var expected = new List<KeyValuePair<string, string>>();
        for (int i = 0; i < flatExpected.Length; i += 2)
        {
            expected.Add(new KeyValuePair<string, string>(flatExpected[i], flatExpected[i + 1]));
        }

        Assert.That(FormUrlEncoded.Parse(input), Is.EqualTo(expected));
    }

    [TestCase(new[] { "a b", "c&d" }, "a+b=c%26d")]
    [TestCase(new[] { "*-._", "~!'()" }, "*-._=%7E%21%27%28%29")]
    [TestCase(new[] { "\u00FC", "\U0001F600" }, "%C3%BC=%F0%9F%98%80")]
    [TestCase(new[] { "", "" }, "=")]
    [TestCase(new[] { "a+b", "" }, "a%2Bb=")]
    [TestCase(new[] { "a", "1", "b", "2" }, "a=1&b=2")]
    [TestCase(new string[0], "")]
    public void Serialize_encodes_with_the_form_set_and_plus_for_space(string[] flatTuples, string expected)
    {
        var tuples = new List<KeyValuePair<string, string>>();
        for (int i = 0; i < flatTuples.Length; i += 2)
        {
            tuples.Add(new KeyValuePair<string, string>(flatTuples[i], flatTuples[i + 1]));
        }

        Assert.That(FormUrlEncoded.Serialize(tuples), Is.EqualTo(expected));
    }

    [Test]
    public void Serialize_encodes_a_lone_surrogate_as_the_replacement_character()
    {
        // Built in code: attribute arguments cannot carry lone surrogates.
        var tuples = new[] { new KeyValuePair<string, string>(new string('\uDC00', 1), "x") };

        Assert.That(FormUrlEncoded.Serialize(tuples), Is.EqualTo("%EF%BF%BD=x"));
    }

    [Test]
    public void Parse_decodes_a_lone_surrogate_as_the_replacement_character()
    {
        string input = "a=" + new string('\uD800', 1);

        Assert.That(FormUrlEncoded.Parse(input), Is.EqualTo(new[] { new KeyValuePair<string, string>("a", "\uFFFD") }));
    }

    [TestCase("a=1&b=x+y&c=%26%3D")]
    [TestCase("q=%F0%9F%8F%B3%EF%B8%8F%E2%80%8D%F0%9F%8C%88&key=e1f7bc78")]
    public void Serialize_after_parse_round_trips_canonical_input(string input)
    {
        Assert.That(FormUrlEncoded.Serialize(FormUrlEncoded.Parse(input)), Is.EqualTo(input));
    }

    [Test]
    public void Serialize_differs_from_the_url_query_encoding()
    {
        UrlRecord url = UrlParser.Parse("https://example.com/?a=b ~")!;

        string reserialized = FormUrlEncoded.Serialize(FormUrlEncoded.Parse(url.Query!));

        Assert.That(url.Href, Is.EqualTo("https://example.com/?a=b%20~"));
        Assert.That(reserialized, Is.EqualTo("a=b+%7E"));
    }
}
