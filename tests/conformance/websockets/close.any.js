// WHATWG WebSockets Standard: close(code, reason) argument checks and close() while connecting.
// META: script=resources/helpers.js

function fresh(t) {
  const ws = new WebSocket(u('/echo'));
  t.add_cleanup(() => { ws.onclose = ws.onerror = null; if (ws.readyState < 2) ws.close(); });
  return ws;
}

for (const code of [0, 1, 999, 1001, 1002, 1005, 1006, 1015, 2999, 5000, 65535]) {
  test(t => {
    const ws = fresh(t);
    assert_throws_dom('InvalidAccessError', () => ws.close(code));
    assert_equals(ws.readyState, WebSocket.CONNECTING, 'nothing else happened');
  }, `close(${code}) throws InvalidAccessError: only 1000 and 3000-4999 are allowed`);
}

test(t => {
  const ws = fresh(t);
  assert_throws_dom('InvalidAccessError', () => ws.close(-1));
}, 'close(-1) is clamped to 0 ([Clamp] unsigned short) and throws InvalidAccessError');

test(t => {
  const ws = fresh(t);
  assert_throws_dom('InvalidAccessError', () => ws.close(65536 + 1000));
}, 'close(66536) is clamped to 65535, not wrapped to 1000: InvalidAccessError');

test(t => {
  const ws = fresh(t);
  assert_throws_dom('InvalidAccessError', () => ws.close(NaN));
}, 'close(NaN) is converted to 0 and throws InvalidAccessError');

test(t => {
  const ws = fresh(t);
  assert_throws_dom('InvalidAccessError', () => ws.close(2999.4));
}, 'close(2999.4) is rounded by [Clamp] to 2999 and throws InvalidAccessError');

test(t => {
  const ws = fresh(t);
  ws.close(2999.6);
  assert_equals(ws.readyState, WebSocket.CLOSING);
}, 'close(2999.6) is clamped to 3000 (round to nearest) and accepted');

test(t => {
  const ws = fresh(t);
  assert_throws_dom('InvalidAccessError', () => ws.close(1000.5 + 1));
}, 'close(1001.5) rounds to the even 1002 and throws InvalidAccessError');

test(t => {
  const ws = fresh(t);
  ws.close('1000');
  assert_equals(ws.readyState, WebSocket.CLOSING);
}, 'A code given as a numeric string is converted to a number');

for (const code of [1000, 3000, 3999, 4000, 4999]) {
  test(t => {
    const ws = fresh(t);
    ws.close(code);
    assert_equals(ws.readyState, WebSocket.CLOSING);
  }, `close(${code}) is accepted`);
}

test(t => {
  const ws = fresh(t);
  assert_throws_dom('SyntaxError', () => ws.close(1000, 'x'.repeat(124)));
}, 'A reason of 124 UTF-8 bytes throws SyntaxError');

test(t => {
  const ws = fresh(t);
  ws.close(1000, 'x'.repeat(123));
  assert_equals(ws.readyState, WebSocket.CLOSING);
}, 'A reason of exactly 123 UTF-8 bytes is accepted');

test(t => {
  const ws = fresh(t);
  assert_throws_dom('SyntaxError', () => ws.close(1000, '\u00e9'.repeat(62)));
}, 'The reason limit counts UTF-8 bytes: 62 two-byte characters (124 bytes) throw SyntaxError');

test(t => {
  const ws = fresh(t);
  ws.close(1000, '\u00e9'.repeat(61) + 'a');
  assert_equals(ws.readyState, WebSocket.CLOSING);
}, '61 two-byte characters and one ASCII character (123 bytes) are accepted');

test(t => {
  const ws = fresh(t);
  assert_throws_dom('SyntaxError', () => ws.close(1000, '\ud800'.repeat(42)));
}, 'Lone surrogates become U+FFFD (3 bytes each): 42 of them (126 bytes) throw SyntaxError');

test(t => {
  const ws = fresh(t);
  ws.close(1000, '\ud800'.repeat(41));
  assert_equals(ws.readyState, WebSocket.CLOSING);
}, '41 lone surrogates (123 bytes as U+FFFD) are accepted');

test(t => {
  const ws = fresh(t);
  assert_throws_dom('InvalidAccessError', () => ws.close(1, 'x'.repeat(200)));
}, 'The code is checked before the reason');

test(t => {
  const ws = fresh(t);
  assert_throws_dom('SyntaxError', () => ws.close(undefined, 'x'.repeat(124)));
}, 'The reason is checked when the code is undefined (absent)');

test(t => {
  const ws = fresh(t);
  ws.close(undefined);
  assert_equals(ws.readyState, WebSocket.CLOSING);
}, 'close(undefined) is treated as close() without a code');

async_test(t => {
  const ws = new WebSocket(u('/echo'));
  ws.onopen = t.step_func(() => ws.close());
  ws.onclose = t.step_func_done(() => {
    assert_throws_dom('InvalidAccessError', () => ws.close(1));
    assert_throws_dom('SyntaxError', () => ws.close(1000, 'x'.repeat(124)));
  });
}, 'Arguments are checked even when readyState is CLOSED');

test(t => {
  const ws = fresh(t);
  assert_equals(ws.close(), undefined);
}, 'close() returns undefined');

async_test(t => {
  const ws = new WebSocket(u('/echo'));
  const seen = [];
  ws.onopen = t.unreached_func('open must not fire after close() while connecting');
  ws.onerror = t.step_func(e => { seen.push('error'); assert_equals(ws.readyState, WebSocket.CLOSED, 'readyState at error'); });
  ws.onclose = t.step_func_done(e => {
    seen.push('close');
    assert_array_equals(seen, ['error', 'close']);
    assert_equals(e.code, 1006);
    assert_false(e.wasClean);
  });
  ws.close();
  assert_equals(ws.readyState, WebSocket.CLOSING);
}, 'close() while CONNECTING fails the connection: error, then close with 1006 and wasClean false');

async_test(t => {
  const ws = new WebSocket(u('/echo'));
  ws.onopen = t.unreached_func('open');
  ws.onclose = t.step_func_done(e => { assert_equals(e.code, 1006); assert_equals(e.reason, ''); });
  ws.close(3000, 'ignored');
}, 'close(code, reason) while CONNECTING still reports 1006 and an empty reason');

async_test(t => {
  const ws = new WebSocket(u('/delay-handshake?ms=300'));
  ws.onopen = t.unreached_func('open');
  ws.onclose = t.step_func_done(e => { assert_equals(e.code, 1006); assert_false(e.wasClean); });
  t.step_timeout(() => { assert_equals(ws.readyState, WebSocket.CONNECTING); ws.close(); }, 0);
}, 'close() in a later task while the handshake is still pending fails the connection');
