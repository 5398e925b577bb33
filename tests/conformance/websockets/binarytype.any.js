// WHATWG WebSockets Standard: binaryType and the message event for received messages.
// META: script=resources/helpers.js

function fresh(t, path = '/echo') {
  const ws = new WebSocket(u(path));
  t.add_cleanup(() => ws.close());
  return ws;
}

test(t => { assert_equals(fresh(t).binaryType, 'blob'); }, 'binaryType is "blob" by default');
test(t => { const ws = fresh(t); ws.binaryType = 'arraybuffer'; assert_equals(ws.binaryType, 'arraybuffer'); }, 'binaryType can be set to "arraybuffer"');
test(t => { const ws = fresh(t); ws.binaryType = 'arraybuffer'; ws.binaryType = 'blob'; assert_equals(ws.binaryType, 'blob'); }, 'binaryType can be set back to "blob"');
for (const bad of ['foo', '', 'Blob', 'ARRAYBUFFER', 'arraybuffer ', null, undefined, 1]) {
  test(t => {
    const ws = fresh(t);
    ws.binaryType = 'arraybuffer';
    ws.binaryType = bad;
    assert_equals(ws.binaryType, 'arraybuffer');
  }, `Setting binaryType to ${JSON.stringify(String(bad))}, not a BinaryType value, is ignored`);
}
test(t => {
  const ws = fresh(t);
  ws.binaryType = { toString() { return 'arraybuffer'; } };
  assert_equals(ws.binaryType, 'arraybuffer');
}, 'The value set is converted to a string before it is matched against the enumeration');

promise_test(async t => {
  const ws = await opened(t);
  ws.send(new Uint8Array([1, 2, 3]));
  const e = await nextMessage(ws);
  assert_true(e.data instanceof Blob, 'Blob');
  assert_equals(e.data.size, 3);
  assert_equals(e.data.type, '');
  assert_array_equals(Array.from(new Uint8Array(await e.data.arrayBuffer())), [1, 2, 3]);
}, 'With binaryType "blob", a binary message is a Blob with an empty type holding the bytes');

promise_test(async t => {
  const ws = await opened(t);
  ws.binaryType = 'arraybuffer';
  ws.send(new Uint8Array([4, 5]));
  const e = await nextMessage(ws);
  assert_true(e.data instanceof ArrayBuffer, 'ArrayBuffer');
  assert_array_equals(Array.from(new Uint8Array(e.data)), [4, 5]);
}, 'With binaryType "arraybuffer", a binary message is an ArrayBuffer holding the bytes');

promise_test(async t => {
  const ws = await opened(t);
  ws.binaryType = 'arraybuffer';
  ws.send('text');
  const e = await nextMessage(ws);
  assert_equals(typeof e.data, 'string');
}, 'A text message is a string whatever the binaryType');

promise_test(async t => {
  const ws = await opened(t, '/messages?count=2&size=4&type=binary');
  const got = [];
  await new Promise(resolve => {
    ws.onmessage = e => {
      got.push(e.data);
      if (got.length === 1) ws.binaryType = 'arraybuffer';
      else resolve();
    };
  });
  assert_true(got[0] instanceof Blob, 'first: Blob');
  assert_true(got[1] instanceof ArrayBuffer, 'second: ArrayBuffer');
}, 'binaryType is consulted when each message event is dispatched: a change applies to the next message');

promise_test(async t => {
  const ws = await opened(t, '/fragmented?parts=3');
  ws.binaryType = 'arraybuffer';
  const first = await nextMessage(ws);
  const second = await nextMessage(ws);
  assert_equals(first.data, 'fragment0fragment1fragment2');
  assert_equals(new TextDecoder().decode(second.data), 'fragment0fragment1fragment2');
}, 'A fragmented message is delivered as one message event with the reassembled data');

promise_test(async t => {
  const ws = await opened(t, '/messages?count=5&size=8&type=text');
  const got = [];
  await new Promise(resolve => { ws.onmessage = e => { got.push(e.data); if (got.length === 5) resolve(); }; });
  assert_array_equals(got, ['0 xxxxxx', '1 xxxxxx', '2 xxxxxx', '3 xxxxxx', '4 xxxxxx']);
}, 'Messages are dispatched in the order they were received');

promise_test(async t => {
  const ws = await opened(t);
  ws.send('x');
  const e = await nextMessage(ws);
  assert_true(e instanceof MessageEvent, 'MessageEvent');
  assert_equals(e.type, 'message');
  assert_false(e.bubbles);
  assert_false(e.cancelable);
  assert_true(e.isTrusted);
  assert_equals(e.target, ws);
}, 'A received message fires a trusted, non-bubbling, non-cancelable MessageEvent named message at the WebSocket');

promise_test(async t => {
  const ws = await opened(t);
  ws.send('x');
  const e = await nextMessage(ws);
  const url = new URL(ws.url);
  assert_equals(e.origin, 'ws://' + url.host);
}, "The message event's origin is the serialization of the WebSocket url's origin");

promise_test(async t => {
  const ws = await opened(t);
  ws.send('x');
  const e = await nextMessage(ws);
  assert_equals(e.lastEventId, '');
  assert_equals(e.source, null);
  assert_array_equals(e.ports, []);
}, 'The message event has an empty lastEventId, a null source and no ports');

promise_test(async t => {
  const ws = await opened(t);
  ws.send('x');
  const e = await nextMessage(ws);
  assert_equals(ws.readyState, WebSocket.OPEN);
  assert_equals(e.data, 'x');
}, 'Message events are only dispatched while readyState is OPEN');
