// Blob.prototype.stream(), from the File API §3 "The Blob Interface and Binary Data" (the stream() method and its
// "get stream" algorithm): a new ReadableStream (Streams Standard §4) whose chunks are Uint8Arrays holding the
// blob's bytes in order.

async function readChunks(stream) {
  const reader = stream.getReader();
  const chunks = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return chunks;
    }
    chunks.push(value);
  }
}

function concat(chunks) {
  const length = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

test(() => {
  const blob = new Blob(["abc"]);
  const stream = blob.stream();
  assert_true(stream instanceof ReadableStream);
  assert_equals(Object.getPrototypeOf(stream), ReadableStream.prototype);
  assert_false(stream.locked, "the stream is not locked");
  assert_not_equals(blob.stream(), stream, "each call returns a new stream");
  assert_equals(Blob.prototype.stream.length, 0);
  const d = Object.getOwnPropertyDescriptor(Blob.prototype, "stream");
  assert_true(d.writable && d.enumerable && d.configurable);
}, "stream() returns a new, unlocked ReadableStream on each call");

test(() => {
  assert_equals(typeof Blob.prototype.stream, "function");
  assert_throws_js(TypeError, () => Blob.prototype.stream.call({}));
  assert_throws_js(TypeError, () => Blob.prototype.stream.call(new ReadableStream()));
  assert_throws_js(TypeError, () => Blob.prototype.stream.call(undefined));
}, "stream() throws a TypeError on a receiver that is not a Blob");

promise_test(async () => {
  const chunks = await readChunks(new Blob(["ab", new Uint8Array([0, 255]), "c"]).stream());
  assert_greater_than(chunks.length, 0);
  for (const chunk of chunks) {
    assert_equals(Object.prototype.toString.call(chunk), "[object Uint8Array]", "each chunk is a Uint8Array");
    assert_true(chunk instanceof Uint8Array);
  }
  assert_array_equals(concat(chunks), [0x61, 0x62, 0, 255, 0x63]);
}, "The chunks are Uint8Arrays that concatenate to the blob's bytes");

promise_test(async () => {
  const reader = new Blob([]).stream().getReader();
  const result = await reader.read();
  assert_true(result.done, "the first read is the end");
  assert_equals(result.value, undefined);
  await reader.closed;
  const emptyParts = await readChunks(new Blob(["", new ArrayBuffer(0)]).stream());
  assert_equals(concat(emptyParts).length, 0);
}, "An empty blob's stream closes without a chunk");

promise_test(async () => {
  const size = 1024 * 1024;
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    bytes[i] = (i * 7 + (i >> 8)) & 0xFF;
  }
  const blob = new Blob([bytes]);
  const chunks = await readChunks(blob.stream());
  const all = concat(chunks);
  assert_equals(all.length, size, "every byte arrives");
  let mismatch = -1;
  for (let i = 0; i < size; i++) {
    if (all[i] !== bytes[i]) {
      mismatch = i;
      break;
    }
  }
  assert_equals(mismatch, -1, "the bytes arrive in order, unchanged");
}, "A 1 MB blob arrives whole and in order across its chunks");

promise_test(async () => {
  const blob = new Blob(["0123456789"]);
  const [first, second] = await Promise.all([readChunks(blob.stream()), readChunks(blob.stream())]);
  assert_array_equals(concat(first), concat(second), "two streams read at once give the same bytes");
  assert_equals(new TextDecoder().decode(concat(first)), "0123456789");
  assert_equals(await blob.text(), "0123456789", "reading a stream does not consume the blob");
  assert_equals(concat(await readChunks(blob.stream())).length, 10, "nor later streams");
}, "Streams of one blob are independent of each other and of the blob");

promise_test(async () => {
  const blob = new Blob(["hello, world"]);
  assert_equals(new TextDecoder().decode(concat(await readChunks(blob.slice(7, 12).stream()))), "world");
  assert_equals(concat(await readChunks(blob.slice(3, 3).stream())).length, 0, "an empty slice");
  const file = new File(["file \u00e9"], "a.txt", { type: "text/plain" });
  assert_array_equals(concat(await readChunks(file.stream())), [0x66, 0x69, 0x6C, 0x65, 0x20, 0xC3, 0xA9]);
}, "A slice's stream gives the slice's bytes; a File's stream gives its bytes");

promise_test(async () => {
  const parts = ["a", new Blob(["b", new Uint8Array([1])]), new Uint16Array([0x0302]).buffer, new DataView(new Uint8Array([4, 5, 6]).buffer, 1, 1)];
  assert_array_equals(concat(await readChunks(new Blob(parts).stream())), [0x61, 0x62, 1, 2, 3, 5]);
}, "The stream follows the parts of a blob made of strings, blobs, buffers and views");

promise_test(async () => {
  const blob = new Blob([new Uint8Array(256 * 1024)]);
  const stream = blob.stream();
  const reader = stream.getReader();
  const first = await reader.read();
  assert_false(first.done);
  assert_equals(await reader.cancel("enough"), undefined, "cancel() resolves with undefined");
  const after = await reader.read();
  assert_true(after.done, "a cancelled stream reads as done");
  await reader.closed;
}, "A blob's stream can be cancelled part way; later reads are done");

promise_test(async () => {
  const text = "caf\u00e9 \u20ac \ud83d\ude00";
  const readable = new Blob([text]).stream().pipeThrough(new TextDecoderStream());
  let result = "";
  for await (const chunk of readable) {
    result += chunk;
  }
  assert_equals(result, text);
}, "A blob's stream pipes through a TextDecoderStream back to the text");

promise_test(async () => {
  const blob = new Blob(["abcdef"]);
  const reader = blob.stream().getReader();
  const chunks = [];
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    chunks.push(r.value);
    r.value.fill(0);
  }
  assert_equals(await blob.text(), "abcdef", "writing into a chunk does not change the blob");
  assert_equals(concat(chunks).length, 6);
}, "The chunks are copies: changing them does not change the blob");

promise_test(async () => {
  const bytes = new Uint8Array([1, 2, 3]);
  const blob = new Blob([bytes]);
  bytes[0] = 9;
  assert_array_equals(concat(await readChunks(blob.stream())), [1, 2, 3]);
}, "The stream gives the bytes the blob was made with, not later changes to the source buffer");
