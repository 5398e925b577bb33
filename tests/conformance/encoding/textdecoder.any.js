// TextDecoder, from the Encoding Standard §4.2 "Names and labels", §7.2 "Interface TextDecoder",
// §9.1 windows-1252 index and §14 UTF-16.

const bytes = a => new Uint8Array(a);

test(() => {
  const d = new TextDecoder();
  assert_equals(d.encoding, "utf-8");
  assert_false(d.fatal);
  assert_false(d.ignoreBOM);
}, "new TextDecoder() decodes UTF-8, is not fatal and does not ignore the BOM");

test(() => {
  for (const label of ["utf-8", "UTF-8", "utf8", "unicode-1-1-utf-8", " utf-8 ", "\tUtF8\n"]) {
    assert_equals(new TextDecoder(label).encoding, "utf-8", JSON.stringify(label));
  }
}, "UTF-8 labels are matched ASCII case-insensitively after stripping leading and trailing whitespace");

test(() => {
  for (const label of ["utf-16le", "utf-16", "UTF-16LE", "ucs-2", "unicode", "csunicode", "iso-10646-ucs-2", "unicodefeff"]) {
    assert_equals(new TextDecoder(label).encoding, "utf-16le", label);
  }
  for (const label of ["utf-16be", "UTF-16BE", "unicodefffe"]) {
    assert_equals(new TextDecoder(label).encoding, "utf-16be", label);
  }
}, "UTF-16 labels map to utf-16le or utf-16be; \"utf-16\" means utf-16le");

test(() => {
  for (const label of ["windows-1252", "latin1", "iso-8859-1", "ascii", "us-ascii", "cp1252", "x-cp1252", "l1", "iso_8859-1:1987"]) {
    assert_equals(new TextDecoder(label).encoding, "windows-1252", label);
  }
}, "latin1, ascii and iso-8859-1 labels all map to windows-1252");

test(() => {
  assert_throws_js(RangeError, () => new TextDecoder("no-such-encoding"));
  assert_throws_js(RangeError, () => new TextDecoder("utf 8"));
}, "An unknown label throws a RangeError");

test(() => {
  assert_throws_js(RangeError, () => new TextDecoder("replacement"));
  assert_throws_js(RangeError, () => new TextDecoder("iso-2022-kr"));
}, "The replacement encoding's labels throw a RangeError");

test(() => {
  assert_equals(new TextDecoder().decode(bytes([0x68, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80])), "h\u00e9\u{1F600}");
}, "decode() decodes UTF-8 bytes into a string");

test(() => {
  const d = new TextDecoder();
  assert_equals(d.decode(), "");
  assert_equals(d.decode(new Uint8Array(0)), "");
}, "decode() with no input returns the empty string");

test(() => {
  const d = new TextDecoder();
  const buf = bytes([0x61, 0x62]).buffer;
  assert_equals(d.decode(buf), "ab");
  assert_equals(d.decode(new DataView(bytes([0x63]).buffer)), "c");
  assert_equals(d.decode(new Uint8Array([0x7A, 0x61, 0x62, 0x7A]).subarray(1, 3)), "ab");
}, "decode() accepts an ArrayBuffer, a DataView or a typed array view, reading only the viewed bytes");

test(() => {
  assert_equals(new TextDecoder().decode(bytes([0x61, 0xFF, 0x62])), "a\uFFFDb");
  assert_equals(new TextDecoder().decode(bytes([0xC3])), "\uFFFD", "truncated sequence at end");
  assert_equals(new TextDecoder().decode(bytes([0xED, 0xA0, 0x80])), "\uFFFD\uFFFD\uFFFD", "encoded surrogate");
  assert_equals(new TextDecoder().decode(bytes([0xC0, 0x80])), "\uFFFD\uFFFD", "overlong");
}, "Without fatal, invalid UTF-8 is replaced with U+FFFD per the UTF-8 decoder's error handling");

test(() => {
  const d = new TextDecoder("utf-8", { fatal: true });
  assert_true(d.fatal);
  assert_throws_js(TypeError, () => d.decode(bytes([0x61, 0xFF])));
  assert_throws_js(TypeError, () => d.decode(bytes([0xE2, 0x82])));
}, "With fatal, invalid or truncated input makes decode() throw a TypeError");

test(() => {
  const d = new TextDecoder("utf-8", { fatal: true });
  assert_throws_js(TypeError, () => d.decode(bytes([0xFF])));
  assert_equals(d.decode(bytes([0x6F, 0x6B])), "ok");
}, "A fatal decoder can be used again after an error");

test(() => {
  assert_equals(new TextDecoder().decode(bytes([0xEF, 0xBB, 0xBF, 0x61])), "a");
}, "decode() strips a leading UTF-8 BOM by default");

test(() => {
  const d = new TextDecoder("utf-8", { ignoreBOM: true });
  assert_true(d.ignoreBOM);
  assert_equals(d.decode(bytes([0xEF, 0xBB, 0xBF, 0x61])), "\uFEFFa");
}, "With ignoreBOM, a leading BOM is kept in the output");

test(() => {
  assert_equals(new TextDecoder().decode(bytes([0x61, 0xEF, 0xBB, 0xBF])), "a\uFEFF");
  assert_equals(new TextDecoder().decode(bytes([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF])), "\uFEFF");
}, "Only a BOM at the very start is stripped");

test(() => {
  const d = new TextDecoder();
  assert_equals(d.decode(bytes([0xEF, 0xBB, 0xBF, 0x61])), "a");
  assert_equals(d.decode(bytes([0xEF, 0xBB, 0xBF, 0x62])), "b", "BOM handling is reset for each non-stream decode");
}, "Each decode() call without stream starts a new stream, so the BOM is stripped again");

test(() => {
  const d = new TextDecoder();
  let out = d.decode(bytes([0xE2, 0x82]), { stream: true });
  assert_equals(out, "");
  out += d.decode(bytes([0xAC]), { stream: true });
  assert_equals(out, "\u20ac");
  out += d.decode();
  assert_equals(out, "\u20ac");
}, "With stream, a multi-byte sequence split across calls is decoded once complete");

test(() => {
  const d = new TextDecoder();
  assert_equals(d.decode(bytes([0xF0, 0x9F]), { stream: true }), "");
  assert_equals(d.decode(), "\uFFFD");
}, "A final decode() flushes an incomplete sequence as U+FFFD");

test(() => {
  const d = new TextDecoder("utf-8", { fatal: true });
  d.decode(bytes([0xC3]), { stream: true });
  assert_throws_js(TypeError, () => d.decode());
}, "A fatal decoder throws when the stream ends inside a sequence");

test(() => {
  const d = new TextDecoder();
  assert_equals(d.decode(bytes([0xEF, 0xBB]), { stream: true }), "");
  assert_equals(d.decode(bytes([0xBF, 0x61]), { stream: true }), "a");
  assert_equals(d.decode(bytes([0xEF, 0xBB, 0xBF])), "\uFEFF", "a BOM later in the stream is kept");
}, "A BOM split across streamed chunks is still stripped, and only at the start of the stream");

test(() => {
  const d = new TextDecoder("utf-16le");
  assert_equals(d.decode(bytes([0x61, 0x00, 0xAC, 0x20, 0x3D, 0xD8, 0x00, 0xDE])), "a\u20ac\u{1F600}");
}, "utf-16le decodes little-endian code units, including surrogate pairs");

test(() => {
  const d = new TextDecoder("utf-16be");
  assert_equals(d.decode(bytes([0x00, 0x61, 0x20, 0xAC, 0xD8, 0x3D, 0xDE, 0x00])), "a\u20ac\u{1F600}");
}, "utf-16be decodes big-endian code units, including surrogate pairs");

test(() => {
  assert_equals(new TextDecoder("utf-16le").decode(bytes([0xFF, 0xFE, 0x61, 0x00])), "a");
  assert_equals(new TextDecoder("utf-16be").decode(bytes([0xFE, 0xFF, 0x00, 0x61])), "a");
}, "utf-16le and utf-16be strip their own BOM");

test(() => {
  assert_equals(new TextDecoder("utf-16le").decode(bytes([0x00, 0xD8, 0x61, 0x00])), "\uFFFDa");
  assert_equals(new TextDecoder("utf-16le").decode(bytes([0x00, 0xDC])), "\uFFFD");
}, "An unpaired surrogate in UTF-16 decodes to U+FFFD");

test(() => {
  assert_equals(new TextDecoder("utf-16le").decode(bytes([0x61, 0x00, 0x62])), "a\uFFFD");
  assert_throws_js(TypeError, () => new TextDecoder("utf-16le", { fatal: true }).decode(bytes([0x61])));
}, "An odd trailing byte in UTF-16 is an error: U+FFFD, or a TypeError when fatal");

test(() => {
  const d = new TextDecoder("utf-16le");
  assert_equals(d.decode(bytes([0x61]), { stream: true }), "");
  assert_equals(d.decode(bytes([0x00, 0x3D, 0xD8]), { stream: true }), "a");
  assert_equals(d.decode(bytes([0x00, 0xDE])), "\u{1F600}");
}, "Streaming utf-16le keeps an odd byte and a leading surrogate until the next chunk");

test(() => {
  const d = new TextDecoder("windows-1252");
  const expected = [0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
                    0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178];
  const input = [];
  for (let b = 0x80; b <= 0x9F; b++) input.push(b);
  const out = d.decode(bytes(input));
  assert_equals(out.length, 32);
  for (let i = 0; i < 32; i++) {
    assert_equals(out.charCodeAt(i), expected[i], "byte 0x" + (0x80 + i).toString(16));
  }
}, "windows-1252 maps bytes 0x80 to 0x9F through its index, with 0x81, 0x8D, 0x8F, 0x90, 0x9D unchanged");

test(() => {
  const d = new TextDecoder("latin1");
  assert_equals(d.decode(bytes([0x41, 0xA0, 0xE9, 0xFF])), "A\u00a0\u00e9\u00ff");
}, "windows-1252 maps bytes 0x00-0x7F and 0xA0-0xFF to the code point of the same value");

test(() => {
  const d = new TextDecoder("windows-1252", { fatal: true });
  let all = [];
  for (let b = 0; b < 256; b++) all.push(b);
  assert_equals(d.decode(bytes(all)).length, 256);
}, "windows-1252 has no invalid bytes, so even a fatal decoder decodes every byte");

test(() => {
  assert_equals(new TextDecoder("ascii").decode(bytes([0xEF, 0xBB, 0xBF])), "\u00ef\u00bb\u00bf");
}, "A windows-1252 decoder does not treat EF BB BF as a BOM");

test(() => {
  assert_throws_js(TypeError, () => new TextDecoder().decode("abc"));
}, "decode() rejects input that is not a BufferSource");
