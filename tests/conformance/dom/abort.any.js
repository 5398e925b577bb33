// AbortController and AbortSignal, from the DOM Standard §3.1-§3.2.

test(() => {
  const c = new AbortController();
  assert_true(c.signal instanceof AbortSignal);
  assert_true(c.signal instanceof EventTarget);
  assert_false(c.signal.aborted);
  assert_equals(c.signal.reason, undefined);
  assert_equals(c.signal, c.signal, "the same signal each time");
}, "A new AbortController has a signal that is not aborted and whose reason is undefined");

test(() => {
  assert_throws_js(TypeError, () => new AbortSignal());
}, "AbortSignal has no constructor that script can call");

test(() => {
  const c = new AbortController();
  c.abort();
  assert_true(c.signal.aborted);
  assert_true(c.signal.reason instanceof DOMException);
  assert_equals(c.signal.reason.name, "AbortError");
}, "abort() with no reason sets the reason to a new AbortError DOMException");

test(() => {
  const c = new AbortController();
  const reason = { why: "x" };
  c.abort(reason);
  assert_equals(c.signal.reason, reason);
}, "abort(reason) sets the signal's abort reason to the given value");

test(() => {
  const c = new AbortController();
  let n = 0, event;
  c.signal.addEventListener("abort", e => { n++; event = e; });
  c.abort("first");
  c.abort("second");
  assert_equals(n, 1);
  assert_equals(c.signal.reason, "first");
  assert_equals(event.type, "abort");
  assert_false(event.bubbles);
  assert_false(event.cancelable);
  assert_true(event.isTrusted, "fired by the user agent");
}, "Aborting fires one trusted abort event; a second abort() changes nothing");

test(() => {
  const c = new AbortController();
  let n = 0;
  c.signal.onabort = () => n++;
  c.abort();
  assert_equals(n, 1);
}, "The onabort event handler is invoked when the signal is aborted");

test(() => {
  const c = new AbortController();
  let abortedInside;
  c.signal.addEventListener("abort", () => { abortedInside = c.signal.aborted; });
  c.abort();
  assert_true(abortedInside);
}, "The signal is already aborted when the abort event's listeners run");

test(() => {
  const s = AbortSignal.abort();
  assert_true(s.aborted);
  assert_equals(s.reason.name, "AbortError");
  assert_true(s.reason instanceof DOMException);
}, "AbortSignal.abort() returns an aborted signal whose reason is an AbortError");

test(() => {
  const s = AbortSignal.abort(42);
  assert_equals(s.reason, 42);
}, "AbortSignal.abort(reason) uses the given reason");

test(() => {
  const s = new AbortController().signal;
  s.throwIfAborted();
  const r = new Error("r");
  const a = AbortSignal.abort(r);
  assert_throws_exactly(r, () => a.throwIfAborted());
}, "throwIfAborted() throws the abort reason when aborted and does nothing otherwise");

test(() => {
  const a = AbortSignal.abort();
  assert_throws_dom("AbortError", () => a.throwIfAborted());
}, "throwIfAborted() on a signal aborted without reason throws an AbortError DOMException");

test(() => {
  assert_equals(typeof AbortSignal.timeout, "function");
  const s = AbortSignal.timeout(100000);
  assert_false(s.aborted);
}, "AbortSignal.timeout() returns a signal that is not aborted yet");

async_test(t => {
  const s = AbortSignal.timeout(0);
  s.addEventListener("abort", t.step_func_done(() => {
    assert_true(s.aborted);
    assert_true(s.reason instanceof DOMException);
    assert_equals(s.reason.name, "TimeoutError");
  }));
}, "AbortSignal.timeout(ms) aborts after the timeout with a TimeoutError DOMException");

test(() => {
  assert_throws_js(TypeError, () => AbortSignal.timeout(-1));
}, "AbortSignal.timeout() converts its argument with [EnforceRange] unsigned long long, so negatives throw");

