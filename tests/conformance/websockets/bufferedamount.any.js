// WHATWG WebSockets Standard: bufferedAmount accounting.
// META: script=resources/helpers.js


test(t => {
  const ws = new WebSocket(u('/echo'));
  t.add_cleanup(() => ws.close());
  assert_equals(ws.bufferedAmount, 0);
}, 'bufferedAmount is 0 on a new WebSocket');

promise_test(async t => {
  const ws = await opened(t);
  assert_equals(ws.bufferedAmount, 0);
}, 'bufferedAmount is 0 when open fires');

promise_test(async t => {
  const ws = await opened(t);
  ws.send('abc');
  assert_equals(ws.bufferedAmount, 3);
}, 'send() of an ASCII string increases bufferedAmount by its length within the same task');

promise_test(async t => {
  const ws = await opened(t);
  ws.send('\u00e9\u4e16\ud83d\ude00');
  assert_equals(ws.bufferedAmount, 2 + 3 + 4);
}, 'send() of a string increases bufferedAmount by its UTF-8 byte length, not its length');

promise_test(async t => {
  const ws = await opened(t);
  ws.send('\ud800');
  assert_equals(ws.bufferedAmount, 3);
}, 'A lone surrogate counts as the 3 bytes of U+FFFD');

promise_test(async t => {
  const ws = await opened(t);
  ws.send(new ArrayBuffer(10));
  assert_equals(ws.bufferedAmount, 10);
}, 'send() of an ArrayBuffer increases bufferedAmount by its byteLength');

promise_test(async t => {
  const ws = await opened(t);
  ws.send(new Uint32Array(new ArrayBuffer(32), 4, 3));
  assert_equals(ws.bufferedAmount, 12);
}, "send() of a TypedArray increases bufferedAmount by the view's byteLength");

promise_test(async t => {
  const ws = await opened(t);
  ws.send(new DataView(new ArrayBuffer(20), 5, 7));
  assert_equals(ws.bufferedAmount, 7);
}, "send() of a DataView increases bufferedAmount by the view's byteLength");

promise_test(async t => {
  const ws = await opened(t);
  ws.send(new Blob(['12345678']));
  assert_equals(ws.bufferedAmount, 8);
}, "send() of a Blob increases bufferedAmount by the Blob's size");

promise_test(async t => {
  const ws = await opened(t);
  ws.send('ab');
  ws.send(new ArrayBuffer(5));
  ws.send(new Blob(['xyz']));
  assert_equals(ws.bufferedAmount, 10);
}, 'bufferedAmount is the sum over all queued messages');

promise_test(async t => {
  const ws = await opened(t);
  ws.send('');
  assert_equals(ws.bufferedAmount, 0);
}, 'An empty message adds nothing to bufferedAmount');

promise_test(async t => {
  const ws = await opened(t);
  ws.send('hello');
  ws.send(new Uint8Array(100));
  await nextMessage(ws);
  await nextMessage(ws);
  assert_equals(ws.bufferedAmount, 0);
}, 'bufferedAmount returns to 0 once the data has been transmitted (echoes received)');

promise_test(async t => {
  const ws = await opened(t);
  const seen = [];
  for (let i = 0; i < 20; i++) ws.send('x'.repeat(1000));
  seen.push(ws.bufferedAmount);
  await new Promise(resolve => {
    let n = 0;
    ws.onmessage = () => { seen.push(ws.bufferedAmount); if (++n === 20) resolve(); };
  });
  assert_equals(seen[0], 20000);
  for (const v of seen) assert_greater_than_equal(v, 0);
  for (let i = 1; i < seen.length; i++) assert_less_than_equal(seen[i], seen[i - 1], 'never grows without send');
  assert_equals(seen[seen.length - 1], 0);
}, 'bufferedAmount never goes negative and only decreases as data goes out');

promise_test(async t => {
  const ws = await opened(t);
  ws.close();
  ws.send('abcd');
  assert_equals(ws.bufferedAmount, 4);
  ws.send(new ArrayBuffer(6));
  assert_equals(ws.bufferedAmount, 10);
}, 'send() while CLOSING still increases bufferedAmount by the data size');

promise_test(async t => {
  const ws = await opened(t);
  ws.close();
  await new Promise(r => ws.addEventListener('close', r));
  const before = ws.bufferedAmount;
  ws.send('xyz');
  assert_equals(ws.bufferedAmount, before + 3);
}, 'send() while CLOSED increases bufferedAmount by the data size');

promise_test(async t => {
  const ws = await opened(t);
  ws.close();
  ws.send('late');
  await new Promise(r => ws.addEventListener('close', r));
  assert_equals(ws.bufferedAmount, 4);
}, 'Data queued after the closing handshake started is never transmitted: bufferedAmount stays');
