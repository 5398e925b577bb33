// Piping, from the Streams Standard §4 (ReadableStream's pipeTo() and pipeThrough() methods, and the abstract
// operation ReadableStreamPipeTo): chunk order, backpressure, the propagation of errors and closing forward and
// backward with preventAbort/preventCancel/preventClose, an AbortSignal, locking, and argument conversion
// (StreamPipeOptions, ReadableWritablePair).

function delay(ms) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

// A source that enqueues the given chunks in start() and then closes (unless keepOpen), logging cancel().
function recordingSource(chunks, { keepOpen = false } = {}) {
  const source = {
    controller: null,
    cancelled: [],
    start(c) {
      source.controller = c;
      for (const chunk of chunks) {
        c.enqueue(chunk);
      }
      if (!keepOpen) {
        c.close();
      }
    },
    cancel(reason) { source.cancelled.push(reason); },
  };
  source.stream = new ReadableStream(source);
  return source;
}

// A sink that logs write(), close() and abort().
function recordingSink(strategy) {
  const sink = {
    log: [],
    written: [],
    aborted: [],
    controller: null,
    start(c) { sink.controller = c; },
    write(chunk) { sink.written.push(chunk); sink.log.push("write"); },
    close() { sink.log.push("close"); },
    abort(reason) { sink.aborted.push(reason); sink.log.push("abort"); },
  };
  sink.stream = new WritableStream(sink, strategy);
  return sink;
}

promise_test(async t => {
  const source = recordingSource(["a", "b", "c"]);
  const sink = recordingSink();
  const piped = source.stream.pipeTo(sink.stream);
  assert_true(source.stream.locked, "the source is locked during the pipe");
  assert_true(sink.stream.locked, "the destination is locked during the pipe");
  assert_equals(await piped, undefined);
  assert_array_equals(sink.written, ["a", "b", "c"]);
  assert_array_equals(sink.log, ["write", "write", "write", "close"], "closing propagates forward after the writes");
  assert_false(source.stream.locked, "the source is unlocked afterwards");
  assert_false(sink.stream.locked, "the destination is unlocked afterwards");
}, "pipeTo() writes every chunk in order, closes the destination, locks both streams and unlocks them after");

promise_test(async t => {
  const source = recordingSource(["a"]);
  const sink = recordingSink();
  await source.stream.pipeTo(sink.stream, { preventClose: true });
  assert_array_equals(sink.log, ["write"], "the destination is not closed");
  assert_false(sink.stream.locked);
  const writer = sink.stream.getWriter();
  await writer.write("after");
  assert_array_equals(sink.written, ["a", "after"], "the destination is still writable");
}, "preventClose: the source closing leaves the destination open and unlocked");

promise_test(async t => {
  const finished = [];
  const source = recordingSource(["a", "b"]);
  const dest = new WritableStream({
    write(chunk) { return delay(5).then(() => { finished.push(chunk); }); },
  }, { highWaterMark: 4 });
  await source.stream.pipeTo(dest, { preventClose: true });
  assert_array_equals(finished, ["a", "b"], "the pipe settles only when the chunks it read have been written");
}, "With preventClose, the pipe waits for the chunks it has read to be written before it resolves");

promise_test(async t => {
  const error = new Error("source failed");
  const source = recordingSource(["a"], { keepOpen: true });
  const sink = recordingSink();
  const piped = source.stream.pipeTo(sink.stream);
  await delay(10);
  source.controller.error(error);
  await promise_rejects_exactly(t, error, piped, "the pipe rejects with the source's error");
  assert_array_equals(sink.written, ["a"]);
  assert_array_equals(sink.aborted, [error], "the destination is aborted with the source's error");
  assert_false(sink.stream.locked);
}, "An error in the source propagates forward: the destination is aborted with it and the pipe rejects with it");

promise_test(async t => {
  const error = new Error("source failed");
  const source = recordingSource([], { keepOpen: true });
  const sink = recordingSink();
  const piped = source.stream.pipeTo(sink.stream, { preventAbort: true });
  source.controller.error(error);
  await promise_rejects_exactly(t, error, piped);
  assert_array_equals(sink.aborted, [], "preventAbort leaves the destination alone");
  const writer = sink.stream.getWriter();
  await writer.write("still writable");
  assert_array_equals(sink.written, ["still writable"]);
}, "preventAbort: an errored source does not abort the destination; the pipe still rejects with the error");

promise_test(async t => {
  const error = new Error("sink failed");
  const source = recordingSource(["a", "b"], { keepOpen: true });
  const dest = new WritableStream({ write() { throw error; } });
  const piped = source.stream.pipeTo(dest);
  await promise_rejects_exactly(t, error, piped, "the pipe rejects with the destination's error");
  assert_array_equals(source.cancelled, [error], "the source is cancelled with the destination's error");
  assert_false(source.stream.locked);
}, "An error in the destination propagates backward: the source is cancelled with it and the pipe rejects with it");

promise_test(async t => {
  const error = new Error("sink failed");
  const source = recordingSource(["a", "b"], { keepOpen: true });
  const dest = new WritableStream({ write() { throw error; } });
  await promise_rejects_exactly(t, error, source.stream.pipeTo(dest, { preventCancel: true }));
  assert_array_equals(source.cancelled, [], "preventCancel leaves the source alone");
  assert_false(source.stream.locked);
  const reader = source.stream.getReader();
  assert_equals((await reader.read()).value, "b", "the chunk after the failed one is still in the source");
}, "preventCancel: an errored destination does not cancel the source; the pipe still rejects with the error");

promise_test(async t => {
  const source = recordingSource(["a"], { keepOpen: true });
  const sink = recordingSink();
  const writer = sink.stream.getWriter();
  await writer.close();
  writer.releaseLock();
  const piped = source.stream.pipeTo(sink.stream);
  await promise_rejects_js(t, TypeError, piped);
  assert_equals(source.cancelled.length, 1, "the source is cancelled");
  assert_true(source.cancelled[0] instanceof TypeError, "with a TypeError");
  assert_array_equals(sink.written, []);

  const source2 = recordingSource(["a"], { keepOpen: true });
  await promise_rejects_js(t, TypeError, source2.stream.pipeTo(sink.stream, { preventCancel: true }));
  assert_array_equals(source2.cancelled, [], "preventCancel keeps the source");
}, "A closed destination propagates backward: the source is cancelled with a TypeError and the pipe rejects with one");

promise_test(async t => {
  const error = new Error("errored before");
  const source = new ReadableStream({ start(c) { c.error(error); } });
  const sink = recordingSink();
  await promise_rejects_exactly(t, error, source.pipeTo(sink.stream));
  assert_array_equals(sink.aborted, [error]);

  const destError = new Error("dest errored before");
  const source2 = recordingSource(["a"], { keepOpen: true });
  const dest = new WritableStream({ start(c) { c.error(destError); } });
  await promise_rejects_exactly(t, destError, source2.stream.pipeTo(dest));
  assert_array_equals(source2.cancelled, [destError]);
}, "Streams already errored when the pipe starts propagate their error the same way");

promise_test(async t => {
  const reason = new Error("already aborted");
  const controller = new AbortController();
  controller.abort(reason);
  const source = recordingSource(["a"], { keepOpen: true });
  const sink = recordingSink();
  await promise_rejects_exactly(t, reason, source.stream.pipeTo(sink.stream, { signal: controller.signal }));
  assert_array_equals(sink.written, [], "nothing is read or written");
  assert_array_equals(source.cancelled, [reason], "the source is cancelled with the signal's reason");
  assert_array_equals(sink.aborted, [reason], "the destination is aborted with the signal's reason");
  assert_false(source.stream.locked);
  assert_false(sink.stream.locked);
}, "An already aborted signal rejects the pipe with its reason, cancelling the source and aborting the destination");

promise_test(async t => {
  const controller = new AbortController();
  const source = recordingSource(["a"], { keepOpen: true });
  const sink = recordingSink();
  const piped = source.stream.pipeTo(sink.stream, { signal: controller.signal });
  await delay(10);
  assert_array_equals(sink.written, ["a"]);
  const reason = new Error("stop");
  controller.abort(reason);
  await promise_rejects_exactly(t, reason, piped);
  assert_array_equals(source.cancelled, [reason], "the source is cancelled with the reason");
  assert_array_equals(sink.aborted, [reason], "the destination is aborted with the reason");
  assert_array_equals(sink.log, ["write", "abort"]);
}, "Aborting the signal during the pipe cancels the source and aborts the destination with the signal's reason");

promise_test(async t => {
  const controller = new AbortController();
  const source = recordingSource(["a"], { keepOpen: true });
  const sink = recordingSink();
  const piped = source.stream.pipeTo(sink.stream, { signal: controller.signal, preventAbort: true, preventCancel: true });
  await delay(10);
  controller.abort("why");
  await promise_rejects_exactly(t, "why", piped);
  assert_array_equals(source.cancelled, [], "preventCancel keeps the source");
  assert_array_equals(sink.aborted, [], "preventAbort keeps the destination");
  assert_false(source.stream.locked);
  assert_false(sink.stream.locked);
  source.controller.enqueue("b");
  assert_equals((await source.stream.getReader().read()).value, "b", "the source is still readable");
  const writer = sink.stream.getWriter();
  await writer.write("c");
  assert_array_equals(sink.written, ["a", "c"], "the destination is still writable");
}, "With preventAbort and preventCancel, aborting the signal only ends the pipe, with the signal's reason");

promise_test(async t => {
  const controller = new AbortController();
  const source = recordingSource([], { keepOpen: true });
  const sink = recordingSink();
  const piped = source.stream.pipeTo(sink.stream, { signal: controller.signal });
  controller.abort();
  await promise_rejects_dom(t, "AbortError", piped);
  assert_equals(source.cancelled[0].name, "AbortError");
  assert_true(source.cancelled[0] instanceof DOMException);
  assert_equals(sink.aborted[0], source.cancelled[0], "both get the signal's one reason");
}, "abort() without a reason ends the pipe with the signal's AbortError DOMException");

promise_test(async t => {
  const pulls = [];
  const source = new ReadableStream({
    pull(c) { pulls.push(pulls.length); c.enqueue(pulls.length); },
  }, { highWaterMark: 0 });
  const written = [];
  const dest = new WritableStream({
    write(chunk) { written.push(chunk); return new Promise(() => {}); },
  }, { highWaterMark: 1 });
  source.pipeTo(dest);
  await delay(20);
  assert_array_equals(written, [1], "one write in flight");
  assert_equals(pulls.length, 1, "no read while the destination's desiredSize is 0");
}, "The pipe respects backpressure: it does not read while the destination's desired size is not positive");

promise_test(async t => {
  const order = [];
  const options = {};
  for (const name of ["signal", "preventClose", "preventCancel", "preventAbort"]) {
    Object.defineProperty(options, name, { get() { order.push(name); return undefined; } });
  }
  await new ReadableStream({ start(c) { c.close(); } }).pipeTo(new WritableStream(), options);
  assert_array_equals(order, ["preventAbort", "preventCancel", "preventClose", "signal"]);

  const sink = recordingSink();
  await recordingSource(["a"]).stream.pipeTo(sink.stream, { preventClose: 1 });
  assert_array_equals(sink.log, ["write"], "preventClose: 1 converts to true");
}, "pipeTo() reads the StreamPipeOptions members in lexicographic order and converts them to booleans");

promise_test(async t => {
  const locked = new ReadableStream();
  locked.getReader();
  await promise_rejects_js(t, TypeError, locked.pipeTo(new WritableStream()), "a locked source");

  const dest = new WritableStream();
  dest.getWriter();
  const source = new ReadableStream();
  await promise_rejects_js(t, TypeError, source.pipeTo(dest), "a locked destination");
  assert_false(source.locked, "the refused pipe does not lock the source");

  await promise_rejects_js(t, TypeError, source.pipeTo({ write() {} }), "a destination that is not a WritableStream");
  await promise_rejects_js(t, TypeError, source.pipeTo(), "no destination");
  await promise_rejects_js(t, TypeError, source.pipeTo(new WritableStream(), { signal: {} }), "a signal that is not an AbortSignal");
  await promise_rejects_js(t, TypeError, source.pipeTo(new WritableStream(), 5), "options that are not an object");
  assert_false(source.locked);
  await promise_rejects_js(t, TypeError, ReadableStream.prototype.pipeTo.call({}, new WritableStream()), "a wrong receiver");
}, "pipeTo() rejects with a TypeError on a locked stream, a bad destination, bad options and a wrong receiver");

promise_test(async t => {
  const source = recordingSource(["a", "b"]);
  const ts = new TransformStream({ transform(chunk, c) { c.enqueue(chunk.toUpperCase()); } });
  const result = source.stream.pipeThrough(ts);
  assert_equals(result, ts.readable, "pipeThrough() returns the pair's readable");
  assert_true(source.stream.locked);
  assert_true(ts.writable.locked);
  assert_false(ts.readable.locked);
  const chunks = [];
  const reader = result.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    chunks.push(r.value);
  }
  assert_array_equals(chunks, ["A", "B"]);

  const pair = { writable: new WritableStream(), readable: new ReadableStream() };
  assert_equals(recordingSource([]).stream.pipeThrough(pair), pair.readable, "any { writable, readable } pair");
}, "pipeThrough() pipes into the pair's writable and returns its readable");

test(() => {
  const pair = () => new TransformStream();
  const locked = new ReadableStream();
  locked.getReader();
  assert_throws_js(TypeError, () => locked.pipeThrough(pair()), "a locked source");
  const lockedPair = pair();
  lockedPair.writable.getWriter();
  assert_throws_js(TypeError, () => new ReadableStream().pipeThrough(lockedPair), "a locked writable");
  const source = new ReadableStream();
  assert_throws_js(TypeError, () => source.pipeThrough(), "no pair");
  assert_throws_js(TypeError, () => source.pipeThrough({}), "readable and writable are required");
  assert_throws_js(TypeError, () => source.pipeThrough({ readable: new ReadableStream() }), "writable is required");
  assert_throws_js(TypeError, () => source.pipeThrough({ writable: new WritableStream() }), "readable is required");
  assert_throws_js(TypeError, () => source.pipeThrough({ readable: {}, writable: new WritableStream() }), "readable is a ReadableStream");
  assert_throws_js(TypeError, () => source.pipeThrough({ readable: new ReadableStream(), writable: {} }), "writable is a WritableStream");
  assert_throws_js(TypeError, () => source.pipeThrough(pair(), { signal: "signal" }), "signal is an AbortSignal");
  assert_false(source.locked, "none of these locked the source");
  assert_throws_js(TypeError, () => ReadableStream.prototype.pipeThrough.call({}, pair()), "a wrong receiver");
}, "pipeThrough() throws a TypeError synchronously for a locked source or writable, and for bad arguments");

promise_test(async t => {
  const rejections = [];
  const onRejection = event => rejections.push(event.reason);
  globalThis.addEventListener("unhandledrejection", onRejection);
  t.add_cleanup(() => globalThis.removeEventListener("unhandledrejection", onRejection));
  const error = new Error("source failed");
  const source = new ReadableStream({ start(c) { c.error(error); } });
  const readable = source.pipeThrough(new TransformStream());
  await promise_rejects_exactly(t, error, readable.getReader().read(), "the error reaches the readable through the transform");
  await delay(20);
  assert_array_equals(rejections, [], "the pipe's rejected promise is marked as handled");
}, "pipeThrough() marks the pipe's promise handled: a failed pipe causes no unhandled rejection");

promise_test(async t => {
  const source = recordingSource(["a"]);
  const sink = recordingSink();
  const pair = { writable: sink.stream, readable: new ReadableStream() };
  source.stream.pipeThrough(pair, { preventClose: true });
  await delay(10);
  assert_array_equals(sink.log, ["write"], "preventClose is passed to the pipe");
  assert_false(sink.stream.locked, "the pipe finished and released the writable");

  const controller = new AbortController();
  const ts = new TransformStream();
  const readable = recordingSource([], { keepOpen: true }).stream.pipeThrough(ts, { signal: controller.signal });
  controller.abort("stopped");
  await promise_rejects_exactly(t, "stopped", readable.getReader().closed, "the signal aborts the writable, erroring the transform");
}, "pipeThrough() passes its options to the pipe");

promise_test(async t => {
  // The destination's size() returns a BigInt: converting it to a number throws a TypeError, which errors the
  // destination (GetChunkSize) and so ends the pipe, even though the conversion runs inside the pipe's own steps.
  const source = new ReadableStream({ start(c) { c.enqueue("a"); } });
  const dest = new WritableStream({}, { size: () => 1n });
  await promise_rejects_js(t, TypeError, source.pipeTo(dest));
}, "A destination whose size() gives a BigInt errors with a TypeError, and the pipe rejects with it");
