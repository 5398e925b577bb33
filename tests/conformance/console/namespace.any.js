// The console namespace object, as the Console Standard and WebIDL's namespaces define it.

test(() => {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, "console");
  assert_true(descriptor.writable, "writable");
  assert_false(descriptor.enumerable, "not enumerable");
  assert_true(descriptor.configurable, "configurable");
  assert_equals(typeof console, "object");
}, "console is a writable, configurable, non-enumerable property of the global");

test(() => {
  const prototype = Object.getPrototypeOf(console);
  assert_not_equals(prototype, Object.prototype, "not %Object.prototype% itself");
  assert_equals(Object.getPrototypeOf(prototype), Object.prototype);
  assert_array_equals(Reflect.ownKeys(prototype), [], "an empty object");
}, "console's [[Prototype]] is an empty object whose [[Prototype]] is %Object.prototype%");

test(() => {
  assert_equals(Object.prototype.toString.call(console), "[object console]");
  const tag = Object.getOwnPropertyDescriptor(console, Symbol.toStringTag);
  assert_equals(tag.value, "console");
  assert_false(tag.writable);
  assert_false(tag.enumerable);
  assert_true(tag.configurable);
}, "console's @@toStringTag is 'console'");

for (const name of ["assert", "clear", "count", "countReset", "debug", "dir", "dirxml", "error", "group",
                    "groupCollapsed", "groupEnd", "info", "log", "table", "time", "timeEnd", "timeLog", "trace", "warn"]) {
  test(() => {
    const descriptor = Object.getOwnPropertyDescriptor(console, name);
    assert_equals(typeof descriptor.value, "function");
    assert_true(descriptor.writable && descriptor.enumerable && descriptor.configurable, "a regular operation");
    assert_equals(descriptor.value.name, name);
    assert_equals(descriptor.value.length, 0);
    assert_false("prototype" in descriptor.value, "not a constructor");
  }, `console.${name} is an operation of length 0`);
}
