// EventTarget, from the DOM Standard §2.7 "Interface EventTarget" and §2.9 "Dispatching events".

test(() => {
  const t = new EventTarget();
  assert_true(t instanceof EventTarget);
  assert_true(t.dispatchEvent(new Event("x")));
}, "The EventTarget constructor creates a new EventTarget");

test(() => {
  const t = new EventTarget();
  let n = 0;
  t.addEventListener("x", () => n++, { once: true });
  t.dispatchEvent(new Event("x"));
  t.dispatchEvent(new Event("x"));
  assert_equals(n, 1);
}, "A listener added with once: true is removed before it is invoked, so it runs only once");

test(() => {
  const t = new EventTarget();
  let n = 0;
  t.addEventListener("x", () => { n++; t.dispatchEvent(new Event("x")); }, { once: true });
  t.dispatchEvent(new Event("x"));
  assert_equals(n, 1);
}, "A once listener that re-dispatches the same type from inside itself is not invoked again");

test(() => {
  const t = new EventTarget();
  const controller = new AbortController();
  let n = 0;
  t.addEventListener("x", () => n++, { signal: controller.signal });
  t.dispatchEvent(new Event("x"));
  controller.abort();
  t.dispatchEvent(new Event("x"));
  assert_equals(n, 1);
}, "Aborting the signal passed to addEventListener removes the listener");

test(() => {
  const t = new EventTarget();
  let n = 0;
  t.addEventListener("x", () => n++, { signal: AbortSignal.abort() });
  t.dispatchEvent(new Event("x"));
  assert_equals(n, 0);
}, "addEventListener with an already aborted signal does not add the listener");

test(() => {
  const t = new EventTarget();
  assert_throws_js(TypeError, () => t.addEventListener("x", () => {}, { signal: null }));
}, "addEventListener throws a TypeError when signal is null (not an AbortSignal)");

test(() => {
  const t = new EventTarget();
  let n = 0;
  const f = () => n++;
  t.addEventListener("x", f);
  t.addEventListener("x", f);
  t.addEventListener("x", f, false);
  t.addEventListener("x", f, { once: true, passive: true });
  t.dispatchEvent(new Event("x"));
  assert_equals(n, 1);
}, "Adding the same callback with the same capture again is ignored, whatever once and passive say");

test(() => {
  const t = new EventTarget();
  let n = 0;
  const f = () => n++;
  t.addEventListener("x", f, true);
  t.addEventListener("x", f, false);
  t.dispatchEvent(new Event("x"));
  assert_equals(n, 2);
}, "The same callback with different capture values is two listeners");

test(() => {
  const t = new EventTarget();
  let n = 0;
  const f = () => n++;
  t.addEventListener("x", f, { capture: true });
  t.removeEventListener("x", f);
  t.dispatchEvent(new Event("x"));
  assert_equals(n, 1, "removal without capture does not match a capture listener");
  t.removeEventListener("x", f, { capture: true });
  t.dispatchEvent(new Event("x"));
  assert_equals(n, 1);
}, "removeEventListener matches on type, callback and capture");

test(() => {
  const t = new EventTarget();
  const calls = [];
  t.addEventListener("x", () => calls.push("bubble"));
  t.addEventListener("x", () => calls.push("capture"), true);
  t.dispatchEvent(new Event("x"));
  assert_array_equals(calls, ["capture", "bubble"]);
}, "At the target, capturing listeners run before non-capturing ones");

test(() => {
  const t = new EventTarget();
  const calls = [];
  t.addEventListener("x", () => calls.push(1));
  t.addEventListener("x", () => calls.push(2));
  t.addEventListener("x", () => calls.push(3));
  t.dispatchEvent(new Event("x"));
  assert_array_equals(calls, [1, 2, 3]);
}, "Listeners are invoked in the order they were added");

test(() => {
  const t = new EventTarget();
  let thisValue, arg;
  const obj = { handleEvent(e) { thisValue = this; arg = e; } };
  const e = new Event("x");
  t.addEventListener("x", obj);
  t.dispatchEvent(e);
  assert_equals(thisValue, obj);
  assert_equals(arg, e);
}, "An object listener has its handleEvent method called with the object as this");

test(() => {
  const t = new EventTarget();
  const obj = { handleEvent() { calls.push("first"); } };
  const calls = [];
  t.addEventListener("x", obj);
  obj.handleEvent = () => calls.push("second");
  t.dispatchEvent(new Event("x"));
  assert_array_equals(calls, ["second"]);
}, "handleEvent is looked up when the listener is invoked, not when it is added");

test(() => {
  const t = new EventTarget();
  let thisValue;
  t.addEventListener("x", function () { thisValue = this; });
  t.dispatchEvent(new Event("x"));
  assert_equals(thisValue, t);
}, "A function listener is called with the event's currentTarget as this");

test(() => {
  const t = new EventTarget();
  t.addEventListener("x", null);
  t.removeEventListener("x", null);
  assert_true(t.dispatchEvent(new Event("x")));
}, "addEventListener and removeEventListener with a null callback do nothing");

test(() => {
  const t = new EventTarget();
  const calls = [];
  const b = () => calls.push("b");
  t.addEventListener("x", () => { calls.push("a"); t.removeEventListener("x", b); });
  t.addEventListener("x", b);
  t.dispatchEvent(new Event("x"));
  assert_array_equals(calls, ["a"]);
}, "A listener removed during dispatch by an earlier listener is not invoked");

test(() => {
  const t = new EventTarget();
  const calls = [];
  t.addEventListener("x", () => { calls.push("a"); t.addEventListener("x", () => calls.push("late")); });
  t.dispatchEvent(new Event("x"));
  assert_array_equals(calls, ["a"]);
  t.dispatchEvent(new Event("x"));
  assert_equals(calls.filter(c => c === "late").length, 1);
}, "A listener added during dispatch is not invoked for that dispatch");

test(() => {
  const t = new EventTarget();
  t.addEventListener("x", e => e.preventDefault());
  assert_false(t.dispatchEvent(new Event("x", { cancelable: true })));
  assert_true(t.dispatchEvent(new Event("x", { cancelable: false })));
}, "dispatchEvent() returns false if the event was canceled, true otherwise");

test(() => {
  const t = new EventTarget();
  const e = new Event("x");
  let err;
  t.addEventListener("x", () => {
    try { t.dispatchEvent(e); } catch (ex) { err = ex; }
  });
  t.dispatchEvent(e);
  assert_true(err instanceof DOMException, "a DOMException");
  assert_equals(err.name, "InvalidStateError");
}, "dispatchEvent() throws InvalidStateError for an event whose dispatch flag is set");

test(() => {
  const t = new EventTarget();
  const e = new Event("x");
  t.dispatchEvent(e);
  let n = 0;
  t.addEventListener("x", () => n++);
  t.dispatchEvent(e);
  assert_equals(n, 1);
}, "An event can be dispatched again after its dispatch has finished");

test(() => {
  const t = new EventTarget();
  assert_throws_js(TypeError, () => t.dispatchEvent({ type: "x" }));
  assert_throws_js(TypeError, () => t.dispatchEvent(null));
}, "dispatchEvent() throws TypeError for a value that is not an Event");

test(() => {
  const t = new EventTarget();
  let sawPassive;
  const e = new Event("x", { cancelable: true });
  t.addEventListener("x", ev => { ev.preventDefault(); sawPassive = ev.defaultPrevented; }, { passive: true });
  t.addEventListener("x", ev => ev.preventDefault(), { passive: false });
  assert_false(t.dispatchEvent(e));
  assert_false(sawPassive);
}, "The passive flag applies per listener: a non-passive listener can still cancel");

test(() => {
  const t = new EventTarget();
  let n = 0;
  t.addEventListener("x", () => n++);
  t.dispatchEvent(new Event("X"));
  assert_equals(n, 0);
}, "Event types are matched case-sensitively");
