// URL setters, from the URL Standard §6.1 "Interface URL" (each setter runs the basic URL parser with a state override).

test(() => {
  const u = new URL("https://example.com/a");
  u.href = "http://other.org/b?c";
  assert_equals(u.host, "other.org");
  assert_equals(u.pathname, "/b");
  assert_equals(u.search, "?c");
}, "Setting href reparses the whole URL");

test(() => {
  const u = new URL("https://example.com/a");
  assert_throws_js(TypeError, () => { u.href = "not a url"; });
  assert_equals(u.href, "https://example.com/a");
}, "Setting href to an unparsable string throws a TypeError and leaves the URL unchanged");

test(() => {
  const u = new URL("http://example.com:443/");
  u.protocol = "https";
  assert_equals(u.protocol, "https:");
  assert_equals(u.port, "", "the port now equals the new default and is dropped");
}, "Setting protocol between special schemes works, and a port equal to the new default is removed");

test(() => {
  const u = new URL("http://example.com/");
  u.protocol = "foo";
  assert_equals(u.protocol, "http:", "special to non-special is refused");
  const v = new URL("foo://example.com/");
  v.protocol = "http";
  assert_equals(v.protocol, "foo:", "non-special to special is refused");
}, "Setting protocol cannot change a special scheme to a non-special one or the reverse");

test(() => {
  const u = new URL("ws://example.com/");
  u.protocol = "wss:junk";
  assert_equals(u.protocol, "wss:");
}, "The protocol setter ignores everything after the first colon");

test(() => {
  const u = new URL("https://example.com/");
  u.username = "us er";
  u.password = "p@ss";
  assert_equals(u.username, "us%20er");
  assert_equals(u.password, "p%40ss");
  assert_equals(u.href, "https://us%20er:p%40ss@example.com/");
}, "The username and password setters percent-encode with the userinfo set");

test(() => {
  const u = new URL("mailto:x@example.com");
  u.username = "a";
  assert_equals(u.username, "");
  const f = new URL("file:///tmp");
  f.password = "p";
  assert_equals(f.password, "");
}, "Credentials cannot be set on a URL without a host or with the file scheme");

test(() => {
  const u = new URL("https://example.com:8080/p");
  u.host = "other.org:9090";
  assert_equals(u.hostname, "other.org");
  assert_equals(u.port, "9090");
  u.hostname = "third.net";
  assert_equals(u.host, "third.net:9090", "the hostname setter keeps the port");
  u.hostname = "fourth.net:1";
  assert_equals(u.host, "third.net:9090", "a colon in the hostname setter's input is a failure");
}, "The host setter sets host and port; the hostname setter sets only the host and refuses a port");

test(() => {
  const u = new URL("https://example.com/");
  u.host = "";
  assert_equals(u.host, "example.com");
}, "Setting an empty host on a special URL is refused");

test(() => {
  const u = new URL("https://example.com/");
  u.port = "8443";
  assert_equals(u.port, "8443");
  u.port = "443";
  assert_equals(u.port, "", "the default port");
  u.port = "81abc";
  assert_equals(u.port, "81", "leading digits are used");
  u.port = "99999";
  assert_equals(u.port, "81", "out of range is refused");
  u.port = "";
  assert_equals(u.port, "", "the empty string removes the port");
}, "The port setter parses leading digits, drops the default port and ignores out-of-range values");

test(() => {
  const u = new URL("https://example.com/");
  u.pathname = "a b/c";
  assert_equals(u.pathname, "/a%20b/c");
  u.pathname = "/x/../y";
  assert_equals(u.pathname, "/y");
  u.pathname = "/q?#";
  assert_equals(u.pathname, "/q%3F%23", "? and # are encoded in the path");
}, "The pathname setter parses a path, encoding it and resolving dot segments");

test(() => {
  const u = new URL("mailto:a@b");
  u.pathname = "c@d";
  assert_equals(u.pathname, "a@b");
}, "The pathname setter does nothing for a URL with an opaque path");

test(() => {
  const u = new URL("https://example.com/p#h");
  u.search = "a=1 2";
  assert_equals(u.search, "?a=1%202");
  u.search = "?b";
  assert_equals(u.search, "?b", "a leading ? is removed before parsing");
  u.search = "";
  assert_equals(u.search, "");
  assert_equals(u.href, "https://example.com/p#h", "the empty string removes the query");
}, "The search setter sets the query with or without a leading ?, and the empty string removes it");

test(() => {
  const u = new URL("https://example.com/p?q");
  u.hash = "frag ment";
  assert_equals(u.hash, "#frag%20ment");
  u.hash = "#x";
  assert_equals(u.hash, "#x");
  u.hash = "";
  assert_equals(u.hash, "");
  assert_equals(u.href, "https://example.com/p?q");
}, "The hash setter sets the fragment with or without a leading #, and the empty string removes it");

test(() => {
  const u = new URL("https://example.com/");
  const d = Object.getOwnPropertyDescriptor(URL.prototype, "origin");
  assert_equals(d.set, undefined);
  assert_equals(typeof d.get, "function");
}, "origin is a readonly attribute");

test(() => {
  const u = new URL("https://example.com/");
  u.hostname = "[::1]";
  assert_equals(u.host, "[::1]");
  u.hostname = "a b";
  assert_equals(u.host, "[::1]", "an invalid host is refused");
}, "The hostname setter parses the host and ignores failures");
