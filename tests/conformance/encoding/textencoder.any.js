// TextEncoder, from the Encoding Standard §7.4 "Interface TextEncoder".

test(() => {
  const enc = new TextEncoder();
  assert_equals(enc.encoding, "utf-8");
}, "TextEncoder's encoding is always \"utf-8\"");

test(() => {
  const u = new TextEncoder().encode("A\u00e9\u20ac\u{1F600}");
  assert_true(u instanceof Uint8Array);
  assert_array_equals(u, [0x41, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80]);
}, "encode() returns a Uint8Array of the input's UTF-8 bytes");

test(() => {
  const enc = new TextEncoder();
  assert_equals(enc.encode().length, 0);
  assert_equals(enc.encode("").length, 0);
}, "encode() with no argument or the empty string returns an empty Uint8Array");

test(() => {
  assert_array_equals(new TextEncoder().encode("\uD800"), [0xEF, 0xBF, 0xBD]);
  assert_array_equals(new TextEncoder().encode("a\uDC00b"), [0x61, 0xEF, 0xBF, 0xBD, 0x62]);
}, "encode() replaces lone surrogates with U+FFFD (USVString conversion)");

test(() => {
  assert_array_equals(new TextEncoder().encode(null), [0x6E, 0x75, 0x6C, 0x6C]);
  assert_array_equals(new TextEncoder().encode(12), [0x31, 0x32]);
}, "encode() converts a non-string input to a string");

test(() => {
  assert_array_equals(new TextEncoder().encode("\uFEFFx"), [0xEF, 0xBB, 0xBF, 0x78]);
}, "encode() does not strip or add a byte order mark");

test(() => {
  const dest = new Uint8Array(10);
  const r = new TextEncoder().encodeInto("h\u00e9", dest);
  assert_equals(r.read, 2);
  assert_equals(r.written, 3);
  assert_array_equals(Array.from(dest.subarray(0, 3)), [0x68, 0xC3, 0xA9]);
  assert_equals(dest[3], 0, "bytes after the written ones are untouched");
}, "encodeInto() writes UTF-8 into the destination and returns code units read and bytes written");

test(() => {
  const dest = new Uint8Array(4);
  const r = new TextEncoder().encodeInto("\u{1F600}", dest);
  assert_equals(r.read, 2, "a surrogate pair counts as two code units read");
  assert_equals(r.written, 4);
  assert_array_equals(dest, [0xF0, 0x9F, 0x98, 0x80]);
}, "encodeInto() counts a surrogate pair as two code units read");

test(() => {
  const dest = new Uint8Array(3);
  const r = new TextEncoder().encodeInto("a\u{1F600}", dest);
  assert_equals(r.read, 1);
  assert_equals(r.written, 1);
  assert_array_equals(dest, [0x61, 0, 0]);
}, "encodeInto() stops before a code point whose bytes do not fit, and does not write part of it");

test(() => {
  const dest = new Uint8Array(2);
  const r = new TextEncoder().encodeInto("\u00e9\u00e9", dest);
  assert_equals(r.read, 1);
  assert_equals(r.written, 2);
}, "encodeInto() fills the destination with whole code points only");

test(() => {
  const dest = new Uint8Array(8);
  const r = new TextEncoder().encodeInto("\uD800x", dest);
  assert_equals(r.read, 2);
  assert_equals(r.written, 4);
  assert_array_equals(Array.from(dest.subarray(0, 4)), [0xEF, 0xBF, 0xBD, 0x78]);
}, "encodeInto() encodes a lone leading surrogate as U+FFFD and counts it as one code unit read");

test(() => {
  const dest = new Uint8Array(8);
  const r = new TextEncoder().encodeInto("x\uDC00", dest);
  assert_equals(r.read, 2);
  assert_equals(r.written, 4);
  assert_array_equals(Array.from(dest.subarray(0, 4)), [0x78, 0xEF, 0xBF, 0xBD]);
}, "encodeInto() encodes a lone trailing surrogate as U+FFFD");

test(() => {
  const buf = new Uint8Array(6);
  const view = buf.subarray(2, 5);
  const r = new TextEncoder().encodeInto("abcd", view);
  assert_equals(r.read, 3);
  assert_equals(r.written, 3);
  assert_array_equals(buf, [0, 0, 0x61, 0x62, 0x63, 0]);
}, "encodeInto() writes at the destination view's offset and respects its length");

test(() => {
  const r = new TextEncoder().encodeInto("abc", new Uint8Array(0));
  assert_equals(r.read, 0);
  assert_equals(r.written, 0);
}, "encodeInto() with an empty destination reads and writes nothing");

test(() => {
  assert_throws_js(TypeError, () => new TextEncoder().encodeInto("a", new Uint16Array(2)));
  assert_throws_js(TypeError, () => new TextEncoder().encodeInto("a", new ArrayBuffer(2)));
}, "encodeInto()'s destination must be a Uint8Array");
