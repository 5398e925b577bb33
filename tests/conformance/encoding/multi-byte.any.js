// The legacy multi-byte encodings of the Encoding Standard (§10-§12: gb18030 and GBK, Big5, EUC-JP, ISO-2022-JP,
// Shift_JIS, EUC-KR) through TextDecoder. The first subtests decode, in one buffer, the byte sequence of every pointer
// of each encoding's index and compare a 32-bit FNV-1a hash of the text with the hash of what Chromium 156 decodes
// (whose TextDecoder follows the standard); the rest are the decoders' steps case by case, with the expected text
// read from the standard: error handling, bytes read again, four-byte gb18030, ISO-2022-JP's escapes, streaming.

function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

// Every lead byte with every byte after it (0x00-0xFF), each pair followed by a newline: valid pairs, pairs the index
// has no entry for, and trail bytes that are read again. Big5's four pairs that are two code points each are left out
// (Chromium 156 decodes them to U+0093 or U+00B3 and a lone surrogate); they have subtests of their own below.
const big5Pairs = ["88,62", "88,64", "88,a3", "88,a5"];
function allPairs(leads, name) {
  const bytes = [];
  for (const lead of leads) {
    for (let trail = 0; trail < 256; trail++) {
      if (name === "big5" && big5Pairs.includes(`${lead.toString(16)},${trail.toString(16)}`)) continue;
      bytes.push(lead, trail, 0x0A);
    }
  }
  return new Uint8Array(bytes);
}

const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const bytes = (...list) => new Uint8Array(list.flat());
const ascii = text => [...text].map(c => c.charCodeAt(0));

const tables = {
  "gb18030": [range(0x81, 0xFE), 0x512C060D],
  "gbk": [range(0x81, 0xFE), 0x512C060D],
  "big5": [range(0x81, 0xFE), 0x6467C54F],
  "euc-jp": [[0x8E, ...range(0xA1, 0xFE)], 0xAEEDCAF6],
  "shift_jis": [[...range(0x81, 0x9F), ...range(0xE0, 0xFC)], 0x52D69E0F],
  "euc-kr": [range(0x81, 0xFE), 0x797F0BE5],
};

for (const [name, [leads, hash]] of Object.entries(tables)) {
  test(() => {
    const decoder = new TextDecoder(name);
    assert_equals(decoder.encoding, name);
    assert_equals(fnv1a(decoder.decode(allPairs(leads, name))), hash);
  }, `${name}: every two-byte sequence decodes as the standard's index says`);
}

test(() => {
  const list = [];
  for (const lead of range(0xA1, 0xFE)) {
    for (let trail = 0; trail < 256; trail++) list.push(0x8F, lead, trail, 0x0A);
  }
  assert_equals(fnv1a(new TextDecoder("euc-jp").decode(new Uint8Array(list))), 0xB279BFC8);
}, "euc-jp: every JIS X 0212 sequence (0x8F, lead, byte) decodes as the standard's index says");

test(() => {
  const list = [0x1B, 0x24, 0x42];
  for (const lead of range(0x21, 0x7E)) {
    for (const trail of range(0x21, 0x7E)) list.push(lead, trail);
  }
  list.push(0x1B, 0x28, 0x42);
  assert_equals(fnv1a(new TextDecoder("iso-2022-jp").decode(new Uint8Array(list))), 0xFB5F1951);
}, "iso-2022-jp: every JIS X 0208 pair after ESC $ B decodes as the standard's index says");

test(() => {
  const list = [];
  for (let pointer = 0; pointer < 39420; pointer++) {
    let r = pointer;
    const b4 = r % 10; r = (r - b4) / 10;
    const b3 = r % 126; r = (r - b3) / 126;
    const b2 = r % 10;
    list.push((r - b2) / 10 + 0x81, b2 + 0x30, b3 + 0x81, b4 + 0x30);
  }
  assert_equals(fnv1a(new TextDecoder("gb18030").decode(new Uint8Array(list))), 0x7FF7B4DC);
}, "gb18030: every four-byte sequence of the BMP ranges decodes as index gb18030 ranges says");

const cases = [
  // gb18030 (and GBK, whose decoder is gb18030's).
  ["gb18030", [0x80], "\u20AC", "0x80 is the euro sign"],
  ["gbk", [0x80, 0x81, 0x30, 0x81, 0x30], "\u20AC\u0080", "GBK decodes four-byte sequences too"],
  ["gb18030", [0x81, 0x30, 0x81, 0x30], "\u0080", "the first four-byte pointer"],
  ["gb18030", [0x81, 0x35, 0xF4, 0x37], "\uE7C7", "pointer 7457 is U+E7C7"],
  ["gb18030", [0x84, 0x31, 0xA4, 0x39], "\uFFFF", "the last BMP pointer, 39419"],
  ["gb18030", [0x84, 0x31, 0xA5, 0x30], "\uFFFD", "pointer 39420, past the BMP ranges, is an error"],
  ["gb18030", [0x90, 0x30, 0x81, 0x30], "\u{10000}", "pointer 189000 is U+10000"],
  ["gb18030", [0xE3, 0x32, 0x9A, 0x35], "\u{10FFFF}", "pointer 1237575 is U+10FFFF"],
  ["gb18030", [0xE3, 0x32, 0x9A, 0x36], "\uFFFD", "pointer 1237576 is an error"],
  ["gb18030", [0x81, 0x30, 0x20], "\uFFFD0 ", "a bad third byte: the second and the byte are read again"],
  ["gb18030", [0x81, 0x30, 0x81, 0x20], "\uFFFD0\uFFFD ", "a bad fourth byte: the second, third and byte are read again"],
  ["gb18030", [0x81, 0x7F], "\uFFFD\u007F", "an ASCII byte after a lead is read again"],
  ["gb18030", [0x81, 0xFF], "\uFFFD", "0xFF after a lead is an error with it"],
  ["gb18030", [0xFF, 0x41], "\uFFFDA", "0xFF is an error"],
  ["gb18030", [0x81, 0x30], "\uFFFD", "the end inside a sequence is one error"],
  // Big5.
  ["big5", [0xA4, 0x40], "\u4E00", "a pair"],
  ["big5", [0x88, 0x62, 0x88, 0x64], "\u00CA\u0304\u00CA\u030C", "pointers 1133 and 1135 are two code points each"],
  ["big5", [0x88, 0xA3, 0x88, 0xA5], "\u00EA\u0304\u00EA\u030C", "pointers 1164 and 1166 are two code points each"],
  ["big5", [0xA4, 0x20], "\uFFFD ", "an ASCII byte after a lead is read again"],
  ["big5", [0xA4, 0x80], "\uFFFD", "a byte that cannot trail is an error with the lead"],
  ["big5", [0x80], "\uFFFD", "0x80 is an error"],
  ["big5", [0xA4], "\uFFFD", "the end after a lead is an error"],
  // EUC-JP.
  ["euc-jp", [0xA4, 0xA2], "\u3042", "a JIS X 0208 pair"],
  ["euc-jp", [0x8E, 0xB1], "\uFF71", "0x8E and a katakana byte"],
  ["euc-jp", [0x8E, 0xE0], "\uFFFD", "0x8E and a byte past the katakana is an error"],
  ["euc-jp", [0x8F, 0xA1, 0x20], "\uFFFD ", "0x8F, a lead, and an ASCII byte: the byte is read again"],
  ["euc-jp", [0x8F, 0x20], "\uFFFD ", "0x8F and an ASCII byte"],
  ["euc-jp", [0x8F, 0xA1, 0x20, 0xA4, 0xA2], "\uFFFD \u3042", "after a failed JIS X 0212 sequence, a pair is JIS X 0208 again"],
  ["euc-jp", [0xA4, 0x41], "\uFFFDA", "an ASCII byte after a lead is read again"],
  ["euc-jp", [0x80], "\uFFFD", "0x80 is an error"],
  // ISO-2022-JP.
  ["iso-2022-jp", ascii("a\x1B$B$\"\x1B(Bb"), "a\u3042b", "ESC $ B switches to JIS X 0208 and ESC ( B back to ASCII"],
  ["iso-2022-jp", ascii("\x1B$@$\"\x1B(B"), "\u3042", "ESC $ @ is JIS X 0208 too"],
  ["iso-2022-jp", ascii("\x1B(J\\~a\x1B(B\\~"), "\u00A5\u203Ea\\~", "ESC ( J: Roman, where 0x5C and 0x7E are the yen sign and the overline"],
  ["iso-2022-jp", ascii("\x1B(I1\x1B(B"), "\uFF71", "ESC ( I: half-width katakana"],
  ["iso-2022-jp", ascii("\x1B(B\x1B(Ba"), "\uFFFDa", "two escapes with nothing between them: an error"],
  ["iso-2022-jp", ascii("a\x1B(Bb\x1B(Bc"), "abc", "escapes with output between them are fine"],
  ["iso-2022-jp", ascii("\x1BXa"), "\uFFFDXa", "ESC and a byte that starts no escape: the byte is read again"],
  ["iso-2022-jp", ascii("\x1B(Xa"), "\uFFFD(Xa", "ESC ( and a byte that ends no escape: both are read again"],
  ["iso-2022-jp", ascii("\x1B(J\x1BX\\"), "\uFFFDX\u00A5", "after a failed escape the state before it goes on (Roman here)"],
  ["iso-2022-jp", ascii("\x1B(I\x1B(X1"), "\uFFFD\uFF68\uFF98\uFF71", "after a failed ESC ( the state before it goes on: katakana, where ( and X are katakana too"],
  ["iso-2022-jp", ascii("\x1B$"), "\uFFFD$", "the end inside an escape"],
  ["iso-2022-jp", ascii("\x1B$B$"), "\uFFFD", "the end after a lead byte"],
  ["iso-2022-jp", ascii("\x1B$B$\x1B(Ba"), "\uFFFDa", "an escape after a lead byte is an error, then the escape"],
  ["iso-2022-jp", [0x0E, 0x0F, 0x80], "\uFFFD\uFFFD\uFFFD", "SO, SI and bytes over 0x7F are errors"],
  // Shift_JIS.
  ["shift_jis", [0x82, 0xA0, 0x88, 0x9F], "\u3042\u4E9C", "pairs"],
  ["shift_jis", [0x5C, 0x7E, 0x80], "\\~\u0080", "0x5C and 0x7E are ASCII, 0x80 is U+0080"],
  ["shift_jis", [0xA1, 0xDF], "\uFF61\uFF9F", "half-width katakana"],
  ["shift_jis", [0xF0, 0x40, 0xF9, 0xFC], "\uE000\uE757", "the end-user defined pointers are the Private Use Area"],
  ["shift_jis", [0x82, 0x20], "\uFFFD ", "an ASCII byte after a lead is read again"],
  ["shift_jis", [0x82, 0xFD], "\uFFFD", "a byte that cannot trail is an error with the lead"],
  ["shift_jis", [0xA0, 0xFD], "\uFFFD\uFFFD", "0xA0 and 0xFD are errors"],
  // EUC-KR.
  ["euc-kr", [0xB0, 0xA1, 0x81, 0x41], "\uAC00\uAC02", "pairs"],
  ["euc-kr", [0x81, 0x20], "\uFFFD ", "an ASCII byte after a lead is read again"],
  ["euc-kr", [0x80, 0xFF], "\uFFFD\uFFFD", "0x80 and 0xFF are errors"],
];

for (const [name, input, expected, description] of cases) {
  test(() => {
    assert_equals(new TextDecoder(name).decode(bytes(input)), expected, "decoded at once");
    const streaming = new TextDecoder(name);
    let text = "";
    for (const b of input) text += streaming.decode(bytes([b]), { stream: true });
    text += streaming.decode();
    assert_equals(text, expected, "decoded a byte at a time");
  }, `${name}: ${description}`);
}

test(() => {
  const decoder = new TextDecoder("shift_jis", { fatal: true });
  assert_throws_js(TypeError, () => decoder.decode(bytes([0x82, 0x20])));
  assert_throws_js(TypeError, () => decoder.decode(bytes([0x82])));
  assert_equals(decoder.decode(bytes([0x82, 0xA0])), "\u3042");
  assert_equals(decoder.decode(bytes([0x82]), { stream: true }), "");
  assert_equals(decoder.decode(bytes([0xA0])), "\u3042");
}, "fatal: an error throws a TypeError, and a sequence split across calls still decodes");

test(() => {
  for (const [label, name] of [["GB2312", "gbk"], ["x-gbk", "gbk"], ["big5-hkscs", "big5"], ["x-euc-jp", "euc-jp"],
                                 ["csiso2022jp", "iso-2022-jp"], ["sjis", "shift_jis"], ["windows-31j", "shift_jis"],
                                 ["ks_c_5601-1987", "euc-kr"], [" Korean ", "euc-kr"]]) {
    assert_equals(new TextDecoder(label).encoding, name, label);
  }
}, "labels select the multi-byte encodings");
