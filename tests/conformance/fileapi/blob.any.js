// Blob, from the File API §3 "The Blob Interface and Binary Data".

test(() => {
  const b = new Blob();
  assert_equals(b.size, 0);
  assert_equals(b.type, "");
  assert_true(b instanceof Blob);
}, "new Blob() is an empty blob with an empty type");

promise_test(async () => {
  const b = new Blob(["ab", "c"]);
  assert_equals(b.size, 3);
  assert_equals(await b.text(), "abc");
}, "String parts are concatenated in order");

promise_test(async () => {
  const b = new Blob(["\u00e9\u20ac"]);
  assert_equals(b.size, 5, "é is 2 bytes, € is 3 bytes in UTF-8");
  assert_array_equals(new Uint8Array(await b.arrayBuffer()), [0xC3, 0xA9, 0xE2, 0x82, 0xAC]);
}, "String parts are UTF-8 encoded");

promise_test(async () => {
  const b = new Blob(["a\uD800b"]);
  assert_array_equals(new Uint8Array(await b.arrayBuffer()), [0x61, 0xEF, 0xBF, 0xBD, 0x62]);
}, "A lone surrogate in a string part is converted to U+FFFD (USVString conversion)");

promise_test(async () => {
  const buf = new Uint8Array([1, 2, 3]).buffer;
  const b = new Blob([buf]);
  assert_array_equals(new Uint8Array(await b.arrayBuffer()), [1, 2, 3]);
}, "An ArrayBuffer part contributes its bytes");

promise_test(async () => {
  const whole = new Uint8Array([0, 1, 2, 3, 4, 5]);
  const view = new Uint8Array(whole.buffer, 2, 3);
  const b = new Blob([view]);
  assert_equals(b.size, 3);
  assert_array_equals(new Uint8Array(await b.arrayBuffer()), [2, 3, 4]);
}, "A typed array part contributes only the bytes it views");

promise_test(async () => {
  const dv = new DataView(new Uint8Array([9, 8, 7, 6]).buffer, 1, 2);
  const b = new Blob([dv]);
  assert_array_equals(new Uint8Array(await b.arrayBuffer()), [8, 7]);
}, "A DataView part contributes only the bytes it views");

promise_test(async () => {
  const b = new Blob([new Uint16Array([0x0201])]);
  assert_array_equals(new Uint8Array(await b.arrayBuffer()), [1, 2], "platform (little-endian) byte order");
}, "A multi-byte typed array contributes its underlying bytes");

promise_test(async () => {
  const inner = new Blob(["in"]);
  const b = new Blob(["<", inner, ">"]);
  assert_equals(await b.text(), "<in>");
}, "A Blob part contributes the blob's bytes");

promise_test(async () => {
  const b = new Blob([1, null, { toString() { return "o"; } }]);
  assert_equals(await b.text(), "1nullo");
}, "Other values in blobParts are converted to strings");

promise_test(async () => {
  const b = new Blob(["a", new Uint8Array([98]), new Blob(["c"]), new Uint8Array([100]).buffer]);
  assert_equals(await b.text(), "abcd");
}, "Parts of every kind can be mixed in one Blob");

test(() => {
  assert_throws_js(TypeError, () => new Blob("abc"));
  assert_throws_js(TypeError, () => new Blob(5));
}, "blobParts must be a sequence; a string or number throws a TypeError");

promise_test(async () => {
  const b = new Blob(new Set(["x", "y"]));
  assert_equals(await b.text(), "xy");
}, "Any iterable is accepted as the blobParts sequence");

test(() => {
  assert_equals(new Blob([], { type: "Text/HTML" }).type, "text/html");
}, "The type option is converted to ASCII lowercase");

test(() => {
  assert_equals(new Blob([], { type: "text/plain\u00e9" }).type, "");
  assert_equals(new Blob([], { type: "a\u0019b" }).type, "");
}, "A type containing characters outside U+0020 to U+007E becomes the empty string");

test(() => {
  assert_equals(new Blob([], { type: "text/plain;charset=UTF-8" }).type, "text/plain;charset=utf-8");
}, "The whole type string, parameters included, is lowercased without being parsed");

promise_test(async () => {
  const b = new Blob(["a\nb\r\nc"], { endings: "native" });
  const t = await b.text();
  assert_true(t === "a\nb\nc" || t === "a\r\nb\r\nc", "line endings made native: " + JSON.stringify(t));
  const tr = await new Blob(["a\r\nb"], { endings: "transparent" }).text();
  assert_equals(tr, "a\r\nb");
}, "endings \"native\" converts line endings in string parts; \"transparent\" leaves them");

test(() => {
  assert_throws_js(TypeError, () => new Blob([], { endings: "other" }));
}, "An endings value outside the EndingType enum throws a TypeError");

promise_test(async () => {
  const b = new Blob(["0123456789"]);
  assert_equals(await b.slice(2, 5).text(), "234");
  assert_equals(await b.slice(7).text(), "789");
  assert_equals(await b.slice().text(), "0123456789");
}, "slice(start, end) returns the bytes from start up to end");

promise_test(async () => {
  const b = new Blob(["0123456789"]);
  assert_equals(await b.slice(-3).text(), "789");
  assert_equals(await b.slice(-5, -2).text(), "567");
  assert_equals(await b.slice(0, -9).text(), "0");
}, "Negative start and end in slice() count back from the end of the blob");

promise_test(async () => {
  const b = new Blob(["0123456789"]);
  assert_equals(await b.slice(-100).text(), "0123456789");
  assert_equals(b.slice(20).size, 0);
  assert_equals(await b.slice(5, 100).text(), "56789");
  assert_equals(b.slice(6, 3).size, 0, "end before start gives an empty blob");
}, "slice() clamps out-of-range indices to the blob and gives an empty blob when end is before start");

test(() => {
  const b = new Blob(["abc"], { type: "text/plain" });
  assert_equals(b.slice(0, 1).type, "", "no contentType gives an empty type");
  assert_equals(b.slice(0, 1, "Image/PNG").type, "image/png");
  assert_equals(b.slice(0, 1, "bad\u00ff").type, "");
}, "slice()'s contentType sets the new blob's type, lowercased, and not the original's");

promise_test(async () => {
  const b = new Blob(["hello"]);
  const p = b.text();
  assert_true(p instanceof Promise);
  assert_equals(await p, "hello");
}, "text() returns a promise for the blob decoded as UTF-8");

promise_test(async () => {
  const b = new Blob([new Uint8Array([0xEF, 0xBB, 0xBF, 0x68, 0xFF])]);
  assert_equals(await b.text(), "h\uFFFD");
}, "text() strips a UTF-8 BOM and replaces invalid bytes with U+FFFD");

promise_test(async () => {
  const b = new Blob([new Uint8Array([1, 2, 255])]);
  const ab = await b.arrayBuffer();
  assert_true(ab instanceof ArrayBuffer);
  assert_equals(ab.byteLength, 3);
  assert_array_equals(new Uint8Array(ab), [1, 2, 255]);
}, "arrayBuffer() returns a promise for an ArrayBuffer with the blob's bytes");

promise_test(async () => {
  const b = new Blob(["x"]);
  const a1 = await b.arrayBuffer();
  const a2 = await b.arrayBuffer();
  assert_not_equals(a1, a2);
}, "Each arrayBuffer() call gives a new ArrayBuffer");

promise_test(async () => {
  assert_equals(typeof Blob.prototype.bytes, "function");
  const b = new Blob([new Uint8Array([5, 6, 7])]);
  const u = await b.bytes();
  assert_true(u instanceof Uint8Array);
  assert_array_equals(u, [5, 6, 7]);
}, "bytes() returns a promise for a Uint8Array of the blob's bytes");

promise_test(async () => {
  const src = new Uint8Array([1, 2, 3]);
  const b = new Blob([src]);
  src[0] = 99;
  assert_array_equals(new Uint8Array(await b.arrayBuffer()), [1, 2, 3]);
}, "A Blob copies the bytes of a buffer part at construction time");
