// The legacy single-byte encodings of the Encoding Standard (§9, "Legacy single-byte encodings") through TextDecoder.
// Each subtest decodes the 256 byte values and compares a 32-bit FNV-1a hash of the UTF-16 code units with the hash
// of what the standard's index says (computed by scripts/encoding/generate-encoding-registry.py from the index files).

function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);
const expected = {
  "ibm866": 0xC94F511D,
  "iso-8859-2": 0x070D570E,
  "iso-8859-3": 0xDAEFE744,
  "iso-8859-4": 0xA6FEEF21,
  "iso-8859-5": 0x258D6261,
  "iso-8859-6": 0x98E099F9,
  "iso-8859-7": 0xA1869E7F,
  "iso-8859-8": 0xF4599334,
  "iso-8859-8-i": 0xF4599334,
  "iso-8859-10": 0xAB9BC02E,
  "iso-8859-13": 0xD20E6E4C,
  "iso-8859-14": 0x4529D464,
  "iso-8859-15": 0x25CB4D27,
  "iso-8859-16": 0xD9E65A4B,
  "koi8-r": 0x415E04A9,
  "koi8-u": 0x6F861D47,
  "macintosh": 0x270D7788,
  "windows-874": 0x751240D1,
  "windows-1250": 0x46C01BA5,
  "windows-1251": 0x865AEB5D,
  "windows-1252": 0x1F0FB4AF,
  "windows-1253": 0x3F2FCAEB,
  "windows-1254": 0x73AC6D07,
  "windows-1255": 0x8C95C90F,
  "windows-1256": 0x84F9EA20,
  "windows-1257": 0x7D2CD804,
  "windows-1258": 0x2B601276,
  "x-mac-cyrillic": 0x0BFEDEE2
};

for (const [name, hash] of Object.entries(expected)) {
  test(() => {
    const decoder = new TextDecoder(name);
    assert_equals(decoder.encoding, name);
    assert_equals(fnv1a(decoder.decode(allBytes)), hash);
  }, `${name} decodes every byte as its index says`);
}

test(() => {
  assert_throws_js(TypeError, () => new TextDecoder("windows-1253", { fatal: true }).decode(new Uint8Array([0xaa])));
  assert_equals(new TextDecoder("windows-1253").decode(new Uint8Array([0x41, 0xaa])), "A\ufffd");
}, "A byte with no code point in the index is an error: U+FFFD, or a TypeError when fatal");

test(() => {
  assert_equals(new TextDecoder(" Latin2 ").encoding, "iso-8859-2");
  assert_equals(new TextDecoder("koi").encoding, "koi8-r");
  assert_equals(new TextDecoder("logical").encoding, "iso-8859-8-i");
  assert_equals(new TextDecoder("x-mac-ukrainian").encoding, "x-mac-cyrillic");
  assert_equals(new TextDecoder("iso-8859-9").encoding, "windows-1254");
}, "Labels select their single-byte encodings, ignoring case and surrounding whitespace");
