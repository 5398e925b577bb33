// DOM Standard §2.10 "inner invoke": if a listener's callback throws, report the exception and continue.
setup({ allow_uncaught_exception: true });

async_test(t => {
  const target = new EventTarget();
  const calls = [];
  const err = new Error("boom");
  self.addEventListener("error", t.step_func(ev => {
    ev.preventDefault();
    assert_equals(ev.error, err, "the reported error is the thrown value");
    assert_true(ev instanceof ErrorEvent);
    calls.push("reported");
  }), { once: true });
  target.addEventListener("x", () => { calls.push(1); throw err; });
  target.addEventListener("x", () => calls.push(2));
  target.dispatchEvent(new Event("x"));
  t.step(() => assert_array_equals(calls, [1, "reported", 2]));
  t.done();
}, "An exception thrown by a listener is reported as an ErrorEvent and the remaining listeners still run");
