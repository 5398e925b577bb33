// WHATWG WebSockets Standard: failing the WebSocket connection, and event order.

const u = p => new URL(p, location).href;
function watch(t, path, protocols) {
  const ws = protocols === undefined ? new WebSocket(u(path)) : new WebSocket(u(path), protocols);
  t.add_cleanup(() => { if (ws.readyState < 2) ws.close(); });
  return new Promise(resolve => {
    const seen = [];
    ws.onopen = () => seen.push('open');
    ws.onmessage = () => seen.push('message');
    ws.onerror = e => { seen.push('error'); ws.errorEvent = e; ws.stateAtError = ws.readyState; };
    ws.onclose = e => { seen.push('close'); resolve({ ws, e, seen }); };
  });
}

const refused = [
  ['/status?code=404', 'an HTTP 404 response'],
  ['/status?code=403', 'an HTTP 403 response'],
  ['/status?code=200', 'a 200 response instead of 101'],
  ['/status?code=500', 'an HTTP 500 response'],
  ['/redirect', 'a redirect (WebSocket fetches do not follow redirects)'],
  ['/bad-accept', 'a wrong Sec-WebSocket-Accept'],
  ['/garbage', 'a response that is not HTTP'],
];
for (const [path, what] of refused) {
  promise_test(async t => {
    const { e, seen } = await watch(t, path);
    assert_array_equals(seen, ['error', 'close'], 'open never fires; error comes before close');
    assert_equals(e.code, 1006);
    assert_equals(e.reason, '');
    assert_false(e.wasClean);
  }, `A handshake answered with ${what} fails the connection: error, then close 1006, not clean`);
}

promise_test(async t => {
  const { ws } = await watch(t, '/status?code=404');
  assert_equals(ws.stateAtError, WebSocket.CLOSED);
}, 'readyState is CLOSED when the error event fires');

promise_test(async t => {
  const { ws } = await watch(t, '/status?code=404');
  const e = ws.errorEvent;
  assert_equals(e.constructor, Event, 'a plain Event');
  assert_equals(e.type, 'error');
  assert_false(e.bubbles);
  assert_false(e.cancelable);
  assert_true(e.isTrusted);
}, 'The error event is a simple trusted Event named error');

promise_test(async t => {
  const { ws } = await watch(t, '/status?code=404');
  assert_equals(ws.protocol, '');
  assert_equals(ws.extensions, '');
  assert_equals(ws.url, u('/status?code=404').replace(/^http/, 'ws'));
}, 'A failed connection leaves protocol and extensions empty and url unchanged');

promise_test(async t => {
  const { e, seen } = await watch(t, '/invalid-utf8');
  assert_array_equals(seen, ['open', 'error', 'close'], 'no message event for invalid UTF-8');
  assert_equals(e.code, 1006);
  assert_false(e.wasClean);
}, 'A text message with invalid UTF-8 fails the connection: open, error, close 1006, no message');

promise_test(async t => {
  const { e, seen } = await watch(t, '/drop');
  assert_equals(seen[0], 'open');
  assert_equals(seen[seen.length - 1], 'close');
  assert_false(seen.includes('message'));
  assert_equals(e.code, 1006);
  assert_equals(e.reason, '');
  assert_false(e.wasClean);
}, 'A TCP connection that ends without a Close frame closes with 1006 and wasClean false');

promise_test(async t => {
  const { e, seen } = await watch(t, '/raw-after-101?hex=8800');
  assert_array_equals(seen, ['open', 'close']);
  assert_equals(e.code, 1005);
}, 'An empty Close frame in the same packet as the 101 gives open, then close with 1005');

async_test(t => {
  const ws = new WebSocket(u('/raw-after-101?hex=810568656c6c6f'));
  t.add_cleanup(() => { if (ws.readyState < 2) ws.close(); });
  const seen = [];
  ws.onopen = () => seen.push('open');
  ws.onmessage = t.step_func_done(e => {
    seen.push('message');
    assert_array_equals(seen, ['open', 'message']);
    assert_equals(e.data, 'hello');
  });
}, 'A text frame in the same packet as the 101 is delivered after open');

promise_test(async t => {
  // A masked frame from the server is a protocol error (RFC 6455 5.1).
  const { e, seen } = await watch(t, '/raw-after-101?hex=818100000000' + '61');
  assert_array_equals(seen, ['open', 'error', 'close']);
  assert_equals(e.code, 1006);
  assert_false(e.wasClean);
}, 'A masked frame from the server fails the connection: error then close 1006');

promise_test(async t => {
  // Reserved opcode 0x3.
  const { e, seen } = await watch(t, '/raw-after-101?hex=8300');
  assert_array_equals(seen, ['open', 'error', 'close']);
  assert_equals(e.code, 1006);
}, 'A frame with a reserved opcode fails the connection');

promise_test(async t => {
  const { e, seen } = await watch(t, 'ws://127.0.0.1:1/');
  assert_array_equals(seen, ['error', 'close']);
  assert_equals(e.code, 1006);
}, 'A connection that is refused fails: error then close 1006');
