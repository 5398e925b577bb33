// Readable byte streams (new ReadableStream({ type: "bytes" })), from the Streams Standard §4: the
// ReadableByteStreamController class (§4.7), the ReadableStreamBYOBReader class (§4.6), the
// ReadableStreamBYOBRequest class (§4.8) and their abstract operations (§4.9: SetUpReadableByteStreamController,
// ReadableByteStreamControllerEnqueue, ...PullInto, ...Respond, ...RespondWithNewView, ...Close, the pull-into
// descriptors and ReadableByteStreamTee). Each test names the algorithm or step it exercises.

function delay(ms) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

// Notes whether a promise has settled, handling its rejection so that none is left unhandled.
function watch(promise) {
  const watcher = { settled: false };
  promise.then(() => { watcher.settled = true; }, () => { watcher.settled = true; });
  return watcher;
}

// The bytes an ArrayBufferView covers, as an array of numbers.
function bytesOf(view) {
  return Array.from(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
}

// A byte stream whose controller is kept (start() runs synchronously in the constructor).
function byteStream(strategy) {
  const source = { controller: null };
  source.stream = new ReadableStream({ type: "bytes", start(c) { source.controller = c; } }, strategy);
  return source;
}

test(() => {
  assert_throws_js(RangeError, () => new ReadableStream({ type: "bytes" }, { size() { return 1; } }),
    "a byte stream refuses a strategy with a size function");
  assert_throws_js(RangeError, () => new ReadableStream({ type: "bytes" }, { size: () => 1, highWaterMark: 4 }));
  new ReadableStream({ type: "bytes" }, { size: undefined, highWaterMark: 4 });
  assert_throws_js(RangeError, () => new ReadableStream({ type: "bytes" }, { highWaterMark: -1 }));
  let started = false;
  assert_throws_js(TypeError, () => new ReadableStream({ type: "bytes", autoAllocateChunkSize: 0, start() { started = true; } }),
    "autoAllocateChunkSize 0");
  assert_false(started, "the autoAllocateChunkSize check comes before start() is called");
  assert_throws_js(TypeError, () => new ReadableStream({ type: "bytes", autoAllocateChunkSize: -1 }),
    "[EnforceRange] unsigned long long");
  assert_throws_js(TypeError, () => new ReadableStream({ type: "bytes", autoAllocateChunkSize: Infinity }));
  new ReadableStream({ autoAllocateChunkSize: 0 });
}, "The constructor (type: \"bytes\") refuses a size function (RangeError) and an autoAllocateChunkSize of 0 (TypeError); a default stream ignores autoAllocateChunkSize");

promise_test(async t => {
  let desiredSize, pulls = 0;
  const { controller } = byteStream();
  assert_equals(controller.desiredSize, 0, "a byte stream's default high water mark is 0");
  assert_equals(Object.prototype.toString.call(controller), "[object ReadableByteStreamController]");
  assert_true(controller instanceof ReadableByteStreamController);
  assert_equals(controller.byobRequest, null, "no read is pending, so there is no BYOB request");
  new ReadableStream({ type: "bytes", pull() { pulls++; } });
  let request = "not pulled";
  let pullsWithHwm = 0;
  new ReadableStream({
    type: "bytes",
    autoAllocateChunkSize: 4,
    start(c) { desiredSize = c.desiredSize; },
    pull(c) { pullsWithHwm++; request = c.byobRequest; },
  }, { highWaterMark: 16 });
  assert_equals(desiredSize, 16, "the strategy's highWaterMark is used");
  await delay(0);
  assert_equals(pulls, 0, "with a high water mark of 0, nothing is pulled before a read");
  assert_equals(pullsWithHwm, 1, "a positive desired size pulls once start() has settled");
  assert_equals(request, null, "a pull with no read pending has no BYOB request, even with autoAllocateChunkSize");
}, "SetUpReadableByteStreamController: the high water mark defaults to 0 and desiredSize starts at it; pull follows ShouldCallPull");

test(() => {
  const { controller } = byteStream({ highWaterMark: 8 });
  assert_throws_js(TypeError, () => controller.enqueue(new ArrayBuffer(4)), "an ArrayBuffer is not an ArrayBufferView");
  assert_throws_js(TypeError, () => controller.enqueue({ buffer: new ArrayBuffer(4), byteOffset: 0, byteLength: 4 }));
  assert_throws_js(TypeError, () => controller.enqueue("abcd"));
  assert_throws_js(TypeError, () => controller.enqueue());
  assert_throws_js(TypeError, () => controller.enqueue(new Uint8Array(0)), "an empty view");
  assert_throws_js(TypeError, () => controller.enqueue(new Uint8Array(new ArrayBuffer(4), 4)),
    "a zero-length view of a non-empty buffer");
  assert_throws_js(TypeError, () => controller.enqueue(new DataView(new ArrayBuffer(4), 2, 0)));
  assert_equals(controller.desiredSize, 8, "refused chunks are not queued, and do not error the stream");
  controller.enqueue(new Uint8Array(3));
  assert_equals(controller.desiredSize, 5);
}, "enqueue() throws a TypeError for a chunk that is not an ArrayBufferView or has a byte length of 0");

test(() => {
  const { controller } = byteStream({ highWaterMark: 20 });
  const buffer = new ArrayBuffer(12);
  const chunk = new Int16Array(buffer, 2, 3);
  const other = new Uint8Array(buffer);
  controller.enqueue(chunk);
  assert_equals(controller.desiredSize, 14, "desiredSize falls by the chunk's byte length (6), not its length (3)");
  assert_equals(chunk.byteLength, 0, "the chunk's buffer was transferred: the view is detached");
  assert_equals(chunk.length, 0);
  assert_equals(buffer.byteLength, 0);
  assert_equals(other.byteLength, 0, "every view of the transferred buffer is detached");
  assert_throws_js(TypeError, () => controller.enqueue(chunk), "a detached chunk cannot be enqueued again");
  controller.enqueue(new DataView(new ArrayBuffer(30)));
  assert_equals(controller.desiredSize, -16, "the desired size can go below 0");
}, "ReadableByteStreamControllerEnqueue transfers the chunk's buffer and adds its byte length to the queue total");

promise_test(async t => {
  const { stream, controller } = byteStream({ highWaterMark: 10 });
  controller.enqueue(new Uint8Array([1, 2]));
  controller.close();
  assert_equals(controller.desiredSize, 8, "with bytes queued, close() only requests the close");
  assert_throws_js(TypeError, () => controller.close(), "close() twice");
  const late = new Uint8Array([3]);
  assert_throws_js(TypeError, () => controller.enqueue(late), "enqueue() after close()");
  assert_equals(late.byteLength, 1, "a refused chunk is not transferred");
  const reader = stream.getReader();
  const result = await reader.read();
  assert_array_equals(Array.from(result.value), [1, 2]);
  await reader.closed;
  assert_equals(controller.desiredSize, 0, "the stream closed once its queue drained");
  assert_throws_js(TypeError, () => controller.close(), "close() of a closed stream");
  assert_throws_js(TypeError, () => controller.enqueue(new Uint8Array([3])), "enqueue() into a closed stream");
  assert_true((await reader.read()).done);
}, "close() with bytes queued lets them be read first; close() and enqueue() after close() throw a TypeError");

promise_test(async t => {
  const { stream, controller } = byteStream({ highWaterMark: 4 });
  const reader = stream.getReader({ mode: "byob" });
  const read = reader.read(new Uint8Array(2));
  const request = controller.byobRequest;
  const error = new Error("byte source failed");
  const rejected = promise_rejects_exactly(t, error, read);
  controller.error(error);
  await rejected;
  await promise_rejects_exactly(t, error, reader.closed);
  assert_equals(controller.desiredSize, null);
  assert_equals(request.view, null, "error() invalidates the BYOB request");
  assert_equals(controller.byobRequest, null, "and drops the pending pull-into descriptors");
  controller.error(new Error("ignored"));
  assert_throws_js(TypeError, () => controller.enqueue(new Uint8Array([1])));
  assert_throws_js(TypeError, () => controller.close());
  await promise_rejects_exactly(t, error, reader.read(new Uint8Array(1)));

  const queued = byteStream({ highWaterMark: 4 });
  queued.controller.enqueue(new Uint8Array([1]));
  queued.controller.error(error);
  await promise_rejects_exactly(t, error, queued.stream.getReader().read(), "the queued byte was discarded");
}, "error() errors the stream: pending and later reads reject with the reason, the queue and BYOB request are dropped");

promise_test(async t => {
  const { stream, controller } = byteStream();
  const buffer = new ArrayBuffer(10);
  new Uint8Array(buffer).set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  controller.enqueue(new Uint8Array(buffer, 2, 5));
  const int16 = new Int16Array([0x0102, -2]);
  const int16Bytes = bytesOf(int16);
  controller.enqueue(int16);
  const reader = stream.getReader();
  const first = await reader.read();
  assert_false(first.done);
  assert_equals(first.value.constructor, Uint8Array);
  assert_equals(first.value.byteOffset, 2, "the chunk keeps the enqueued view's byteOffset");
  assert_equals(first.value.byteLength, 5);
  assert_equals(first.value.buffer.byteLength, 10, "over the whole transferred buffer");
  assert_not_equals(first.value.buffer, buffer, "a new ArrayBuffer object: the original is detached");
  assert_array_equals(Array.from(first.value), [2, 3, 4, 5, 6]);
  const second = await reader.read();
  assert_equals(second.value.constructor, Uint8Array, "an Int16Array chunk is read as bytes");
  assert_array_equals(Array.from(second.value), int16Bytes);
  const pending = reader.read();
  const view = new DataView(new ArrayBuffer(8), 3, 4);
  view.setUint8(0, 42);
  controller.enqueue(view);
  const third = await pending;
  assert_equals(third.value.constructor, Uint8Array, "a chunk given straight to a waiting read is a Uint8Array too");
  assert_equals(third.value.byteOffset, 3);
  assert_equals(third.value.byteLength, 4);
  assert_equals(third.value.buffer.byteLength, 8);
  assert_equals(third.value[0], 42);
}, "A default reader of a byte stream reads Uint8Arrays over the transferred buffers, with the chunks' offsets and lengths");

promise_test(async t => {
  const requests = [];
  const stream = new ReadableStream({
    type: "bytes",
    autoAllocateChunkSize: 8,
    pull(c) { requests.push(c.byobRequest); },
  });
  const reader = stream.getReader();
  const read = reader.read();
  await delay(0);
  assert_equals(requests.length, 1);
  const request = requests[0];
  assert_equals(Object.prototype.toString.call(request), "[object ReadableStreamBYOBRequest]");
  const view = request.view;
  assert_equals(view.constructor, Uint8Array);
  assert_equals(view.byteOffset, 0);
  assert_equals(view.byteLength, 8, "a buffer of autoAllocateChunkSize bytes");
  assert_equals(view.buffer.byteLength, 8);
  view.set([7, 8, 9]);
  request.respond(3);
  assert_equals(request.view, null, "respond() invalidates the request");
  assert_equals(view.byteLength, 0, "respond() transfers the request's buffer");
  const result = await read;
  assert_false(result.done);
  assert_equals(result.value.constructor, Uint8Array);
  assert_equals(result.value.byteOffset, 0);
  assert_equals(result.value.byteLength, 3, "the chunk has the bytes written, not the whole buffer");
  assert_equals(result.value.buffer.byteLength, 8);
  assert_array_equals(Array.from(result.value), [7, 8, 9]);
}, "With autoAllocateChunkSize a default read's pull gets a BYOB request; respond(n) gives the read a Uint8Array of n bytes");

promise_test(async t => {
  let seen = "not pulled";
  const plain = new ReadableStream({
    type: "bytes",
    pull(c) { seen = c.byobRequest; c.enqueue(new Uint8Array([5])); },
  });
  const plainResult = await plain.getReader().read();
  assert_equals(seen, null, "without autoAllocateChunkSize a default read makes no BYOB request");
  assert_array_equals(Array.from(plainResult.value), [5]);

  let controller;
  const auto = new ReadableStream({ type: "bytes", autoAllocateChunkSize: 4, pull(c) { controller = c; } });
  const read = auto.getReader().read();
  await delay(0);
  const request = controller.byobRequest;
  assert_not_equals(request, null);
  assert_equals(controller.byobRequest, request, "the getter returns the same request until it is invalidated");
  controller.enqueue(new Uint8Array([1, 2, 3, 4, 5, 6]));
  assert_equals(request.view, null, "enqueue() invalidates the BYOB request");
  assert_equals(controller.byobRequest, null, "and the auto-allocated pull-into descriptor is dropped");
  assert_throws_js(TypeError, () => request.respond(1), "an invalidated request cannot respond");
  const result = await read;
  assert_array_equals(Array.from(result.value), [1, 2, 3, 4, 5, 6],
    "the read gets the enqueued chunk whole, not the auto-allocated 4 bytes");
}, "enqueue() while an auto-allocated BYOB request is pending gives the chunk to the read and invalidates the request");

test(() => {
  const stream = new ReadableStream({ type: "bytes" });
  const reader = stream.getReader({ mode: "byob" });
  assert_true(reader instanceof ReadableStreamBYOBReader);
  assert_equals(Object.prototype.toString.call(reader), "[object ReadableStreamBYOBReader]");
  assert_true(stream.locked);
  assert_throws_js(TypeError, () => stream.getReader({ mode: "byob" }), "a locked stream");
  assert_throws_js(TypeError, () => new ReadableStreamBYOBReader(stream), "a locked stream");
  reader.releaseLock();
  assert_true(new ReadableStreamBYOBReader(stream) instanceof ReadableStreamBYOBReader);
  assert_throws_js(TypeError, () => new ReadableStream().getReader({ mode: "byob" }), "not a byte stream");
  assert_throws_js(TypeError, () => new ReadableStreamBYOBReader(new ReadableStream()), "not a byte stream");
  assert_throws_js(TypeError, () => new ReadableStreamBYOBReader({}));
  assert_throws_js(TypeError, () => new ReadableStream({ type: "bytes" }).getReader({ mode: "BYOB" }),
    "ReadableStreamReaderMode is an enumeration");
  assert_true(new ReadableStream({ type: "bytes" }).getReader() instanceof ReadableStreamDefaultReader,
    "a byte stream also gives default readers");
}, "getReader({ mode: \"byob\" }) and new ReadableStreamBYOBReader() need an unlocked byte stream (SetUpReadableStreamBYOBReader)");

promise_test(async t => {
  const { stream, controller } = byteStream();
  controller.enqueue(new Uint8Array([1, 2]));
  controller.enqueue(new Uint8Array([3, 4, 5]));
  const reader = stream.getReader({ mode: "byob" });
  const buffer = new ArrayBuffer(8);
  new Uint8Array(buffer).fill(9);
  const view = new Uint8Array(buffer, 2, 4);
  const read = reader.read(view);
  assert_equals(view.byteLength, 0, "read() transfers the view's buffer at once");
  assert_equals(buffer.byteLength, 0);
  const result = await read;
  assert_false(result.done);
  assert_equals(result.value.constructor, Uint8Array);
  assert_not_equals(result.value.buffer, buffer, "the result is over a new ArrayBuffer object");
  assert_equals(result.value.buffer.byteLength, 8);
  assert_equals(result.value.byteOffset, 2, "with the given view's byteOffset");
  assert_equals(result.value.byteLength, 4);
  assert_array_equals(Array.from(new Uint8Array(result.value.buffer)), [9, 9, 1, 2, 3, 4, 9, 9],
    "the queued bytes, taken across two chunks, are copied into the given memory; the rest is untouched");
  const rest = await reader.read(new Uint8Array(4));
  assert_array_equals(bytesOf(rest.value), [5], "the byte left over stays queued");
}, "A BYOB read copies queued bytes into the transferred buffer and gives a view of the same type and byteOffset");

promise_test(async t => {
  const { stream, controller } = byteStream();
  controller.enqueue(new Uint8Array([1, 2, 3, 4, 5]));
  const reader = stream.getReader({ mode: "byob" });
  const result = await reader.read(new Int16Array(4));
  assert_equals(result.value.constructor, Int16Array);
  assert_equals(result.value.length, 2, "only whole elements are filled: 4 of the 5 bytes");
  assert_equals(result.value.buffer.byteLength, 8);
  assert_array_equals(bytesOf(result.value), [1, 2, 3, 4]);
  const rest = await reader.read(new Uint8Array(4));
  assert_array_equals(bytesOf(rest.value), [5]);

  controller.enqueue(new Uint8Array([10, 20, 30, 40, 50]));
  const data = await reader.read(new DataView(new ArrayBuffer(6), 1, 3));
  assert_true(data.value instanceof DataView, "a DataView read gives a DataView");
  assert_equals(data.value.byteOffset, 1);
  assert_equals(data.value.byteLength, 3);
  assert_equals(data.value.buffer.byteLength, 6);
  assert_array_equals([data.value.getUint8(0), data.value.getUint8(1), data.value.getUint8(2)], [10, 20, 30]);
  const last = await reader.read(new Uint8Array(8));
  assert_array_equals(bytesOf(last.value), [40, 50]);
}, "A BYOB read into an Int16Array fills whole elements only; a DataView read counts bytes");

promise_test(async t => {
  const { stream, controller } = byteStream();
  const reader = stream.getReader({ mode: "byob" });
  const read = reader.read(new Uint8Array(4), { min: 3 });
  const watcher = watch(read);
  controller.enqueue(new Uint8Array([1]));
  controller.enqueue(new Uint8Array([2]));
  await delay(0);
  assert_false(watcher.settled, "two bytes are fewer than min");
  controller.enqueue(new Uint8Array([3]));
  const result = await read;
  assert_array_equals(bytesOf(result.value), [1, 2, 3]);

  const read16 = reader.read(new Int16Array(4), { min: 2 });
  const watcher16 = watch(read16);
  controller.enqueue(new Uint8Array([1, 2, 3]));
  await delay(0);
  assert_false(watcher16.settled, "three bytes are one element and a half: fewer than min elements");
  controller.enqueue(new Uint8Array([4, 5]));
  const result16 = await read16;
  assert_equals(result16.value.length, 2, "the read completes with min elements, as soon as it has them");
  assert_array_equals(bytesOf(result16.value), [1, 2, 3, 4]);
  const rest = await reader.read(new Uint8Array(2));
  assert_array_equals(bytesOf(rest.value), [5], "the byte past the last whole element stays queued");
}, "read(view, { min }) waits until min elements are filled (the pull-into descriptor's minimum fill)");

promise_test(async t => {
  const reader = new ReadableStream({ type: "bytes" }).getReader({ mode: "byob" });
  const view = new Int16Array(2);
  await promise_rejects_js(t, TypeError, reader.read(view, { min: 0 }));
  await promise_rejects_js(t, RangeError, reader.read(view, { min: 3 }), "min counts elements: 3 > 2");
  await promise_rejects_js(t, RangeError, reader.read(new DataView(new ArrayBuffer(4)), { min: 5 }),
    "a DataView's min counts bytes");
  await promise_rejects_js(t, TypeError, reader.read(view, { min: -1 }), "[EnforceRange] unsigned long long");
  assert_equals(view.byteLength, 4, "a refused read does not transfer the view's buffer");
}, "read(view, { min }) rejects with a TypeError for min 0 and a RangeError for min above the view's length");

promise_test(async t => {
  const stream = new ReadableStream({ type: "bytes" });
  const reader = stream.getReader({ mode: "byob" });
  await promise_rejects_js(t, TypeError, reader.read(new Uint8Array(0)), "an empty view");
  await promise_rejects_js(t, TypeError, reader.read(new Uint8Array(new ArrayBuffer(8), 8)),
    "a zero-length view of a non-empty buffer");
  await promise_rejects_js(t, TypeError, reader.read(new ArrayBuffer(8)), "an ArrayBuffer");
  await promise_rejects_js(t, TypeError, reader.read({ buffer: new ArrayBuffer(8), byteOffset: 0, byteLength: 8 }));
  await promise_rejects_js(t, TypeError, reader.read(), "the view is a required argument");
  reader.releaseLock();
  const view = new Uint8Array(1);
  await promise_rejects_js(t, TypeError, reader.read(view), "a released reader");
  assert_equals(view.byteLength, 1);
  assert_true(new ReadableStreamBYOBReader(stream) instanceof ReadableStreamBYOBReader, "the stream was not errored");
}, "A BYOB read() of an empty view, a non-view or on a released reader rejects with a TypeError");

promise_test(async t => {
  let pulls = 0;
  let controller;
  const stream = new ReadableStream({ type: "bytes", start(c) { controller = c; }, pull() { pulls++; } });
  controller.enqueue(new Uint8Array([1, 2, 3]));
  await delay(0);
  assert_equals(pulls, 0, "bytes are queued and nothing asks for more");
  const reader = stream.getReader({ mode: "byob" });
  const read = reader.read(new Uint8Array(new ArrayBuffer(16), 4, 8), { min: 8 });
  assert_equals(pulls, 1, "a read the queue cannot satisfy calls pull()");
  const request = controller.byobRequest;
  const view = request.view;
  assert_equals(view.constructor, Uint8Array);
  assert_equals(view.byteOffset, 7, "the view starts at the read's byteOffset plus the bytes already filled");
  assert_equals(view.byteLength, 5, "and covers the space left");
  assert_equals(view.buffer.byteLength, 16);
  assert_array_equals(Array.from(new Uint8Array(view.buffer, 4, 3)), [1, 2, 3], "the queued bytes were copied in");
  view.set([4, 5, 6, 7, 8]);
  request.respond(5);
  const result = await read;
  assert_equals(result.value.byteOffset, 4);
  assert_equals(result.value.byteLength, 8);
  assert_array_equals(bytesOf(result.value), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert_equals(controller.byobRequest, null, "no read is pending any more");
}, "A pending BYOB read makes controller.byobRequest: a Uint8Array over the space left; respond() completes the read");

promise_test(async t => {
  const { stream, controller } = byteStream();
  const reader = stream.getReader({ mode: "byob" });
  const read = reader.read(new Uint8Array(4));
  const request = controller.byobRequest;
  assert_throws_js(RangeError, () => request.respond(5), "more bytes than the view has");
  assert_throws_js(TypeError, () => request.respond(0), "0 bytes while the stream is readable");
  assert_throws_js(TypeError, () => request.respond(-1), "[EnforceRange] unsigned long long");
  assert_equals(request.view.byteLength, 4, "a refused respond() leaves the request as it was");
  request.view[0] = 42;
  request.respond(1);
  assert_throws_js(TypeError, () => request.respond(1), "a request is answered once");
  const result = await read;
  assert_array_equals(bytesOf(result.value), [42]);
}, "respond() throws a RangeError past the view's length and a TypeError for 0 bytes on a readable stream");

promise_test(async t => {
  const { stream, controller } = byteStream();
  const reader = stream.getReader({ mode: "byob" });
  const read = reader.read(new Uint8Array(new ArrayBuffer(10), 2, 6));
  const request = controller.byobRequest;
  const view = request.view;
  assert_throws_js(TypeError, () => request.respondWithNewView(view.buffer), "an ArrayBuffer is not a view");
  assert_throws_js(RangeError, () => request.respondWithNewView(new Uint8Array(view.buffer, 3, 2)),
    "the view must start where the request's does");
  assert_throws_js(RangeError, () => request.respondWithNewView(new Uint8Array(new ArrayBuffer(12), 2, 2)),
    "the view's buffer must be as long as the request's");
  assert_throws_js(RangeError, () => request.respondWithNewView(new Uint8Array(new ArrayBuffer(10), 2, 7)),
    "the view must fit in the request's");
  assert_throws_js(TypeError, () => request.respondWithNewView(new Uint8Array(view.buffer, 2, 0)),
    "an empty view while the stream is readable");
  const answer = new Uint8Array(view.buffer, 2, 3);
  answer.set([7, 8, 9]);
  request.respondWithNewView(answer);
  assert_equals(answer.byteLength, 0, "the new view's buffer is transferred");
  const result = await read;
  assert_equals(result.value.byteOffset, 2);
  assert_array_equals(bytesOf(result.value), [7, 8, 9]);

  const read2 = reader.read(new Uint16Array(new ArrayBuffer(6), 2, 2));
  const other = new Uint8Array(new ArrayBuffer(6), 2, 2);
  other.set([1, 2]);
  controller.byobRequest.respondWithNewView(other);
  const result2 = await read2;
  assert_equals(result2.value.constructor, Uint16Array);
  assert_equals(result2.value.length, 1);
  assert_array_equals(bytesOf(result2.value), [1, 2], "another buffer of the same byte length is accepted");
}, "respondWithNewView() takes a view at the request's offset in a buffer of the same length; others are refused");

promise_test(async t => {
  const { stream, controller } = byteStream();
  const reader = stream.getReader({ mode: "byob" });
  const first = reader.read(new Int16Array(new ArrayBuffer(10), 2, 3));
  const second = reader.read(new Uint8Array(4));
  const watcher = watch(first);
  const request = controller.byobRequest;
  controller.close();
  await reader.closed;
  await delay(0);
  assert_false(watcher.settled, "the pending reads wait for the BYOB request to be answered");
  assert_equals(controller.byobRequest, request, "close() leaves the BYOB request in place");
  assert_throws_js(TypeError, () => request.respond(1), "a closed stream accepts only 0 bytes");
  request.respond(0);
  const [result1, result2] = await Promise.all([first, second]);
  assert_true(result1.done);
  assert_equals(result1.value.constructor, Int16Array);
  assert_equals(result1.value.length, 0);
  assert_equals(result1.value.byteOffset, 2);
  assert_equals(result1.value.buffer.byteLength, 10);
  assert_true(result2.done, "respond(0) completes every pending read");
  assert_equals(result2.value.constructor, Uint8Array);
  assert_equals(result2.value.byteLength, 0);
  const view = new Uint16Array(new ArrayBuffer(8), 4, 2);
  const after = await reader.read(view);
  assert_equals(view.byteLength, 0, "a read of a closed stream still transfers the buffer");
  assert_true(after.done);
  assert_equals(after.value.constructor, Uint16Array);
  assert_equals(after.value.byteOffset, 4);
  assert_equals(after.value.length, 0);
}, "After close(), respond(0) completes the pending BYOB reads with done and empty views of their type and offset");

promise_test(async t => {
  const { stream, controller } = byteStream();
  const reader = stream.getReader({ mode: "byob" });
  const read = reader.read(new Uint8Array(new ArrayBuffer(8), 1, 4));
  const request = controller.byobRequest;
  const view = request.view;
  controller.close();
  assert_throws_js(TypeError, () => request.respondWithNewView(new Uint8Array(view.buffer, 1, 1)),
    "a closed stream takes only an empty view");
  request.respondWithNewView(new Uint8Array(view.buffer, 1, 0));
  const result = await read;
  assert_true(result.done);
  assert_equals(result.value.byteOffset, 1);
  assert_equals(result.value.byteLength, 0);
}, "After close(), respondWithNewView() takes only an empty view, which completes the read with done");

promise_test(async t => {
  const reasons = [];
  let controller;
  const stream = new ReadableStream({ type: "bytes", start(c) { controller = c; }, cancel(r) { reasons.push(r); } });
  const reader = stream.getReader({ mode: "byob" });
  const read = reader.read(new Uint8Array(4));
  const request = controller.byobRequest;
  assert_equals(await reader.cancel("why"), undefined);
  const result = await read;
  assert_true(result.done);
  assert_equals(result.value, undefined, "a canceled read has no view to give back");
  assert_array_equals(reasons, ["why"]);
  assert_equals(request.view, null, "cancel invalidates the BYOB request");
  assert_equals(controller.byobRequest, null);
  await reader.closed;
}, "cancel() fulfills pending BYOB reads with { done: true, value: undefined } and calls the source's cancel");

promise_test(async t => {
  const { stream } = byteStream();
  const reader = stream.getReader({ mode: "byob" });
  const rejections = Promise.all([
    promise_rejects_js(t, TypeError, reader.read(new Uint8Array(4))),
    promise_rejects_js(t, TypeError, reader.read(new Uint8Array(4))),
    promise_rejects_js(t, TypeError, reader.closed),
  ]);
  reader.releaseLock();
  await rejections;
  assert_false(stream.locked);
  await promise_rejects_js(t, TypeError, reader.read(new Uint8Array(1)));
}, "releaseLock() rejects the pending BYOB reads and closed with a TypeError");

promise_test(async t => {
  const { stream, controller } = byteStream();
  const reader = stream.getReader({ mode: "byob" });
  const read = reader.read(new Uint8Array(4));
  const rejected = promise_rejects_js(t, TypeError, read);
  const request = controller.byobRequest;
  reader.releaseLock();
  await rejected;
  assert_equals(controller.byobRequest, request, "the first pull-into descriptor outlives the reader");
  request.view.set([1, 2]);
  request.respond(2);
  const result = await stream.getReader().read();
  assert_equals(result.value.constructor, Uint8Array);
  assert_array_equals(Array.from(result.value), [1, 2], "the bytes written for the released read were queued");
}, "After releaseLock(), bytes given to the BYOB request (reader type \"none\") go to the queue for the next reader");

promise_test(async t => {
  const { stream, controller } = byteStream();
  const reader = stream.getReader({ mode: "byob" });
  const read = reader.read(new Int16Array(2));
  const outcome = read.then(() => "fulfilled", e => e);
  const request = controller.byobRequest;
  request.view[0] = 1;
  request.respond(1);
  await delay(0);
  assert_equals(await Promise.race([outcome, delay(0).then(() => "pending")]), "pending",
    "one byte is not a whole Int16 element");
  const next = controller.byobRequest;
  assert_equals(next.view.byteOffset, 1, "the next request starts after the byte written");
  assert_equals(next.view.byteLength, 3);
  let closeError;
  try {
    controller.close();
  } catch (e) {
    closeError = e;
  }
  assert_true(closeError instanceof TypeError, "close() with part of an element filled throws a TypeError");
  assert_equals(await outcome, closeError, "and errors the stream with it");
  await promise_rejects_exactly(t, closeError, reader.closed);
  assert_equals(controller.desiredSize, null);

  const second = byteStream();
  second.controller.enqueue(new Uint8Array([1]));
  second.controller.close();
  const reader2 = second.stream.getReader({ mode: "byob" });
  await promise_rejects_js(t, TypeError, reader2.read(new Int16Array(1)),
    "one queued byte, close requested: an Int16 element can never be filled");
  await promise_rejects_js(t, TypeError, reader2.closed);
}, "A partly filled element at the close errors the stream with a TypeError (ReadableByteStreamControllerClose, PullInto)");

promise_test(async t => {
  const stream = new ReadableStream({
    type: "bytes",
    start(c) {
      c.enqueue(new Uint8Array([1, 2]));
      c.enqueue(new Int16Array(1));
      c.close();
    },
  });
  const written = [];
  await stream.pipeTo(new WritableStream({ write(chunk) { written.push(chunk); } }));
  assert_equals(written.length, 2);
  assert_equals(written[0].constructor, Uint8Array);
  assert_array_equals(Array.from(written[0]), [1, 2]);
  assert_equals(written[1].constructor, Uint8Array);
  assert_array_equals(Array.from(written[1]), [0, 0]);
  assert_false(stream.locked);
}, "A byte stream pipes to a WritableStream, which is written Uint8Arrays");

promise_test(async t => {
  let n = 0;
  const stream = new ReadableStream({
    type: "bytes",
    autoAllocateChunkSize: 16,
    pull(c) {
      n++;
      c.byobRequest.view.fill(n, 0, n);
      c.byobRequest.respond(n);
      if (n === 3) {
        c.close();
      }
    },
  });
  const chunks = [];
  for await (const chunk of stream) {
    chunks.push(chunk);
  }
  assert_equals(chunks.length, 3);
  for (const chunk of chunks) {
    assert_equals(chunk.constructor, Uint8Array);
    assert_equals(chunk.buffer.byteLength, 16);
  }
  assert_array_equals(chunks.map(chunk => Array.from(chunk).join()), ["1", "2,2", "3,3,3"]);
}, "A byte stream can be async-iterated; its chunks are Uint8Arrays of the bytes each respond() gave");

promise_test(async t => {
  const stream = new ReadableStream({
    type: "bytes",
    start(c) {
      c.enqueue(new Uint8Array([1, 2, 3]));
      c.close();
    },
  });
  const [branch1, branch2] = stream.tee();
  const reader1 = branch1.getReader({ mode: "byob" });
  const result1 = await reader1.read(new Uint8Array(4));
  assert_array_equals(bytesOf(result1.value), [1, 2, 3]);
  const reader2 = branch2.getReader();
  const result2 = await reader2.read();
  assert_equals(result2.value.constructor, Uint8Array);
  assert_array_equals(Array.from(result2.value), [1, 2, 3]);
  assert_not_equals(result1.value.buffer, result2.value.buffer, "each branch gets its own copy");
  assert_true((await reader1.read(new Uint8Array(1))).done);
  assert_true((await reader2.read()).done);
}, "tee() of a byte stream gives two byte streams (ReadableByteStreamTee): a BYOB reader works on a branch");

promise_test(async t => {
  assert_throws_js(TypeError, () => new ReadableByteStreamController());
  assert_throws_js(TypeError, () => new ReadableStreamBYOBRequest());
  assert_equals(ReadableStreamBYOBReader.length, 1);
  assert_equals(ReadableStreamBYOBReader.prototype.read.length, 1, "read(view, optional options)");
  for (const [proto, name] of [[ReadableStreamBYOBRequest.prototype, "respond"],
    [ReadableStreamBYOBRequest.prototype, "respondWithNewView"], [ReadableByteStreamController.prototype, "enqueue"]]) {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    assert_true(d.writable && d.enumerable && d.configurable, name + " is a regular operation");
  }
  let defaultController;
  const defaultStream = new ReadableStream({ start(c) { defaultController = c; } });
  const getter = Object.getOwnPropertyDescriptor(ReadableByteStreamController.prototype, "byobRequest").get;
  assert_throws_js(TypeError, () => getter.call(defaultController), "byobRequest on a default controller");
  assert_throws_js(TypeError, () => ReadableByteStreamController.prototype.enqueue.call(defaultController, new Uint8Array(1)));
  await promise_rejects_js(t, TypeError,
    ReadableStreamBYOBReader.prototype.read.call(defaultStream.getReader(), new Uint8Array(1)),
    "read() on a default reader rejects");
}, "The byte stream interfaces have their WebIDL shape and check their receivers");

promise_test(async t => {
  // WebIDL's ArrayBufferView (no [AllowResizable]) refuses a view on a resizable ArrayBuffer: read() rejects,
  // enqueue() and respondWithNewView() throw, each a TypeError.
  let controller;
  const stream = new ReadableStream({ type: "bytes", start(c) { controller = c; } });
  const resizable = () => new Uint8Array(new ArrayBuffer(8, { maxByteLength: 16 }));
  assert_throws_js(TypeError, () => controller.enqueue(resizable()), "enqueue");
  const reader = stream.getReader({ mode: "byob" });
  await promise_rejects_js(t, TypeError, reader.read(resizable()), "read");
  const pending = reader.read(new Uint8Array(4));
  const request = controller.byobRequest;
  assert_false(request.view.buffer.resizable, "the request's view is over a fixed-length buffer");
  assert_throws_js(TypeError, () => request.respondWithNewView(resizable()), "respondWithNewView");
  request.view[0] = 7;
  request.respond(1);
  const { value } = await pending;
  assert_array_equals(Array.from(value), [7]);
  assert_false(value.buffer.resizable, "the result's buffer is fixed-length");
}, "Views on resizable ArrayBuffers are refused with a TypeError, and the buffers a byte stream hands out are fixed-length");
