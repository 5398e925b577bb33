// WritableStream, its default writer and controller, from the Streams Standard §5. Each test names the algorithm it
// exercises.

function delay(ms) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

test(() => {
  const order = [];
  const sink = {};
  for (const name of ["write", "type", "start", "close", "abort"]) {
    Object.defineProperty(sink, name, { get() { order.push(name); return undefined; } });
  }
  new WritableStream(sink, { get highWaterMark() { order.push("highWaterMark"); return 1; } });
  assert_array_equals(order, ["highWaterMark", "abort", "close", "start", "type", "write"]);
  assert_throws_js(RangeError, () => new WritableStream({ type: "bytes" }), "type is reserved");
  assert_throws_js(TypeError, () => new WritableStream({ write: 1 }));
  assert_throws_js(TypeError, () => new WritableStream(null));
  assert_throws_js(RangeError, () => new WritableStream({}, { highWaterMark: -1 }));
}, "The constructor converts the strategy, then the sink's members in lexicographic order; type is a RangeError");

promise_test(async t => {
  const log = [];
  let thisValue;
  const sink = {
    start(c) { thisValue = this; log.push("start:" + Object.prototype.toString.call(c)); },
    write(chunk, c) { log.push("write:" + chunk); return delay(1); },
    close() { log.push("close:" + arguments.length); },
  };
  const writer = new WritableStream(sink).getWriter();
  await Promise.all([writer.write("a"), writer.write("b")]);
  await writer.close();
  assert_equals(thisValue, sink);
  assert_array_equals(log, ["start:[object WritableStreamDefaultController]", "write:a", "write:b", "close:0"]);
  await writer.closed;
}, "Chunks reach the sink's write() one at a time, in order, then close(); the sink is this");

promise_test(async t => {
  const writes = [];
  const resolvers = [];
  const writer = new WritableStream({
    write(chunk) { writes.push(chunk); return new Promise(r => resolvers.push(r)); },
  }, { highWaterMark: 2 }).getWriter();
  await delay(0);
  assert_equals(writer.desiredSize, 2);
  const ready1 = writer.ready;
  writer.write(1);
  writer.write(2);
  assert_equals(writer.desiredSize, 0, "two chunks queued (the first in flight still counts)");
  assert_not_equals(writer.ready, ready1, "backpressure replaces ready with a pending promise");
  let readyFired = false;
  writer.ready.then(() => { readyFired = true; });
  await delay(0);
  assert_array_equals(writes, [1], "one write in flight at a time");
  assert_false(readyFired);
  resolvers[0]();
  await delay(0);
  assert_true(readyFired, "ready resolves when the desired size is positive again");
  assert_equals(writer.desiredSize, 1);
  assert_array_equals(writes, [1, 2]);
}, "Backpressure: desiredSize falls as chunks queue, and ready waits until the sink catches up");

promise_test(async t => {
  const error = new Error("write failed");
  const writer = new WritableStream({ write() { return Promise.reject(error); } }).getWriter();
  const first = writer.write(1);
  const second = writer.write(2);
  await promise_rejects_exactly(t, error, first);
  await promise_rejects_exactly(t, error, second, "queued writes reject with the same error");
  await promise_rejects_exactly(t, error, writer.closed);
  await promise_rejects_exactly(t, error, writer.ready);
  await promise_rejects_exactly(t, error, writer.write(3));
  assert_equals(writer.desiredSize, null);
}, "A failing write errors the stream: queued and later writes, closed and ready reject with its error");

promise_test(async t => {
  let abortReason, signal;
  const stream = new WritableStream({
    start(c) { signal = c.signal; },
    write() { return new Promise(() => {}); },
    abort(reason) { abortReason = reason; },
  });
  const writer = stream.getWriter();
  await delay(0);
  const pending = writer.write("stuck");
  const abortEvents = [];
  signal.addEventListener("abort", () => abortEvents.push(signal.reason));
  const aborted = writer.abort("stop");
  assert_true(signal.aborted, "abort() signals the controller's signal at once");
  assert_array_equals(abortEvents, ["stop"]);
  assert_equals(writer.abort("again"), aborted, "a second abort() while one is pending returns its promise");
  await promise_rejects_exactly(t, "stop", writer.ready, "the stream is erroring: ready rejects at once");
  await delay(5);
  assert_equals(abortReason, undefined, "the sink's abort waits for the write in flight, which never ends");
  void pending;
}, "abort() signals the controller's signal, and the sink's abort() waits for the write in flight");

promise_test(async t => {
  let abortReason;
  const writer = new WritableStream({ abort(reason) { abortReason = reason; } }).getWriter();
  const write = writer.write("queued");
  await writer.abort("why");
  assert_equals(abortReason, "why");
  await promise_rejects_exactly(t, "why", write);
  await promise_rejects_exactly(t, "why", writer.closed);
  assert_equals(await new WritableStream().abort(), undefined);
}, "abort() rejects queued writes with its reason and calls the sink's abort() with it");

promise_test(async t => {
  const stream = new WritableStream();
  const writer = stream.getWriter();
  assert_true(stream.locked);
  assert_throws_js(TypeError, () => stream.getWriter());
  assert_throws_js(TypeError, () => new WritableStreamDefaultWriter(stream));
  await promise_rejects_js(t, TypeError, stream.abort());
  await promise_rejects_js(t, TypeError, stream.close());
  const closed = writer.closed;
  writer.releaseLock();
  assert_false(stream.locked);
  await promise_rejects_js(t, TypeError, closed, "releasing rejects closed");
  await promise_rejects_js(t, TypeError, writer.ready);
  await promise_rejects_js(t, TypeError, writer.write(1));
  await promise_rejects_js(t, TypeError, writer.close());
  assert_throws_js(TypeError, () => writer.desiredSize);
  writer.releaseLock();
  const second = stream.getWriter();
  await second.close();
  await promise_rejects_js(t, TypeError, second.close(), "a closed stream cannot close again");
  await promise_rejects_js(t, TypeError, second.write(1), "nor be written to");
  assert_equals(second.desiredSize, 0);
}, "A writer locks the stream; releasing it rejects its promises; a closed stream refuses writes and closes");

promise_test(async t => {
  let controller;
  const writer = new WritableStream({ start(c) { controller = c; } }).getWriter();
  const error = new Error("by controller");
  controller.error(error);
  await promise_rejects_exactly(t, error, writer.write(1));
  await promise_rejects_exactly(t, error, writer.closed);
  controller.error(new Error("ignored"));
}, "controller.error() errors the stream; later calls do nothing");

promise_test(async t => {
  const error = new Error("start failed");
  const writer = new WritableStream({ start() { return Promise.reject(error); } }).getWriter();
  await promise_rejects_exactly(t, error, writer.closed);
  const closeError = new Error("close failed");
  const writer2 = new WritableStream({ close() { throw closeError; } }).getWriter();
  await promise_rejects_exactly(t, closeError, writer2.close());
  await promise_rejects_exactly(t, closeError, writer2.closed);
}, "A rejected start() or a failing close() errors the stream with that reason");

promise_test(async t => {
  let sizes = [];
  const writer = new WritableStream({}, { highWaterMark: 10, size(chunk) { sizes.push(chunk); return chunk.length; } }).getWriter();
  writer.write("abc");
  assert_equals(writer.desiredSize, 7);
  const bad = writer.write({ length: -1 });
  await promise_rejects_js(t, RangeError, bad);
  await promise_rejects_js(t, RangeError, writer.closed, "a bad size errors the stream");
  const error = new Error("size threw");
  const writer2 = new WritableStream({}, { size() { throw error; } }).getWriter();
  await promise_rejects_exactly(t, error, writer2.write("x"));
}, "The strategy's size() measures each chunk; a bad size or an exception errors the stream");

test(() => {
  assert_equals(WritableStream.length, 0);
  assert_equals(WritableStreamDefaultWriter.length, 1);
  assert_throws_js(TypeError, () => new WritableStreamDefaultController());
  for (const name of ["abort", "close", "getWriter"]) {
    const d = Object.getOwnPropertyDescriptor(WritableStream.prototype, name);
    assert_true(d.writable && d.enumerable && d.configurable, name);
  }
  for (const name of ["closed", "desiredSize", "ready"]) {
    assert_equals(typeof Object.getOwnPropertyDescriptor(WritableStreamDefaultWriter.prototype, name).get, "function", name);
  }
  assert_equals(Object.prototype.toString.call(new WritableStream()), "[object WritableStream]");
}, "The interfaces have their WebIDL shape");

promise_test(async t => {
  const closed = Object.getOwnPropertyDescriptor(WritableStreamDefaultWriter.prototype, "closed").get;
  await promise_rejects_js(t, TypeError, closed.call({}));
  await promise_rejects_js(t, TypeError, WritableStream.prototype.abort.call({}));
  await promise_rejects_js(t, TypeError, WritableStreamDefaultWriter.prototype.write.call({}));
  assert_throws_js(TypeError, () => WritableStream.prototype.getWriter.call({}));
}, "Promise-returning members reject on a wrong receiver; the others throw");
