using JsWebSocketHost.Url;

namespace JsWebSocketHost.Tests.Url;

/// <summary>
/// Tests of the URL record's components, flags, origin and interface getters
/// (https://url.spec.whatwg.org/#concept-url and https://url.spec.whatwg.org/#url-class).
/// </summary>
[TestFixture]
public sealed class UrlRecordTests
{
    [Test]
    public void A_full_special_url_exposes_every_component()
    {
        UrlRecord url = UrlParser.Parse("HTTPS://us%65r:p%61ss@Sub.Example.com:8080/p/a/t/h?query=string#hash")!;

        Assert.That(url.Scheme, Is.EqualTo("https"));
        Assert.That(url.Username, Is.EqualTo("us%65r"));
        Assert.That(url.Password, Is.EqualTo("p%61ss"));
        Assert.That(url.Host, Is.EqualTo("sub.example.com"));
        Assert.That(url.Port, Is.EqualTo(8080));
        Assert.That(url.PathSegments, Is.EqualTo(new[] { "p", "a", "t", "h" }));
        Assert.That(url.OpaquePath, Is.Null);
        Assert.That(url.Query, Is.EqualTo("query=string"));
        Assert.That(url.Fragment, Is.EqualTo("hash"));
        Assert.That(url.IsSpecial, Is.True);
        Assert.That(url.HasCredentials, Is.True);
        Assert.That(url.CannotHaveUsernamePasswordPort, Is.False);
        Assert.That(url.HasOpaquePath, Is.False);
    }

    [Test]
    public void A_full_special_url_has_the_interface_getter_values()
    {
        UrlRecord url = UrlParser.Parse("https://user:pass@sub.example.com:8080/p/a/t/h?query=string#hash")!;

        Assert.That(url.Href, Is.EqualTo("https://user:pass@sub.example.com:8080/p/a/t/h?query=string#hash"));
        Assert.That(url.Origin, Is.EqualTo("https://sub.example.com:8080"));
        Assert.That(url.Protocol, Is.EqualTo("https:"));
        Assert.That(url.Username, Is.EqualTo("user"));
        Assert.That(url.Password, Is.EqualTo("pass"));
        Assert.That(url.HostAndPort, Is.EqualTo("sub.example.com:8080"));
        Assert.That(url.Hostname, Is.EqualTo("sub.example.com"));
        Assert.That(url.PortString, Is.EqualTo("8080"));
        Assert.That(url.Pathname, Is.EqualTo("/p/a/t/h"));
        Assert.That(url.Search, Is.EqualTo("?query=string"));
        Assert.That(url.Hash, Is.EqualTo("#hash"));
        Assert.That(url.ToString(), Is.EqualTo(url.Href));
    }

    [Test]
    public void A_url_with_an_opaque_path_has_no_host_and_a_null_origin()
    {
        UrlRecord url = UrlParser.Parse("mailto:user@example.org?subject=hi")!;

        Assert.That(url.HasOpaquePath, Is.True);
        Assert.That(url.OpaquePath, Is.EqualTo("user@example.org"));
        Assert.That(url.PathSegments, Is.Empty);
        Assert.That(url.Pathname, Is.EqualTo("user@example.org"));
        Assert.That(url.Host, Is.Null);
        Assert.That(url.HostAndPort, Is.Empty);
        Assert.That(url.Hostname, Is.Empty);
        Assert.That(url.PortString, Is.Empty);
        Assert.That(url.IsSpecial, Is.False);
        Assert.That(url.CannotHaveUsernamePasswordPort, Is.True);
        Assert.That(url.Origin, Is.EqualTo("null"));
    }

    [Test]
    public void The_components_example_of_the_standard_parses_as_listed()
    {
        UrlRecord first = UrlParser.Parse("https://example.com/")!;
        UrlRecord second = UrlParser.Parse("https://localhost:8000/search?q=text#hello")!;
        UrlRecord third = UrlParser.Parse("urn:isbn:9780307476463")!;

        Assert.That(first.PathSegments, Is.EqualTo(new[] { string.Empty }));
        Assert.That(first.Port, Is.Null);
        Assert.That(first.Query, Is.Null);
        Assert.That(first.Fragment, Is.Null);
        Assert.That(second.Host, Is.EqualTo("localhost"));
        Assert.That(second.Port, Is.EqualTo(8000));
        Assert.That(second.PathSegments, Is.EqualTo(new[] { "search" }));
        Assert.That(second.Query, Is.EqualTo("q=text"));
        Assert.That(second.Fragment, Is.EqualTo("hello"));
        Assert.That(third.Host, Is.Null);
        Assert.That(third.OpaquePath, Is.EqualTo("isbn:9780307476463"));
    }

    [Test]
    public void A_file_url_has_the_empty_host_and_drive_letter_segments()
    {
        UrlRecord url = UrlParser.Parse("file:///C|/ada/Analytical%20Engine/README.md")!;

        Assert.That(url.Host, Is.Empty);
        Assert.That(url.PathSegments, Is.EqualTo(new[] { "C:", "ada", "Analytical%20Engine", "README.md" }));
        Assert.That(url.CannotHaveUsernamePasswordPort, Is.True);
        Assert.That(url.Origin, Is.EqualTo("null"));
    }

    [Test]
    public void Empty_query_and_fragment_are_kept_but_not_shown_by_search_and_hash()
    {
        UrlRecord url = UrlParser.Parse("http://h/?#")!;

        Assert.That(url.Query, Is.Empty);
        Assert.That(url.Fragment, Is.Empty);
        Assert.That(url.Search, Is.Empty);
        Assert.That(url.Hash, Is.Empty);
        Assert.That(url.Href, Is.EqualTo("http://h/?#"));
    }

    [Test]
    public void Serialize_can_exclude_the_fragment()
    {
        UrlRecord url = UrlParser.Parse("http://h/p?q#f")!;

        Assert.That(url.Serialize(excludeFragment: true), Is.EqualTo("http://h/p?q"));
        Assert.That(url.Serialize(), Is.EqualTo("http://h/p?q#f"));
    }

    [Test]
    public void Clone_copies_every_component()
    {
        UrlRecord url = UrlParser.Parse("sc://u:p@h:5/a/b?q#f")!;

        UrlRecord clone = url.Clone();

        Assert.That(clone, Is.Not.SameAs(url));
        Assert.That(clone.Href, Is.EqualTo(url.Href));
        Assert.That(clone.PathSegments, Is.EqualTo(url.PathSegments));
        Assert.That(clone.PathSegments, Is.Not.SameAs(url.PathSegments));
    }

    [Test]
    public void SetHref_replaces_every_component()
    {
        UrlRecord url = UrlParser.Parse("http://u:p@h:1/a?q#f")!;

        url.SetHref("sc:opaque");

        Assert.That(url.Scheme, Is.EqualTo("sc"));
        Assert.That(url.Username, Is.Empty);
        Assert.That(url.Host, Is.Null);
        Assert.That(url.Port, Is.Null);
        Assert.That(url.OpaquePath, Is.EqualTo("opaque"));
        Assert.That(url.PathSegments, Is.Empty);
        Assert.That(url.Query, Is.Null);
        Assert.That(url.Fragment, Is.Null);
    }

    [TestCase("http://h/", "http://h")]
    [TestCase("http://h:80/", "http://h")]
    [TestCase("https://h:8443/x", "https://h:8443")]
    [TestCase("ws://h:80/", "ws://h")]
    [TestCase("wss://[::1]:1/", "wss://[::1]:1")]
    [TestCase("ftp://h/", "ftp://h")]
    [TestCase("http://u:p@h/", "http://h")]
    [TestCase("http://0x7f.1/", "http://127.0.0.1")]
    [TestCase("http://b\u00FCcher.de/", "http://xn--bcher-kva.de")]
    [TestCase("file:///x", "null")]
    [TestCase("file://host/x", "null")]
    [TestCase("sc://h/", "null")]
    [TestCase("data:text/plain,x", "null")]
    [TestCase("blob:https://whatwg.org/d0360e2f-caee-469f-9a2f-87d5b0456f6f", "https://whatwg.org")]
    [TestCase("blob:http://h:8080/x", "http://h:8080")]
    [TestCase("blob:file:///x", "null")]
    [TestCase("blob:ftp://h/x", "null")]
    [TestCase("blob:sc://h/x", "null")]
    [TestCase("blob:xyz", "null")]
    public void Origin_is_serialized_as_a_tuple_or_null(string input, string expected)
    {
        Assert.That(UrlParser.Parse(input)!.Origin, Is.EqualTo(expected));
    }
}
