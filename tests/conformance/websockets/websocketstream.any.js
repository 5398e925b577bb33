// WebSocketStream and WebSocketError (WHATWG WebSockets, the WebSocketStream interface of pull request 48; Chromium
// where the draft stops): the constructor's checks, the interface, messages through the readable and writable
// streams, the closing handshake, failures, the signal, and close codes from cancel() and abort().

// A URL on the test server that `jsws test --serve` set as location (http: becomes ws: in the constructor).
const u = p => new URL(p, location).href;

// A WebSocketStream to path, closed when the test ends (close() does nothing once it is closing or closed). Its
// promises get handlers, so that a test that closes it during the handshake leaves no unhandled rejection.
function stream(t, path = '/echo', options = undefined) {
  const wss = options === undefined ? new WebSocketStream(u(path)) : new WebSocketStream(u(path), options);
  wss.opened.catch(() => {});
  wss.closed.catch(() => {});
  t.add_cleanup(() => wss.close());
  return wss;
}

// The stream once open, and its WebSocketOpenInfo (its readable and writable not locked).
async function openInfo(t, path = '/echo') {
  const wss = stream(t, path);
  return { wss, info: await wss.opened };
}

// The stream once open, with a reader and a writer on its two sides.
async function connected(t, path = '/echo', options = undefined) {
  const wss = stream(t, path, options);
  const info = await wss.opened;
  return { wss, info, reader: info.readable.getReader(), writer: info.writable.getWriter() };
}

// The rejection reason of a promise that must reject.
const rejection = p => p.then(v => { throw new Error(`expected a rejection, got ${String(v)}`); }, e => e);

const bytes = v => Array.from(new Uint8Array(ArrayBuffer.isView(v) ? v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength) : v));

// --- The constructor's checks ---

test(() => {
  assert_throws_js(TypeError, () => new WebSocketStream());
  assert_throws_js(TypeError, () => WebSocketStream(u('/echo')), 'called without new');
}, 'The constructor needs new and a URL: TypeError without them');

test(() => {
  for (const url of ['ws://[', 'ws://127.0.0.1:99999/', 'ftp://127.0.0.1/', 'file:///tmp/x', 'ws://127.0.0.1/#', 'ws://127.0.0.1/#frag', 'wss://127.0.0.1/echo#x']) {
    assert_throws_dom('SyntaxError', () => new WebSocketStream(url), url);
  }
}, 'A URL that does not parse, a scheme other than ws, wss, http or https, or any fragment (even empty) throws SyntaxError');

test(t => {
  const wss = stream(t, '/echo?a=1');
  assert_equals(wss.url, u('/echo?a=1').replace(/^http:/, 'ws:'));
  const relative = new WebSocketStream('echo?b=2');
  relative.opened.catch(() => {});
  relative.closed.catch(() => {});
  t.add_cleanup(() => relative.close());
  assert_equals(relative.url, new URL('echo?b=2', location).href.replace(/^http:/, 'ws:'), 'resolved against the base URL');
}, 'url is the parsed URL serialized, relative to the base URL, with http turned into ws');

test(() => {
  for (const protocols of [['chat', 'chat'], [''], ['a b'], ['a,b'], ['caf\u00e9'], ['x', 'y', 'x']]) {
    assert_throws_dom('SyntaxError', () => new WebSocketStream(u('/echo'), { protocols }), JSON.stringify(protocols));
  }
}, 'A protocol that is not a token, or one repeated, throws SyntaxError');

test(() => {
  assert_throws_js(TypeError, () => new WebSocketStream(u('/echo'), true), 'options that are not a dictionary');
  assert_throws_js(TypeError, () => new WebSocketStream(u('/echo'), { protocols: 'chat' }), 'protocols not a sequence');
  assert_throws_js(TypeError, () => new WebSocketStream(u('/echo'), { protocols: 7 }), 'protocols a number');
  assert_throws_js(TypeError, () => new WebSocketStream(u('/echo'), { signal: {} }), 'a signal that is not an AbortSignal');
}, 'Options that fail WebIDL conversion (not a dictionary, protocols not a sequence, signal not an AbortSignal) throw TypeError');

// --- The interfaces ---

test(() => {
  assert_equals(typeof WebSocketStream, 'function');
  assert_equals(WebSocketStream.length, 1);
  const proto = WebSocketStream.prototype;
  for (const name of ['url', 'opened', 'closed']) {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    assert_equals(typeof d.get, 'function', `${name} is an accessor`);
    assert_equals(d.set, undefined, `${name} is read-only`);
    assert_true(d.enumerable && d.configurable, `${name} is enumerable and configurable`);
  }
  const close = Object.getOwnPropertyDescriptor(proto, 'close');
  assert_equals(typeof close.value, 'function');
  assert_equals(close.value.length, 0, 'close() has only an optional argument');
  assert_equals(proto.constructor, WebSocketStream);
  assert_equals(Object.getPrototypeOf(proto), Object.prototype, 'WebSocketStream is not an EventTarget');
  assert_equals(Object.prototype.toString.call(proto), '[object WebSocketStream]');
}, 'WebSocketStream.prototype has url, opened and closed accessors and close(), and the toStringTag WebSocketStream');

promise_test(async t => {
  const proto = WebSocketStream.prototype;
  const url = Object.getOwnPropertyDescriptor(proto, 'url').get;
  assert_throws_js(TypeError, () => url.call({}));
  assert_throws_js(TypeError, () => proto.url, 'url on the prototype');
  assert_throws_js(TypeError, () => proto.close.call({}));
  assert_throws_js(TypeError, () => proto.close.call(new WebSocketError()));
  for (const name of ['opened', 'closed']) {
    // WebIDL: a promise-typed attribute's getter returns a rejected promise instead of throwing.
    const get = Object.getOwnPropertyDescriptor(proto, name).get;
    let result;
    try {
      result = get.call({});
    } catch (e) {
      assert_unreached(`${name} threw ${e} instead of returning a rejected promise`);
    }
    await promise_rejects_js(t, TypeError, result, name);
    await promise_rejects_js(t, TypeError, Promise.resolve().then(() => proto[name]), `${name} on the prototype`);
  }
}, 'The WebSocketStream members check that this is a WebSocketStream; opened and closed return rejected promises for any other this');

test(t => {
  const wss = stream(t);
  assert_true(wss.opened instanceof Promise);
  assert_true(wss.closed instanceof Promise);
  assert_equals(wss.opened, wss.opened, 'the same promise each time');
  assert_equals(wss.closed, wss.closed, 'the same promise each time');
  assert_equals(Object.prototype.toString.call(wss), '[object WebSocketStream]');
}, 'opened and closed are promises, the same ones each time');

test(() => {
  assert_equals(Object.getPrototypeOf(WebSocketError), DOMException, 'the interface object inherits from DOMException');
  assert_equals(Object.getPrototypeOf(WebSocketError.prototype), DOMException.prototype);
  assert_equals(WebSocketError.length, 0);
  assert_equals(Object.prototype.toString.call(WebSocketError.prototype), '[object WebSocketError]');
  for (const name of ['closeCode', 'reason']) {
    const d = Object.getOwnPropertyDescriptor(WebSocketError.prototype, name);
    assert_equals(typeof d.get, 'function', `${name} is an accessor`);
    assert_equals(d.set, undefined, `${name} is read-only`);
    assert_throws_js(TypeError, () => d.get.call(new DOMException('x')), `${name} checks its this`);
  }
  const e = new WebSocketError();
  assert_true(e instanceof DOMException);
  assert_true(e instanceof Error);
  assert_equals(e.name, 'WebSocketError');
  assert_equals(e.message, '');
  assert_equals(e.code, 0, 'no legacy code');
  assert_equals(e.closeCode, null);
  assert_equals(e.reason, '');
}, 'WebSocketError is a DOMException named WebSocketError with code 0, closeCode null and reason "" by default');

test(() => {
  const full = new WebSocketError('msg', { closeCode: 3456, reason: 'why' });
  assert_equals(full.message, 'msg');
  assert_equals(full.closeCode, 3456);
  assert_equals(full.reason, 'why');
  const codeOnly = new WebSocketError('', { closeCode: 1000 });
  assert_equals(codeOnly.closeCode, 1000);
  assert_equals(codeOnly.reason, '');
  const reasonOnly = new WebSocketError('', { reason: 'specified' });
  assert_equals(reasonOnly.closeCode, 1000, 'a reason without a code goes with 1000');
  assert_equals(reasonOnly.reason, 'specified');
  const emptyReason = new WebSocketError('', { reason: '' });
  assert_equals(emptyReason.closeCode, null, 'an empty reason sets no code');
  assert_equals(new WebSocketError(undefined).message, '', 'undefined message is the default');
}, 'new WebSocketError(message, { closeCode, reason }) keeps them; a reason alone gives closeCode 1000');

test(() => {
  for (const closeCode of [0, 999, 1001, 1005, 1006, 2999, 5000, 65535]) {
    assert_throws_dom('InvalidAccessError', () => new WebSocketError('', { closeCode }), String(closeCode));
  }
  assert_throws_dom('SyntaxError', () => new WebSocketError('', { closeCode: 1000, reason: 'x'.repeat(124) }));
  assert_throws_dom('SyntaxError', () => new WebSocketError('', { reason: '\u00e9'.repeat(62) }), '124 UTF-8 bytes');
  assert_equals(new WebSocketError('', { reason: '\u00e9'.repeat(61) + 'a' }).reason.length, 62, '123 UTF-8 bytes are fine');
  assert_throws_dom('InvalidAccessError', () => new WebSocketError('', { closeCode: 1, reason: 'x'.repeat(200) }), 'the code is checked first');
  assert_throws_js(TypeError, () => new WebSocketError('', true), 'init not a dictionary');
}, 'WebSocketError validates like close(): InvalidAccessError for a code other than 1000 or 3000-4999, SyntaxError past 123 bytes');

test(() => {
  assert_throws_js(TypeError, () => new WebSocketError('', { closeCode: 70000 }));
  assert_throws_js(TypeError, () => new WebSocketError('', { closeCode: -1 }));
  assert_throws_js(TypeError, () => new WebSocketError('', { closeCode: NaN }));
}, 'WebSocketError\'s closeCode is [EnforceRange] unsigned short: out of range or NaN throws TypeError');

// --- Messages ---

promise_test(async t => {
  const { info, reader, writer } = await connected(t);
  assert_array_equals(Object.keys(info), ['extensions', 'protocol', 'readable', 'writable'], 'a WebSocketOpenInfo');
  assert_true(info.readable instanceof ReadableStream);
  assert_true(info.writable instanceof WritableStream);
  assert_equals(info.protocol, '');
  assert_equals(info.extensions, '');
  await writer.write('h\u00e9llo \u{1F50C}');
  const { value, done } = await reader.read();
  assert_false(done);
  assert_equals(value, 'h\u00e9llo \u{1F50C}');
}, 'opened resolves with { extensions, protocol, readable, writable }; a string written comes back as a string');

promise_test(async t => {
  const { reader, writer } = await connected(t);
  await writer.write(new Uint8Array([0, 1, 2, 254, 255]));
  const { value } = await reader.read();
  assert_array_equals(bytes(value), [0, 1, 2, 254, 255]);
}, 'A Uint8Array written is sent as binary and comes back with the same bytes');

promise_test(async t => {
  const { reader, writer } = await connected(t);
  await writer.write(new Uint8Array([7, 8, 9]));
  const { value } = await reader.read();
  assert_true(value instanceof Uint8Array, `a Uint8Array, not ${Object.prototype.toString.call(value)}`);
  assert_equals(value.byteOffset, 0);
  assert_equals(value.buffer.byteLength, 3, 'a buffer of its own');
  assert_array_equals(Array.from(value), [7, 8, 9]);
}, 'A binary message is read as a Uint8Array over a buffer of its own');

promise_test(async t => {
  const { reader, writer } = await connected(t);
  const buffer = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer;
  const chunks = [buffer, new DataView(buffer, 2, 3), new Uint8Array(buffer, 5), new Uint16Array([0x0102, 0x0304]), new Float32Array(0)];
  for (const chunk of chunks) {
    await writer.write(chunk);
  }
  const expected = [[1, 2, 3, 4, 5, 6, 7, 8], [3, 4, 5], [6, 7, 8], bytes(new Uint16Array([0x0102, 0x0304])), []];
  for (const want of expected) {
    const { value } = await reader.read();
    assert_not_equals(typeof value, 'string', 'binary, not text');
    assert_array_equals(bytes(value), want);
  }
}, 'An ArrayBuffer, a DataView and typed arrays written are sent as binary, only the bytes each one views');

promise_test(async t => {
  const { reader, writer } = await connected(t);
  const buffer = new Uint8Array([1, 2, 3]);
  const written = writer.write(buffer);
  buffer[0] = 99; // the write took a copy
  await written;
  assert_array_equals(bytes((await reader.read()).value), [1, 2, 3]);
}, 'A write copies the bytes when it is made');

promise_test(async t => {
  const { reader, writer } = await connected(t);
  await writer.write(42);
  await writer.write({ toString() { return 'object'; } });
  await writer.write(null);
  await writer.write('\ud800');
  const got = [];
  for (let i = 0; i < 4; i++) {
    got.push((await reader.read()).value);
  }
  assert_array_equals(got, ['42', 'object', 'null', '\ufffd']);
}, 'Anything that is not a BufferSource is written as the text of its USVString: 42 as "42", a lone surrogate as U+FFFD');

promise_test(async t => {
  const { writer } = await connected(t);
  await promise_rejects_js(t, TypeError, writer.write(Symbol('no')));
  await promise_rejects_js(t, TypeError, writer.ready, 'the writable is errored with it');
}, 'A chunk that cannot be converted to a string rejects the write with TypeError and errors the writable');

promise_test(async t => {
  const offered = await connected(t, '/echo?protocol=chat', { protocols: ['superchat', 'chat'] });
  assert_equals(offered.info.protocol, 'chat');
  const picked = await connected(t, '/subprotocol?pick=x', { protocols: ['x'] });
  assert_equals(picked.info.protocol, 'x');
  const wss = stream(t, '/subprotocol?pick=y', { protocols: ['x'] });
  const error = await rejection(wss.opened);
  assert_equals(error.name, 'WebSocketError', 'a subprotocol that was not offered fails the connection');
}, 'opened gives the subprotocol the server chose among those offered; one not offered fails the connection');

promise_test(async t => {
  const { wss, reader } = await connected(t, '/messages?count=200&size=12');
  for (let i = 0; i < 200; i++) {
    const { value, done } = await reader.read();
    assert_false(done, `message ${i} arrived`);
    assert_equals(value, `${i} `.padEnd(12, 'x'), `message ${i}`);
  }
  assert_true((await reader.read()).done, 'then the server closed and the readable ended');
  const info = await wss.closed;
  assert_equals(info.closeCode, 1000);
}, '200 messages arrive through a reader in order, each once, then the readable ends');

promise_test(async t => {
  const { wss, info } = await openInfo(t, '/messages?count=20&size=6');
  const got = [];
  await info.readable
    .pipeThrough(new TransformStream({ transform(chunk, c) { c.enqueue(chunk.toUpperCase()); } }))
    .pipeTo(new WritableStream({ write(chunk) { got.push(chunk); } }));
  assert_equals(got.length, 20);
  assert_equals(got[0], '0 XXXX');
  assert_equals(got[19], '19 XXX');
  assert_equals((await wss.closed).closeCode, 1000);
}, 'The readable pipes through a TransformStream and into a WritableStream until the server closes');

promise_test(async t => {
  const { wss, info } = await openInfo(t, '/messages?count=5&size=4');
  const got = [];
  for await (const chunk of info.readable) {
    got.push(chunk);
  }
  assert_array_equals(got, ['0 xx', '1 xx', '2 xx', '3 xx', '4 xx']);
  assert_equals((await wss.closed).closeCode, 1000);
}, 'for await reads the readable to its end');

promise_test(async t => {
  const { wss, info } = await openInfo(t);
  const source = new ReadableStream({
    start(c) {
      for (const chunk of ['one', new Uint8Array([2]), 'three']) {
        c.enqueue(chunk);
      }
      c.close();
    },
  });
  await source.pipeTo(info.writable, { preventClose: true });
  const reader = info.readable.getReader();
  assert_equals((await reader.read()).value, 'one');
  assert_array_equals(bytes((await reader.read()).value), [2]);
  assert_equals((await reader.read()).value, 'three');
  wss.close();
  assert_equals((await wss.closed).closeCode, 1005);
}, 'A ReadableStream piped into the writable sends each chunk as a message');

// --- Closing ---

promise_test(async t => {
  const wss = stream(t);
  await wss.opened;
  wss.close({ closeCode: 3456, reason: 'pizza \u{1F355}' });
  const info = await wss.closed;
  assert_array_equals(Object.keys(info), ['closeCode', 'reason']);
  assert_equals(info.closeCode, 3456);
  assert_equals(info.reason, 'pizza \u{1F355}');
}, 'close({ closeCode, reason }) sends them; the echoing server returns them and closed resolves with them');

promise_test(async t => {
  for (const arg of [undefined, {}, { reason: '' }]) {
    const wss = stream(t);
    await wss.opened;
    wss.close(arg);
    const info = await wss.closed;
    assert_equals(info.closeCode, 1005, `${JSON.stringify(arg)}: an empty Close frame`);
    assert_equals(info.reason, '');
  }
  const wss = stream(t);
  await wss.opened;
  wss.close({ reason: 'just a reason' });
  const info = await wss.closed;
  assert_equals(info.closeCode, 1000, 'a reason alone goes with 1000');
  assert_equals(info.reason, 'just a reason');
}, 'close() with no code and no reason sends no status (1005); a reason alone goes with 1000');

promise_test(async t => {
  const { wss, reader, writer } = await connected(t);
  wss.close({ closeCode: 3001 });
  await writer.write('after close()'); // the closing handshake has started: not sent, but done
  assert_true((await reader.read()).done, 'the readable ends with the closing handshake');
  const info = await wss.closed;
  assert_equals(info.closeCode, 3001);
  await promise_rejects_dom(t, 'InvalidStateError', writer.write('after closed'));
}, 'After close(), a write resolves without being sent, reads end, and once closed writes reject with InvalidStateError');

test(t => {
  const wss = stream(t);
  for (const closeCode of [0, 999, 1001, 1005, 2999, 5000]) {
    assert_throws_dom('InvalidAccessError', () => wss.close({ closeCode }), String(closeCode));
  }
  assert_throws_dom('SyntaxError', () => wss.close({ closeCode: 1000, reason: 'x'.repeat(124) }));
  assert_throws_dom('SyntaxError', () => wss.close({ reason: '\u{1F50C}'.repeat(31) }), '124 UTF-8 bytes');
  assert_throws_dom('InvalidAccessError', () => wss.close({ closeCode: 2999, reason: 'x'.repeat(124) }), 'the code is checked first');
  assert_throws_js(TypeError, () => wss.close(true), 'not a dictionary');
}, 'close() throws InvalidAccessError for a code other than 1000 or 3000-4999 and SyntaxError for a reason past 123 UTF-8 bytes');

test(t => {
  const wss = stream(t);
  for (const closeCode of [70000, 65536, -1, NaN, Infinity]) {
    assert_throws_js(TypeError, () => wss.close({ closeCode }), String(closeCode));
  }
}, 'close()\'s closeCode is [EnforceRange] unsigned short: out of range, NaN or Infinity throws TypeError');

promise_test(async t => {
  const wss = stream(t);
  await wss.opened;
  wss.close({ closeCode: 3000 });
  wss.close({ closeCode: 4000, reason: 'second' }); // closing already: nothing more happens
  await wss.closed;
  assert_throws_dom('InvalidAccessError', () => wss.close({ closeCode: 1 }), 'checked when closed too');
  assert_throws_dom('SyntaxError', () => wss.close({ reason: 'x'.repeat(124) }), 'checked when closed too');
  wss.close();
  assert_equals((await wss.closed).closeCode, 3000, 'the first close counted');
}, 'A second close() does nothing, but its arguments are still checked after the stream closed');

promise_test(async t => {
  const { wss, reader, writer } = await connected(t, '/close?code=4000&reason=bye');
  const info = await wss.closed;
  assert_equals(info.closeCode, 4000);
  assert_equals(info.reason, 'bye');
  assert_true((await reader.read()).done, 'the readable is closed');
  await promise_rejects_dom(t, 'InvalidStateError', writer.ready);
  await promise_rejects_dom(t, 'InvalidStateError', writer.write('late'));
}, 'A server\'s close: closed resolves with its code and reason, the readable ends, the writable errors with InvalidStateError');

promise_test(async t => {
  const { wss, reader, writer } = await connected(t, '/drop?after=100');
  const read = rejection(reader.read());
  const error = await rejection(wss.closed);
  assert_true(error instanceof WebSocketError);
  assert_equals(error.name, 'WebSocketError');
  assert_equals(error.closeCode, 1006);
  assert_equals(error.reason, '');
  assert_equals(await read, error, 'a pending read rejects with the same error');
  assert_equals(await rejection(writer.ready), error, 'the writable is errored with it');
  assert_equals(await rejection(reader.closed), error);
}, 'A connection lost without a Close frame: closed, reads and the writable reject with one WebSocketError, closeCode 1006');

promise_test(async t => {
  const { wss } = await connected(t, '/invalid-utf8');
  const error = await rejection(wss.closed);
  assert_equals(error.name, 'WebSocketError');
  assert_equals(error.closeCode, 1006);
}, 'A text message that is not UTF-8 fails the connection: closed rejects with a WebSocketError (1006)');

promise_test(async t => {
  for (const url of [u('/status?code=404'), u('/garbage'), 'ws://127.0.0.1:2/']) {
    const wss = new WebSocketStream(url);
    const opened = await rejection(wss.opened);
    const closed = await rejection(wss.closed);
    assert_true(opened instanceof WebSocketError, `${url}: opened rejects with a WebSocketError`);
    assert_equals(opened.closeCode, null, `${url}: it never opened`);
    assert_true(closed instanceof WebSocketError, `${url}: closed rejects with a WebSocketError`);
    assert_equals(closed.closeCode, 1006, url);
    wss.close(); // does nothing
  }
}, 'A connection that fails (404, not HTTP, refused): opened and closed reject with WebSocketErrors');

promise_test(async t => {
  const wss = stream(t, '/delay-handshake?ms=500');
  wss.close({ closeCode: 3000, reason: 'never mind' });
  assert_equals((await rejection(wss.opened)).name, 'WebSocketError');
  assert_equals((await rejection(wss.closed)).name, 'WebSocketError');
}, 'close() during the handshake fails it: opened and closed reject with WebSocketErrors');

promise_test(async t => {
  const { wss, info } = await openInfo(t, '/delay-close-reply?ms=300');
  const writer = info.writable.getWriter();
  let closedSettled = false;
  wss.closed.then(() => { closedSettled = true; });
  const start = performance.now();
  await writer.close();
  assert_greater_than_equal(performance.now() - start, 250, 'not before the server answered the Close');
  assert_true(closedSettled, 'the closing handshake is over');
  const result = await wss.closed;
  assert_equals(result.closeCode, 1005, 'the Close frame had no status');
  assert_equals(result.reason, '');
  assert_true((await info.readable.getReader().read()).done);
}, 'writer.close() sends an empty Close frame and resolves after the closing handshake; closed gives 1005');

promise_test(async t => {
  const { wss, info } = await openInfo(t);
  await info.readable.cancel(new WebSocketError('', { closeCode: 3333, reason: 'r' }));
  const result = await wss.closed;
  assert_equals(result.closeCode, 3333);
  assert_equals(result.reason, 'r');
}, 'readable.cancel(webSocketError) closes with its closeCode and reason');

promise_test(async t => {
  const { wss, info } = await openInfo(t);
  await info.writable.abort(new WebSocketError('', { reason: 'aborted' }));
  const result = await wss.closed;
  assert_equals(result.closeCode, 1000, 'a WebSocketError with a reason alone has closeCode 1000');
  assert_equals(result.reason, 'aborted');
}, 'writable.abort(webSocketError) closes with its closeCode and reason');

promise_test(async t => {
  const reasons = [undefined, 'a string', { closeCode: 3333, reason: 'duck' }, Object.assign(new DOMException('x'), { closeCode: 3333, reason: 'dom' }), new WebSocketError()];
  for (const [i, reason] of reasons.entries()) {
    const { wss, info } = await openInfo(t);
    await (i % 2 ? info.readable.cancel(reason) : info.writable.abort(reason));
    const result = await wss.closed;
    assert_equals(result.closeCode, 1005, `reason ${i}: no status`);
    assert_equals(result.reason, '');
  }
}, 'cancel() or abort() with anything but a WebSocketError, or one without a code, sends an empty Close frame (1005)');

// --- The signal ---

promise_test(async t => {
  const reason = new Error('given up');
  const wss = stream(t, '/echo', { signal: AbortSignal.abort(reason) });
  await promise_rejects_exactly(t, reason, wss.opened);
  await promise_rejects_exactly(t, reason, wss.closed);
  wss.close(); // does nothing
}, 'An already aborted signal rejects opened and closed with its reason; close() then does nothing');

promise_test(async t => {
  const controller = new AbortController();
  // Not closed afterwards: close() after such an abort crashes Chromium 156's renderer.
  const wss = new WebSocketStream(u('/delay-handshake?ms=500'), { signal: controller.signal });
  t.step_timeout(() => controller.abort(), 50);
  const opened = await rejection(wss.opened);
  assert_equals(opened.name, 'AbortError');
  assert_equals((await rejection(wss.closed)).name, 'AbortError');
}, 'Aborting during the handshake rejects opened and closed with an AbortError');

promise_test(async t => {
  const controller = new AbortController();
  const reason = new Error('too slow');
  const wss = new WebSocketStream(u('/delay-handshake?ms=500'), { signal: controller.signal });
  wss.opened.catch(() => {});
  wss.closed.catch(() => {});
  t.step_timeout(() => controller.abort(reason), 50);
  await promise_rejects_exactly(t, reason, wss.opened);
  await promise_rejects_exactly(t, reason, wss.closed);
}, 'Aborting during the handshake rejects opened and closed with the signal\'s reason');

promise_test(async t => {
  const controller = new AbortController();
  const { wss, reader, writer } = await connected(t, '/echo', { signal: controller.signal });
  controller.abort();
  await writer.write('still here');
  assert_equals((await reader.read()).value, 'still here');
  wss.close({ closeCode: 1000 });
  assert_equals((await wss.closed).closeCode, 1000);
}, 'Once open, aborting the signal does nothing');

test(() => {
  // WebSocketError is not [Serializable] (DOMException is): cloning one is a DataCloneError, not a DOMException copy.
  const error = new WebSocketError("m", { closeCode: 3000 });
  assert_throws_dom("DataCloneError", () => structuredClone(error));
  assert_equals(structuredClone(new DOMException("m", "SyntaxError")).name, "SyntaxError");
}, "structuredClone() refuses a WebSocketError with a DataCloneError, while a DOMException clones");

promise_test(async t => {
  // WebIDL's BufferSource (no [AllowResizable]): a resizable ArrayBuffer, or a view on one, is not one, and the write
  // rejects with a TypeError (which errors the writable); a fixed-length one is sent as binary.
  const { reader, writer } = await connected(t);
  await writer.write(new Uint8Array([1, 2]));
  assert_array_equals(bytes((await reader.read()).value), [1, 2]);
  await promise_rejects_js(t, TypeError, writer.write(new ArrayBuffer(4, { maxByteLength: 8 })));
}, "Writing a resizable ArrayBuffer rejects with a TypeError");
