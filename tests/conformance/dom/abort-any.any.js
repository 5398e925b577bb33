// AbortSignal.any(), from the DOM Standard §3.2 ("create a dependent abort signal").
// Kept in its own file, so a host without AbortSignal.any fails only these subtests.

test(() => {
  if (typeof AbortSignal.any !== "function") {
    assert_unreached("AbortSignal.any is not implemented");
  }
  const a = new AbortController();
  const b = new AbortController();
  const s = AbortSignal.any([a.signal, b.signal]);
  assert_false(s.aborted);
  b.abort("why");
  assert_true(s.aborted);
  assert_equals(s.reason, "why");
}, "AbortSignal.any() returns a signal that aborts with the reason of the first of its sources to abort");

test(() => {
  if (typeof AbortSignal.any !== "function") {
    assert_unreached("AbortSignal.any is not implemented");
  }
  const s = AbortSignal.any([new AbortController().signal, AbortSignal.abort("pre")]);
  assert_true(s.aborted);
  assert_equals(s.reason, "pre");
}, "AbortSignal.any() with an already aborted source returns an aborted signal with that source's reason");
