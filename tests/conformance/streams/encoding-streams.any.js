// TextEncoderStream and TextDecoderStream, from the Encoding Standard §7 (the streaming interfaces, with their
// "encode and enqueue a chunk", "encode and flush", "decode and enqueue a chunk" and "flush and enqueue" algorithms),
// on top of the Streams Standard's TransformStream (§6).

// Writes each chunk, closes, and returns every chunk read from the readable side.
async function transformAll(stream, chunks) {
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const writing = (async () => {
    for (const chunk of chunks) {
      await writer.write(chunk);
    }
    await writer.close();
  })();
  const output = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      break;
    }
    output.push(value);
  }
  await writing;
  return output;
}

function bytesOf(chunks) {
  const bytes = [];
  for (const chunk of chunks) {
    assert_equals(Object.prototype.toString.call(chunk), "[object Uint8Array]", "each chunk is a Uint8Array");
    bytes.push(...chunk);
  }
  return bytes;
}

test(() => {
  const stream = new TextEncoderStream();
  assert_equals(stream.encoding, "utf-8");
  assert_true(stream.readable instanceof ReadableStream);
  assert_true(stream.writable instanceof WritableStream);
  assert_equals(stream.readable, stream.readable);
  assert_equals(Object.prototype.toString.call(stream), "[object TextEncoderStream]");
  assert_equals(TextEncoderStream.length, 0);
  assert_false(stream instanceof TransformStream, "TextEncoderStream is not a TransformStream subclass");
  const encoding = Object.getOwnPropertyDescriptor(TextEncoderStream.prototype, "encoding").get;
  assert_throws_js(TypeError, () => encoding.call({}));
  assert_throws_js(TypeError, () => encoding.call(new TransformStream()));
  const readable = Object.getOwnPropertyDescriptor(TextEncoderStream.prototype, "readable").get;
  assert_throws_js(TypeError, () => readable.call(new TextDecoderStream()));
  assert_throws_js(TypeError, () => TextEncoderStream());
}, "TextEncoderStream: encoding is \"utf-8\"; it has a readable and a writable side, a toStringTag and brand checks");

promise_test(async t => {
  const output = await transformAll(new TextEncoderStream(), ["a", "\u00e9", "\u20ac\ud83d\ude00"]);
  assert_equals(output.length, 3, "one chunk per written string");
  assert_array_equals(output[0], [0x61]);
  assert_array_equals(output[1], [0xC3, 0xA9]);
  assert_array_equals(output[2], [0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80]);
  bytesOf(output);
}, "TextEncoderStream encodes each string chunk to a Uint8Array of its UTF-8 bytes");

promise_test(async t => {
  const output = await transformAll(new TextEncoderStream(), ["", "a", ""]);
  assert_equals(output.length, 1, "empty strings produce no chunk");
  assert_array_equals(output[0], [0x61]);
  assert_array_equals(await transformAll(new TextEncoderStream(), []), [], "nothing in, nothing out");
}, "TextEncoderStream enqueues nothing for an empty string");

promise_test(async t => {
  const output = await transformAll(new TextEncoderStream(), [42, { toString() { return "x"; } }, null]);
  assert_array_equals(bytesOf(output), [0x34, 0x32, 0x78, 0x6E, 0x75, 0x6C, 0x6C]);
}, "TextEncoderStream converts a non-string chunk with ToString (DOMString conversion)");

promise_test(async t => {
  const stream = new TextEncoderStream();
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const read = promise_rejects_js(t, TypeError, reader.read());
  await promise_rejects_js(t, TypeError, writer.write(Symbol("no")), "a Symbol has no DOMString conversion");
  await read;
}, "TextEncoderStream errors with a TypeError for a chunk that cannot be converted to a string");

promise_test(async t => {
  const output = await transformAll(new TextEncoderStream(), ["a\ud83d", "\ude00b"]);
  assert_array_equals(bytesOf(output), [0x61, 0xF0, 0x9F, 0x98, 0x80, 0x62],
    "the pending high surrogate and the next chunk's low surrogate encode as one code point");
  const alone = await transformAll(new TextEncoderStream(), ["\ud83d", "\ude00"]);
  assert_equals(alone.length, 1, "a chunk that is only a high surrogate enqueues nothing");
  assert_array_equals(alone[0], [0xF0, 0x9F, 0x98, 0x80]);
}, "TextEncoderStream joins a surrogate pair split across two chunks into one 4-byte sequence");

promise_test(async t => {
  const output = await transformAll(new TextEncoderStream(), ["a\ud83d"]);
  assert_array_equals(bytesOf(output), [0x61, 0xEF, 0xBF, 0xBD], "flush encodes the pending high surrogate as U+FFFD");
  assert_equals(output.length, 2, "\"a\" at once, U+FFFD when the stream closes");
}, "TextEncoderStream turns a high surrogate left at the end into EF BF BD when it is flushed");

promise_test(async t => {
  const output = await transformAll(new TextEncoderStream(), ["\ud83d", "b", "\ude00", "\ud800", "\ud83d\ude00"]);
  assert_array_equals(bytesOf(output), [
    0xEF, 0xBF, 0xBD, 0x62, // pending high surrogate then "b"
    0xEF, 0xBF, 0xBD, // lone low surrogate
    0xEF, 0xBF, 0xBD, 0xF0, 0x9F, 0x98, 0x80, // pending high surrogate then a whole pair
  ]);
}, "TextEncoderStream replaces a pending high surrogate not followed by a low one, and a lone low one, with U+FFFD");

test(() => {
  const stream = new TextDecoderStream();
  assert_equals(stream.encoding, "utf-8");
  assert_false(stream.fatal);
  assert_false(stream.ignoreBOM);
  const fatal = new TextDecoderStream("utf-8", { fatal: true, ignoreBOM: 1 });
  assert_true(fatal.fatal);
  assert_true(fatal.ignoreBOM, "options convert to booleans");
  assert_equals(new TextDecoderStream("latin1").encoding, "windows-1252");
  assert_equals(new TextDecoderStream(" \tUTF-16\n").encoding, "utf-16le", "labels are trimmed and case-insensitive");
  assert_equals(new TextDecoderStream("unicode-1-1-utf-8").encoding, "utf-8");
  assert_equals(new TextDecoderStream(undefined).encoding, "utf-8");
  assert_throws_js(RangeError, () => new TextDecoderStream("utf-9"), "an unknown label");
  assert_throws_js(RangeError, () => new TextDecoderStream("iso-2022-kr"), "a label of the replacement encoding");
  assert_throws_js(RangeError, () => new TextDecoderStream(""));
  assert_throws_js(TypeError, () => new TextDecoderStream("utf-8", 5), "options must be a dictionary");
  assert_equals(Object.prototype.toString.call(stream), "[object TextDecoderStream]");
  for (const name of ["encoding", "fatal", "ignoreBOM", "readable", "writable"]) {
    const get = Object.getOwnPropertyDescriptor(TextDecoderStream.prototype, name).get;
    assert_throws_js(TypeError, () => get.call(new TextEncoderStream()), name);
  }
}, "TextDecoderStream: encoding, fatal and ignoreBOM reflect the label and options; a bad label is a RangeError");

promise_test(async t => {
  const output = await transformAll(new TextDecoderStream(), [new Uint8Array([0x61, 0xE2]), new Uint8Array([0x82]),
    new Uint8Array([0xAC, 0xF0, 0x9F]), new Uint8Array([0x98, 0x80])]);
  assert_array_equals(output, ["a", "\u20ac", "\ud83d\ude00"],
    "a chunk that completes no code point (0x82) enqueues nothing");
}, "TextDecoderStream decodes multi-byte UTF-8 sequences split across chunks");

promise_test(async t => {
  const output = await transformAll(new TextDecoderStream(), [new Uint8Array([0x61, 0xE2, 0x82])]);
  assert_array_equals(output, ["a", "\ufffd"], "the incomplete sequence becomes U+FFFD when the stream closes");
  const invalid = await transformAll(new TextDecoderStream(), [new Uint8Array([0x61, 0xFF, 0x62, 0xC0, 0x80])]);
  assert_array_equals(invalid, ["a\ufffdb\ufffd\ufffd"], "invalid bytes become U+FFFD in the replacement mode");
}, "TextDecoderStream (not fatal) emits U+FFFD for invalid bytes and for an incomplete sequence at the end");

promise_test(async t => {
  const stream = new TextDecoderStream("utf-8", { fatal: true });
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  assert_equals((await Promise.all([reader.read(), writer.write(new Uint8Array([0x61]))]))[0].value, "a");
  const read = promise_rejects_js(t, TypeError, reader.read(), "the readable side is errored with a TypeError");
  await promise_rejects_js(t, TypeError, writer.write(new Uint8Array([0xFF])), "the write of an invalid byte rejects");
  await read;
  await promise_rejects_js(t, TypeError, writer.closed);
}, "TextDecoderStream with fatal errors the stream with a TypeError on an invalid byte");

promise_test(async t => {
  const stream = new TextDecoderStream("utf-8", { fatal: true });
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const read = promise_rejects_js(t, TypeError, reader.read(), "the readable side is errored with a TypeError");
  await writer.write(new Uint8Array([0xF0, 0x9F]));
  await promise_rejects_js(t, TypeError, writer.close(), "flushing an incomplete sequence fails");
  await read;
}, "TextDecoderStream with fatal errors the stream with a TypeError on an incomplete sequence at the end");

promise_test(async t => {
  for (const chunk of ["abc", 5, [0x61], { byteLength: 1 }, null, undefined]) {
    const stream = new TextDecoderStream();
    const writer = stream.writable.getWriter();
    const reader = stream.readable.getReader();
    const read = promise_rejects_js(t, TypeError, reader.read(), String(chunk));
    await promise_rejects_js(t, TypeError, writer.write(chunk), String(chunk));
    await read;
  }
}, "TextDecoderStream errors with a TypeError for a chunk that is not a BufferSource");

promise_test(async t => {
  const bytes = new Uint8Array([0x00, 0x41, 0xE2, 0x82, 0xAC, 0x42, 0x00]);
  const output = await transformAll(new TextDecoderStream(), [
    bytes.buffer.slice(1, 2),
    new DataView(bytes.buffer, 2, 2),
    new Uint8Array(bytes.buffer, 4, 2),
  ]);
  assert_equals(output.join(""), "A\u20acB", "views are read within their byteOffset and byteLength");
  const wide = await transformAll(new TextDecoderStream(), [new Uint16Array([0x6261])]);
  assert_array_equals(wide, ["ab"], "a Uint16Array is decoded as its bytes (little-endian here)");
}, "TextDecoderStream accepts an ArrayBuffer, a DataView and any typed array, reading only the view's bytes");

promise_test(async t => {
  const stripped = await transformAll(new TextDecoderStream(), [new Uint8Array([0xEF]), new Uint8Array([0xBB, 0xBF, 0x61]),
    new Uint8Array([0xEF, 0xBB, 0xBF])]);
  assert_equals(stripped.join(""), "a\ufeff", "the leading BOM, split across chunks, is removed; a later one is kept");
  const kept = await transformAll(new TextDecoderStream("utf-8", { ignoreBOM: true }), [new Uint8Array([0xEF, 0xBB, 0xBF, 0x61])]);
  assert_equals(kept.join(""), "\ufeffa", "ignoreBOM keeps the BOM");
}, "TextDecoderStream removes a leading BOM, even split across chunks, unless ignoreBOM is set");

promise_test(async t => {
  const utf16 = await transformAll(new TextDecoderStream("utf-16le"), [new Uint8Array([0x41]), new Uint8Array([0x00, 0x3D]),
    new Uint8Array([0xD8, 0x00, 0xDE])]);
  assert_equals(utf16.join(""), "A\ud83d\ude00", "UTF-16LE code units and surrogate pairs split across chunks");
  const legacy = await transformAll(new TextDecoderStream("latin1"), [new Uint8Array([0x80, 0xE9])]);
  assert_array_equals(legacy, ["\u20ac\u00e9"], "windows-1252 maps 0x80 to U+20AC");
}, "TextDecoderStream decodes other encodings: UTF-16LE split across chunks and windows-1252");

promise_test(async t => {
  const text = "plain \u00e9 \u20ac \ud83d\ude00 end";
  const source = new ReadableStream({
    start(c) {
      for (const piece of ["plain \u00e9 ", "\u20ac \ud83d", "\ude00 end"]) {
        c.enqueue(piece);
      }
      c.close();
    },
  });
  const readable = source.pipeThrough(new TextEncoderStream()).pipeThrough(new TextDecoderStream());
  let result = "";
  const reader = readable.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    result += r.value;
  }
  assert_equals(result, text);
}, "Strings piped through a TextEncoderStream and a TextDecoderStream come back unchanged");
