// HTML event handler IDL attributes on WebSocket (onopen, onerror, onclose, onmessage).

const u = p => new URL(p, location).href;
function fresh(t, path = '/echo') {
  const ws = new WebSocket(u(path));
  t.add_cleanup(() => { ws.onclose = ws.onerror = null; if (ws.readyState < 2) ws.close(); });
  return ws;
}
const handlers = ['onopen', 'onerror', 'onclose', 'onmessage'];

for (const h of handlers) {
  test(t => { assert_equals(fresh(t)[h], null); }, `${h} is null by default`);
  test(t => {
    const ws = fresh(t);
    const f = () => {};
    ws[h] = f;
    assert_equals(ws[h], f);
  }, `${h} returns the function it was set to`);
  test(t => {
    const ws = fresh(t);
    ws[h] = () => {};
    ws[h] = null;
    assert_equals(ws[h], null);
  }, `${h} can be set back to null`);
  test(t => {
    const ws = fresh(t);
    ws[h] = 'alert(1)';
    assert_equals(ws[h], null);
    ws[h] = 5;
    assert_equals(ws[h], null);
  }, `Setting ${h} to a non-object value makes it null`);
  test(t => {
    const ws = fresh(t);
    const o = {};
    ws[h] = o;
    assert_equals(ws[h], o);
  }, `Setting ${h} to a non-callable object stores the object`);
  test(t => {
    const d = Object.getOwnPropertyDescriptor(WebSocket.prototype, h);
    assert_equals(typeof d.get, 'function');
    assert_equals(typeof d.set, 'function');
    assert_true(d.enumerable);
    assert_true(d.configurable);
  }, `${h} is an enumerable, configurable accessor on WebSocket.prototype with a getter and a setter`);
}

async_test(t => {
  const ws = new WebSocket(u('/echo'));
  ws.onopen = function (e) {
    const self = this;
    t.step(() => {
      assert_equals(self, ws);
      assert_equals(e.type, 'open');
    });
    ws.close();
    t.done();
  };
}, 'onopen is called with the open event and this set to the WebSocket');

async_test(t => {
  const ws = new WebSocket(u('/echo'));
  const calls = [];
  ws.onopen = t.unreached_func('replaced handler must not run');
  ws.onopen = t.step_func(() => { calls.push('second'); });
  ws.addEventListener('open', t.step_func(() => {
    assert_array_equals(calls, ['second']);
    ws.close();
    t.done();
  }));
}, 'Assigning a new handler replaces the old one');

async_test(t => {
  const ws = new WebSocket(u('/echo'));
  ws.onopen = t.unreached_func('removed handler must not run');
  ws.onopen = null;
  ws.addEventListener('open', t.step_func_done(() => ws.close()));
}, 'Setting the handler to null removes it');

async_test(t => {
  const ws = new WebSocket(u('/echo'));
  const order = [];
  ws.addEventListener('open', () => order.push('a'));
  ws.onopen = () => order.push('first handler');
  ws.addEventListener('open', () => order.push('c'));
  ws.onopen = () => order.push('b');
  ws.addEventListener('open', t.step_func_done(() => {
    assert_array_equals(order, ['a', 'b', 'c']);
    ws.close();
  }));
}, 'A handler runs in the position where it was first set; replacing it keeps that position');

async_test(t => {
  const ws = new WebSocket(u('/echo'));
  const order = [];
  ws.onopen = () => order.push('h1');
  ws.addEventListener('open', () => order.push('l'));
  ws.onopen = null;
  ws.onopen = () => order.push('h2');
  ws.addEventListener('open', t.step_func_done(() => {
    assert_array_equals(order, ['l', 'h2']);
    ws.close();
  }));
}, 'A handler set again after null is registered anew, at the end of the listener list');

async_test(t => {
  const ws = new WebSocket(u('/echo'));
  ws.onopen = () => ws.send('ping');
  let both = 0;
  ws.addEventListener('message', () => both++);
  ws.onmessage = t.step_func(e => {
    both++;
    assert_equals(e.data, 'ping');
  });
  ws.addEventListener('message', t.step_func_done(() => { assert_equals(both, 2); ws.close(); }));
}, 'onmessage and addEventListener listeners both receive the message event');

async_test(t => {
  const ws = new WebSocket(u('/status?code=404'));
  const order = [];
  ws.onerror = () => order.push('onerror');
  ws.onclose = t.step_func_done(e => {
    order.push('onclose');
    assert_array_equals(order, ['onerror', 'onclose']);
    assert_true(e instanceof CloseEvent);
  });
}, 'onerror and onclose are invoked for a failed connection, in that order');

async_test(t => {
  const ws = new WebSocket(u('/echo'));
  ws.onopen = { handleEvent: t.unreached_func('handleEvent of an object handler is not called') };
  ws.addEventListener('open', t.step_func(() => {
    ws.onopen = null;
    ws.close();
    t.step_timeout(() => t.done(), 0);
  }));
}, 'An event handler set to a non-callable object is not invoked through handleEvent');
