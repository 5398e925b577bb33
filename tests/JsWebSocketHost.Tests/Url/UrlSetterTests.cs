using JsWebSocketHost.Url;

namespace JsWebSocketHost.Tests.Url;

/// <summary>
/// Table-driven tests of the <c>URL</c> attribute setters and their state overrides, written from
/// the API section of the URL Standard (https://url.spec.whatwg.org/#api).
/// </summary>
[TestFixture]
public sealed class UrlSetterTests
{
    /// <summary>Starting href, setter, value and expected href (null when the setter throws).</summary>
    public static readonly UrlSetterCase[] SetterCases =
    [
        // Protocol setter.
        new("http://h/p", UrlSetter.Protocol, "https", "https://h/p", "special to special"),
        new("http://h/p", UrlSetter.Protocol, "https:", "https://h/p", "trailing colon is accepted"),
        new("http://h/p", UrlSetter.Protocol, "HTTPS", "https://h/p", "scheme is lowercased"),
        new("http://h/p", UrlSetter.Protocol, "https:x", "https://h/p", "text after the colon is ignored"),
        new("http://h/p", UrlSetter.Protocol, "sc", "http://h/p", "special cannot become non-special"),
        new("sc://h/p", UrlSetter.Protocol, "http", "sc://h/p", "non-special cannot become special"),
        new("sc://h/p", UrlSetter.Protocol, "other", "other://h/p", "non-special to non-special"),
        new("sc:op", UrlSetter.Protocol, "x", "x:op", "opaque path URL changes scheme"),
        new("http://h/p", UrlSetter.Protocol, "1x", "http://h/p", "invalid scheme start is ignored"),
        new("http://h/p", UrlSetter.Protocol, "", "http://h/p", "empty value is ignored"),
        new("http://h/p", UrlSetter.Protocol, "h%74tp", "http://h/p", "percent sign is not a scheme code point"),
        new("http://h:443/p", UrlSetter.Protocol, "https", "https://h/p", "port equal to the new default is dropped"),
        new("https://h:80/p", UrlSetter.Protocol, "http", "http://h/p", "port 80 dropped when switching to http"),
        new("http://u@h/p", UrlSetter.Protocol, "file", "http://u@h/p", "URL with credentials cannot become file"),
        new("http://h:8080/p", UrlSetter.Protocol, "file", "http://h:8080/p", "URL with a port cannot become file"),
        new("http://h/p", UrlSetter.Protocol, "file", "file://h/p", "http without credentials or port can become file"),
        new("file:///p", UrlSetter.Protocol, "http", "file:///p", "file URL with empty host keeps its scheme"),
        new("file://h/p", UrlSetter.Protocol, "https", "https://h/p", "file URL with a host can become https"),
        new("http://h/p", UrlSetter.Protocol, "ws", "ws://h/p", "http to ws"),
        new("http://h/p", UrlSetter.Protocol, "\thttps\n", "https://h/p", "tabs and newlines are removed"),

        // Username / password setter.
        new("http://h/", UrlSetter.Username, "me", "http://me@h/", "set a username"),
        new("http://h/", UrlSetter.Username, "m e:@/", "http://m%20e%3A%40%2F@h/", "username uses the userinfo percent-encode set"),
        new("http://u:p@h/", UrlSetter.Username, "", "http://:p@h/", "clearing the username keeps the password"),
        new("http://h/", UrlSetter.Username, "\u00FC", "http://%C3%BC@h/", "non-ASCII username"),
        new("http://h/", UrlSetter.Username, "%40", "http://%40@h/", "percent sign is not encoded"),
        new("file:///x", UrlSetter.Username, "me", "file:///x", "file URLs cannot have a username"),
        new("sc:op", UrlSetter.Username, "me", "sc:op", "URLs without host cannot have a username"),
        new("sc:///x", UrlSetter.Username, "me", "sc:///x", "URLs with an empty host cannot have a username"),
        new("sc://h/", UrlSetter.Username, "me", "sc://me@h/", "non-special URL with a host"),
        new("http://h/", UrlSetter.Password, "pw", "http://:pw@h/", "set a password"),
        new("http://u:p@h/", UrlSetter.Password, "", "http://u@h/", "clearing the password"),
        new("http://h/", UrlSetter.Password, "a:b@c", "http://:a%3Ab%40c@h/", "password uses the userinfo percent-encode set"),
        new("file://h/x", UrlSetter.Password, "pw", "file://h/x", "file URLs cannot have a password"),

        // Host setter.
        new("http://h/p", UrlSetter.Host, "example.com", "http://example.com/p", "set a host"),
        new("http://h/p", UrlSetter.Host, "example.com:90", "http://example.com:90/p", "host with a port"),
        new("http://h:8080/p", UrlSetter.Host, "example.com", "http://example.com:8080/p", "host without a port keeps the port"),
        new("http://h:8080/p", UrlSetter.Host, "example.com:80", "http://example.com/p", "default port clears the port"),
        new("http://h/p", UrlSetter.Host, "example.com:", "http://example.com/p", "empty port after the host changes only the host"),
        new("http://h/p", UrlSetter.Host, "EXAMPLE.com/x", "http://example.com/p", "text after a slash is ignored"),
        new("http://h/p", UrlSetter.Host, "ex ample", "http://h/p", "invalid host is ignored"),
        new("http://h/p", UrlSetter.Host, "", "http://h/p", "special URLs cannot get an empty host"),
        new("http://h/p", UrlSetter.Host, "[::1]:5", "http://[::1]:5/p", "IPv6 host with port"),
        new("http://h/p", UrlSetter.Host, "0x7f.1", "http://127.0.0.1/p", "IPv4 shorthand is parsed"),
        new("http://h/p", UrlSetter.Host, "example.com:65536", "http://example.com/p", "out-of-range port leaves the host changed and the port unchanged"),
        new("http://h/p", UrlSetter.Host, ":80", "http://h/p", "port without host is ignored"),
        new("http://h/p", UrlSetter.Host, "h2?q", "http://h2/p", "query after the host is ignored"),
        new("http://h/p", UrlSetter.Host, "h2#f", "http://h2/p", "fragment after the host is ignored"),
        new("http://h/p", UrlSetter.Host, "h2\\x", "http://h2/p", "backslash ends a special host"),
        new("http://h/p", UrlSetter.Host, "\u00FC", "http://xn--tda/p", "IDNA host"),
        new("sc://h/p", UrlSetter.Host, "\u00FC", "sc://%C3%BC/p", "opaque host is percent-encoded"),
        new("sc://h/p", UrlSetter.Host, "", "sc:///p", "non-special URL can get an empty host"),
        new("sc://u@h/p", UrlSetter.Host, "", "sc://u@h/p", "empty host is refused when there are credentials"),
        new("sc://h:5/p", UrlSetter.Host, "", "sc://h:5/p", "empty host is refused when there is a port"),
        new("sc:/p", UrlSetter.Host, "example.com:90", "sc://example.com:90/p", "host-less non-special URL gets a host and port"),
        new("sc:op", UrlSetter.Host, "example.com", "sc:op", "opaque path URLs ignore the host setter"),
        new("file:///p", UrlSetter.Host, "example.com", "file://example.com/p", "file URL gets a host"),
        new("file://h/p", UrlSetter.Host, "localhost", "file:///p", "localhost becomes the empty host"),
        new("file://h/p", UrlSetter.Host, "", "file:///p", "file URL can get an empty host"),
        new("file://h/p", UrlSetter.Host, "example.com:90", "file://h/p", "file hosts cannot have a port"),
        new("http://h/p", UrlSetter.Hostname, "example.com", "http://example.com/p", "set a hostname"),
        new("http://h:90/p", UrlSetter.Hostname, "example.com", "http://example.com:90/p", "hostname keeps the port"),
        new("http://h/p", UrlSetter.Hostname, "example.com:90", "http://h/p", "hostname with a port is ignored"),
        new("http://h/p", UrlSetter.Hostname, "[::1]", "http://[::1]/p", "IPv6 hostname"),
        new("http://h/p", UrlSetter.Hostname, "", "http://h/p", "special URLs cannot get an empty hostname"),
        new("sc://h/p", UrlSetter.Hostname, "x y", "sc://h/p", "forbidden host code point is ignored"),
        new("file://h/p", UrlSetter.Hostname, "localhost", "file:///p", "file hostname localhost becomes empty"),

        // Port setter.
        new("http://h/", UrlSetter.Port, "90", "http://h:90/", "set a port"),
        new("http://h:90/", UrlSetter.Port, "", "http://h/", "empty value removes the port"),
        new("http://h/", UrlSetter.Port, "080", "http://h/", "default port with a leading zero clears the port"),
        new("http://h/", UrlSetter.Port, "0", "http://h:0/", "port zero"),
        new("http://h/", UrlSetter.Port, "65535", "http://h:65535/", "largest port"),
        new("http://h:90/", UrlSetter.Port, "65536", "http://h:90/", "out-of-range port is ignored"),
        new("http://h:90/", UrlSetter.Port, "8a", "http://h:8/", "leading digits are used"),
        new("http://h:90/", UrlSetter.Port, "a8", "http://h:90/", "value without leading digits is ignored"),
        new("https://h:90/", UrlSetter.Port, "443", "https://h/", "https default port clears the port"),
        new("http://h/", UrlSetter.Port, "\t8\n1", "http://h:81/", "tabs and newlines in the port are removed"),
        new("http://h/", UrlSetter.Port, "1 2", "http://h:1/", "digits before a space are used"),
        new("sc://h/", UrlSetter.Port, "80", "sc://h:80/", "non-special URLs keep port 80"),
        new("sc:op", UrlSetter.Port, "80", "sc:op", "URLs without host cannot have a port"),
        new("sc:///x", UrlSetter.Port, "80", "sc:///x", "URLs with an empty host cannot have a port"),
        new("file://h/", UrlSetter.Port, "80", "file://h/", "file URLs cannot have a port"),

        // Pathname setter.
        new("http://h/p?q#f", UrlSetter.Pathname, "/a/b", "http://h/a/b?q#f", "set an absolute path"),
        new("http://h/p", UrlSetter.Pathname, "a/b", "http://h/a/b", "a leading slash is added for special URLs"),
        new("http://h/p", UrlSetter.Pathname, "", "http://h/", "empty path on a special URL"),
        new("http://h/p", UrlSetter.Pathname, "/../x/./y/..", "http://h/x/", "dot segments are resolved"),
        new("http://h/p", UrlSetter.Pathname, "a b?c#d", "http://h/a%20b%3Fc%23d", "question mark and hash are encoded"),
        new("http://h/p", UrlSetter.Pathname, "%2e", "http://h/", "encoded dot segment"),
        new("http://h/p", UrlSetter.Pathname, "\\a\\b", "http://h/a/b", "backslashes separate segments in special URLs"),
        new("http://h/p", UrlSetter.Pathname, "/\u00FC", "http://h/%C3%BC", "non-ASCII path"),
        new("sc://h/p", UrlSetter.Pathname, "a/b", "sc://h/a/b", "non-special URL with host gets a leading slash"),
        new("sc://h/p", UrlSetter.Pathname, "", "sc://h", "empty path on a non-special URL with host"),
        new("sc://h/p", UrlSetter.Pathname, "\\a", "sc://h/\\a", "backslash is not a separator in non-special URLs"),
        new("sc:/p", UrlSetter.Pathname, "", "sc:/", "empty path on a host-less URL becomes one empty segment"),
        new("sc:/p", UrlSetter.Pathname, "//x", "sc:/.//x", "leading empty segment is protected with /."),
        new("sc:op", UrlSetter.Pathname, "/x", "sc:op", "opaque paths cannot be set"),
        new("file:///p", UrlSetter.Pathname, "c|/x", "file:///c:/x", "drive letter is normalised"),
        new("file://h/", UrlSetter.Pathname, "/c|", "file://h/c:", "drive letter alone"),

        // Search setter.
        new("http://h/p?x#f", UrlSetter.Search, "q", "http://h/p?q#f", "set a query"),
        new("http://h/p?x#f", UrlSetter.Search, "?q", "http://h/p?q#f", "leading question mark is removed"),
        new("http://h/p?x#f", UrlSetter.Search, "??q", "http://h/p??q#f", "only one question mark is removed"),
        new("http://h/p?x#f", UrlSetter.Search, "", "http://h/p#f", "empty value removes the query"),
        new("http://h/p?x#f", UrlSetter.Search, "?", "http://h/p?#f", "lone question mark gives an empty query"),
        new("http://h/p?x", UrlSetter.Search, "a b'#\"<>", "http://h/p?a%20b%27%23%22%3C%3E", "special-query set and hash encoded"),
        new("sc://h/p", UrlSetter.Search, "a b'#", "sc://h/p?a%20b'%23", "query set for non-special URLs"),
        new("sc:op", UrlSetter.Search, "q", "sc:op?q", "opaque path URLs can get a query"),
        new("http://h/p", UrlSetter.Search, "\u00FC", "http://h/p?%C3%BC", "non-ASCII query"),
        new("http://h/p", UrlSetter.Search, "\u0000", "http://h/p?%00", "C0 control in the query"),

        // Hash setter.
        new("http://h/p?x#y", UrlSetter.Hash, "f", "http://h/p?x#f", "set a fragment"),
        new("http://h/p?x#y", UrlSetter.Hash, "#f", "http://h/p?x#f", "leading hash is removed"),
        new("http://h/p?x#y", UrlSetter.Hash, "##f", "http://h/p?x##f", "only one hash is removed"),
        new("http://h/p?x#y", UrlSetter.Hash, "", "http://h/p?x", "empty value removes the fragment"),
        new("http://h/p?x#y", UrlSetter.Hash, "#", "http://h/p?x#", "lone hash gives an empty fragment"),
        new("http://h/p", UrlSetter.Hash, "a b`\"<>#", "http://h/p#a%20b%60%22%3C%3E#", "fragment percent-encode set"),
        new("sc:op", UrlSetter.Hash, "f", "sc:op#f", "opaque path URL gets a fragment"),
        new("sc:op b", UrlSetter.Hash, "f", "sc:op b#f", "opaque path space is kept when a fragment is added"),
        new("http://h/p", UrlSetter.Hash, "\u00FC", "http://h/p#%C3%BC", "non-ASCII fragment"),

        // Href setter.
        new("http://h/", UrlSetter.Href, "https://x/", "https://x/", "href replaces the whole URL"),
        new("http://h/", UrlSetter.Href, "nope", null, "relative href throws"),
        new("http://h/", UrlSetter.Href, "", null, "empty href throws"),
        new("http://h/", UrlSetter.Href, "  sc:x  ", "sc:x", "href trims spaces"),
    ];

    [TestCaseSource(nameof(SetterCases))]
    public void Setter_gives_the_expected_href(UrlSetterCase testCase)
    {
        UrlRecord url = UrlParser.Parse(testCase.Href)!;
        Assert.That(url, Is.Not.Null, "the starting URL must parse");

        if (testCase.ExpectedHref is null)
        {
            Assert.That(() => Apply(url, testCase.Setter, testCase.Value), Throws.ArgumentException);
            Assert.That(url.Href, Is.EqualTo(testCase.Href), "a failed href setter changes nothing");
            return;
        }

        Apply(url, testCase.Setter, testCase.Value);

        Assert.That(url.Href, Is.EqualTo(testCase.ExpectedHref));
    }

    /// <summary>The rows whose setter succeeds (a throwing href setter leaves nothing new to reparse).</summary>
    public static IEnumerable<UrlSetterCase> SucceedingSetterCases => SetterCases.Where(c => c.ExpectedHref is not null);

    [TestCaseSource(nameof(SucceedingSetterCases))]
    public void Href_after_a_setter_reparses_to_itself(UrlSetterCase testCase)
    {
        UrlRecord url = UrlParser.Parse(testCase.Href)!;
        Apply(url, testCase.Setter, testCase.Value);

        Assert.That(UrlParser.Parse(url.Href)?.Href, Is.EqualTo(url.Href));
    }

    [Test]
    public void Setters_do_not_change_a_clone()
    {
        UrlRecord url = UrlParser.Parse("http://u:p@h:1/a/b?q#f")!;
        UrlRecord clone = url.Clone();

        url.SetHost("other");
        url.SetPathname("/x");
        url.SetSearch("y");
        url.SetHash("z");
        url.SetUsername("v");

        Assert.That(clone.Href, Is.EqualTo("http://u:p@h:1/a/b?q#f"));
        Assert.That(url.Href, Is.EqualTo("http://v:p@other:1/x?y#z"));
    }

    [Test]
    public void Query_setter_stores_the_value_without_encoding()
    {
        UrlRecord url = UrlParser.Parse("http://h/p?a=1")!;

        url.Query = "b=x+y";

        Assert.That(url.Href, Is.EqualTo("http://h/p?b=x+y"));
        Assert.That(url.Search, Is.EqualTo("?b=x+y"));
    }

    private static void Apply(UrlRecord url, UrlSetter setter, string value)
    {
        switch (setter)
        {
            case UrlSetter.Href:
                url.SetHref(value);
                break;
            case UrlSetter.Protocol:
                url.SetProtocol(value);
                break;
            case UrlSetter.Username:
                url.SetUsername(value);
                break;
            case UrlSetter.Password:
                url.SetPassword(value);
                break;
            case UrlSetter.Host:
                url.SetHost(value);
                break;
            case UrlSetter.Hostname:
                url.SetHostname(value);
                break;
            case UrlSetter.Port:
                url.SetPort(value);
                break;
            case UrlSetter.Pathname:
                url.SetPathname(value);
                break;
            case UrlSetter.Search:
                url.SetSearch(value);
                break;
            case UrlSetter.Hash:
                url.SetHash(value);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(setter));
        }
    }
}
