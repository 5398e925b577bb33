// The Performance interface, from High Resolution Time §5 (https://w3c.github.io/hr-time/#sec-performance) and
// the WebIDL rules for interfaces, attributes, operations and [Replaceable].

test(() => {
  assert_equals(typeof Performance, "function");
  assert_equals(Performance.length, 0);
  assert_equals(Object.getPrototypeOf(Performance), EventTarget);
  assert_equals(Object.getPrototypeOf(Performance.prototype), EventTarget.prototype);
  assert_equals(Object.getPrototypeOf(performance), Performance.prototype);
  assert_true(performance instanceof EventTarget);
}, "Performance is an interface that inherits from EventTarget, and performance is one");

test(() => {
  assert_throws_js(TypeError, () => new Performance());
  assert_throws_js(TypeError, () => Performance());
}, "Performance has no constructor");

test(() => {
  for (const name of ["now", "toJSON"]) {
    const d = Object.getOwnPropertyDescriptor(Performance.prototype, name);
    assert_equals(typeof d.value, "function", name);
    assert_true(d.writable && d.enumerable && d.configurable, name);
    assert_equals(d.value.length, 0, name);
  }
  const origin = Object.getOwnPropertyDescriptor(Performance.prototype, "timeOrigin");
  assert_equals(typeof origin.get, "function");
  assert_equals(origin.set, undefined);
  assert_true(origin.enumerable && origin.configurable);
  assert_false(performance.hasOwnProperty("now"), "members live on the prototype");
  assert_equals(Object.prototype.toString.call(performance), "[object Performance]");
}, "now(), toJSON() and timeOrigin are members of Performance.prototype");

test(() => {
  assert_throws_js(TypeError, () => Performance.prototype.now.call({}));
  assert_throws_js(TypeError, () => Object.getOwnPropertyDescriptor(Performance.prototype, "timeOrigin").get.call(EventTarget.prototype));
  assert_throws_js(TypeError, () => Performance.prototype.toJSON.call(new EventTarget()));
}, "The members check that this is a Performance");

test(() => {
  const json = performance.toJSON();
  assert_equals(json.timeOrigin, performance.timeOrigin);
  for (const key of Object.keys(json)) {
    // A window has more (Navigation Timing's timing and navigation); each is an attribute of the interface.
    assert_equals(typeof Object.getOwnPropertyDescriptor(Performance.prototype, key)?.get, "function", key);
  }
  assert_equals(JSON.stringify(performance), JSON.stringify(json));
}, "The default toJSON() has the interface's attributes");

test(() => {
  const a = performance.now();
  const b = performance.now();
  assert_equals(typeof a, "number");
  assert_true(a >= 0 && b >= a);
  assert_true(performance.timeOrigin > 1e12 && performance.timeOrigin < Date.now() + 1);
}, "now() does not go back, and timeOrigin is a time since the epoch in milliseconds");

test(() => {
  let seen = 0;
  const listener = () => seen++;
  performance.addEventListener("custom", listener);
  performance.dispatchEvent(new Event("custom"));
  performance.removeEventListener("custom", listener);
  performance.dispatchEvent(new Event("custom"));
  assert_equals(seen, 1);
}, "performance is an EventTarget");

test(() => {
  const d = Object.getOwnPropertyDescriptor(self, "performance");
  assert_equals(typeof d.get, "function");
  assert_equals(typeof d.set, "function");
  assert_true(d.enumerable && d.configurable);
  const original = performance;
  try {
    self.performance = 5;
    assert_equals(self.performance, 5);
    assert_equals(Object.getOwnPropertyDescriptor(self, "performance").value, 5);
  } finally {
    Object.defineProperty(self, "performance", d);
  }
  assert_equals(self.performance, original);
}, "self.performance is [Replaceable]");
