// WHATWG WebSockets Standard: the closing handshake, from the server and from the client.
// META: script=resources/helpers.js

function closeOf(t, path) {
  const ws = new WebSocket(u(path));
  t.add_cleanup(() => { if (ws.readyState < 2) ws.close(); });
  return new Promise(resolve => {
    const seen = [];
    ws.onopen = () => seen.push('open');
    ws.onerror = () => seen.push('error');
    ws.onmessage = () => seen.push('message');
    ws.onclose = e => { seen.push('close'); resolve({ ws, e, seen }); };
  });
}

promise_test(async t => {
  const { e, seen } = await closeOf(t, '/close?code=1000&reason=done');
  assert_array_equals(seen, ['open', 'close']);
  assert_equals(e.code, 1000);
  assert_equals(e.reason, 'done');
  assert_true(e.wasClean);
}, 'A server Close with 1000 and a reason gives a clean close event with that code and reason');

promise_test(async t => {
  const { e } = await closeOf(t, '/close?code=4000&reason=bye');
  assert_equals(e.code, 4000);
  assert_equals(e.reason, 'bye');
  assert_true(e.wasClean);
}, 'A server Close with an application code (4000) is reported as is');

for (const code of [1001, 1003, 1008, 1011, 3000, 4999]) {
  promise_test(async t => {
    const { e } = await closeOf(t, `/close?code=${code}`);
    assert_equals(e.code, code);
    assert_equals(e.reason, '');
    assert_true(e.wasClean);
  }, `A server Close with code ${code} and no reason reports that code and an empty reason`);
}

promise_test(async t => {
  const { e } = await closeOf(t, '/close');
  assert_equals(e.code, 1005);
  assert_equals(e.reason, '');
  assert_true(e.wasClean);
}, 'A server Close with no status code is reported as 1005 (no status received)');

promise_test(async t => {
  const { e } = await closeOf(t, '/close?code=1000&reason=' + encodeURIComponent('\u00e9t\u00e9 \u2603'));
  assert_equals(e.reason, '\u00e9t\u00e9 \u2603');
}, 'The close reason is decoded from UTF-8');

promise_test(async t => {
  const reason = 'r'.repeat(123);
  const { e } = await closeOf(t, '/close?code=3001&reason=' + reason);
  assert_equals(e.reason, reason);
}, 'A 123-byte reason from the server is reported whole');

promise_test(async t => {
  const { e } = await closeOf(t, '/close?code=1000');
  assert_true(e instanceof CloseEvent, 'CloseEvent');
  assert_equals(e.type, 'close');
  assert_false(e.bubbles);
  assert_false(e.cancelable);
  assert_true(e.isTrusted);
}, 'The close event is a trusted CloseEvent named close that does not bubble and is not cancelable');

promise_test(async t => {
  const { ws, e } = await closeOf(t, '/close?code=1000');
  assert_equals(e.target, ws);
  assert_equals(ws.readyState, WebSocket.CLOSED);
}, 'The close event targets the WebSocket, whose readyState is already CLOSED');

promise_test(async t => {
  const ws = await opened(t);
  ws.send('Goodbye');
  const e = await closed(ws);
  assert_equals(e.code, 1000);
  assert_equals(e.reason, 'Goodbye');
  assert_true(e.wasClean);
}, 'After the text Goodbye the echo server closes 1000 Goodbye, reported cleanly');

promise_test(async t => {
  const ws = await opened(t);
  ws.close(3000, 'client reason');
  const e = await closed(ws);
  assert_equals(e.code, 3000);
  assert_equals(e.reason, 'client reason');
  assert_true(e.wasClean);
}, 'close(code, reason) starts the closing handshake; the echoed Close gives that code and reason');

promise_test(async t => {
  const ws = await opened(t);
  ws.close(1000);
  const e = await closed(ws);
  assert_equals(e.code, 1000);
  assert_equals(e.reason, '');
  assert_true(e.wasClean);
}, 'close(1000) sends 1000 with an empty reason');

promise_test(async t => {
  const ws = await opened(t);
  ws.close();
  const e = await closed(ws);
  assert_equals(e.code, 1005);
  assert_equals(e.reason, '');
  assert_true(e.wasClean);
}, 'close() with no arguments sends a Close with no status: the echo reports 1005');

promise_test(async t => {
  const ws = await opened(t);
  ws.close(undefined, 'only a reason');
  const e = await closed(ws);
  assert_equals(e.code, 1000);
  assert_equals(e.reason, 'only a reason');
}, 'close() with a reason but no code sends code 1000 with that reason');

promise_test(async t => {
  const ws = await opened(t);
  ws.close(4321, '\u00e9\u00e8');
  const e = await closed(ws);
  assert_equals(e.code, 4321);
  assert_equals(e.reason, '\u00e9\u00e8');
}, 'A non-ASCII reason is sent as UTF-8 and echoed back intact');

promise_test(async t => {
  const ws = await opened(t);
  const seen = [];
  ws.onmessage = e => seen.push(e.data);
  ws.send('before');
  ws.close(1000);
  const e = await closed(ws);
  assert_true(e.wasClean);
  assert_array_equals(seen, [], 'a message received while CLOSING is dropped');
}, 'A message that arrives after close() (readyState CLOSING) is not dispatched');

promise_test(async t => {
  const ws = await opened(t);
  const seen = [];
  ws.onmessage = e => { seen.push(e.data); if (seen.length === 1) ws.close(1000); };
  ws.send('first');
  const e = await closed(ws);
  assert_array_equals(seen, ['first']);
  assert_true(e.wasClean);
}, 'A message received while OPEN is dispatched before the closing handshake starts');

promise_test(async t => {
  const ws = await opened(t);
  let closes = 0;
  ws.addEventListener('close', () => closes++);
  ws.close(1000);
  ws.close(3000);
  await closed(ws);
  await new Promise(r => t.step_timeout(r, 50));
  assert_equals(closes, 1);
}, 'Only one close event fires even when close() is called twice');
