// ReadableStream with a default controller, its default reader, tee, async iteration and the queuing strategies,
// from the Streams Standard §4 (readable streams) and §7 (queuing strategies). Each test names the algorithm it
// exercises. Byte streams (type: "bytes") are in byte-stream.any.js, pipes in pipe.any.js.

function delay(ms) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

async function readAll(stream) {
  const chunks = [];
  for await (const chunk of stream) {
    chunks.push(chunk);
  }
  return chunks;
}

test(() => {
  const order = [];
  const strategy = {
    get highWaterMark() { order.push("strategy.highWaterMark"); return 1; },
    get size() { order.push("strategy.size"); return undefined; },
  };
  const source = {};
  for (const name of ["type", "start", "pull", "cancel", "autoAllocateChunkSize"]) {
    Object.defineProperty(source, name, { get() { order.push("source." + name); return undefined; } });
  }
  new ReadableStream(source, strategy);
  assert_array_equals(order, ["strategy.highWaterMark", "strategy.size", "source.autoAllocateChunkSize",
    "source.cancel", "source.pull", "source.start", "source.type"]);
}, "The constructor converts the strategy, then the source's members in lexicographic order");

test(() => {
  assert_throws_js(TypeError, () => new ReadableStream(null));
  assert_throws_js(TypeError, () => new ReadableStream({ start: 5 }));
  assert_throws_js(TypeError, () => new ReadableStream({ pull: {} }));
  assert_throws_js(TypeError, () => new ReadableStream({}, { size: 5 }));
  assert_throws_js(RangeError, () => new ReadableStream({}, { highWaterMark: -1 }));
  assert_throws_js(RangeError, () => new ReadableStream({}, { highWaterMark: NaN }));
  new ReadableStream(undefined, { highWaterMark: Infinity });
}, "The constructor refuses a null source, non-callable callbacks and a bad high water mark");

test(() => {
  assert_throws_js(TypeError, () => new ReadableStream({ type: "byte" }));
  assert_throws_js(TypeError, () => new ReadableStream({ type: "" }));
}, "The constructor refuses a type that is not a ReadableStreamType (an enumeration: TypeError)");

test(() => {
  assert_throws_js(TypeError, () => new ReadableStream(5));
  assert_throws_js(TypeError, () => new ReadableStream("source"));
}, "The constructor refuses a primitive source (optional object underlyingSource)");

test(() => {
  const error = new Error("from start");
  assert_throws_exactly(error, () => new ReadableStream({ start() { throw error; } }));
}, "An exception thrown by start() is rethrown by the constructor");

promise_test(async t => {
  let controller, thisValue;
  const source = { start(c) { controller = c; thisValue = this; } };
  const stream = new ReadableStream(source, { highWaterMark: 3 });
  assert_equals(thisValue, source);
  assert_equals(Object.prototype.toString.call(controller), "[object ReadableStreamDefaultController]");
  assert_equals(controller.desiredSize, 3);
  controller.enqueue("a");
  assert_equals(controller.desiredSize, 2);
  controller.close();
  assert_equals(controller.desiredSize, 2, "close() with chunks queued leaves them readable");
  assert_throws_js(TypeError, () => controller.enqueue("b"));
  assert_throws_js(TypeError, () => controller.close());
  const reader = stream.getReader();
  assert_equals((await reader.read()).value, "a");
  assert_equals(controller.desiredSize, 0, "a closed stream's desired size is 0");
  assert_true((await reader.read()).done);
  await reader.closed;
}, "The controller's desiredSize follows the queue; close() lets queued chunks be read first");

promise_test(async t => {
  let controller;
  const stream = new ReadableStream({ start(c) { controller = c; } });
  const error = new Error("errored");
  controller.error(error);
  assert_equals(controller.desiredSize, null);
  controller.error(new Error("ignored"));
  const reader = stream.getReader();
  await promise_rejects_exactly(t, error, reader.read());
  await promise_rejects_exactly(t, error, reader.closed);
  await promise_rejects_exactly(t, error, reader.cancel());
}, "error() errors the stream once: reads, closed and cancel() reject with its reason, desiredSize is null");

promise_test(async t => {
  const pulls = [];
  let controller;
  new ReadableStream({
    start(c) { controller = c; },
    pull(c) { pulls.push(c.desiredSize); },
  }, { highWaterMark: 2 });
  assert_array_equals(pulls, [], "pull waits for start's promise");
  await delay(0);
  assert_array_equals(pulls, [2], "pull runs once after start");
  await delay(0);
  assert_array_equals(pulls, [2], "a pull that enqueues nothing is not repeated");
  controller.enqueue("x");
  await delay(0);
  assert_array_equals(pulls, [2, 1], "an enqueue below the high water mark pulls again");
}, "pull() is called after start settles, and again while the desired size is positive");

promise_test(async t => {
  let resolvePull, pulls = 0;
  const stream = new ReadableStream({
    pull() { pulls++; return new Promise(r => { resolvePull = r; }); },
  }, { highWaterMark: 0 });
  const reader = stream.getReader();
  reader.read();
  await delay(0);
  assert_equals(pulls, 1, "a read pulls once the stream has started");
  reader.read();
  await delay(0);
  assert_equals(pulls, 1, "pull is not called again while its promise is pending");
  resolvePull();
  await delay(0);
  assert_equals(pulls, 2, "pullAgain: the read that arrived during the pull pulls once more");
  resolvePull();
  await delay(0);
  assert_equals(pulls, 2, "a pull that enqueued nothing, with nothing asked meanwhile, is not repeated");
}, "While pull()'s promise is pending no second pull starts; one is made after it if needed");

promise_test(async t => {
  const error = new TypeError("pull failed");
  const stream = new ReadableStream({ pull() { throw error; } });
  await promise_rejects_exactly(t, error, stream.getReader().closed);
  const stream2 = new ReadableStream({ pull() { return Promise.reject(error); } });
  await promise_rejects_exactly(t, error, stream2.getReader().read());
}, "pull() throwing or rejecting errors the stream");

promise_test(async t => {
  const log = [];
  const stream = new ReadableStream({
    start(c) { c.enqueue(1); },
    cancel(reason) { log.push(reason); return delay(1).then(() => "ignored"); },
  });
  const result = stream.cancel("why");
  assert_array_equals(log, ["why"], "cancel runs synchronously with the reason");
  assert_equals(await result, undefined, "cancel()'s promise fulfills with undefined");
  const reader = stream.getReader();
  assert_true((await reader.read()).done, "a canceled stream is closed and its queue dropped");
  const failing = new ReadableStream({ cancel() { throw new RangeError("no"); } });
  await promise_rejects_js(t, RangeError, failing.cancel());
}, "cancel() runs the source's cancel with the reason, empties the queue and closes the stream");

promise_test(async t => {
  const stream = new ReadableStream();
  const reader = stream.getReader();
  assert_true(stream.locked);
  assert_throws_js(TypeError, () => stream.getReader());
  assert_throws_js(TypeError, () => new ReadableStreamDefaultReader(stream));
  await promise_rejects_js(t, TypeError, stream.cancel());
  assert_throws_js(TypeError, () => new ReadableStreamDefaultReader({}));
  assert_throws_js(TypeError, () => stream.getReader({ mode: "default" }));
  reader.releaseLock();
  assert_false(stream.locked);
  assert_throws_js(TypeError, () => new ReadableStream().getReader({ mode: "byob" }), "a BYOB reader needs a byte stream");
  assert_true(new ReadableStreamDefaultReader(stream) instanceof ReadableStreamDefaultReader);
}, "A reader locks the stream; a second reader, cancel() and bad modes are refused");

promise_test(async t => {
  const stream = new ReadableStream();
  const reader = stream.getReader();
  const pending = reader.read();
  const closed = reader.closed;
  reader.releaseLock();
  await promise_rejects_js(t, TypeError, pending, "a pending read rejects when the lock is released");
  await promise_rejects_js(t, TypeError, closed, "closed rejects when the lock is released");
  await promise_rejects_js(t, TypeError, reader.read());
  await promise_rejects_js(t, TypeError, reader.cancel());
  assert_equals(reader.closed, closed, "a released reader of a readable stream keeps its closed promise, rejected");
  reader.releaseLock();
}, "releaseLock() rejects pending reads and closed with a TypeError; the reader then reads nothing");

promise_test(async t => {
  const stream = new ReadableStream({ start(c) { c.close(); } });
  const reader = stream.getReader();
  await reader.closed;
  const oldClosed = reader.closed;
  reader.releaseLock();
  assert_not_equals(reader.closed, oldClosed, "releasing after close gives a new rejected promise");
  await promise_rejects_js(t, TypeError, reader.closed);
}, "releaseLock() after the stream closed replaces closed with a promise rejected with a TypeError");

promise_test(async t => {
  const results = [];
  let controller;
  const stream = new ReadableStream({ start(c) { controller = c; } });
  const reader = stream.getReader();
  const reads = [reader.read(), reader.read(), reader.read()];
  reads.forEach((p, i) => p.then(r => results.push(i + ":" + r.value + ":" + r.done)));
  controller.enqueue("a");
  controller.enqueue("b");
  controller.close();
  await Promise.all(reads);
  assert_array_equals(results, ["0:a:false", "1:b:false", "2:undefined:true"]);
  const result = await new ReadableStream({ start(c) { c.enqueue(1); } }).getReader().read();
  assert_array_equals(Object.keys(result), ["done", "value"], "a read result is { done, value }");
}, "Reads waiting on an empty queue are fulfilled in order by enqueue() and close()");

promise_test(async t => {
  let sizes = 0;
  const stream = new ReadableStream({
    start(c) {
      c.enqueue("abc");
      assert_equals(c.desiredSize, 7);
      assert_throws_js(RangeError, () => c.enqueue("bad"));
    },
  }, { highWaterMark: 10, size(chunk) { sizes++; return chunk === "bad" ? -1 : chunk.length; } });
  assert_equals(sizes, 2);
  await promise_rejects_js(t, RangeError, stream.getReader().read(), "a bad size errors the stream");
}, "The strategy's size() measures each queued chunk; a negative size is a RangeError that errors the stream");

promise_test(async t => {
  const error = new Error("size failed");
  let controller;
  const stream = new ReadableStream({ start(c) { controller = c; } }, { size() { throw error; } });
  assert_throws_exactly(error, () => controller.enqueue("x"));
  await promise_rejects_exactly(t, error, stream.getReader().closed);
}, "An exception from size() is rethrown by enqueue() and errors the stream");

test(() => {
  const count = new CountQueuingStrategy({ highWaterMark: 4 });
  const bytes = new ByteLengthQueuingStrategy({ highWaterMark: 16 });
  assert_equals(count.highWaterMark, 4);
  assert_equals(bytes.highWaterMark, 16);
  assert_equals(count.size(), 1);
  assert_equals(bytes.size(new Uint8Array(5)), 5);
  assert_equals(bytes.size({ byteLength: "x" }), "x", "size returns GetV(chunk, 'byteLength') as it is");
  assert_throws_js(TypeError, () => bytes.size(undefined));
  assert_equals(count.size, new CountQueuingStrategy({ highWaterMark: 1 }).size, "one size function per realm");
  assert_equals(bytes.size.length, 1);
  assert_equals(count.size.length, 0);
  assert_equals(bytes.size.name, "size");
  assert_throws_js(TypeError, () => new bytes.size());
  assert_equals(new CountQueuingStrategy({ highWaterMark: "2" }).highWaterMark, 2);
  assert_equals(new CountQueuingStrategy({ highWaterMark: -1 }).highWaterMark, -1, "the strategy does not validate");
  assert_throws_js(TypeError, () => new CountQueuingStrategy());
  assert_throws_js(TypeError, () => new CountQueuingStrategy({}));
  const getter = Object.getOwnPropertyDescriptor(CountQueuingStrategy.prototype, "highWaterMark").get;
  assert_throws_js(TypeError, () => getter.call(bytes), "a CountQueuingStrategy getter refuses a ByteLengthQueuingStrategy");
  assert_equals(Object.prototype.toString.call(bytes), "[object ByteLengthQueuingStrategy]");
}, "CountQueuingStrategy and ByteLengthQueuingStrategy: highWaterMark, and the per-realm size functions");

promise_test(async t => {
  const stream = new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); c.close(); } },
    new ByteLengthQueuingStrategy({ highWaterMark: 8 }).highWaterMark === 8 ? new CountQueuingStrategy({ highWaterMark: 5 }) : undefined);
  assert_array_equals(await readAll(stream), [1, 2]);
}, "A queuing strategy object works as the constructor's strategy argument");

promise_test(async t => {
  let controller;
  const stream = new ReadableStream({ start(c) { controller = c; } });
  const [branch1, branch2] = stream.tee();
  assert_true(stream.locked);
  assert_equals(Object.prototype.toString.call(branch1), "[object ReadableStream]");
  controller.enqueue("a");
  controller.enqueue("b");
  controller.close();
  assert_array_equals(await readAll(branch1), ["a", "b"]);
  assert_array_equals(await readAll(branch2), ["a", "b"]);
}, "tee() gives two branches that each see every chunk and the close");

promise_test(async t => {
  let reason;
  const stream = new ReadableStream({ cancel(r) { reason = r; } });
  const [branch1, branch2] = stream.tee();
  const cancel1 = branch1.cancel("one");
  assert_equals(reason, undefined, "the source is not canceled while one branch is left");
  await branch2.cancel("two");
  await cancel1;
  assert_array_equals(reason, ["one", "two"], "the source is canceled with both reasons");
}, "tee(): the source is canceled once both branches are, with an array of both reasons");

promise_test(async t => {
  let controller;
  const stream = new ReadableStream({ start(c) { controller = c; } });
  const [branch1, branch2] = stream.tee();
  const error = new Error("source failed");
  controller.error(error);
  await promise_rejects_exactly(t, error, branch1.getReader().closed);
  await promise_rejects_exactly(t, error, branch2.getReader().closed);
}, "tee(): an error of the source errors both branches");

promise_test(async t => {
  const chunks = await readAll(new ReadableStream({
    start(c) { c.enqueue("x"); c.enqueue("y"); c.close(); },
  }));
  assert_array_equals(chunks, ["x", "y"]);
  const stream = new ReadableStream();
  assert_equals(stream[Symbol.asyncIterator], stream.values);
  const iterator = stream.values();
  assert_equals(iterator[Symbol.asyncIterator](), iterator, "the iterator is async iterable itself");
  assert_equals(Object.prototype.toString.call(iterator), "[object ReadableStream AsyncIterator]");
  assert_true(stream.locked, "an iterator holds a reader");
  assert_throws_js(TypeError, () => stream.values(), "a locked stream cannot make a second iterator");
}, "values() and @@asyncIterator make an async iterator that locks the stream; for await reads every chunk");

promise_test(async t => {
  let reason = "not canceled";
  const stream = new ReadableStream({
    pull(c) { c.enqueue(1); },
    cancel(r) { reason = r; },
  });
  for await (const chunk of stream) {
    assert_equals(chunk, 1);
    break;
  }
  assert_equals(reason, undefined, "break calls return(), which cancels the stream");
  assert_false(stream.locked, "and releases the reader");
  const kept = new ReadableStream({ pull(c) { c.enqueue(2); }, cancel() { reason = "canceled"; } });
  for await (const chunk of kept.values({ preventCancel: true })) {
    break;
  }
  assert_equals(reason, undefined, "preventCancel keeps the stream open");
  assert_false(kept.locked);
  assert_equals((await kept.getReader().read()).value, 2);
}, "Leaving a for await loop cancels the stream, unless preventCancel is set; the lock is released either way");

promise_test(async t => {
  const stream = new ReadableStream({ start(c) { c.enqueue("a"); c.close(); } });
  const iterator = stream.values();
  const results = await Promise.all([iterator.next(), iterator.next(), iterator.next()]);
  assert_array_equals(results.map(r => r.done), [false, true, true]);
  assert_equals(results[0].value, "a");
  assert_false(stream.locked, "the end of iteration releases the reader");
  const returned = await iterator.return("v");
  assert_equals(returned.value, "v");
  assert_true(returned.done);
  await promise_rejects_js(t, TypeError, iterator.next.call({}), "next() on another object rejects");
}, "next() calls made at once settle in order; a finished iterator's next() and return() are done");

promise_test(async t => {
  const error = new Error("iteration failed");
  const stream = new ReadableStream({ start(c) { c.error(error); } });
  const iterator = stream.values();
  await promise_rejects_exactly(t, error, iterator.next());
  assert_true((await iterator.next()).done, "an iterator that rejected is finished");
}, "An errored stream rejects next() with its error, after which the iterator is done");

promise_test(async t => {
  assert_array_equals(await readAll(ReadableStream.from([1, 2, 3])), [1, 2, 3]);
  assert_array_equals(await readAll(ReadableStream.from(new String("ab"))), ["a", "b"], "a String object is iterable");
  assert_array_equals(await readAll(ReadableStream.from([Promise.resolve("p"), "q"])), ["p", "q"],
    "the values of a sync iterable are awaited");
  async function* generate() { yield "g1"; await delay(1); yield "g2"; }
  assert_array_equals(await readAll(ReadableStream.from(generate())), ["g1", "g2"]);
  const from = Object.getOwnPropertyDescriptor(ReadableStream, "from");
  assert_true(from.enumerable && from.writable && from.configurable, "from is a static operation");
  assert_equals(ReadableStream.from.length, 1);
  const stream = ReadableStream.from([]);
  assert_true(stream instanceof ReadableStream);
  assert_true((await stream.getReader().read()).done);
}, "ReadableStream.from() reads arrays, String objects, sync iterables of promises and async generators");

promise_test(async t => {
  assert_throws_js(TypeError, () => ReadableStream.from(5));
  assert_throws_js(TypeError, () => ReadableStream.from("ab"), "async_sequence takes objects only: a string primitive is refused");
  assert_throws_js(TypeError, () => ReadableStream.from(null));
  assert_throws_js(TypeError, () => ReadableStream.from({ [Symbol.asyncIterator]: 5 }));
  assert_throws_js(TypeError, () => ReadableStream.from({ [Symbol.iterator]() { return 5; } }));
  const error = new Error("next failed");
  const failing = ReadableStream.from({ [Symbol.asyncIterator]() { return { next() { throw error; } }; } });
  await promise_rejects_exactly(t, error, failing.getReader().read());
  const bad = ReadableStream.from({ [Symbol.asyncIterator]() { return { next() { return 5; } }; } });
  await promise_rejects_js(t, TypeError, bad.getReader().read(), "a next() result that is not an object");
}, "ReadableStream.from() refuses what is not iterable, and errors the stream when next() fails");

promise_test(async t => {
  const log = [];
  async function* generate() {
    try { yield 1; yield 2; } finally { log.push("finally"); }
  }
  const stream = ReadableStream.from(generate());
  const reader = stream.getReader();
  assert_equals((await reader.read()).value, 1);
  await reader.cancel("stop");
  assert_array_equals(log, ["finally"], "cancel() calls the iterator's return()");
  let returnArgument;
  const sync = ReadableStream.from({
    [Symbol.iterator]() {
      return { next() { return { value: 1, done: false }; }, return(v) { returnArgument = v; return {}; } };
    },
  });
  await sync.cancel("why");
  assert_equals(returnArgument, "why", "a sync iterator's return() gets the reason");
}, "ReadableStream.from(): cancel() calls the iterator's return() with the reason");

test(() => {
  assert_equals(ReadableStream.length, 0);
  assert_equals(ReadableStreamDefaultReader.length, 1);
  assert_equals(ByteLengthQueuingStrategy.length, 1);
  assert_equals(CountQueuingStrategy.length, 1);
  assert_throws_js(TypeError, () => new ReadableStreamDefaultController());
  assert_throws_js(TypeError, () => ReadableStream());
  const proto = ReadableStream.prototype;
  for (const name of ["cancel", "getReader", "tee", "values"]) {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    assert_true(d.writable && d.enumerable && d.configurable, name + " is a regular operation");
  }
  const locked = Object.getOwnPropertyDescriptor(proto, "locked");
  assert_equals(typeof locked.get, "function");
  assert_equals(locked.set, undefined);
  assert_throws_js(TypeError, () => locked.get.call({}));
  assert_equals(Object.getOwnPropertyDescriptor(proto, Symbol.asyncIterator).enumerable, false);
  class Sub extends ReadableStream {}
  assert_true(new Sub() instanceof Sub);
}, "The interfaces have their WebIDL shape");

promise_test(async t => {
  const stream = new ReadableStream({ start(c) { c.enqueue(1); } });
  await promise_rejects_js(t, TypeError, ReadableStream.prototype.cancel.call({}));
  await promise_rejects_js(t, TypeError, ReadableStreamDefaultReader.prototype.read.call(stream));
  assert_throws_js(TypeError, () => ReadableStream.prototype.getReader.call({}));
}, "Promise-returning operations reject on a wrong receiver; the others throw");

promise_test(async t => {
  const order = [];
  const stream = new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); } });
  const iterator = stream.values();
  const p1 = iterator.next().then(r => order.push("next:" + r.value));
  const p2 = iterator.return("r").then(r => order.push("return:" + r.value));
  const p3 = iterator.next().then(r => order.push("next:" + r.done));
  await Promise.all([p1, p2, p3]);
  assert_array_equals(order, ["next:1", "return:r", "next:true"]);
}, "return() becomes the ongoing promise: a next() after it waits for it and finds the iterator finished");

promise_test(async t => {
  const getter = Object.getOwnPropertyDescriptor(ReadableStreamDefaultReader.prototype, "closed").get;
  await promise_rejects_js(t, TypeError, getter.call({}));
}, "The closed getter rejects (does not throw) on a wrong receiver, as a promise-typed attribute");

promise_test(async t => {
  const stream = ReadableStream.from({ [Symbol.asyncIterator]() { return { next: 1 }; } });
  await promise_rejects_js(t, TypeError, stream.getReader().read());
  const closing = ReadableStream.from({
    [Symbol.iterator]() {
      return { next() { return { value: Promise.reject("original"), done: false }; }, return() { throw "from return"; } };
    },
  });
  await promise_rejects_exactly(t, "original", closing.getReader().read(), "IteratorClose keeps the original reason");
}, "ReadableStream.from(): a next that is not callable rejects the read; a rejected value closes the sync iterator");

test(() => {
  // WebIDL: an asynchronous iterator prototype object's [[Prototype]] is %AsyncIteratorPrototype%, the one async
  // generators' prototypes inherit from.
  async function* generator() {}
  const asyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(generator.prototype));
  const iteratorPrototype = Object.getPrototypeOf(new ReadableStream().values());
  assert_equals(Object.getPrototypeOf(iteratorPrototype), asyncIteratorPrototype);
  assert_array_equals(Object.getOwnPropertyNames(iteratorPrototype).sort(), ["next", "return"]);
}, "The async iterator's prototype inherits from %AsyncIteratorPrototype% and has next and return");
