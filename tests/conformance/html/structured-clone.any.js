// structuredClone(), from the HTML Standard §2.7 ("Safe passing of structured data"): StructuredSerializeInternal,
// StructuredDeserialize and the transfer variants.

function assert_clone_error(fn) {
  assert_throws_dom("DataCloneError", fn);
}

test(() => {
  for (const v of [undefined, null, false, -0, NaN, 2n ** 70n, "s"]) {
    assert_true(Object.is(structuredClone(v), v), String(v));
  }
}, "Primitives other than symbols are their own clones");

test(() => {
  assert_clone_error(() => structuredClone(Symbol()));
  assert_clone_error(() => structuredClone({ s: Symbol() }));
}, "A symbol, even inside an object, cannot be cloned");

test(() => {
  const inner = {};
  const outer = { a: inner, b: [inner] };
  outer.me = outer;
  const c = structuredClone(outer);
  assert_not_equals(c, outer);
  assert_equals(c.me, c);
  assert_equals(c.a, c.b[0]);
  assert_not_equals(c.a, inner);
}, "The copy keeps cycles and shared references within the value");

test(() => {
  const a = [0, , 2];
  a.tag = "t";
  const c = structuredClone(a);
  assert_true(Array.isArray(c));
  assert_equals(c.length, 3);
  assert_false(1 in c);
  assert_equals(c.tag, "t");
}, "An array keeps its length, its holes and its non-index properties");

test(() => {
  class C { constructor() { this.v = 1; } }
  const o = new C();
  Object.defineProperty(o, "hidden", { value: 2, enumerable: false });
  o[Symbol.iterator] = 3;
  const c = structuredClone(o);
  assert_equals(Object.getPrototypeOf(c), Object.prototype);
  assert_array_equals(Reflect.ownKeys(c), ["v"]);
}, "An object loses its prototype, its non-enumerable properties and its symbol keys");

test(() => {
  const order = [];
  const o = { get x() { order.push("x"); return 1; }, get y() { order.push("y"); return 2; } };
  const c = structuredClone(o);
  assert_array_equals(order, ["x", "y"]);
  assert_equals(Object.getOwnPropertyDescriptor(c, "x").value, 1);
}, "Getters run once, in property order, and their values become data properties");

test(() => {
  const d = structuredClone(new Date(86400000));
  assert_true(d instanceof Date);
  assert_equals(d.getTime(), 86400000);
  const r = structuredClone(/x/y);
  assert_true(r instanceof RegExp);
  assert_equals(r.flags, "y");
  assert_equals(r.source, "x");
  const n = structuredClone(new Number(3));
  assert_equals(typeof n, "object");
  assert_equals(n.valueOf(), 3);
}, "Date, RegExp and wrapper objects are new objects with the same value");

test(() => {
  const key = {};
  const m = structuredClone(new Map([[key, 1], ["b", 2]]));
  assert_array_equals([...m.values()], [1, 2]);
  assert_not_equals([...m.keys()][0], key);
  const s = structuredClone(new Set(["z", "a"]));
  assert_array_equals([...s], ["z", "a"]);
}, "Map and Set keep their entries in insertion order");

test(() => {
  const buffer = new ArrayBuffer(4);
  const u16 = new Uint16Array(buffer, 2, 1);
  u16[0] = 513;
  const [a, b] = structuredClone([buffer, u16]);
  assert_equals(b.buffer, a);
  assert_equals(b.byteOffset, 2);
  assert_equals(b[0], 513);
  u16[0] = 0;
  assert_equals(b[0], 513);
}, "A view and its buffer are copied together, and the copy no longer shares bytes with the original");

test(() => {
  const buffer = new Uint8Array([1, 2]).buffer;
  const c = structuredClone(buffer, { transfer: [buffer] });
  assert_true(buffer.detached);
  assert_equals(buffer.byteLength, 0);
  assert_array_equals([...new Uint8Array(c)], [1, 2]);
}, "A transferred ArrayBuffer is detached and its bytes move to the copy");

test(() => {
  const buffer = new ArrayBuffer(1);
  assert_clone_error(() => structuredClone(0, { transfer: [buffer, buffer] }));
  assert_clone_error(() => structuredClone(0, { transfer: [{}] }));
  assert_false(buffer.detached);
  assert_throws_js(TypeError, () => structuredClone(0, { transfer: 1 }));
}, "The transfer list must hold distinct ArrayBuffers");

test(() => {
  assert_clone_error(() => structuredClone(function f() {}));
  assert_clone_error(() => structuredClone(new WeakSet()));
  assert_clone_error(() => structuredClone(Promise.resolve()));
  assert_clone_error(() => structuredClone(new EventTarget()));
}, "Functions, weak collections, promises and non-serializable platform objects cannot be cloned");

test(() => {
  const e = new TypeError("bad");
  const c = structuredClone(e);
  assert_true(c instanceof TypeError);
  assert_equals(c.message, "bad");
  assert_false(Object.getOwnPropertyDescriptor(c, "message").enumerable);
  const renamed = new RangeError("r");
  renamed.name = "Custom";
  assert_equals(Object.getPrototypeOf(structuredClone(renamed)), Error.prototype);
}, "Errors keep their type and message; an unknown name makes a plain Error");

test(() => {
  const d = structuredClone(new DOMException("m", "AbortError"));
  assert_true(d instanceof DOMException);
  assert_equals(d.name, "AbortError");
  assert_equals(d.message, "m");
  assert_equals(d.code, 20);
}, "A DOMException is serializable");

promise_test(async () => {
  const f = structuredClone(new File(["xyz"], "n.bin", { type: "a/b", lastModified: 7 }));
  assert_true(f instanceof File);
  assert_equals(f.name, "n.bin");
  assert_equals(f.lastModified, 7);
  assert_equals(f.type, "a/b");
  assert_equals(await f.text(), "xyz");
}, "A File is serializable, with its bytes, name, type and last-modified time");
