// Event interface, from the DOM Standard §2.2 "Interface Event" and §2.9 "Dispatching events".

test(() => {
  const e = new Event("hello");
  assert_equals(e.type, "hello");
  assert_false(e.bubbles);
  assert_false(e.cancelable);
  assert_false(e.composed);
  assert_false(e.defaultPrevented);
  assert_equals(e.eventPhase, Event.NONE);
  assert_equals(e.target, null);
  assert_equals(e.currentTarget, null);
}, "The Event constructor initializes type and leaves every EventInit member false by default");

test(() => {
  const e = new Event("x", { bubbles: true, cancelable: true, composed: true });
  assert_true(e.bubbles);
  assert_true(e.cancelable);
  assert_true(e.composed);
}, "The Event constructor copies bubbles, cancelable and composed from the init dictionary");

test(() => {
  const e = new Event("x", { bubbles: 1, cancelable: "yes", composed: {} });
  assert_equals(e.bubbles, true);
  assert_equals(e.cancelable, true);
  assert_equals(e.composed, true);
}, "EventInit members are converted to boolean as WebIDL boolean values");

test(() => {
  assert_throws_js(TypeError, () => new Event());
}, "The Event constructor requires its type argument");

test(() => {
  assert_throws_js(TypeError, () => Event("x"));
}, "Event cannot be called without new");

test(() => {
  assert_equals(new Event(null).type, "null");
  assert_equals(new Event(undefined).type, "undefined");
  assert_equals(new Event(42).type, "42");
}, "The type argument is converted with WebIDL DOMString conversion");

test(() => {
  const e = new Event("x");
  assert_false(e.isTrusted);
}, "isTrusted is false for an event created by script");

test(() => {
  const e = new Event("x");
  const d = Object.getOwnPropertyDescriptor(e, "isTrusted");
  assert_not_equals(d, undefined, "isTrusted is an own property");
  assert_false(d.configurable);
  assert_equals(typeof d.get, "function");
}, "isTrusted is an unforgeable attribute, defined on the instance and not configurable");

test(() => {
  const e = new Event("x");
  const t = new EventTarget();
  t.addEventListener("x", ev => assert_false(ev.isTrusted));
  t.dispatchEvent(e);
  assert_false(e.isTrusted);
}, "dispatchEvent() initializes isTrusted to false");

test(() => {
  const e = new Event("x", { cancelable: true });
  e.preventDefault();
  assert_true(e.defaultPrevented);
  assert_false(e.returnValue);
}, "preventDefault() on a cancelable event sets the canceled flag, so defaultPrevented is true and returnValue false");

test(() => {
  const e = new Event("x", { cancelable: false });
  e.preventDefault();
  assert_false(e.defaultPrevented);
  assert_true(e.returnValue);
}, "preventDefault() has no effect when cancelable is false");

test(() => {
  const e = new Event("x", { cancelable: true });
  e.returnValue = false;
  assert_true(e.defaultPrevented);
  e.returnValue = true;
  assert_true(e.defaultPrevented, "setting returnValue to true does not uncancel");
}, "Setting returnValue to false sets the canceled flag; setting it to true does nothing");

test(() => {
  const t = new EventTarget();
  const e = new Event("x", { cancelable: true });
  t.addEventListener("x", ev => ev.preventDefault(), { passive: true });
  assert_true(t.dispatchEvent(e));
  assert_false(e.defaultPrevented);
}, "preventDefault() inside a passive listener does not set the canceled flag");

test(() => {
  const e = new Event("x");
  assert_equals(typeof e.timeStamp, "number");
  assert_greater_than_equal(e.timeStamp, 0);
  const later = new Event("y");
  assert_greater_than_equal(later.timeStamp, e.timeStamp);
}, "timeStamp is a non-negative DOMHighResTimeStamp that does not decrease for later events");

test(() => {
  assert_equals(Event.NONE, 0);
  assert_equals(Event.CAPTURING_PHASE, 1);
  assert_equals(Event.AT_TARGET, 2);
  assert_equals(Event.BUBBLING_PHASE, 3);
  assert_equals(Event.prototype.AT_TARGET, 2);
}, "The eventPhase constants have the values the spec assigns, on the interface and its prototype");

test(() => {
  const t = new EventTarget();
  const e = new Event("x");
  let phase, target, current;
  t.addEventListener("x", ev => { phase = ev.eventPhase; target = ev.target; current = ev.currentTarget; });
  t.dispatchEvent(e);
  assert_equals(phase, Event.AT_TARGET);
  assert_equals(target, t);
  assert_equals(current, t);
}, "During dispatch at the target, eventPhase is AT_TARGET and target/currentTarget are the target");

test(() => {
  const t = new EventTarget();
  const e = new Event("x");
  t.dispatchEvent(e);
  assert_equals(e.eventPhase, Event.NONE);
  assert_equals(e.currentTarget, null);
  assert_equals(e.target, t, "target stays set after dispatch");
}, "After dispatch eventPhase is NONE and currentTarget is null");

test(() => {
  const t = new EventTarget();
  const e = new Event("x");
  let path;
  t.addEventListener("x", ev => { path = ev.composedPath(); });
  assert_array_equals(e.composedPath(), []);
  t.dispatchEvent(e);
  assert_array_equals(path, [t]);
  assert_array_equals(e.composedPath(), [], "empty again after dispatch");
}, "composedPath() returns the event path during dispatch and an empty array otherwise");

test(() => {
  const t = new EventTarget();
  const calls = [];
  t.addEventListener("x", ev => { calls.push(1); ev.stopPropagation(); });
  t.addEventListener("x", () => calls.push(2));
  t.dispatchEvent(new Event("x"));
  assert_array_equals(calls, [1, 2]);
}, "stopPropagation() does not prevent other listeners on the same target from running");

test(() => {
  const t = new EventTarget();
  const calls = [];
  t.addEventListener("x", ev => { calls.push(1); ev.stopImmediatePropagation(); });
  t.addEventListener("x", () => calls.push(2));
  t.dispatchEvent(new Event("x"));
  assert_array_equals(calls, [1]);
}, "stopImmediatePropagation() prevents the remaining listeners on the same target from running");

test(() => {
  const e = new Event("x");
  assert_false(e.cancelBubble);
  e.cancelBubble = true;
  assert_true(e.cancelBubble);
  e.cancelBubble = false;
  assert_true(e.cancelBubble, "setting false does not clear the stop propagation flag");
}, "cancelBubble reflects the stop propagation flag and can only be set to true");

test(() => {
  const e = new Event("x");
  e.stopPropagation();
  assert_true(e.cancelBubble);
}, "stopPropagation() sets the stop propagation flag, which cancelBubble returns");

test(() => {
  const t = new EventTarget();
  const e = new Event("x");
  let ran = false;
  t.addEventListener("x", () => { ran = true; });
  e.stopPropagation();
  t.dispatchEvent(e);
  assert_false(ran, "invoke returns early when the stop propagation flag is set");
  assert_false(e.cancelBubble, "dispatch unsets the flag at its end");
}, "An event whose propagation was stopped before dispatch reaches no listener, and dispatch then unsets the flag");

test(() => {
  const e = new Event("x", { cancelable: true });
  e.preventDefault();
  const t = new EventTarget();
  assert_false(t.dispatchEvent(e), "canceled flag is kept into dispatch");
}, "An event canceled before dispatch makes dispatchEvent() return false");

test(() => {
  const e = new Event("a");
  e.initEvent("b", true, true);
  assert_equals(e.type, "b");
  assert_true(e.bubbles);
  assert_true(e.cancelable);
}, "initEvent() sets type, bubbles and cancelable on an event not being dispatched");

test(() => {
  const e = new Event("a", { cancelable: true });
  e.preventDefault();
  e.stopPropagation();
  e.initEvent("b");
  assert_false(e.defaultPrevented, "canceled flag is unset");
  assert_false(e.cancelBubble, "stop propagation flag is unset");
  assert_false(e.bubbles);
  assert_false(e.cancelable);
}, "initEvent() unsets the canceled and stop propagation flags and defaults bubbles/cancelable to false");

test(() => {
  const t = new EventTarget();
  const e = new Event("a");
  t.addEventListener("a", ev => { ev.initEvent("b", true, true); });
  t.dispatchEvent(e);
  assert_equals(e.type, "a");
  assert_false(e.bubbles);
}, "initEvent() does nothing while the event is being dispatched");

test(() => {
  const t = new EventTarget();
  const e = new Event("x");
  let src;
  t.addEventListener("x", ev => { src = ev.srcElement; });
  t.dispatchEvent(e);
  assert_equals(src, t);
}, "srcElement is a legacy alias of target");
