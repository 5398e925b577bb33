// WHATWG WebSockets Standard, "new WebSocket(url, protocols)": URL parsing, scheme mapping, fragments, ports.

function closeSoon(t, ws) { t.add_cleanup(() => { ws.onerror = ws.onclose = null; if (ws.readyState < 2) ws.close(); }); return ws; }
const here = new URL(location.href);
const hostport = here.host;

test(t => {
  const ws = closeSoon(t, new WebSocket(new URL('/echo', location)));
  assert_equals(ws.url, 'ws://' + hostport + '/echo');
}, 'An http: URL is accepted and its scheme is changed to ws');

test(t => {
  const ws = closeSoon(t, new WebSocket('ws://' + hostport + '/echo'));
  assert_equals(ws.url, 'ws://' + hostport + '/echo');
}, 'A ws: URL is accepted and url returns its serialization');

test(t => {
  const ws = closeSoon(t, new WebSocket('https://127.0.0.1:1/x'));
  assert_equals(ws.url, 'wss://127.0.0.1:1/x');
}, 'An https: URL is accepted and its scheme is changed to wss');

test(t => {
  const ws = closeSoon(t, new WebSocket('wss://127.0.0.1:1/x'));
  assert_equals(ws.url, 'wss://127.0.0.1:1/x');
}, 'A wss: URL is accepted as is');

test(t => {
  const ws = closeSoon(t, new WebSocket('WS://' + hostport + '/echo'));
  assert_equals(ws.url, 'ws://' + hostport + '/echo');
}, 'The scheme is parsed case-insensitively and serialized in lower case');

test(t => {
  const ws = closeSoon(t, new WebSocket('HTTP://' + hostport + '/echo'));
  assert_equals(ws.url, 'ws://' + hostport + '/echo');
}, 'An upper-case HTTP: scheme is also changed to ws');

test(t => {
  const ws = closeSoon(t, new WebSocket('/echo?a=b'));
  assert_equals(ws.url, 'ws://' + hostport + '/echo?a=b');
}, 'A path-absolute URL is parsed against the API base URL (location)');

test(t => {
  const ws = closeSoon(t, new WebSocket('echo'));
  const expected = new URL('echo', location);
  expected.protocol = 'ws:';
  assert_equals(ws.url, expected.href);
}, 'A path-relative URL is resolved against the directory of the base URL');

test(t => {
  const ws = closeSoon(t, new WebSocket('../echo'));
  const expected = new URL('../echo', location);
  expected.protocol = 'ws:';
  assert_equals(ws.url, expected.href);
}, 'A URL with .. segments is resolved against the base URL');

test(t => {
  const ws = closeSoon(t, new WebSocket('?q=1'));
  const expected = new URL('?q=1', location);
  expected.protocol = 'ws:';
  assert_equals(ws.url, expected.href);
}, 'A query-only URL keeps the base URL path and replaces its query');

test(t => {
  const ws = closeSoon(t, new WebSocket('//' + hostport + '/echo'));
  assert_equals(ws.url, 'ws://' + hostport + '/echo');
}, 'A scheme-relative URL takes the base URL scheme, then http becomes ws');

test(t => {
  const ws = closeSoon(t, new WebSocket(new URL('/echo', location)));
  assert_equals(typeof ws.url, 'string');
}, 'A URL object is converted to a string by the USVString conversion');

test(t => {
  const ws = closeSoon(t, new WebSocket({ toString() { return '/echo'; } }));
  assert_equals(ws.url, 'ws://' + hostport + '/echo');
}, 'The url argument is converted with ToString (toString of an object is used)');

test(t => {
  const ws = closeSoon(t, new WebSocket('ws://' + hostport));
  assert_equals(ws.url, 'ws://' + hostport + '/');
}, 'A URL with no path is serialized with the path /');

test(t => {
  const ws = closeSoon(t, new WebSocket('ws://127.0.0.1:80/x'));
  assert_equals(ws.url, 'ws://127.0.0.1/x');
}, 'The default port 80 of ws is omitted from url');

test(t => {
  const ws = closeSoon(t, new WebSocket('wss://127.0.0.1:443/x'));
  assert_equals(ws.url, 'wss://127.0.0.1/x');
}, 'The default port 443 of wss is omitted from url');

test(t => {
  const ws = closeSoon(t, new WebSocket('http://127.0.0.1:443/x'));
  assert_equals(ws.url, 'ws://127.0.0.1:443/x');
}, 'Port 443 is kept for an http URL changed to ws');

test(t => {
  const ws = closeSoon(t, new WebSocket('ws://' + hostport + '/a b'));
  assert_equals(ws.url, 'ws://' + hostport + '/a%20b');
}, 'The path is percent-encoded by the URL parser');

test(() => {
  assert_throws_dom('SyntaxError', () => new WebSocket('ws://127.0.0.1:65536/'));
}, 'A port above 65535 makes URL parsing fail: SyntaxError');

test(() => {
  assert_throws_dom('SyntaxError', () => new WebSocket('ws://127.0.0.1:port/'));
}, 'A non-numeric port makes URL parsing fail: SyntaxError');

test(() => {
  assert_throws_dom('SyntaxError', () => new WebSocket('ws://[::1/'));
}, 'An invalid host makes URL parsing fail: SyntaxError');

test(() => {
  assert_throws_dom('SyntaxError', () => new WebSocket('ws://'));
}, 'A ws URL with an empty host fails to parse: SyntaxError');

test(() => {
  assert_throws_dom('SyntaxError', () => new WebSocket('ftp://' + hostport + '/'));
}, 'A scheme other than ws, wss, http or https throws SyntaxError');

test(() => {
  assert_throws_dom('SyntaxError', () => new WebSocket('file:///tmp/x'));
}, 'A file: URL throws SyntaxError');

test(() => {
  assert_throws_dom('SyntaxError', () => new WebSocket('data:text/plain,x'));
}, 'A data: URL throws SyntaxError');

test(() => {
  assert_throws_dom('SyntaxError', () => new WebSocket('javascript:void(0)'));
}, 'A javascript: URL throws SyntaxError');

test(() => {
  assert_throws_dom('SyntaxError', () => new WebSocket('ws://' + hostport + '/echo#frag'));
}, 'A URL with a fragment throws SyntaxError');

test(() => {
  assert_throws_dom('SyntaxError', () => new WebSocket('ws://' + hostport + '/echo#'));
}, 'A URL with an empty fragment (a bare #) throws SyntaxError');

test(() => {
  assert_throws_dom('SyntaxError', () => new WebSocket('#frag'));
}, 'A relative fragment-only URL throws SyntaxError (the parsed URL has a fragment)');

test(() => {
  assert_throws_dom('SyntaxError', () => new WebSocket('http://' + hostport + '/echo#x'));
}, 'An http URL with a fragment throws SyntaxError');

test(() => {
  assert_throws_js(TypeError, () => new WebSocket());
}, 'Calling the constructor with no argument throws TypeError');

test(() => {
  let thrown;
  try { new WebSocket('ftp://x/'); } catch (e) { thrown = e; }
  assert_true(thrown instanceof DOMException, 'DOMException');
  assert_equals(thrown.code, 12, 'SYNTAX_ERR code');
}, 'The SyntaxError thrown is a DOMException with code SYNTAX_ERR (12)');

async_test(t => {
  const ws = new WebSocket('ws://127.0.0.1:25/');
  ws.onopen = t.unreached_func('open must not fire');
  ws.onclose = t.step_func_done(e => {
    assert_equals(e.code, 1006);
    assert_false(e.wasClean);
  });
}, 'A bad port (25) does not throw: the connection fails (fetch blocks it) and close fires with 1006');
