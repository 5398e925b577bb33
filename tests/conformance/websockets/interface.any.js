// WebIDL: the shape of the WebSocket interface, as the WebSockets Standard's IDL defines it.

const u = p => new URL(p, location).href;
const attrs = {
  url: true, readyState: true, bufferedAmount: true, extensions: true, protocol: true,
  onopen: false, onerror: false, onclose: false, onmessage: false, binaryType: false,
};
const constants = { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 };

test(() => {
  const d = Object.getOwnPropertyDescriptor(globalThis, 'WebSocket');
  assert_true(d.writable, 'writable');
  assert_false(d.enumerable, 'enumerable');
  assert_true(d.configurable, 'configurable');
}, 'The WebSocket interface object is a writable, non-enumerable, configurable global property');

test(() => { assert_equals(typeof WebSocket, 'function'); assert_equals(WebSocket.name, 'WebSocket'); }, 'WebSocket is a function named "WebSocket"');
test(() => { assert_equals(WebSocket.length, 1); }, 'WebSocket.length is 1 (url is the only required argument)');
test(() => { assert_throws_js(TypeError, () => WebSocket(u('/echo'))); }, 'Calling WebSocket without new throws TypeError');
test(() => { assert_equals(Object.getPrototypeOf(WebSocket), EventTarget); }, "WebSocket's [[Prototype]] is EventTarget (it inherits from EventTarget)");
test(() => { assert_equals(Object.getPrototypeOf(WebSocket.prototype), EventTarget.prototype); }, "WebSocket.prototype's [[Prototype]] is EventTarget.prototype");
test(() => {
  const d = Object.getOwnPropertyDescriptor(WebSocket, 'prototype');
  assert_false(d.writable); assert_false(d.enumerable); assert_false(d.configurable);
}, 'WebSocket.prototype is non-writable, non-enumerable and non-configurable');
test(() => {
  const d = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'constructor');
  assert_equals(d.value, WebSocket);
  assert_true(d.writable); assert_false(d.enumerable); assert_true(d.configurable);
}, 'WebSocket.prototype.constructor is WebSocket, writable, non-enumerable and configurable');
test(() => {
  assert_equals(WebSocket.prototype[Symbol.toStringTag], 'WebSocket');
  assert_equals(Object.prototype.toString.call(WebSocket.prototype), '[object WebSocket]');
}, 'WebSocket.prototype has the @@toStringTag "WebSocket"');

for (const [name, value] of Object.entries(constants)) {
  for (const [where, obj] of [['interface object', WebSocket], ['prototype', WebSocket.prototype]]) {
    test(() => {
      const d = Object.getOwnPropertyDescriptor(obj, name);
      assert_not_equals(d, undefined, 'own property');
      assert_equals(d.value, value);
      assert_false(d.writable, 'writable');
      assert_true(d.enumerable, 'enumerable');
      assert_false(d.configurable, 'configurable');
    }, `The constant ${name} (${value}) is on the ${where}: read-only, enumerable, non-configurable`);
  }
}

for (const [name, readonly] of Object.entries(attrs)) {
  test(() => {
    const d = Object.getOwnPropertyDescriptor(WebSocket.prototype, name);
    assert_not_equals(d, undefined, 'own property of the prototype');
    assert_equals(typeof d.get, 'function', 'getter');
    assert_equals(d.get.name, 'get ' + name, 'getter name');
    assert_equals(d.get.length, 0, 'getter length');
    if (readonly) assert_equals(d.set, undefined, 'no setter on a readonly attribute');
    else { assert_equals(typeof d.set, 'function', 'setter'); assert_equals(d.set.name, 'set ' + name); }
    assert_true(d.enumerable); assert_true(d.configurable);
  }, `The ${readonly ? 'readonly ' : ''}attribute ${name} is an accessor on WebSocket.prototype`);
}

for (const name of ['url', 'readyState', 'bufferedAmount', 'binaryType']) {
  test(() => {
    const get = Object.getOwnPropertyDescriptor(WebSocket.prototype, name).get;
    assert_throws_js(TypeError, () => get.call({}));
  }, `The ${name} getter throws TypeError when this is not a WebSocket`);
}

for (const [name, length] of [['close', 0], ['send', 1]]) {
  test(() => {
    const d = Object.getOwnPropertyDescriptor(WebSocket.prototype, name);
    assert_equals(typeof d.value, 'function');
    assert_equals(d.value.name, name);
    assert_equals(d.value.length, length);
    assert_true(d.writable); assert_true(d.enumerable); assert_true(d.configurable);
  }, `${name}() is an operation on WebSocket.prototype with length ${length}`);
  test(() => {
    assert_throws_js(TypeError, () => WebSocket.prototype[name].call({}, 'x'));
  }, `${name}() throws TypeError when this is not a WebSocket`);
}

test(t => {
  const ws = new WebSocket(u('/echo'));
  t.add_cleanup(() => ws.close());
  assert_true(ws instanceof WebSocket);
  assert_true(ws instanceof EventTarget);
}, 'A WebSocket is an instance of WebSocket and of EventTarget');

test(t => {
  const ws = new WebSocket(u('/echo'));
  t.add_cleanup(() => ws.close());
  assert_array_equals(Object.getOwnPropertyNames(ws), []);
}, 'A WebSocket instance has no own properties: its members live on the prototype');

test(t => {
  const ws = new WebSocket(u('/echo'));
  t.add_cleanup(() => ws.close());
  assert_equals(Object.prototype.toString.call(ws), '[object WebSocket]');
}, 'Object.prototype.toString of a WebSocket is "[object WebSocket]"');

test(t => {
  const ws = new WebSocket(u('/echo'));
  t.add_cleanup(() => ws.close());
  assert_equals(typeof ws.addEventListener, 'function');
  assert_equals(ws.addEventListener, EventTarget.prototype.addEventListener);
}, 'addEventListener is inherited from EventTarget.prototype');

test(t => {
  class MyWS extends WebSocket {}
  const ws = new MyWS(u('/echo'));
  t.add_cleanup(() => ws.close());
  assert_true(ws instanceof MyWS);
  assert_true(ws instanceof WebSocket);
  assert_equals(ws.readyState, 0);
}, 'WebSocket can be subclassed; the instance is created with new.target.prototype');
