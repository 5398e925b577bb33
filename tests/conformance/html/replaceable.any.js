// The [Replaceable] attributes of the global (self and performance), through their setters as WebIDL defines them:
// a setter called on something that is not the global throws, undefined and null stand for the global, and a
// missing argument is undefined.

for (const name of ["self", "performance"]) {
  test(() => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, name);
    assert_equals(typeof descriptor.get, "function");
    assert_equals(typeof descriptor.set, "function");
    assert_true(descriptor.enumerable);
    assert_true(descriptor.configurable);
    assert_equals(descriptor.set.name, "set " + name);
    assert_equals(descriptor.set.length, 1);
  }, `${name}: an accessor whose setter is named 'set ${name}' and takes one argument`);

  test(() => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, name);
    try {
      assert_throws_js(TypeError, () => descriptor.set.call({}, 1));
      assert_throws_js(TypeError, () => descriptor.set.call(1, 1));
      assert_equals(Object.getOwnPropertyDescriptor(globalThis, name).get, descriptor.get, "still the accessor");
    } finally {
      Object.defineProperty(globalThis, name, descriptor);
    }
  }, `${name}: the setter on an object that is not the global is a TypeError`);

  test(() => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, name);
    try {
      descriptor.set.call(undefined, 7);
      const own = Object.getOwnPropertyDescriptor(globalThis, name);
      assert_equals(own.value, 7);
      assert_true(own.writable && own.enumerable && own.configurable, "a plain data property");
      Object.defineProperty(globalThis, name, descriptor);
      descriptor.set.call(globalThis);
      assert_true(Object.prototype.hasOwnProperty.call(globalThis, name));
      assert_equals(globalThis[name], undefined, "no argument is undefined");
    } finally {
      Object.defineProperty(globalThis, name, descriptor);
    }
  }, `${name}: undefined as this is the global, and a missing argument is undefined`);
}
