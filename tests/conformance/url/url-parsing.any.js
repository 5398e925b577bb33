// URL parsing and the URL API's getters, from the URL Standard §4.4 "URL parsing" and §6.1 "Interface URL".

test(() => {
  const u = new URL("https://user:pass@example.com:8080/p/a/t/h?query=1#frag");
  assert_equals(u.protocol, "https:");
  assert_equals(u.username, "user");
  assert_equals(u.password, "pass");
  assert_equals(u.host, "example.com:8080");
  assert_equals(u.hostname, "example.com");
  assert_equals(u.port, "8080");
  assert_equals(u.pathname, "/p/a/t/h");
  assert_equals(u.search, "?query=1");
  assert_equals(u.hash, "#frag");
  assert_equals(u.origin, "https://example.com:8080");
  assert_equals(u.href, "https://user:pass@example.com:8080/p/a/t/h?query=1#frag");
}, "An absolute URL is split into its components, each returned by its getter");

test(() => {
  assert_throws_js(TypeError, () => new URL("not a url"));
  assert_throws_js(TypeError, () => new URL("/relative"));
  assert_throws_js(TypeError, () => new URL("http://"));
}, "The URL constructor throws a TypeError when parsing fails");

test(() => {
  assert_equals(new URL("/a/b?c", "https://example.com/x/y").href, "https://example.com/a/b?c");
  assert_equals(new URL("z", "https://example.com/x/y").href, "https://example.com/x/z");
  assert_equals(new URL("../z", "https://example.com/x/y/w").href, "https://example.com/x/z");
  assert_equals(new URL("//other.org/p", "https://example.com/").href, "https://other.org/p");
  assert_equals(new URL("?q", "https://example.com/p?old#h").href, "https://example.com/p?q");
  assert_equals(new URL("#h2", "https://example.com/p?q#h").href, "https://example.com/p?q#h2");
}, "A relative URL is resolved against the base URL");

test(() => {
  assert_throws_js(TypeError, () => new URL("/x", "not a base"));
}, "An invalid base makes the constructor throw a TypeError");

test(() => {
  const base = new URL("https://example.com/dir/");
  assert_equals(new URL("f", base).href, "https://example.com/dir/f");
}, "The base argument may be a URL object, converted to a string");

test(() => {
  assert_equals(new URL("HTTPS://EXAMPLE.COM/").href, "https://example.com/");
  assert_equals(new URL("http://ExAmPlE.cOm/Path").pathname, "/Path", "path case is kept");
}, "The scheme and the host of a special URL are lowercased; the path is not");

test(() => {
  assert_equals(new URL("http://example.com:80/").port, "");
  assert_equals(new URL("https://example.com:443/").host, "example.com");
  assert_equals(new URL("ws://example.com:80/").port, "");
  assert_equals(new URL("wss://example.com:443/").port, "");
  assert_equals(new URL("ftp://example.com:21/").port, "");
  assert_equals(new URL("http://example.com:443/").port, "443");
}, "A port equal to the scheme's default port is omitted");

test(() => {
  assert_equals(new URL("http://example.com:0080/").port, "", "leading zeros, still the default");
  assert_equals(new URL("http://example.com:08080/").port, "8080");
  assert_throws_js(TypeError, () => new URL("http://example.com:65536/"));
  assert_throws_js(TypeError, () => new URL("http://example.com:12a/"));
}, "The port is parsed as a decimal number up to 65535");

test(() => {
  assert_equals(new URL("http://example.com").pathname, "/");
  assert_equals(new URL("http://example.com").href, "http://example.com/");
}, "A special URL with an empty path gets the path \"/\"");

test(() => {
  assert_equals(new URL("http://example.com/a/./b/../c").pathname, "/a/c");
  assert_equals(new URL("http://example.com/a/%2e/b/%2E%2E/c").pathname, "/a/c");
  assert_equals(new URL("http://example.com/../../x").pathname, "/x");
}, "Single-dot and double-dot path segments, including percent-encoded ones, are resolved");

test(() => {
  assert_equals(new URL("http://example.com\\a\\b").pathname, "/a/b");
  assert_equals(new URL("http:\\\\example.com\\p").href, "http://example.com/p");
}, "In special URLs a backslash is treated as a slash");

test(() => {
  assert_equals(new URL("  http://example.com/ \n").href, "http://example.com/");
  assert_equals(new URL("http://exa\tmp\nle.com/p\ra").href, "http://example.com/pa");
}, "Leading and trailing C0 controls and spaces are stripped, and tabs and newlines removed anywhere");

test(() => {
  assert_equals(new URL("http://example.com/a b").pathname, "/a%20b");
  assert_equals(new URL("http://example.com/\u00e9").pathname, "/%C3%A9");
  assert_equals(new URL("http://example.com/a\"<>`").pathname, "/a%22%3C%3E%60");
  assert_equals(new URL("http://example.com/%41").pathname, "/%41", "existing escapes are kept");
}, "The path percent-encode set is applied to path code points as UTF-8");

test(() => {
  assert_equals(new URL("http://example.com/?a b'\"").search, "?a%20b%27%22");
  assert_equals(new URL("foo://example.com/?a b'\"").search, "?a%20b'%22");
}, "Queries use the special-query percent-encode set for special URLs, which includes the apostrophe");

test(() => {
  assert_equals(new URL("http://example.com/#a b`<").hash, "#a%20b%60%3C");
}, "The fragment percent-encode set is applied to the fragment");

test(() => {
  assert_equals(new URL("http://example.com/?").search, "", "an empty query is returned as empty");
  assert_equals(new URL("http://example.com/?").href, "http://example.com/?");
  assert_equals(new URL("http://example.com/#").hash, "");
  assert_equals(new URL("http://example.com/#").href, "http://example.com/#");
}, "An empty query or fragment is kept in href but search and hash return the empty string");

test(() => {
  assert_equals(new URL("http://192.168.0.1/").hostname, "192.168.0.1");
  assert_equals(new URL("http://0x7f.1/").hostname, "127.0.0.1");
  assert_equals(new URL("http://2130706433/").hostname, "127.0.0.1");
  assert_equals(new URL("http://0177.0.0.1/").hostname, "127.0.0.1");
}, "IPv4 hosts in decimal, hexadecimal and octal forms are serialized in dotted decimal");

test(() => {
  assert_throws_js(TypeError, () => new URL("http://256.256.256.256/"));
  assert_throws_js(TypeError, () => new URL("http://1.2.3.4.5/"), "ends in a number, not IPv4");
}, "A host that ends in a number but is not a valid IPv4 address fails to parse");

test(() => {
  assert_equals(new URL("http://[::1]/").hostname, "[::1]");
  assert_equals(new URL("http://[0:0:0:0:0:0:0:1]:8080/").host, "[::1]:8080");
  assert_equals(new URL("http://[2001:DB8:0:0:1:0:0:1]/").hostname, "[2001:db8::1:0:0:1]");
  assert_equals(new URL("http://[::ffff:192.168.0.1]/").hostname, "[::ffff:c0a8:1]");
  assert_throws_js(TypeError, () => new URL("http://[::1/"));
}, "IPv6 hosts are serialized compressed, in lowercase hexadecimal, within brackets");

test(() => {
  assert_equals(new URL("http://EXAMPLE.com./").hostname, "example.com.");
  assert_equals(new URL("http://b\u00FCcher.de/").hostname, "xn--bcher-kva.de");
}, "Domains are converted to ASCII: lowercased and punycoded");

test(() => {
  assert_throws_js(TypeError, () => new URL("http://exa mple.com/"));
  assert_throws_js(TypeError, () => new URL("http://exa<mple.com/"));
  assert_throws_js(TypeError, () => new URL("http://ex%00ample.com/"));
}, "A host containing a forbidden domain code point fails to parse");

test(() => {
  const u = new URL("mailto:someone@example.com");
  assert_equals(u.protocol, "mailto:");
  assert_equals(u.pathname, "someone@example.com");
  assert_equals(u.host, "");
  assert_equals(u.origin, "null");
}, "A URL with an opaque path has that path as pathname, an empty host and an opaque origin");

test(() => {
  const u = new URL("foo://host/p?q#f");
  assert_equals(u.host, "host");
  assert_equals(u.pathname, "/p");
  assert_equals(u.origin, "null");
  assert_equals(new URL("foo://HOST/").host, "HOST", "opaque host case is kept");
}, "A non-special URL with a host keeps the host as an opaque host, and its origin is opaque");

test(() => {
  assert_equals(new URL("ws://example.com/chat").origin, "ws://example.com");
  assert_equals(new URL("wss://example.com:8443/").origin, "wss://example.com:8443");
  assert_equals(new URL("file:///tmp/x").origin, "null");
}, "ws and wss URLs have a tuple origin; a file URL's origin is opaque here");

test(() => {
  const u = new URL("file:///C:/dir/../x");
  assert_equals(u.pathname, "/C:/x");
  assert_equals(new URL("file://localhost/etc").href, "file:///etc", "localhost becomes the empty host");
}, "file URLs: the empty host, and localhost replaced by the empty host");

test(() => {
  const u = new URL("https://example.com/?a=1");
  assert_equals(u.toJSON(), u.href);
  assert_equals(u.toString(), u.href);
  assert_equals(JSON.stringify({ u }), '{"u":"https://example.com/?a=1"}');
  assert_equals(String(u), u.href);
}, "toJSON() and toString() return the href");

test(() => {
  assert_equals(typeof URL.canParse, "function");
  assert_true(URL.canParse("https://example.com/"));
  assert_false(URL.canParse("nope"));
  assert_true(URL.canParse("/p", "https://example.com/"));
  assert_false(URL.canParse("/p"));
  assert_false(URL.canParse("/p", "bad base"));
}, "URL.canParse() returns whether parsing the input against the base succeeds");

test(() => {
  assert_equals(typeof URL.parse, "function");
  assert_equals(URL.parse("nope"), null);
  const u = URL.parse("x", "https://example.com/a/");
  assert_true(u instanceof URL);
  assert_equals(u.href, "https://example.com/a/x");
}, "URL.parse() returns a new URL, or null when parsing fails");

test(() => {
  const u = new URL("https://a@example.com/");
  assert_equals(u.username, "a");
  assert_equals(u.password, "");
  assert_equals(new URL("https://a:b:c@example.com/").password, "b%3Ac");
  assert_equals(new URL("https://us er@example.com/").username, "us%20er");
}, "Credentials are percent-encoded with the userinfo percent-encode set");

test(() => {
  assert_equals(new URL("http://example.com/").href, "http://example.com/");
  assert_equals(new URL("javascript:alert(1)").pathname, "alert(1)");
  assert_equals(new URL("data:text/plain,hi there").href, "data:text/plain,hi there");
}, "Opaque paths are kept with spaces and only C0 controls percent-encoded");
