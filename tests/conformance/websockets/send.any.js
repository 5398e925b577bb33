// WHATWG WebSockets Standard: send(data) for every type, echoed back by /echo.
// META: script=resources/helpers.js

const bytes = buf => Array.from(new Uint8Array(buf));

test(t => {
  const ws = new WebSocket(u('/echo'));
  t.add_cleanup(() => ws.close());
  assert_throws_dom('InvalidStateError', () => ws.send('x'));
}, 'send() of a string while CONNECTING throws InvalidStateError');

test(t => {
  const ws = new WebSocket(u('/echo'));
  t.add_cleanup(() => ws.close());
  assert_throws_dom('InvalidStateError', () => ws.send(new ArrayBuffer(4)));
}, 'send() of an ArrayBuffer while CONNECTING throws InvalidStateError');

test(t => {
  const ws = new WebSocket(u('/echo'));
  t.add_cleanup(() => ws.close());
  assert_throws_dom('InvalidStateError', () => ws.send(new Blob(['x'])));
}, 'send() of a Blob while CONNECTING throws InvalidStateError');

test(t => {
  const ws = new WebSocket(u('/echo'));
  t.add_cleanup(() => ws.close());
  assert_throws_dom('InvalidStateError', () => ws.send(new Uint8Array(2)));
  assert_equals(ws.bufferedAmount, 0);
}, 'send() while CONNECTING does not change bufferedAmount');

promise_test(async t => {
  const ws = await opened(t);
  assert_throws_js(TypeError, () => ws.send());
}, 'send() with no argument throws TypeError');

promise_test(async t => {
  const ws = await opened(t);
  ws.send('hello');
  const e = await nextMessage(ws);
  assert_equals(typeof e.data, 'string');
  assert_equals(e.data, 'hello');
}, 'A string is sent as a text message and echoed back as a string');

promise_test(async t => {
  const ws = await opened(t);
  ws.send('');
  const e = await nextMessage(ws);
  assert_equals(e.data, '');
}, 'An empty string is sent as an empty text message');

promise_test(async t => {
  const ws = await opened(t);
  const s = 'h\u00e9llo \u4e16\u754c \ud83d\ude00';
  ws.send(s);
  const e = await nextMessage(ws);
  assert_equals(e.data, s);
}, 'A string with non-ASCII and astral characters is sent as UTF-8 and round-trips');

promise_test(async t => {
  const ws = await opened(t);
  ws.send('a\ud800b');
  const e = await nextMessage(ws);
  assert_equals(e.data, 'a\ufffdb');
}, 'A lone surrogate in a string (USVString) is sent as U+FFFD');

promise_test(async t => {
  const ws = await opened(t);
  ws.send(123);
  const e = await nextMessage(ws);
  assert_equals(e.data, '123');
}, 'A number is converted to a string and sent as text');

promise_test(async t => {
  const ws = await opened(t);
  ws.send(null);
  const e = await nextMessage(ws);
  assert_equals(e.data, 'null');
}, 'null is converted to the string "null"');

promise_test(async t => {
  const ws = await opened(t);
  ws.send({ toString() { return 'obj'; } });
  const e = await nextMessage(ws);
  assert_equals(e.data, 'obj');
}, 'An object that is no buffer or Blob is converted with ToString');

promise_test(async t => {
  const ws = await opened(t);
  ws.binaryType = 'arraybuffer';
  const buf = new Uint8Array([0, 1, 2, 250, 255]).buffer;
  ws.send(buf);
  const e = await nextMessage(ws);
  assert_true(e.data instanceof ArrayBuffer, 'ArrayBuffer received');
  assert_array_equals(bytes(e.data), [0, 1, 2, 250, 255]);
}, 'An ArrayBuffer is sent as a binary message with its bytes');

promise_test(async t => {
  const ws = await opened(t);
  ws.binaryType = 'arraybuffer';
  ws.send(new ArrayBuffer(0));
  const e = await nextMessage(ws);
  assert_true(e.data instanceof ArrayBuffer);
  assert_equals(e.data.byteLength, 0);
}, 'An empty ArrayBuffer is sent as an empty binary message');

const kinds = [
  ['Int8Array', () => new Int8Array([-1, 0, 127, -128])],
  ['Uint8Array', () => new Uint8Array([0, 128, 255])],
  ['Uint8ClampedArray', () => new Uint8ClampedArray([0, 300, -5])],
  ['Int16Array', () => new Int16Array([-2, 1000])],
  ['Uint16Array', () => new Uint16Array([65535, 1])],
  ['Int32Array', () => new Int32Array([-1, 123456789])],
  ['Uint32Array', () => new Uint32Array([4294967295, 7])],
  ['Float32Array', () => new Float32Array([1.5, -0.25])],
  ['Float64Array', () => new Float64Array([Math.PI])],
  ['BigInt64Array', () => new BigInt64Array([-1n, 2n])],
  ['BigUint64Array', () => new BigUint64Array([2n ** 64n - 1n])],
];
for (const [name, make] of kinds) {
  promise_test(async t => {
    const ws = await opened(t);
    ws.binaryType = 'arraybuffer';
    const view = make();
    ws.send(view);
    const e = await nextMessage(ws);
    assert_true(e.data instanceof ArrayBuffer, 'binary message');
    assert_array_equals(bytes(e.data), bytes(view.buffer));
  }, `A ${name} is sent as a binary message holding the view's bytes`);
}

promise_test(async t => {
  const ws = await opened(t);
  ws.binaryType = 'arraybuffer';
  const whole = new Uint8Array([10, 11, 12, 13, 14, 15]);
  ws.send(whole.subarray(2, 5));
  const e = await nextMessage(ws);
  assert_array_equals(bytes(e.data), [12, 13, 14]);
}, 'A TypedArray view into part of a buffer sends only the bytes of the view');

promise_test(async t => {
  const ws = await opened(t);
  ws.binaryType = 'arraybuffer';
  const buf = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer;
  ws.send(new Uint16Array(buf, 2, 2));
  const e = await nextMessage(ws);
  assert_array_equals(bytes(e.data), [3, 4, 5, 6]);
}, 'A multi-byte TypedArray with a byteOffset sends its byteLength bytes from that offset');

promise_test(async t => {
  const ws = await opened(t);
  ws.binaryType = 'arraybuffer';
  const dv = new DataView(new ArrayBuffer(4));
  dv.setUint32(0, 0x01020304);
  ws.send(dv);
  const e = await nextMessage(ws);
  assert_array_equals(bytes(e.data), [1, 2, 3, 4]);
}, 'A DataView is sent as a binary message holding its bytes');

promise_test(async t => {
  const ws = await opened(t);
  ws.binaryType = 'arraybuffer';
  const buf = new Uint8Array([9, 8, 7, 6, 5]).buffer;
  ws.send(new DataView(buf, 1, 3));
  const e = await nextMessage(ws);
  assert_array_equals(bytes(e.data), [8, 7, 6]);
}, 'A DataView with an offset and length sends only those bytes');

promise_test(async t => {
  const ws = await opened(t);
  ws.binaryType = 'arraybuffer';
  ws.send(new Blob(['ab', new Uint8Array([0, 255])]));
  const e = await nextMessage(ws);
  assert_true(e.data instanceof ArrayBuffer, 'binary message');
  assert_array_equals(bytes(e.data), [97, 98, 0, 255]);
}, "A Blob is sent as a binary message holding the Blob's bytes");

promise_test(async t => {
  const ws = await opened(t);
  ws.send(new Blob(['hello'], { type: 'text/plain' }));
  const e = await nextMessage(ws);
  assert_true(e.data instanceof Blob, 'Blob received');
  assert_equals(e.data.size, 5);
  assert_equals(await e.data.text(), 'hello');
}, 'A Blob with a text type is still sent as binary and received as a Blob');

promise_test(async t => {
  const ws = await opened(t);
  ws.send(new Blob([]));
  const e = await nextMessage(ws);
  assert_true(e.data instanceof Blob);
  assert_equals(e.data.size, 0);
}, 'An empty Blob is sent as an empty binary message');

promise_test(async t => {
  const ws = await opened(t);
  ws.binaryType = 'arraybuffer';
  ws.send(new File(['xyz'], 'f.txt'));
  const e = await nextMessage(ws);
  assert_array_equals(bytes(e.data), [120, 121, 122]);
}, 'A File (a Blob) is sent as its bytes');

promise_test(async t => {
  const ws = await opened(t);
  ws.binaryType = 'arraybuffer';
  const got = [];
  ws.onmessage = e => got.push(typeof e.data === 'string' ? e.data : bytes(e.data).join(','));
  ws.send('one');
  ws.send(new Blob(['two']));
  ws.send(new Uint8Array([3]));
  ws.send('four');
  await new Promise(r => ws.addEventListener('message', () => { if (got.length === 4) r(); }));
  assert_array_equals(got, ['one', '116,119,111', '3', 'four']);
}, 'Messages are sent in the order send() was called, Blobs included');

promise_test(async t => {
  const ws = await opened(t);
  ws.binaryType = 'arraybuffer';
  const view = new Uint8Array([1, 2, 3]);
  ws.send(view);
  view[0] = 99;
  const e = await nextMessage(ws);
  assert_array_equals(bytes(e.data), [1, 2, 3]);
}, 'send() takes a copy of the buffer: later writes to it do not change the message');

promise_test(async t => {
  const ws = await opened(t);
  ws.binaryType = 'arraybuffer';
  const big = new Uint8Array(70000);
  for (let i = 0; i < big.length; i++) big[i] = i & 255;
  ws.send(big);
  const e = await nextMessage(ws);
  assert_equals(e.data.byteLength, 70000);
  const back = new Uint8Array(e.data);
  assert_equals(back[69999], 69999 & 255);
  assert_equals(back[256], 0);
}, 'A binary message larger than 64 KiB round-trips intact');

promise_test(async t => {
  const ws = await opened(t);
  ws.close();
  ws.send('after close');
  ws.send(new ArrayBuffer(2));
  assert_equals(ws.readyState, WebSocket.CLOSING);
}, 'send() while CLOSING does not throw');

promise_test(async t => {
  const ws = await opened(t);
  ws.close();
  await new Promise(r => ws.addEventListener('close', r));
  ws.send('late');
  assert_equals(ws.readyState, WebSocket.CLOSED);
}, 'send() while CLOSED does not throw');
