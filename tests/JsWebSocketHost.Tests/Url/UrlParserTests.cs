using JsWebSocketHost.Url;

namespace JsWebSocketHost.Tests.Url;

/// <summary>
/// Table-driven tests of the basic URL parser and serializer. Every row was written from the text
/// and examples of the URL Standard (https://url.spec.whatwg.org/); the sections follow the
/// parser's states. Where the standard changed after Node.js 20 shipped (caret in the path
/// percent-encode set, spaces before "?"/"#" in opaque paths, ASCII "xn--" labels, ".." at the
/// end of a non-special path) the rows follow the standard.
/// </summary>
[TestFixture]
public sealed class UrlParserTests
{
    /// <summary>Input, base and expected href (null for failure).</summary>
    public static readonly UrlParseCase[] ParseCases =
    [
        // Scheme start, scheme and no scheme states; input preprocessing.
        new("HTTP://EXAMPLE.COM/", null, "http://example.com/", "scheme and domain are lowercased"),
        new("hTtPs://a/", null, "https://a/", "mixed case special scheme"),
        new("a+b-c.d:x", null, "a+b-c.d:x", "scheme may contain plus, minus and dot"),
        new("A1:x", null, "a1:x", "scheme may contain digits after the first letter"),
        new("1abc:x", null, null, "scheme cannot start with a digit and there is no base"),
        new("1abc:x", "http://h/", "http://h/1abc:x", "non-scheme prefix resolves as a relative path"),
        new("ab_c:x", "http://h/d/e", "http://h/d/ab_c:x", "underscore is not a scheme code point so no scheme state restarts"),
        new("ht%74p://x/", null, null, "percent-encoded scheme is not a scheme"),
        new("", "http://h/p?q#f", "http://h/p?q", "empty input takes the base without its fragment"),
        new("", null, null, "empty input without base fails"),
        new("x", null, null, "relative input without base fails"),
        new("#x", null, null, "fragment-only input without base fails"),
        new("  http://example.com/  ", null, "http://example.com/", "leading and trailing spaces are stripped"),
        new("\u0000\u001Fhttp://a/\u0001 ", null, "http://a/", "leading and trailing C0 controls are stripped"),
        new("\tht\ttp://ex\nample.com/\r", null, "http://example.com/", "tabs and newlines anywhere are removed"),
        new("http://h/a\u0000b", null, "http://h/a%00b", "inner C0 controls are percent-encoded, not stripped"),
        new("https:example.org", null, "https://example.org/", "special scheme without slashes"),
        new("https://////example.com///", null, "https://example.com///", "extra slashes before a special authority are ignored"),
        new("http:/x", null, "http://x/", "single slash before a special authority"),
        new("http:\\\\x\\y", null, "http://x/y", "backslashes act as slashes in special URLs"),
        new("hello:world", "https://example.com/", "hello:world", "absolute non-special URL ignores the base"),
        new("https:example.org", "https://example.com/", "https://example.com/example.org", "same special scheme as base without slashes is relative"),
        new("http:example.org", "https://example.com/", "http://example.org/", "different special scheme without slashes is absolute"),
        new("mailto:user@example.org", null, "mailto:user@example.org", "mailto has an opaque path"),
        new("urn:isbn:9780307476463", null, "urn:isbn:9780307476463", "urn has an opaque path"),
        new("javascript:alert(1)", null, "javascript:alert(1)", "javascript URL keeps its opaque path"),
        new("data:text/plain,hi there", null, "data:text/plain,hi there", "space inside an opaque path is kept"),
        new("sc:\\x", null, "sc:\\x", "backslash is not special in an opaque path"),

        // No scheme state with opaque-path bases.
        new("#x", "mailto:a@b", "mailto:a@b#x", "fragment against an opaque-path base"),
        new("#x", "sc:op?q#f", "sc:op?q#x", "fragment against an opaque-path base keeps the query"),
        new("?x", "mailto:a@b", null, "query against an opaque-path base fails"),
        new("x", "mailto:a@b", null, "path against an opaque-path base fails"),
        new("", "mailto:a@b", null, "empty input against an opaque-path base fails"),

        // Relative state, relative slash state, special relative or authority state.
        new("", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/a/b/c?q=1", "empty reference keeps path and query"),
        new("#", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/a/b/c?q=1#", "empty fragment"),
        new("#frag", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/a/b/c?q=1#frag", "fragment replaces the base fragment"),
        new("?", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/a/b/c?", "empty query replaces the base query"),
        new("?new", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/a/b/c?new", "query replaces the base query"),
        new("d", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/a/b/d", "relative path replaces the last segment"),
        new("./d", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/a/b/d", "dot segment is removed"),
        new("../d", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/a/d", "double-dot segment removes a segment"),
        new("../../../../d", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/d", "double-dot segments stop at the root"),
        new("/d", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/d", "absolute path keeps the authority"),
        new("//other/d", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://other/d", "scheme-relative URL replaces the authority"),
        new("///other/d", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://other/d", "extra slashes in a special scheme-relative URL"),
        new("\\\\other\\d", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://other/d", "backslash scheme-relative URL"),
        new("\\d", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/d", "backslash absolute path"),
        new("..", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/a/", "trailing double-dot keeps a trailing slash"),
        new(".", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/a/b/", "trailing single dot keeps a trailing slash"),
        new("./", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/a/b/", "single dot with slash"),
        new("../", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/a/", "double dot with slash"),
        new("%2e", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/a/b/", "percent-encoded single dot"),
        new("%2e%2e", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/a/", "percent-encoded double dot"),
        new(".%2e", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/a/", "half-encoded double dot"),
        new("%2E.", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/a/", "uppercase half-encoded double dot"),
        new("%2e%2E/x", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/a/x", "mixed-case encoded double dot followed by a segment"),
        new("a/%2e%2e/b", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/a/b/b", "encoded double dot in the middle"),
        new("a/..", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/a/b/", "segment then double dot"),
        new("a/./b/../../c", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/a/b/c", "several dot segments"),
        new("g;x?y#s", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/a/b/g;x?y#s", "semicolon, query and fragment"),
        new("g?y/./x", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/a/b/g?y/./x", "dot segments in the query are not removed"),
        new("g#s/../x", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/a/b/g#s/../x", "dot segments in the fragment are not removed"),
        new("http:d", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/a/b/d", "same scheme without slashes is a relative path"),
        new("http:/d", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://user:pass@example.com:8080/d", "same scheme with one slash is an absolute path"),
        new("http://d", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://d/", "same scheme with two slashes replaces the authority"),
        new("https:d", "http://user:pass@example.com:8080/a/b/c?q=1#f", "https://d/", "other special scheme is absolute"),
        new("x:d", "http://user:pass@example.com:8080/a/b/c?q=1#f", "x:d", "non-special scheme is absolute"),
        new("//[::1]:80/", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://[::1]/", "scheme-relative IPv6 host with default port"),
        new("//:80/", "http://user:pass@example.com:8080/a/b/c?q=1#f", null, "scheme-relative URL with a port but no host fails"),
        new("//@h/", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://h/", "empty credentials are dropped"),
        new("//u:@h/", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://u@h/", "empty password is not serialized"),
        new("//:p@h/", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://:p@h/", "password without username"),
        new("//u:p:q@h/", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://u:p%3Aq@h/", "second colon is encoded in the password"),
        new("//a@b@c/", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://a%40b@c/", "earlier at signs are encoded in the username"),
        new("//h:0/", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://h:0/", "port zero"),
        new("//h:65535/", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://h:65535/", "largest port"),
        new("//h:65536/", "http://user:pass@example.com:8080/a/b/c?q=1#f", null, "port out of range fails"),
        new("//h:080/", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://h/", "default port with a leading zero is elided"),
        new("//h:8a/", "http://user:pass@example.com:8080/a/b/c?q=1#f", null, "port with a letter fails"),
        new("//h:/", "http://user:pass@example.com:8080/a/b/c?q=1#f", "http://h/", "empty port"),
        new("//@/", "http://user:pass@example.com:8080/a/b/c?q=1#f", null, "credentials without a host fail"),
        new("//u@/", "http://user:pass@example.com:8080/a/b/c?q=1#f", null, "username without a host fails"),

        // Non-special bases.
        new("x", "sc://h/a/b", "sc://h/a/x", "non-special relative path"),
        new("/x", "sc://h/a/b", "sc://h/x", "non-special absolute path"),
        new("//x", "sc://h/a/b", "sc://x", "non-special scheme-relative URL"),
        new("?x", "sc://h/a/b", "sc://h/a/b?x", "non-special query"),
        new("", "sc://h/a/b", "sc://h/a/b", "non-special empty reference"),
        new("\\x", "sc://h/a/b", "sc://h/a/\\x", "backslash is an ordinary path code point in non-special URLs"),
        new("x", "sc:/a/b", "sc:/a/x", "relative path against a host-less base"),
        new("//x", "sc:/a/b", "sc://x", "scheme-relative against a host-less base"),
        new("../../..", "sc:/a/b", "sc:/", "double dots against a host-less base"),

        // Path or authority state, non-special authority and paths.
        new("foo://", null, "foo://", "empty opaque host"),
        new("foo:///", null, "foo:///", "empty host and empty path segment"),
        new("foo://host", null, "foo://host", "non-special URL without path"),
        new("foo://host:", null, "foo://host", "empty port on a non-special URL"),
        new("foo://host:123/p", null, "foo://host:123/p", "non-special URL with a port"),
        new("foo:/a/b/../c", null, "foo:/a/c", "host-less path is normalised"),
        new("foo:a/b/../c", null, "foo:a/b/../c", "opaque path is not normalised"),
        new("foo://h/a/./b/../c", null, "foo://h/a/c", "non-special path normalisation"),
        new("sc://h", null, "sc://h", "non-special URL with only a host"),
        new("sc://h?q", null, "sc://h?q", "non-special query right after the host"),
        new("sc://h#f", null, "sc://h#f", "non-special fragment right after the host"),
        new("sc://:/", null, null, "non-special empty host with a port separator fails"),
        new("sc://:12/", null, null, "non-special port without host fails"),
        new("sc://@/", null, null, "non-special credentials without host fail"),
        new("sc://te@s:t@/", null, null, "non-special credentials with several at signs and no host fail"),
        new("sc://h:/", null, "sc://h/", "non-special empty port"),
        new("sc://h:80/", null, "sc://h:80/", "non-special URLs have no default port"),
        new("sc://h/..", null, "sc://h/", "trailing double dot on a non-special URL leaves an empty segment"),
        new("sc:/..", null, "sc:/", "double dot on a host-less path"),
        new("sc:/../x", null, "sc:/x", "double dot then a segment on a host-less path"),
        new("sc:/.//x", null, "sc:/.//x", "an empty first segment is protected with /."),
        new("web+demo:/path/..//not-a-host/", null, "web+demo:/.//not-a-host/", "path normalisation cannot create a host"),
        new("sc://h/.//x", null, "sc://h//x", "with a host no /. prefix is needed"),
        new("sc://h/a\\b", null, "sc://h/a\\b", "backslash in a non-special path"),

        // Opaque path state.
        new("sc:a b", null, "sc:a b", "space in an opaque path"),
        new("sc:a b?q", null, "sc:a b?q", "space not followed by ? or # stays a space"),
        new("sc:a ?q", null, "sc:a%20?q", "space before ? is encoded"),
        new("sc:a #f", null, "sc:a%20#f", "space before # is encoded"),
        new("sc:a  ?q", null, "sc:a %20?q", "only the last space before ? is encoded"),
        new("sc:a ", null, "sc:a", "trailing space of the input is stripped first"),
        new("sc:\u00FC", null, "sc:%C3%BC", "non-ASCII in an opaque path is UTF-8 percent-encoded"),
        new("sc:\u007F", null, "sc:%7F", "DEL in an opaque path is encoded"),
        new("sc:a\"<>`{}", null, "sc:a\"<>`{}", "opaque paths use the C0 control percent-encode set"),
        new("sc:%zz", null, "sc:%zz", "invalid percent sequence is kept"),
        new("sc:?q#f", null, "sc:?q#f", "empty opaque path with query and fragment"),

        // Authority state and credentials.
        new("http://user:pass@h/", null, "http://user:pass@h/", "username and password"),
        new("http://us er:pa ss@h/", null, "http://us%20er:pa%20ss@h/", "spaces in credentials are encoded"),
        new("http://\u00FC:\u20AC@h/", null, "http://%C3%BC:%E2%82%AC@h/", "non-ASCII credentials are UTF-8 percent-encoded"),
        new("http://@h/", null, "http://h/", "empty username is dropped"),
        new("http://:@h/", null, "http://h/", "empty username and password are dropped"),
        new("http://u@:80/", null, null, "credentials and port without host fail"),
        new("http://a:b@c:d@e/", null, "http://a:b%40c%3Ad@e/", "everything after the first colon before the last at sign is the password"),
        new("http://u;=[]|^{}`:p;=@h/", null, "http://u%3B%3D%5B%5D%7C%5E%7B%7D%60:p%3B%3D@h/", "userinfo percent-encode set"),
        new("sc://u:p@h/", null, "sc://u:p@h/", "credentials on a non-special URL"),
        new("sc://u\\v@h/", null, "sc://u%5Cv@h/", "backslash in non-special userinfo is encoded"),
        new("http://user@h:99/", null, "http://user@h:99/", "username with port"),

        // Port state.
        new("http://h:" + new string('9', 20) + "/", null, null, "huge port fails"),
        new("http://h:0080/", null, "http://h/", "leading zeros before the default port"),
        new("https://h:443/", null, "https://h/", "https default port elided"),
        new("http://h:443/", null, "http://h:443/", "443 is not the http default"),
        new("https://h:80/", null, "https://h:80/", "80 is not the https default"),
        new("ws://h:80/", null, "ws://h/", "ws default port elided"),
        new("wss://h:443/", null, "wss://h/", "wss default port elided"),
        new("ftp://h:21/", null, "ftp://h/", "ftp default port elided"),
        new("ftp://h:22/", null, "ftp://h:22/", "non-default ftp port"),
        new("http://h:/", null, "http://h/", "empty port on a special URL"),
        new("http://h: 80/", null, null, "space in the port fails"),
        new("http://h:8\t1/", null, "http://h:81/", "tab in the port is removed before parsing"),
        new("http://h:80?q", null, "http://h/?q", "port followed by a query"),
        new("http://h:81#f", null, "http://h:81/#f", "port followed by a fragment"),
        new("http://h:81\\p", null, "http://h:81/p", "port followed by a backslash"),
        new("http://h:-1/", null, null, "negative port fails"),

        // Host state: IPv4.
        new("http://0/", null, "http://0.0.0.0/", "single zero is an IPv4 address"),
        new("http://%30/", null, "http://0.0.0.0/", "percent-encoded zero is decoded first"),
        new("http://0x/", null, "http://0.0.0.0/", "bare 0x is zero"),
        new("http://0X/", null, "http://0.0.0.0/", "bare 0X is zero"),
        new("http://0xffffffff/", null, "http://255.255.255.255/", "hexadecimal 32-bit address"),
        new("http://0x100000000/", null, null, "hexadecimal address overflow fails"),
        new("http://4294967295/", null, "http://255.255.255.255/", "largest decimal address"),
        new("http://4294967296/", null, null, "decimal address overflow fails"),
        new("http://127.1/", null, "http://127.0.0.1/", "two-part shorthand"),
        new("http://127.0.1/", null, "http://127.0.0.1/", "three-part shorthand"),
        new("http://0x7f.1/", null, "http://127.0.0.1/", "hexadecimal first part in shorthand"),
        new("http://0177.1/", null, "http://127.0.0.1/", "octal first part in shorthand"),
        new("http://0x7F.0.0.1/", null, "http://127.0.0.1/", "uppercase hex digits"),
        new("http://0x7f000001/", null, "http://127.0.0.1/", "single hexadecimal number"),
        new("http://017700000001/", null, "http://127.0.0.1/", "single octal number"),
        new("http://2130706433/", null, "http://127.0.0.1/", "single decimal number"),
        new("http://1.2.3.4.5/", null, null, "five parts fail"),
        new("http://1.2.3.4./", null, "http://1.2.3.4/", "one trailing dot is allowed"),
        new("http://1.2.3.4../", null, "http://1.2.3.4../", "two trailing dots do not end in a number so it is a domain"),
        new("http://256.0.0.1/", null, null, "first part above 255 fails"),
        new("http://1.256.0.1/", null, null, "middle part above 255 fails"),
        new("http://1.2.65535/", null, "http://1.2.255.255/", "last part may fill the remaining 16 bits"),
        new("http://1.2.65536/", null, null, "last part too large for the remaining bits fails"),
        new("http://1.16777215/", null, "http://1.255.255.255/", "last part may fill the remaining 24 bits"),
        new("http://1.16777216/", null, null, "last part too large for 24 bits fails"),
        new("http://09/", null, null, "09 is an invalid octal number"),
        new("http://08.1/", null, null, "invalid octal first part"),
        new("http://1.08/", null, null, "invalid octal last part"),
        new("http://0x.0x.0x/", null, "http://0.0.0.0/", "bare 0x parts are zero"),
        new("http://0xg/", null, "http://0xg/", "0xg is not a number so it is a domain"),
        new("http://1.2.3.0xg/", null, "http://1.2.3.0xg/", "last label 0xg is not a number so it is a domain"),
        new("http://foo.09/", null, null, "domain ending in digits must be an IPv4 address"),
        new("http://foo.0x/", null, null, "domain ending in 0x must be an IPv4 address"),
        new("http://test.42/", null, null, "domain ending in a decimal label fails"),
        new("http://42.test/", null, "http://42.test/", "numeric first label is fine"),
        new("http://example.255/", null, null, "special host ending in a number fails"),
        new("sc://example.255/", null, "sc://example.255/", "opaque host ending in a number is fine"),
        new("sc://0x7f.1/", null, "sc://0x7f.1/", "opaque hosts are not IPv4-parsed"),
        new("http://.1.2.3/", null, null, "empty first IPv4 part fails"),
        new("http://0..0x300/", null, null, "empty middle IPv4 part fails"),
        new("http://0x" + new string('f', 10) + "/", null, null, "very large hexadecimal number fails"),
        new("http://" + new string('9', 23) + "/", null, null, "very large decimal number fails"),
        new("http://0x1.0x2.0x3.0x4/", null, "http://1.2.3.4/", "four hexadecimal parts"),
        new("http://00.00.00.00/", null, "http://0.0.0.0/", "octal zeros"),

        // Host state: IPv6.
        new("http://[::]/", null, "http://[::]/", "unspecified address"),
        new("http://[::1]/", null, "http://[::1]/", "loopback address"),
        new("http://[0:0::1]/", null, "http://[::1]/", "leading zero pieces are compressed"),
        new("http://[1:2:3:4:5:6:7:8]/", null, "http://[1:2:3:4:5:6:7:8]/", "eight pieces"),
        new("http://[1:2:3:4:5:6:7:8:9]/", null, null, "nine pieces fail"),
        new("http://[1::1::1]/", null, null, "two compressions fail"),
        new("http://[:1]/", null, null, "single leading colon fails"),
        new("http://[1:]/", null, null, "trailing single colon fails"),
        new("http://[1:2:3]/", null, null, "too few pieces without compression fail"),
        new("http://[::ffff:127.0.0.1]/", null, "http://[::ffff:7f00:1]/", "IPv4-mapped address"),
        new("http://[::127.0.0.1]/", null, "http://[::7f00:1]/", "IPv4 after compression"),
        new("http://[1:1:1:1:1:1:127.0.0.1]/", null, "http://[1:1:1:1:1:1:7f00:1]/", "IPv4 in the last two pieces"),
        new("http://[1:1:1:1:1:1:1:127.0.0.1]/", null, null, "IPv4 after seven pieces fails"),
        new("http://[ffff::.0.0.1]/", null, null, "empty IPv4 part fails"),
        new("http://[ffff::127.0.xyz.1]/", null, null, "non-digit IPv4 part fails"),
        new("http://[ffff::127.0xyz]/", null, null, "hex-like IPv4 part fails"),
        new("http://[ffff::127.00.0.1]/", null, null, "leading zero in an embedded IPv4 part fails"),
        new("http://[ffff::127.0.0.1.2]/", null, null, "five embedded IPv4 parts fail"),
        new("http://[ffff::127.0.0.4000]/", null, null, "embedded IPv4 part above 255 fails"),
        new("http://[ffff::127.0.0]/", null, null, "three embedded IPv4 parts fail"),
        new("http://[0:f:0:0:f:f:0:0]/", null, "http://[0:f::f:f:0:0]/", "first longest zero run is compressed"),
        new("http://[1:0:0:2:0:0:0:3]/", null, "http://[1:0:0:2::3]/", "longest zero run wins"),
        new("http://[1:0:0:0:2:0:0:3]/", null, "http://[1::2:0:0:3]/", "longest zero run at the start of the middle"),
        new("http://[0:0:1:0:0:0:0:0]/", null, "http://[0:0:1::]/", "trailing zero run compressed"),
        new("http://[1:2:3:4:5:6:7:0]/", null, "http://[1:2:3:4:5:6:7:0]/", "a single zero piece is not compressed"),
        new("http://[ABCD::EF01]/", null, "http://[abcd::ef01]/", "hex digits are lowercased"),
        new("http://[0001:02:003::]/", null, "http://[1:2:3::]/", "leading zeros in pieces are dropped"),
        new("http://[00001::]/", null, null, "five hex digits in a piece fail"),
        new("http://[::%31]/", null, null, "percent-encoding inside brackets fails"),
        new("http://[0:0::1%5D/", null, null, "percent-encoded closing bracket fails"),
        new("http://[www.example.com]/", null, null, "domain inside brackets fails"),
        new("http://[::1]x/", null, null, "text after the closing bracket fails"),
        new("http://[::1/", null, null, "unclosed bracket fails"),
        new("http://[::1]:8080/", null, "http://[::1]:8080/", "IPv6 address with port"),
        new("sc://[::1]/", null, "sc://[::1]/", "IPv6 address in a non-special URL"),
        new("sc://[::1/", null, null, "unclosed bracket in a non-special URL fails"),

        // Host state: domains, IDNA, forbidden code points.
        new("http://exa%41mple.com/", null, "http://exaample.com/", "percent-decoded host is lowercased"),
        new("http://ex%2Eample/", null, "http://ex.ample/", "percent-encoded dot becomes a label separator"),
        new("http://a%2fb/", null, null, "percent-encoded slash is a forbidden domain code point"),
        new("http://exa%23mple.org/", null, null, "percent-encoded hash is a forbidden domain code point"),
        new("http://%c3%bc.com/", null, "http://xn--tda.com/", "percent-encoded UTF-8 is decoded then IDNA-encoded"),
        new("http://%ff.com/", null, null, "invalid UTF-8 becomes U+FFFD which IDNA rejects"),
        new("http://\uFFFD.com/", null, null, "U+FFFD is disallowed in a domain"),
        new("http://fa\u00DF.example/", null, "http://xn--fa-hia.example/", "sharp s is kept (nontransitional)"),
        new("sc://fa\u00DF.example/", null, "sc://fa%C3%9F.example/", "opaque host is percent-encoded instead"),
        new("http://b\u00FCcher.de/", null, "http://xn--bcher-kva.de/", "lowercase non-ASCII label"),
        new("http://B\u00DCCHER.de/", null, "http://xn--bcher-kva.de/", "uppercase non-ASCII label is lowercased"),
        new("http://XN--BCHER-KVA.de/", null, "http://xn--bcher-kva.de/", "ASCII punycode label is lowercased"),
        new("http://xn--a.com/", null, null, "an ASCII domain with an xn-- label goes through ToASCII, and invalid Punycode fails"),
        new("http://xn--zca.com/", null, "http://xn--zca.com/", "an ASCII domain with a valid xn-- label is kept"),
        new("http://\u00FC.xn--a/", null, null, "invalid punycode label in a non-ASCII domain fails"),
        new("http://\u00FC.xn--bcher-kva/", null, "http://xn--tda.xn--bcher-kva/", "valid punycode label in a non-ASCII domain"),
        new("http://\u2615.example/", null, "http://xn--53h.example/", "symbol label (UTS 46, not IDNA2008)"),
        new("http://\uD83D\uDCA9.la/", null, "http://xn--ls8h.la/", "astral code point label"),
        new("http://\u4F8B\u3048.\u30C6\u30B9\u30C8/", null, "http://xn--r8jz45g.xn--zckzah/", "Japanese labels"),
        new("http://\uFF25\uFF38\uFF21\uFF2D\uFF30\uFF2C\uFF25.com/", null, "http://example.com/", "fullwidth letters map to ASCII"),
        new("http://a\u3002b/", null, "http://a.b/", "ideographic full stop separates labels"),
        new("http://a\uFF0Eb/", null, "http://a.b/", "fullwidth full stop separates labels"),
        new("http://-\u00FC.com/", null, "http://xn----eha.com/", "leading hyphen is allowed (CheckHyphens false)"),
        new("http://\u00FC-.com/", null, "http://xn----dha.com/", "trailing hyphen is allowed"),
        new("http://a\u00ADb.com/", null, "http://ab.com/", "soft hyphen is ignored"),
        new("http://" + new string('\u00FC', 70) + ".com/", null, "http://xn--td" + new string('a', 70) + ".com/", "labels longer than DNS allows are accepted (VerifyDnsLength false)"),
        new("http://-" + new string('\u00FC', 70) + "-/", null, "http://xn-----xk" + new string('a', 70) + "/", "long label with leading and trailing hyphens"),
        new("http://\u00AD/", null, null, "a host that maps to nothing fails"),
        new("http://\u1E9E.de/", null, "http://xn--zca.de/", "capital sharp s maps to sharp s (UTS 46 since 15.1), which is kept"),
        new("http://a\u200Db.com/", null, null, "zero width joiner outside its context fails"),
        new("http://\u0300ab.com/", null, null, "label starting with a combining mark fails"),
        new("http://a..b/", null, "http://a..b/", "empty labels are allowed"),
        new("http://a./", null, "http://a./", "trailing dot is kept"),
        new("http://a b/", null, null, "space is a forbidden host code point"),
        new("http://a<b/", null, null, "less-than is a forbidden host code point"),
        new("http://a%b/", null, null, "a lone percent sign is a forbidden domain code point"),
        new("http://a^b/", null, null, "caret is a forbidden host code point"),
        new("http://a|b/", null, null, "vertical bar is a forbidden host code point"),
        new("http://a\u0001b/", null, null, "C0 control is a forbidden domain code point"),
        new("http://a\u007Fb/", null, null, "DEL is a forbidden domain code point"),
        new("http://a_b.com/", null, "http://a_b.com/", "underscore is allowed in a domain"),
        new("http://a~b!c$d&e'f(g)h*i+j,k;l=m.com/", null, "http://a~b!c$d&e'f(g)h*i+j,k;l=m.com/", "sub-delimiters are allowed in a domain"),
        new("http://localhost/", null, "http://localhost/", "localhost stays on http"),
        new("sc://a b/", null, null, "space is forbidden in an opaque host"),
        new("sc://a<b/", null, null, "less-than is forbidden in an opaque host"),
        new("sc://a%b/", null, "sc://a%b/", "percent sign is allowed in an opaque host"),
        new("sc://a^b/", null, null, "caret is forbidden in an opaque host"),
        new("sc://a|b/", null, null, "vertical bar is forbidden in an opaque host"),
        new("sc://a\u0001b/", null, "sc://a%01b/", "C0 control in an opaque host is encoded"),
        new("sc://a\u007Fb/", null, "sc://a%7Fb/", "DEL in an opaque host is encoded"),
        new("sc://\u00F1.test/", null, "sc://%C3%B1.test/", "non-ASCII opaque host is percent-encoded"),
        new("sc://EXAMPLE.COM/", null, "sc://EXAMPLE.COM/", "opaque hosts keep their case"),
        new("sc://%41/", null, "sc://%41/", "opaque hosts are not percent-decoded"),
        new("http:///", null, null, "special URL without host fails"),
        new("http://?q", null, null, "special URL with empty host before query fails"),
        new("http://#f", null, null, "special URL with empty host before fragment fails"),
        new("https://user:pass@", null, null, "special URL with credentials and no host fails"),
        new("https://:443", null, null, "special URL with a port and no host fails"),

        // File state, file slash state, file host state.
        new("file:///C|/demo", null, "file:///C:/demo", "drive letter with a bar is normalised"),
        new("..", "file:///C:/demo", "file:///C:/", "double dot cannot remove a drive letter"),
        new("file://loc%61lhost/", null, "file:///", "percent-encoded localhost is the empty host"),
        new("file://localhost/", null, "file:///", "localhost is the empty host"),
        new("file://LOCALHOST/x", null, "file:///x", "uppercase localhost is the empty host"),
        new("file://host/p", null, "file://host/p", "file URL with a host"),
        new("file:", null, "file:///", "bare file scheme"),
        new("file:/", null, "file:///", "file scheme with one slash"),
        new("file://", null, "file:///", "file scheme with two slashes"),
        new("file:///", null, "file:///", "canonical empty file URL"),
        new("file:////", null, "file:////", "fourth slash is an empty segment"),
        new("file:c:/x", null, "file:///c:/x", "drive letter right after the scheme"),
        new("file:/c:/x", null, "file:///c:/x", "drive letter after one slash"),
        new("file://c:/x", null, "file:///c:/x", "drive letter in the host position is a path"),
        new("file://c|/x", null, "file:///c:/x", "bar drive letter in the host position"),
        new("file:///c|", null, "file:///c:", "drive letter alone"),
        new("file:\\\\\\c:\\x", null, "file:///c:/x", "backslashes in a file URL"),
        new("file:x", null, "file:///x", "relative-looking path without base"),
        new("file:.", null, "file:///", "single dot without base"),
        new("file:..", null, "file:///", "double dot without base"),
        new("file:///a/../..", null, "file:///", "double dots stop at the root"),
        new("file:///C:/../..", null, "file:///C:/", "double dots stop at the drive letter"),
        new("file:///c:/x/./y/../z", null, "file:///c:/x/z", "dot segments after a drive letter"),
        new("file:///ab:/x", null, "file:///ab:/x", "two letters and a colon is not a drive letter"),
        new("file:///1:/x", null, "file:///1:/x", "digit and colon is not a drive letter"),
        new("file://h:80/", null, null, "ports are not allowed in file hosts"),
        new("file://u@h/", null, null, "credentials are not allowed in file hosts"),
        new("file://[::1]/", null, "file://[::1]/", "IPv6 file host"),
        new("file://1.2.3.4/", null, "file://1.2.3.4/", "IPv4 file host"),
        new("file://0x7f.1/", null, "file://127.0.0.1/", "file hosts are IPv4-parsed"),
        new("file://\u00FC/", null, "file://xn--tda/", "file hosts are IDNA-encoded"),
        new("file://a b/", null, null, "forbidden code point in a file host"),
        new("file:?q", null, "file:///?q", "query right after the file scheme"),
        new("file:#f", null, "file:///#f", "fragment right after the file scheme"),
        new("FILE:///X", null, "file:///X", "file scheme is lowercased but the path is not"),
        new("file:c|", null, "file:///c:", "bar drive letter right after the scheme"),
        new("..", "file:///C:/dir/file.txt", "file:///C:/", "double dot against a drive-letter base"),
        new("../..", "file:///C:/dir/file.txt", "file:///C:/", "double dots against a drive-letter base"),
        new("x", "file:///C:/dir/file.txt", "file:///C:/dir/x", "relative path against a file base"),
        new("/x", "file:///C:/dir/file.txt", "file:///C:/x", "absolute path keeps the base drive letter"),
        new("//x", "file:///C:/dir/file.txt", "file://x/", "scheme-relative file URL"),
        new("///x", "file:///C:/dir/file.txt", "file:///x", "three slashes give an absolute path without drive"),
        new("c:/y", "file:///C:/dir/file.txt", "c:/y", "a drive letter with a colon parses as a scheme"),
        new("c|/y", "file:///C:/dir/file.txt", "file:///c:/y", "relative bar drive letter replaces the path"),
        new("/c:/y", "file:///C:/dir/file.txt", "file:///c:/y", "absolute drive letter replaces the base drive"),
        new("/d:", "file:///C:/dir/file.txt", "file:///d:", "absolute bare drive letter"),
        new("d|", "file:///C:/dir/file.txt", "file:///d:", "bare bar drive letter"),
        new("?q", "file:///C:/dir/file.txt", "file:///C:/dir/file.txt?q", "query against a file base"),
        new("#f", "file:///C:/dir/file.txt", "file:///C:/dir/file.txt#f", "fragment against a file base"),
        new("", "file:///C:/dir/file.txt", "file:///C:/dir/file.txt", "empty reference against a file base"),
        new("\\x", "file:///C:/dir/file.txt", "file:///C:/x", "backslash absolute path against a file base"),
        new("file:x", "file:///C:/dir/file.txt", "file:///C:/dir/x", "file scheme without slashes is relative to a file base"),
        new("file:/x", "file:///C:/dir/file.txt", "file:///C:/x", "file scheme with one slash keeps the base drive"),
        new("..\\..\\x", "file:///C:/dir/file.txt", "file:///C:/x", "backslash double dots against a file base"),
        new("x", "file://host/dir/f", "file://host/dir/x", "relative path against a file base with a host"),
        new("/x", "file://host/dir/f", "file://host/x", "absolute path keeps the base host"),
        new("c|/y", "file://host/dir/f", "file://host/c:/y", "drive letter against a base with a host keeps the host"),
        new("?q", "file://host/dir/f", "file://host/dir/f?q", "query against a file base with a host"),
        new("//x", "file://host/dir/f", "file://x/", "scheme-relative file URL against a host base"),

        // Path state and percent-encode sets per component.
        new("http://h/a b\"<>`{}^|", null, "http://h/a%20b%22%3C%3E%60%7B%7D%5E|", "path percent-encode set"),
        new("http://h/?a b\"<>`{}^|'", null, "http://h/?a%20b%22%3C%3E`{}^|%27", "special-query percent-encode set"),
        new("sc://h/?a b\"<>'", null, "sc://h/?a%20b%22%3C%3E'", "query percent-encode set leaves apostrophes"),
        new("http://h/#a b\"<>`{}'#", null, "http://h/#a%20b%22%3C%3E%60{}'#", "fragment percent-encode set"),
        new("http://h/p\u00FC?q\u00FC#f\u00FC", null, "http://h/p%C3%BC?q%C3%BC#f%C3%BC", "non-ASCII is UTF-8 percent-encoded in every component"),
        new("http://h/\uD83D\uDE00", null, "http://h/%F0%9F%98%80", "astral code point in the path"),
        new("http://h/\u007F", null, "http://h/%7F", "DEL in the path"),
        new("http://h/\u0080", null, "http://h/%C2%80", "C1 control in the path"),
        new("http://h/\uD800", null, "http://h/%EF%BF%BD", "lone surrogate is treated as U+FFFD"),
        new("http://h/?\uDC00#\uD83D", null, "http://h/?%EF%BF%BD#%EF%BF%BD", "lone surrogates in query and fragment"),
        new("http://h/%zz%25%2", null, "http://h/%zz%25%2", "existing percent sequences are kept"),
        new("http://h/?%zz", null, "http://h/?%zz", "invalid percent sequence in the query is kept"),
        new("http://h/a%2fb", null, "http://h/a%2fb", "encoded slash is not a segment separator"),
        new("http://h/a%2Fb/..", null, "http://h/", "encoded slash segment is removed by a double dot"),
        new("http://example.org/foo bar", null, "http://example.org/foo%20bar", "space in the path"),
        new("https://example.com/[]?[]#[]", null, "https://example.com/[]?[]#[]", "brackets are not encoded"),
        new("https://example/%?%#%", null, "https://example/%?%#%", "lone percent signs are kept"),
        new("https://example/%25?%25#%25", null, "https://example/%25?%25#%25", "encoded percent signs are kept"),
        new("http://h/%2e/", null, "http://h/", "encoded dot segment with slash"),
        new("http://h/a/%2e%2e/b", null, "http://h/b", "encoded double dot segment"),
        new("http://h/a/..%2f", null, "http://h/a/..%2f", "double dot followed by encoded slash is a normal segment"),
        new("http://h/./.././", null, "http://h/", "only dot segments"),
        new("http://h/a/b/..", null, "http://h/a/", "trailing double dot"),
        new("http://h/a/b/.", null, "http://h/a/b/", "trailing single dot"),
        new("http://h/a/b/%2e", null, "http://h/a/b/", "trailing encoded single dot"),
        new("http://h/a/b/%2E%2e", null, "http://h/a/", "trailing encoded double dot"),
        new("http://h/a\\b", null, "http://h/a/b", "backslash separates segments in special URLs"),
        new("http://h/a/...", null, "http://h/a/...", "three dots is a normal segment"),
        new("http://h/a/.../..", null, "http://h/a/", "three dots segment removed by a double dot"),
        new("http://h?q", null, "http://h/?q", "special URL gets a path before the query"),
        new("http://h#f", null, "http://h/#f", "special URL gets a path before the fragment"),
        new("http://h/?#", null, "http://h/?#", "empty query and fragment are kept"),
        new("http://h/#?", null, "http://h/#?", "question mark in the fragment"),
        new("http://h/?q#f#g", null, "http://h/?q#f#g", "hash in the fragment"),
        new("http://h/??q", null, "http://h/??q", "question mark in the query"),
        new("https://example.com/././foo", null, "https://example.com/foo", "leading single dots"),
        new("https://EXAMPLE.com/../x", null, "https://example.com/x", "double dot at the root"),
        new("\\example\\..\\demo/.\\", "https://example.com/", "https://example.com/demo/", "backslash dot segments against a special base"),
        new("example", "https://example.com/demo", "https://example.com/example", "relative path replaces a single segment"),
        new("https://example.org//", null, "https://example.org//", "empty path segments are kept"),
        new("https://ex ample.org/", null, null, "space in a special host fails"),
        new("https://example.com:demo", null, null, "non-numeric port fails"),
        new("http://[www.example.com]/", null, null, "bracketed domain fails"),
    ];

    [TestCaseSource(nameof(ParseCases))]
    public void Parse_gives_the_expected_href_or_fails(UrlParseCase testCase)
    {
        bool parsed = UrlParser.TryParse(testCase.Input, testCase.Base, out UrlRecord? url);

        if (testCase.ExpectedHref is null)
        {
            Assert.That(parsed, Is.False, () => "parsed as " + url?.Href);
            Assert.That(url, Is.Null);
        }
        else
        {
            Assert.That(parsed, Is.True, "expected success");
            Assert.That(url!.Href, Is.EqualTo(testCase.ExpectedHref));
        }
    }

    /// <summary>The rows that parse (failure rows have no href to reparse).</summary>
    public static IEnumerable<UrlParseCase> SuccessfulParseCases => ParseCases.Where(c => c.ExpectedHref is not null);

    [TestCaseSource(nameof(SuccessfulParseCases))]
    public void Reparsing_the_href_gives_the_same_href(UrlParseCase testCase)
    {
        UrlRecord? reparsed = UrlParser.Parse(testCase.ExpectedHref!);

        Assert.That(reparsed, Is.Not.Null);
        Assert.That(reparsed!.Href, Is.EqualTo(testCase.ExpectedHref));
    }

    [Test]
    public void The_table_has_at_least_300_rows()
    {
        Assert.That(ParseCases, Has.Length.GreaterThanOrEqualTo(300));
    }

    [Test]
    public void Parse_with_a_record_base_matches_parse_with_a_string_base()
    {
        UrlRecord baseUrl = UrlParser.Parse("http://h/a/b?q#f")!;

        UrlRecord? url = UrlParser.Parse("../c?d", baseUrl);

        Assert.That(url?.Href, Is.EqualTo("http://h/c?d"));
    }

    [Test]
    public void TryParse_fails_when_the_base_does_not_parse()
    {
        bool parsed = UrlParser.TryParse("http://h/", "not a url", out UrlRecord? url);

        Assert.That(parsed, Is.False);
        Assert.That(url, Is.Null);
    }

    [Test]
    public void CanParse_reports_whether_parsing_succeeds()
    {
        Assert.That(UrlParser.CanParse("x", "http://h/"), Is.True);
        Assert.That(UrlParser.CanParse("x"), Is.False);
    }

    [Test]
    public void Parse_does_not_change_the_base()
    {
        UrlRecord baseUrl = UrlParser.Parse("http://h/a/b")!;

        _ = UrlParser.Parse("../../x", baseUrl);

        Assert.That(baseUrl.Href, Is.EqualTo("http://h/a/b"));
    }
}
