// WHATWG WebSockets Standard: readyState constants and transitions.

const u = p => new URL(p, location).href;
const names = { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 };

for (const [name, value] of Object.entries(names)) {
  test(() => { assert_equals(WebSocket[name], value); }, `WebSocket.${name} is ${value}`);
}

test(t => {
  const ws = new WebSocket(u('/echo'));
  t.add_cleanup(() => ws.close());
  assert_equals(ws.readyState, WebSocket.CONNECTING);
}, 'readyState is CONNECTING (0) right after construction');

async_test(t => {
  const ws = new WebSocket(u('/echo'));
  ws.onopen = t.step_func(() => {
    assert_equals(ws.readyState, WebSocket.OPEN);
    ws.onclose = null;
    ws.close();
    t.done();
  });
  ws.onclose = t.unreached_func('close');
}, 'readyState is OPEN (1) when open fires');

async_test(t => {
  const ws = new WebSocket(u('/echo'));
  ws.onopen = t.step_func(() => {
    ws.close();
    assert_equals(ws.readyState, WebSocket.CLOSING);
    t.done();
  });
}, 'close() while OPEN sets readyState to CLOSING (2) synchronously');

async_test(t => {
  const ws = new WebSocket(u('/echo'));
  ws.onopen = t.step_func(() => ws.close());
  ws.onclose = t.step_func_done(() => { assert_equals(ws.readyState, WebSocket.CLOSED); });
}, 'readyState is CLOSED (3) when close fires');

test(t => {
  const ws = new WebSocket(u('/echo'));
  ws.onerror = ws.onclose = null;
  ws.close();
  assert_equals(ws.readyState, WebSocket.CLOSING);
}, 'close() while CONNECTING sets readyState to CLOSING');

async_test(t => {
  const ws = new WebSocket(u('/echo'));
  ws.onopen = t.step_func(() => { ws.close(); ws.close(); assert_equals(ws.readyState, WebSocket.CLOSING); });
  ws.onclose = t.step_func_done(() => { ws.close(); assert_equals(ws.readyState, WebSocket.CLOSED); });
}, 'close() while CLOSING or CLOSED does nothing');

test(t => {
  const ws = new WebSocket(u('/echo'));
  t.add_cleanup(() => ws.close());
  assert_equals(ws.OPEN, 1);
  assert_equals(ws.CLOSED, 3);
}, 'The constants are readable on an instance');

async_test(t => {
  const ws = new WebSocket(u('/close?code=1000'));
  const states = [];
  ws.onopen = t.step_func(() => states.push(ws.readyState));
  ws.onclose = t.step_func_done(() => {
    states.push(ws.readyState);
    assert_array_equals(states, [1, 3]);
  });
}, 'A server-initiated close moves readyState from OPEN to CLOSED by the close event');

async_test(t => {
  const ws = new WebSocket(u('/echo'));
  ws.onopen = t.step_func(() => {
    ws.readyState = 3;
    assert_equals(ws.readyState, WebSocket.OPEN);
    ws.close();
    t.done();
  });
}, 'readyState is readonly: assigning to it does not change it');
