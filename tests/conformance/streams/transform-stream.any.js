// TransformStream and TransformStreamDefaultController, from the Streams Standard §6 (transform streams): the
// constructor's argument conversion, the default strategies, the transformer's start/transform/flush/cancel, the
// controller's enqueue/error/terminate/desiredSize, backpressure between the two sides, and error propagation
// between them (TransformStreamDefaultSinkWriteAlgorithm, ...SinkAbortAlgorithm, ...SourceCancelAlgorithm).

function delay(ms) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

async function readAll(readable) {
  const reader = readable.getReader();
  const chunks = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return chunks;
    }
    chunks.push(value);
  }
}

test(() => {
  const order = [];
  const strategy = name => ({
    get highWaterMark() { order.push(name + ".highWaterMark"); return 1; },
    get size() { order.push(name + ".size"); return undefined; },
  });
  const transformer = {};
  for (const name of ["transform", "writableType", "start", "readableType", "flush", "cancel"]) {
    Object.defineProperty(transformer, name, { get() { order.push("transformer." + name); return undefined; } });
  }
  new TransformStream(transformer, strategy("writable"), strategy("readable"));
  assert_array_equals(order, [
    "writable.highWaterMark", "writable.size", "readable.highWaterMark", "readable.size",
    "transformer.cancel", "transformer.flush", "transformer.readableType", "transformer.start",
    "transformer.transform", "transformer.writableType",
  ]);
}, "The constructor converts both strategies (the IDL arguments) first, then the transformer's members in lexicographic order");

test(() => {
  assert_throws_js(RangeError, () => new TransformStream({ readableType: "bytes" }));
  assert_throws_js(RangeError, () => new TransformStream({ writableType: "bytes" }));
  assert_throws_js(RangeError, () => new TransformStream({ readableType: null }), "null is present");
  assert_throws_js(RangeError, () => new TransformStream({ writableType: 0 }), "any value is present");
  new TransformStream({ readableType: undefined, writableType: undefined });
}, "A present readableType or writableType is a RangeError; undefined means absent");

test(() => {
  assert_throws_js(TypeError, () => new TransformStream({ transform: 5 }));
  assert_throws_js(TypeError, () => new TransformStream({ flush: {} }));
  assert_throws_js(TypeError, () => new TransformStream({ start: "start" }));
  assert_throws_js(TypeError, () => new TransformStream({}, { size: 1 }));
  assert_throws_js(RangeError, () => new TransformStream({}, { highWaterMark: -1 }));
  assert_throws_js(RangeError, () => new TransformStream({}, {}, { highWaterMark: NaN }));
  const error = new Error("from start");
  assert_throws_exactly(error, () => new TransformStream({ start() { throw error; } }));
  assert_throws_js(TypeError, () => new TransformStream(null), "null is not an object (optional object transformer)");
  new TransformStream(undefined, undefined, undefined);
}, "The constructor refuses non-callable callbacks and bad strategies, and rethrows start()'s exception");

test(() => {
  assert_throws_js(TypeError, () => new TransformStream("transformer"));
  assert_throws_js(TypeError, () => new TransformStream(5));
  assert_throws_js(TypeError, () => new TransformStream(true));
}, "The constructor refuses a primitive transformer (optional object transformer)");

promise_test(async t => {
  let controller, thisValue, args;
  const transformer = { start(c) { controller = c; thisValue = this; args = arguments.length; } };
  const ts = new TransformStream(transformer);
  assert_equals(thisValue, transformer);
  assert_equals(args, 1);
  assert_equals(Object.prototype.toString.call(controller), "[object TransformStreamDefaultController]");
  assert_equals(controller.desiredSize, 0, "the readable side's high water mark defaults to 0");
  const writer = ts.writable.getWriter();
  assert_equals(writer.desiredSize, 1, "the writable side's high water mark defaults to 1");
  const chunk = { some: "object" };
  const reader = ts.readable.getReader();
  const [read] = await Promise.all([reader.read(), writer.write(chunk)]);
  assert_equals(read.value, chunk, "the identity transform passes the chunk itself");
  await writer.close();
  assert_true((await reader.read()).done);
}, "Without a transformer the stream is the identity; the default strategies are writable 1 and readable 0");

promise_test(async t => {
  const ts = new TransformStream();
  const writer = ts.writable.getWriter();
  const reader = ts.readable.getReader();
  await writer.ready;
  let written = false;
  let ready = false;
  const write = writer.write("a").then(() => { written = true; });
  writer.ready.then(() => { ready = true; });
  assert_equals(writer.desiredSize, 0);
  await delay(10);
  assert_false(written, "with readable HWM 0 the write waits for a read");
  assert_false(ready, "ready stays pending while the write waits");
  const result = await reader.read();
  assert_equals(result.value, "a");
  await write;
  await writer.ready;
  assert_true(ready);
  assert_equals(writer.desiredSize, 1);
}, "Backpressure: with the readable side's HWM 0, a write and writer.ready wait until the readable is read");

promise_test(async t => {
  let controller;
  const transformed = [];
  const ts = new TransformStream({
    start(c) { controller = c; },
    transform(chunk) { transformed.push(chunk); },
  }, { highWaterMark: 3 }, { highWaterMark: 2 });
  const writer = ts.writable.getWriter();
  assert_equals(writer.desiredSize, 3);
  assert_equals(controller.desiredSize, 2);
  controller.enqueue("x");
  assert_equals(controller.desiredSize, 1);
  controller.enqueue("y");
  controller.enqueue("z");
  assert_equals(controller.desiredSize, -1, "enqueue() past the high water mark does not throw");
  await delay(0);
  const write = writer.write(1);
  await delay(10);
  assert_array_equals(transformed, [], "the readable side is full, so the transform waits");
  const reader = ts.readable.getReader();
  assert_equals((await reader.read()).value, "x");
  assert_equals((await reader.read()).value, "y");
  await write;
  assert_array_equals(transformed, [1], "reading below the high water mark lets the write through");
}, "Strategies given to the constructor set both sides' high water marks; desiredSize reports the readable queue");

promise_test(async t => {
  let startController;
  const calls = [];
  const transformer = {
    start(c) { startController = c; },
    transform(chunk, controller) {
      calls.push([this === transformer, controller === startController, arguments.length]);
      controller.enqueue(chunk + "1");
      controller.enqueue(chunk + "2");
    },
  };
  const ts = new TransformStream(transformer);
  const writer = ts.writable.getWriter();
  writer.write("a");
  writer.write("b");
  writer.close();
  assert_array_equals(await readAll(ts.readable), ["a1", "a2", "b1", "b2"]);
  assert_equals(calls.length, 2);
  for (const call of calls) {
    assert_array_equals(call, [true, true, 2], "transform(chunk, controller) with the transformer as this");
  }
}, "transform(chunk, controller) is called once per chunk, in order, and may enqueue several chunks");

promise_test(async t => {
  const log = [];
  const resolvers = [];
  const ts = new TransformStream({
    transform(chunk, controller) {
      log.push("transform:" + chunk);
      return new Promise(resolve => resolvers.push(() => { controller.enqueue(chunk); resolve(); }));
    },
    flush() { log.push("flush"); },
  }, undefined, { highWaterMark: 10 });
  const writer = ts.writable.getWriter();
  writer.write("a");
  writer.write("b");
  const closed = writer.close();
  await delay(10);
  assert_array_equals(log, ["transform:a"], "the second transform waits for the first one's promise");
  resolvers[0]();
  await delay(10);
  assert_array_equals(log, ["transform:a", "transform:b"]);
  resolvers[1]();
  await closed;
  assert_array_equals(log, ["transform:a", "transform:b", "flush"], "flush runs after the last transform");
  assert_array_equals(await readAll(ts.readable), ["a", "b"]);
}, "A promise returned by transform() holds back the next transform() and flush() until it settles");

promise_test(async t => {
  let startController, flushArgs, thisValue;
  let finishFlush;
  const transformer = {
    start(c) { startController = c; },
    flush(controller) {
      flushArgs = [controller === startController, arguments.length];
      thisValue = this;
      controller.enqueue("from flush");
      return new Promise(resolve => { finishFlush = resolve; });
    },
  };
  const ts = new TransformStream(transformer);
  const writer = ts.writable.getWriter();
  const reader = ts.readable.getReader();
  writer.write("a");
  let closeDone = false;
  const close = writer.close().then(() => { closeDone = true; });
  assert_equals((await reader.read()).value, "a");
  assert_equals((await reader.read()).value, "from flush");
  assert_array_equals(flushArgs, [true, 1]);
  assert_equals(thisValue, transformer);
  let readDone = false;
  const last = reader.read().then(result => { readDone = result.done; });
  await delay(10);
  assert_false(closeDone, "close() waits for flush()'s promise");
  assert_false(readDone, "the readable closes only after flush() settles");
  finishFlush();
  await close;
  await last;
  assert_true(readDone);
}, "Closing the writable side calls flush(controller); the readable side closes when its promise fulfils");

promise_test(async t => {
  const error = new Error("transform failed");
  const ts = new TransformStream({ transform() { throw error; } });
  const writer = ts.writable.getWriter();
  const reader = ts.readable.getReader();
  const read = promise_rejects_exactly(t, error, reader.read(), "the pending read rejects: the readable side is errored");
  await promise_rejects_exactly(t, error, writer.write("a"), "the write rejects with the exception");
  await read;
  await promise_rejects_exactly(t, error, writer.closed, "the writable side is errored");
  await promise_rejects_exactly(t, error, writer.write("b"));

  const rejection = new Error("transform rejected");
  const ts2 = new TransformStream({ transform() { return Promise.reject(rejection); } }, undefined, { highWaterMark: 1 });
  const writer2 = ts2.writable.getWriter();
  await promise_rejects_exactly(t, rejection, writer2.write("a"));
  await promise_rejects_exactly(t, rejection, ts2.readable.getReader().closed);
}, "A transform() that throws or rejects errors both sides with its reason");

promise_test(async t => {
  const error = new Error("flush failed");
  const ts = new TransformStream({ flush() { throw error; } });
  const writer = ts.writable.getWriter();
  const reader = ts.readable.getReader();
  await promise_rejects_exactly(t, error, writer.close());
  await promise_rejects_exactly(t, error, reader.closed);
  await promise_rejects_exactly(t, error, writer.closed);
}, "A flush() that throws rejects close() and errors the readable side");

promise_test(async t => {
  const log = [];
  let finishStart;
  const ts = new TransformStream({
    start() { log.push("start"); return new Promise(resolve => { finishStart = resolve; }); },
    transform(chunk, controller) { log.push("transform:" + chunk); controller.enqueue(chunk); },
  }, undefined, { highWaterMark: 1 });
  const writer = ts.writable.getWriter();
  const write = writer.write("a");
  await delay(10);
  assert_array_equals(log, ["start"], "transform() waits for start()'s promise");
  finishStart();
  await write;
  assert_array_equals(log, ["start", "transform:a"]);

  const error = new Error("start rejected");
  const ts2 = new TransformStream({ start() { return Promise.reject(error); } });
  await promise_rejects_exactly(t, error, ts2.writable.getWriter().closed);
  await promise_rejects_exactly(t, error, ts2.readable.getReader().read());
}, "A promise returned by start() delays transform(); a rejected one errors both sides");

promise_test(async t => {
  let controller;
  const ts = new TransformStream({ start(c) { controller = c; } });
  const writer = ts.writable.getWriter();
  const reader = ts.readable.getReader();
  const error = new Error("by controller");
  controller.error(error);
  assert_equals(controller.desiredSize, null, "an errored readable has no desired size");
  await promise_rejects_exactly(t, error, reader.read());
  await promise_rejects_exactly(t, error, writer.closed);
  await promise_rejects_exactly(t, error, writer.write("a"));
  assert_throws_js(TypeError, () => controller.enqueue("late"), "enqueue() on an errored stream");
  controller.error(new Error("ignored"));
  controller.terminate();
  await promise_rejects_exactly(t, error, reader.closed, "later error() and terminate() change nothing");
}, "controller.error() errors both sides; enqueue() then throws a TypeError; later calls do nothing");

promise_test(async t => {
  let controller;
  const ts = new TransformStream({ start(c) { controller = c; } }, undefined, { highWaterMark: 2 });
  const writer = ts.writable.getWriter();
  controller.enqueue("queued");
  controller.terminate();
  assert_equals(controller.desiredSize, 1, "the readable stays readable (close requested) while a chunk is queued");
  assert_throws_js(TypeError, () => controller.enqueue("late"));
  controller.terminate();
  await promise_rejects_js(t, TypeError, writer.closed, "the writable side is errored with a TypeError");
  await promise_rejects_js(t, TypeError, writer.write("a"));
  assert_array_equals(await readAll(ts.readable), ["queued"], "queued chunks are still read before the end");
}, "controller.terminate() closes the readable side and errors the writable side with a TypeError");

promise_test(async t => {
  const log = [];
  const ts = new TransformStream({
    transform(chunk, controller) {
      log.push("transform:" + chunk);
      controller.enqueue(chunk);
      controller.terminate();
    },
    flush() { log.push("flush"); },
  });
  const writer = ts.writable.getWriter();
  const reading = readAll(ts.readable);
  await writer.write("a");
  await promise_rejects_js(t, TypeError, writer.write("b"));
  await promise_rejects_js(t, TypeError, writer.close());
  assert_array_equals(await reading, ["a"]);
  assert_array_equals(log, ["transform:a"], "no transform or flush after terminate()");
}, "terminate() inside transform(): that write succeeds, later writes and close() reject with a TypeError");

promise_test(async t => {
  assert_throws_js(TypeError, () => new TransformStream({ cancel: true }), "cancel is a callback member");
  let controller;
  const calls = [];
  const transformer = {
    start(c) { controller = c; },
    cancel(reason) { calls.push([reason, this === transformer, arguments.length]); },
    flush() { calls.push("flush"); },
  };
  const ts = new TransformStream(transformer);
  const writer = ts.writable.getWriter();
  const reason = new Error("cancelled");
  assert_equals(await ts.readable.cancel(reason), undefined);
  assert_equals(calls.length, 1);
  assert_array_equals(calls[0], [reason, true, 1], "cancel(reason) with the transformer as this");
  await promise_rejects_exactly(t, reason, writer.closed, "the writable side is errored with the reason");
  await promise_rejects_exactly(t, reason, writer.write("a"));
  assert_throws_js(TypeError, () => controller.enqueue("late"), "the readable side is closed");
  await writer.abort("again");
  assert_equals(calls.length, 1, "the transformer's cancel() is called once");
}, "readable.cancel(reason) calls transformer.cancel(reason) and errors the writable side with the reason");

promise_test(async t => {
  const calls = [];
  const ts = new TransformStream({ cancel(reason) { calls.push(reason); }, flush() { calls.push("flush"); } });
  const reader = ts.readable.getReader();
  const reason = new Error("aborted");
  assert_equals(await ts.writable.abort(reason), undefined);
  assert_array_equals(calls, [reason]);
  await promise_rejects_exactly(t, reason, reader.read(), "the readable side is errored with the reason");
  await promise_rejects_exactly(t, reason, reader.cancel("again"), "cancelling an errored stream rejects");
  assert_array_equals(calls, [reason], "the transformer's cancel() is called once");
}, "writable.abort(reason) calls transformer.cancel(reason) and errors the readable side with the reason");

promise_test(async t => {
  const error = new Error("cancel threw");
  const ts = new TransformStream({ cancel() { throw error; } });
  const writer = ts.writable.getWriter();
  await promise_rejects_exactly(t, error, ts.readable.cancel("reason"), "cancel() rejects with the exception");
  await promise_rejects_exactly(t, error, writer.closed, "the writable side is errored with the exception");

  const ts2 = new TransformStream({ cancel() { return Promise.reject(error); } });
  const reader2 = ts2.readable.getReader();
  await promise_rejects_exactly(t, error, ts2.writable.abort("reason"));
  await promise_rejects_exactly(t, error, reader2.closed);
}, "A transformer.cancel() that throws or rejects passes its reason to the other side and to the caller");

promise_test(async t => {
  const ts = new TransformStream();
  const writer = ts.writable.getWriter();
  await ts.readable.cancel("gone");
  await promise_rejects_exactly(t, "gone", writer.closed);

  const ts2 = new TransformStream();
  const reader2 = ts2.readable.getReader();
  await ts2.writable.abort("stop");
  await promise_rejects_exactly(t, "stop", reader2.closed);
}, "Without transformer.cancel(), cancelling or aborting one side still errors the other with the reason");

promise_test(async t => {
  let controller;
  const ts = new TransformStream({ start(c) { controller = c; } });
  const writer = ts.writable.getWriter();
  const write = promise_rejects_exactly(t, "cancelled", writer.write("waiting"), "the write held by backpressure is rejected");
  await delay(10);
  await ts.readable.cancel("cancelled");
  await write;
}, "Cancelling the readable side releases a write held back by backpressure with the cancel reason");

test(() => {
  const ts = new TransformStream();
  assert_equals(Object.prototype.toString.call(ts), "[object TransformStream]");
  assert_equals(TransformStream.length, 0);
  assert_true(ts.readable instanceof ReadableStream);
  assert_true(ts.writable instanceof WritableStream);
  assert_equals(ts.readable, ts.readable, "the getter returns the same stream each time");
  for (const name of ["readable", "writable"]) {
    const d = Object.getOwnPropertyDescriptor(TransformStream.prototype, name);
    assert_equals(typeof d.get, "function", name);
    assert_equals(d.set, undefined, name);
    assert_true(d.enumerable && d.configurable, name);
    assert_throws_js(TypeError, () => d.get.call({}), name + " on a plain object");
    assert_throws_js(TypeError, () => d.get.call(new ReadableStream()), name + " on another stream");
  }
  assert_throws_js(TypeError, () => new TransformStreamDefaultController());
  assert_throws_js(TypeError, () => TransformStreamDefaultController());
  const proto = TransformStreamDefaultController.prototype;
  assert_equals(proto[Symbol.toStringTag], "TransformStreamDefaultController");
  assert_throws_js(TypeError, () => proto.enqueue.call({}, "a"));
  assert_throws_js(TypeError, () => proto.error.call({}));
  assert_throws_js(TypeError, () => proto.terminate.call({}));
  assert_throws_js(TypeError, () => Object.getOwnPropertyDescriptor(proto, "desiredSize").get.call({}));
}, "The interfaces have their WebIDL shape, Symbol.toStringTag and brand checks");

promise_test(async t => {
  // Without transform(), the chunk is enqueued on the readable side, whose size() returns a BigInt: the TypeError
  // of the conversion rejects the write and errors both sides.
  const ts = new TransformStream({}, undefined, { highWaterMark: 1, size: () => 1n });
  const write = ts.writable.getWriter().write("x");
  await promise_rejects_js(t, TypeError, write);
  await promise_rejects_js(t, TypeError, ts.readable.getReader().read());
}, "A readable size() that gives a BigInt rejects the write with a TypeError and errors the readable side");
