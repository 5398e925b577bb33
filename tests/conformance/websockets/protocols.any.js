// WHATWG WebSockets Standard: the protocols argument and the protocol attribute.

const u = p => new URL(p, location).href;
function closeSoon(t, ws) { t.add_cleanup(() => { ws.onerror = ws.onclose = null; if (ws.readyState < 2) ws.close(); }); return ws; }
function opened(t, ws) {
  closeSoon(t, ws);
  return new Promise((resolve, reject) => {
    ws.onopen = () => resolve(ws);
    ws.onclose = () => reject(new Error('closed before open'));
  });
}
function failed(t, ws) {
  closeSoon(t, ws);
  return new Promise((resolve, reject) => {
    const seen = [];
    ws.onopen = () => { seen.push('open'); ws.close(); };
    ws.onerror = () => seen.push('error');
    ws.onclose = e => { seen.push('close'); resolve({ seen, e }); };
  });
}

test(t => { closeSoon(t, new WebSocket(u('/echo'), 'chat')); }, 'A single protocol string is accepted');
test(t => { closeSoon(t, new WebSocket(u('/echo'), ['chat', 'superchat'])); }, 'A sequence of distinct protocol tokens is accepted');
test(t => { closeSoon(t, new WebSocket(u('/echo'), [])); }, 'An empty sequence of protocols is accepted');
test(t => { closeSoon(t, new WebSocket(u('/echo'), undefined)); }, 'undefined protocols means the default empty sequence');
test(t => { closeSoon(t, new WebSocket(u('/echo'), "!#$%&'*+-.^_`|~09azAZ")); }, 'Every tchar of an HTTP token is allowed in a protocol');
test(() => { assert_throws_dom('SyntaxError', () => new WebSocket(u('/echo'), ['chat', 'chat'])); }, 'A protocol that occurs more than once throws SyntaxError');
test(() => { assert_throws_dom('SyntaxError', () => new WebSocket(u('/echo'), ['chat', 'CHAT'])); }, 'Protocols that differ only in ASCII case count as repeated: SyntaxError');
test(() => { assert_throws_dom('SyntaxError', () => new WebSocket(u('/echo'), '')); }, 'An empty protocol string is not a token: SyntaxError');
test(() => { assert_throws_dom('SyntaxError', () => new WebSocket(u('/echo'), [''])); }, 'An empty string in the sequence is not a token: SyntaxError');
test(() => { assert_throws_dom('SyntaxError', () => new WebSocket(u('/echo'), 'a b')); }, 'A protocol containing a space throws SyntaxError');
test(() => { assert_throws_dom('SyntaxError', () => new WebSocket(u('/echo'), 'a,b')); }, 'A protocol containing a comma (a separator) throws SyntaxError');
test(() => { assert_throws_dom('SyntaxError', () => new WebSocket(u('/echo'), ['ok', 'a/b'])); }, 'A sequence holding a non-token with a / throws SyntaxError');
test(() => { assert_throws_dom('SyntaxError', () => new WebSocket(u('/echo'), 'a"b')); }, 'A protocol containing a double quote throws SyntaxError');
test(() => { assert_throws_dom('SyntaxError', () => new WebSocket(u('/echo'), '\u00e9')); }, 'A protocol with a non-ASCII character throws SyntaxError');
test(() => { assert_throws_dom('SyntaxError', () => new WebSocket(u('/echo'), 'a\u0000b')); }, 'A protocol containing NUL throws SyntaxError');
test(() => { assert_throws_dom('SyntaxError', () => new WebSocket(u('/echo'), 'a\u007f')); }, 'A protocol containing DEL throws SyntaxError');
test(() => { assert_throws_dom('SyntaxError', () => new WebSocket('ftp://x/', ['a', 'a'])); }, 'The URL is checked before the protocols');
test(t => {
  const ws = closeSoon(t, new WebSocket(u('/echo'), 'x'));
  assert_equals(ws.protocol, '');
}, 'protocol is the empty string before the connection is established');
test(t => {
  const ws = closeSoon(t, new WebSocket(u('/echo')));
  assert_equals(ws.extensions, '');
}, 'extensions is the empty string before the connection is established');

promise_test(async t => {
  const ws = await opened(t, new WebSocket(u('/subprotocol?pick=x'), ['x']));
  assert_equals(ws.protocol, 'x');
}, 'After open, protocol is the subprotocol the server selected');

promise_test(async t => {
  const ws = await opened(t, new WebSocket(u('/subprotocol?pick=x'), ['y', 'x']));
  assert_equals(ws.protocol, 'x');
}, 'After open, protocol is the selected one even when it was not offered first');

promise_test(async t => {
  const ws = await opened(t, new WebSocket(u('/subprotocol?pick=x'), 'x'));
  assert_equals(ws.protocol, 'x');
}, 'A protocol passed as a string is offered like a one-element sequence');

promise_test(async t => {
  const ws = await opened(t, new WebSocket(u('/subprotocol?pick='), ['x']));
  assert_equals(ws.protocol, '');
}, 'When the server selects no subprotocol, protocol is the empty string');

promise_test(async t => {
  const ws = await opened(t, new WebSocket(u('/echo?protocol=x'), ['a', 'x']));
  assert_equals(ws.protocol, 'x');
}, 'The echo server accepting an offered subprotocol makes protocol that value');

promise_test(async t => {
  const ws = await opened(t, new WebSocket(u('/echo')));
  assert_equals(ws.extensions, '');
}, 'extensions is the empty string when the server accepts no extension');

promise_test(async t => {
  const { seen, e } = await failed(t, new WebSocket(u('/subprotocol?pick=x')));
  assert_array_equals(seen, ['error', 'close']);
  assert_equals(e.code, 1006);
}, 'A subprotocol in the response that was not offered fails the connection');

promise_test(async t => {
  const { seen } = await failed(t, new WebSocket(u('/subprotocol?pick=x'), ['y']));
  assert_array_equals(seen, ['error', 'close']);
}, 'A selected subprotocol not among those offered fails the connection');

promise_test(async t => {
  const { seen } = await failed(t, new WebSocket(u('/subprotocol?pick=x'), ['X']));
  assert_array_equals(seen, ['error', 'close']);
}, 'The selected subprotocol is matched case-sensitively against the offered ones');
