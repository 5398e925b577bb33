// CustomEvent (DOM §2.4), MessageEvent and ErrorEvent (HTML §9.4.3 and §8.1.4.3).

test(() => {
  const detail = { a: 1 };
  const e = new CustomEvent("c", { detail });
  assert_equals(e.detail, detail);
  assert_equals(e.type, "c");
  assert_true(e instanceof Event);
}, "CustomEvent's detail returns the value it was initialized to, and CustomEvent inherits from Event");

test(() => {
  assert_equals(new CustomEvent("c").detail, null);
}, "CustomEvent's detail defaults to null");

test(() => {
  const e = new CustomEvent("c", { bubbles: true, cancelable: true, detail: 5 });
  assert_true(e.bubbles);
  assert_true(e.cancelable);
  assert_equals(e.detail, 5);
}, "CustomEventInit also carries the EventInit members");

test(() => {
  const e = new CustomEvent("a");
  e.initCustomEvent("b", true, false, "d");
  assert_equals(e.type, "b");
  assert_true(e.bubbles);
  assert_false(e.cancelable);
  assert_equals(e.detail, "d");
}, "initCustomEvent() initializes type, bubbles, cancelable and detail");

test(() => {
  const t = new EventTarget();
  const e = new CustomEvent("c", { detail: 1 });
  let seen;
  t.addEventListener("c", ev => { seen = ev.detail; });
  t.dispatchEvent(e);
  assert_equals(seen, 1);
}, "A CustomEvent is dispatched to listeners with its detail");

test(() => {
  const e = new MessageEvent("message");
  assert_equals(e.data, null);
  assert_equals(e.origin, "");
  assert_equals(e.lastEventId, "");
  assert_equals(e.source, null);
  assert_true(Array.isArray(e.ports));
  assert_equals(e.ports.length, 0);
  assert_true(e instanceof Event);
}, "MessageEvent's members default to null data, empty origin and lastEventId, null source and no ports");

test(() => {
  const data = new ArrayBuffer(2);
  const e = new MessageEvent("message", { data, origin: "ws://example.com", lastEventId: "7" });
  assert_equals(e.data, data);
  assert_equals(e.origin, "ws://example.com");
  assert_equals(e.lastEventId, "7");
}, "MessageEvent returns the data, origin and lastEventId it was initialized to");

test(() => {
  const e = new MessageEvent("message", { data: undefined });
  assert_equals(e.data, null);
}, "MessageEventInit's data of undefined leaves data at its default of null");

test(() => {
  assert_throws_js(TypeError, () => new MessageEvent());
}, "The MessageEvent constructor requires its type argument");

test(() => {
  const e = new MessageEvent("message");
  assert_false(e.isTrusted);
  assert_false(e.bubbles);
  assert_false(e.cancelable);
}, "A script-created MessageEvent is untrusted and neither bubbles nor is cancelable by default");

test(() => {
  const e = new ErrorEvent("error");
  assert_equals(e.message, "");
  assert_equals(e.filename, "");
  assert_equals(e.lineno, 0);
  assert_equals(e.colno, 0);
  assert_equals(e.error, undefined);
  assert_true(e instanceof Event);
}, "ErrorEvent's members default to empty message and filename, zero lineno and colno, undefined error");

test(() => {
  const err = new TypeError("t");
  const e = new ErrorEvent("error", { message: "m", filename: "f.js", lineno: 3, colno: 4, error: err });
  assert_equals(e.message, "m");
  assert_equals(e.filename, "f.js");
  assert_equals(e.lineno, 3);
  assert_equals(e.colno, 4);
  assert_equals(e.error, err);
}, "ErrorEvent returns the message, filename, lineno, colno and error it was initialized to");

test(() => {
  const e = new ErrorEvent("error", { lineno: -1 });
  assert_equals(e.lineno, 4294967295);
}, "ErrorEvent's lineno is converted as a WebIDL unsigned long");
