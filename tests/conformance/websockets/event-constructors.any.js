// CloseEvent (WebSockets Standard) and MessageEvent (HTML) constructors.

test(() => { assert_equals(CloseEvent.length, 1); assert_equals(Object.getPrototypeOf(CloseEvent), Event); }, 'CloseEvent has length 1 and inherits from Event');
test(() => { assert_throws_js(TypeError, () => CloseEvent('close')); }, 'CloseEvent requires new');
test(() => { assert_throws_js(TypeError, () => new CloseEvent()); }, 'CloseEvent requires a type argument');
test(() => {
  const e = new CloseEvent('close');
  assert_equals(e.type, 'close');
  assert_false(e.wasClean);
  assert_equals(e.code, 0);
  assert_equals(e.reason, '');
  assert_false(e.bubbles);
  assert_false(e.cancelable);
  assert_false(e.isTrusted);
}, 'new CloseEvent(type) defaults wasClean to false, code to 0 and reason to the empty string');
test(() => {
  const e = new CloseEvent('x', { wasClean: true, code: 4000, reason: 'bye', bubbles: true, cancelable: true });
  assert_equals(e.type, 'x');
  assert_true(e.wasClean);
  assert_equals(e.code, 4000);
  assert_equals(e.reason, 'bye');
  assert_true(e.bubbles);
  assert_true(e.cancelable);
}, 'CloseEventInit members and EventInit members initialize the CloseEvent');
test(() => { assert_equals(new CloseEvent('c', { code: 65536 + 7 }).code, 7); }, 'CloseEventInit code is an unsigned short: 65543 wraps to 7');
test(() => { assert_equals(new CloseEvent('c', { code: -1 }).code, 65535); }, 'CloseEventInit code -1 wraps to 65535');
test(() => { assert_equals(new CloseEvent('c', { code: 1000 }).code, 1000); }, 'Any unsigned short is allowed as CloseEventInit code (no close-code check)');
test(() => { assert_true(new CloseEvent('c', { wasClean: 1 }).wasClean); }, 'CloseEventInit wasClean is converted to boolean');
test(() => { assert_equals(new CloseEvent('c', { reason: 42 }).reason, '42'); }, 'CloseEventInit reason is converted to a string');
test(() => { assert_equals(new CloseEvent('c', null).code, 0); }, 'null as the CloseEventInit dictionary is treated as empty');
test(() => { assert_throws_js(TypeError, () => new CloseEvent('c', 5)); }, 'A non-object CloseEventInit throws TypeError');
test(() => {
  for (const name of ['wasClean', 'code', 'reason']) {
    const d = Object.getOwnPropertyDescriptor(CloseEvent.prototype, name);
    assert_equals(typeof d.get, 'function', name);
    assert_equals(d.set, undefined, name);
  }
}, 'wasClean, code and reason are readonly accessors on CloseEvent.prototype');
test(() => {
  const e = new CloseEvent('c', { code: 3000 });
  e.code = 1;
  assert_equals(e.code, 3000);
}, 'Assigning to the readonly code attribute has no effect');
test(() => { assert_true(new CloseEvent('c') instanceof Event); }, 'A CloseEvent is an Event');

test(() => { assert_equals(MessageEvent.length, 1); assert_equals(Object.getPrototypeOf(MessageEvent), Event); }, 'MessageEvent has length 1 and inherits from Event');
test(() => { assert_throws_js(TypeError, () => MessageEvent('message')); }, 'MessageEvent requires new');
test(() => { assert_throws_js(TypeError, () => new MessageEvent()); }, 'MessageEvent requires a type argument');
test(() => {
  const e = new MessageEvent('message');
  assert_equals(e.type, 'message');
  assert_equals(e.data, null);
  assert_equals(e.origin, '');
  assert_equals(e.lastEventId, '');
  assert_equals(e.source, null);
  assert_array_equals(e.ports, []);
  assert_false(e.bubbles);
  assert_false(e.cancelable);
}, 'new MessageEvent(type) defaults data to null, origin and lastEventId to "", source to null, ports to []');
test(() => {
  const data = { a: 1 };
  const e = new MessageEvent('m', { data, origin: 'ws://example.com', lastEventId: '7', bubbles: true });
  assert_equals(e.data, data, 'data is the same object, not a copy');
  assert_equals(e.origin, 'ws://example.com');
  assert_equals(e.lastEventId, '7');
  assert_true(e.bubbles);
}, 'MessageEventInit members initialize the MessageEvent');
test(() => {
  const buf = new ArrayBuffer(2);
  assert_equals(new MessageEvent('m', { data: buf }).data, buf);
  assert_equals(new MessageEvent('m', { data: undefined }).data, null);
}, 'data may be any value; an undefined data is the default null');
test(() => {
  const e = new MessageEvent('m');
  assert_true(Object.isFrozen(e.ports), 'frozen');
  assert_equals(e.ports, e.ports, 'same object each time');
}, 'ports is a frozen array, the same object on every get');
test(() => { assert_throws_js(TypeError, () => new MessageEvent('m', { ports: [1] })); }, 'ports holding a non-MessagePort throws TypeError');
test(() => { assert_throws_js(TypeError, () => new MessageEvent('m', { ports: 5 })); }, 'ports that is not a sequence throws TypeError');
test(() => { assert_throws_js(TypeError, () => new MessageEvent('m', { source: {} })); }, 'A source that is not a WindowProxy, MessagePort or ServiceWorker throws TypeError');
test(() => { assert_equals(new MessageEvent('m', { source: null }).source, null); }, 'A null source is allowed');
test(() => {
  for (const name of ['data', 'origin', 'lastEventId', 'source', 'ports']) {
    const d = Object.getOwnPropertyDescriptor(MessageEvent.prototype, name);
    assert_equals(typeof d.get, 'function', name);
    assert_equals(d.set, undefined, name);
  }
}, 'data, origin, lastEventId, source and ports are readonly accessors on MessageEvent.prototype');
test(() => {
  const e = new MessageEvent('m');
  assert_equals(typeof e.initMessageEvent, 'function');
  e.initMessageEvent('n', true, true, 'd', 'o', 'id', null, []);
  assert_equals(e.type, 'n');
  assert_true(e.bubbles);
  assert_equals(e.data, 'd');
  assert_equals(e.origin, 'o');
  assert_equals(e.lastEventId, 'id');
}, 'initMessageEvent() reinitializes a MessageEvent that has not been dispatched');
test(() => { assert_equals(MessageEvent.prototype.initMessageEvent.length, 1); }, 'initMessageEvent has length 1 (only type is required)');
