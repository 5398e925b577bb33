// The script-side fuzzer of ScriptFuzzTests (issue 15): random arguments for the web APIs, each call in try/catch,
// every exception judged. Expects globalThis.FUZZ_CONFIG = { seed, iterations, wsBase, selfTest }, set by the test
// in an earlier script. Prints one line at the end: "FUZZ-REPORT " + JSON.
//
// Reproducible: iteration i draws from its own PRNG (mulberry32, seeded from the run's seed and i), and the pools it
// picks from change only in iteration code, never in event listeners; so a seed gives the same calls, and the
// digest of their descriptions tells two runs apart.
"use strict";
(() => {
  const config = globalThis.FUZZ_CONFIG;
  const SEED = config.seed >>> 0;
  const ITERATIONS = config.iterations;
  const WS_BASE = config.wsBase; // ws://127.0.0.1:PORT
  const BATCH = 25; // calls per task, so socket events interleave with the calls
  const MAX_SOCKETS = 6; // sockets not yet retired (close() called on them)
  const ENDLESS_LIMIT = 5000; // an "endless" iterator throws a sentinel after this many values
  const MAX_FAILURES = 25;
  const HUGE = 3 * 1024 * 1024;

  // Intrinsics captured before any fuzzed call.
  const stringify = JSON.stringify;
  const objectToString = Object.prototype.toString;
  const isArray = Array.isArray;

  // ---- PRNG -----------------------------------------------------------------------------------------------------
  function mulberry32(a) {
    return () => {
      a = (a + 0x6D2B79F5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function mix(seed, i) {
    let h = (seed ^ Math.imul(i + 1, 0x9E3779B1)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85EBCA6B);
    h = Math.imul(h ^ (h >>> 13), 0xC2B2AE35);
    return (h ^ (h >>> 16)) >>> 0;
  }

  let rnd = mulberry32(SEED);
  const int = n => Math.floor(rnd() * n);
  const chance = p => rnd() < p;
  const pick = a => a[int(a.length)];

  // FNV-1a over the UTF-16 code units of every call description: equal for equal seeds.
  let digest = 0x811C9DC5;
  function hash(text) {
    for (let k = 0; k < text.length; k++) {
      digest = Math.imul(digest ^ text.charCodeAt(k), 0x01000193) >>> 0;
    }
  }

  // ---- Sentinels: what the fuzzer's own getters, traps and callbacks throw ----------------------------------------
  class FuzzSentinel extends Error {
    constructor(tag) {
      super("fuzz sentinel: " + tag);
      this.name = "FuzzSentinel";
      this.tag = tag;
    }
  }

  let thrown = new Set(); // sentinels thrown during the current call
  const everThrown = new WeakSet(); // every sentinel, for rejections judged in a later task
  function sentinel(tag) {
    const s = new FuzzSentinel(tag);
    thrown.add(s);
    everThrown.add(s);
    return s;
  }

  // ---- Judging what a call threw ---------------------------------------------------------------------------------
  const ALLOWED_DOM = new Set(["SyntaxError", "InvalidAccessError", "InvalidStateError", "DataCloneError"]);
  // .NET or Jint internals leaking into a message: exception type names, namespaces, the runtime's own texts.
  const INTERNAL = /\b(?!DOMException\b)[A-Z][A-Za-z]*Exception\b|\b(?:System|Jint|Acornima|JsWebSocketHost)\.[A-Z]|Object reference not set|Specified cast|Unable to cast|Index was outside|out of the range of valid values|Value cannot be null|Arithmetic operation resulted|Collection was modified|Nullable object must have/;

  function describeThrown(e) {
    try {
      if (e !== null && (typeof e === "object" || typeof e === "function")) {
        let text = objectToString.call(e);
        try { text += " name=" + String(e.name) + " message=" + String(e.message).slice(0, 300); } catch { text += " (unreadable)"; }
        return text;
      }
      return typeof e + " " + String(e).slice(0, 300);
    } catch {
      return "(indescribable)";
    }
  }

  // Returns { kind } for an exception a spec names (or a sentinel passed through unchanged), { bad } otherwise.
  function judge(e, sentinels) {
    try {
      if (e instanceof FuzzSentinel) {
        if (!sentinels.has(e)) return { bad: "a FuzzSentinel this call never threw: " + describeThrown(e) };
        if (e.message !== "fuzz sentinel: " + e.tag || Object.getPrototypeOf(e) !== FuzzSentinel.prototype) {
          return { bad: "a FuzzSentinel that was changed on its way: " + describeThrown(e) };
        }
        return { kind: "sentinel" };
      }

      let kind;
      if (e instanceof DOMException) {
        if (!ALLOWED_DOM.has(e.name)) return { bad: "a DOMException the specs do not name here: " + describeThrown(e) };
        kind = "DOMException:" + e.name;
      } else if (e instanceof TypeError && Object.getPrototypeOf(e) === TypeError.prototype) {
        kind = "TypeError";
      } else if (e instanceof RangeError && Object.getPrototypeOf(e) === RangeError.prototype) {
        kind = "RangeError";
      } else {
        return { bad: "not an exception the specs name: " + describeThrown(e) };
      }

      if (typeof e.message !== "string" || INTERNAL.test(e.message)) {
        return { bad: "internal text in the message: " + describeThrown(e) };
      }
      return { kind };
    } catch (inner) {
      return { bad: "judging the exception threw: " + describeThrown(inner) };
    }
  }

  // ---- The report ----------------------------------------------------------------------------------------------
  const report = {
    seed: SEED, iterations: 0, calls: {}, outcomes: {}, failures: [], failureCount: 0, digest: 0,
    socketsCreated: 0, messages: 0, socketErrors: 0, closes: 0, reported: 0, listenerCalls: 0, promises: 0,
  };
  let current = null; // the call in progress: { i, api, args }
  globalThis.__fuzzLastCall = null; // read by the test when the run did not end normally

  function fail(what, call) {
    report.failureCount++;
    if (report.failures.length < MAX_FAILURES) {
      report.failures.push({
        i: call ? call.i : -1, api: call ? call.api : "(event)", args: call ? call.args : [], got: what,
      });
    }
  }

  function count(api, kind) {
    const o = report.outcomes[api] ??= {};
    o[kind] = (o[kind] ?? 0) + 1;
  }

  // ---- Values -----------------------------------------------------------------------------------------------------
  // Every generator returns [value, description]; descriptions are made while generating, never by reading the value
  // (which may be a proxy or an object whose getters throw).
  const NUMBERS = [
    0, -0, NaN, Infinity, -Infinity, 1, -1, 0.5, -0.5, 1.5, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1,
    2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53 - 1), -(2 ** 53), 2 ** 64,
    65535, 65536, 65535.5, 65536.5, -65536, 255, 256, 1000, 1001, 1004, 1005, 1006, 1015, 2999, 3000, 3000.9, 4999,
    4999.5, 5000, 123, 124, 1e21, -1e21, Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON, 8.64e15, 8.64e15 + 1,
  ];
  const describeNumber = v => (Object.is(v, -0) ? "-0" : String(v));

  const clip = s => (s.length > 40 ? s.slice(0, 40) + "…(" + s.length + ")" : s);
  const S = v => [v, "str " + stringify(clip(v))];

  const STRINGS = [
    "", " ", "a", "blob", "arraybuffer", "Blob", "ARRAYBUFFER", "arraybuffer\u0000", "utf-8", "UTF-8", " utf-8\n",
    "utf8", "unicode-1-1-utf-8", "utf-16le", "utf-16be", "utf-16", "latin1", "iso-8859-2", "windows-1252",
    "x-user-defined", "replacement", "iso-2022-kr", "bogus", "message", "open", "close", "error", "abort", "click",
    "chat", "superchat", "a b", "a,b", "\u0000", "a\u0000b", "\uD800", "\uDC00", "a\uD800b", "\uDBFF\uDFFF",
    "\uFFFD", "\uFEFF", "\u00E9", "\uD83D\uDE00", "x".repeat(123), "x".repeat(124), "\u00E9".repeat(61),
    "\u00E9".repeat(62), "\uD83D\uDE00".repeat(30), "\uD83D\uDE00".repeat(31), "%", "%zz", "%C3%A9", "a=b&c=d",
    "?a=b", "#frag", "=&=", "+", "native", "transparent", "text/plain", "TEXT/PLAIN; charset=utf-8", "\u0100",
    "1000", "3000", "NaN", "-0", "__proto__", "constructor", "toString", "then", "handleEvent", "ws:", "ws://",
    "ws://127.0.0.1", "http://[::1]", "http://[", "file:///etc/passwd", "blob:http://a/b", "data:text/plain,a",
    "javascript:x", "https://user:pass@example.com:8080/p?q#f", "http://xn--n3h.com", "http://%F0%9F%92%A9.com",
    "http://0x7f.1/", "http://1.2.3.4.5/", "http://a b/", "\t\n http://a/ \r", "\\\\server\\share", "//x/", "/echo",
    "echo", "?", "..", "non-special:opaque path ", "web+demo:/.//not-a-host/", "http://a/%2e%2E/b", "http://\u00DF.de/",
  ];

  let hugeStrings = null;
  function hugeString() {
    hugeStrings ??= [
      "a".repeat(HUGE), "\u00E9".repeat(HUGE / 2), "\uD800".repeat(HUGE / 4) + "x",
      "\uD83D\uDE00".repeat(HUGE / 4), "ws://127.0.0.1/" + "p".repeat(HUGE),
    ];
    const k = int(hugeStrings.length);
    return [hugeStrings[k], "huge string #" + k];
  }

  const ALPHABET = ["a", "Z", "0", " ", "\t", "\n", "\u0000", "\u007F", "%", "#", "?", "/", "\\", ":", "@", "[", "]",
    "=", "&", "+", ".", "\u00E9", "\u0100", "\u4E2D", "\uFFFD", "\uFEFF", "\uD800", "\uDBFF", "\uDC00", "\uDFFF",
    "\uD83D\uDE00", "\u200B", "\u0085", "\u2028"];
  function randomString() {
    let s = "";
    const n = int(24);
    for (let k = 0; k < n; k++) s += chance(0.8) ? pick(ALPHABET) : String.fromCharCode(int(0x10000));
    return S(s);
  }

  function str() {
    const k = int(100);
    if (k < 55) return S(pick(STRINGS));
    if (k < 85) return randomString();
    if (k < 99) return S(WS_BASE + pick(["/echo", "/echo?x=1", "/close?code=1000", "/nope"]));
    return hugeString();
  }

  const SYMBOLS = [Symbol(), Symbol("fuzz"), Symbol.iterator, Symbol.toPrimitive, Symbol.for("x")];
  const BIGINTS = [0n, 1n, -1n, 2n ** 64n, -(2n ** 63n), 1000n];

  // Objects whose conversion to a primitive throws, or does not give a primitive.
  function hostileObject() {
    switch (int(10)) {
      case 0: return [{ toString() { throw sentinel("toString"); } }, "obj toString throws"];
      case 1: return [{ valueOf() { throw sentinel("valueOf"); }, toString() { throw sentinel("toString"); } }, "obj valueOf+toString throw"];
      case 2: return [{ [Symbol.toPrimitive]() { throw sentinel("toPrimitive"); } }, "obj toPrimitive throws"];
      case 3: return [{ [Symbol.toPrimitive]() { return {}; } }, "obj toPrimitive returns object"];
      case 4: return [{ toString() { return {}; }, valueOf() { return {}; } }, "obj toString/valueOf return objects"];
      case 5: return [{ get [Symbol.toPrimitive]() { throw sentinel("get toPrimitive"); } }, "obj toPrimitive getter throws"];
      case 6: return [{ [Symbol.toPrimitive]: 42 }, "obj toPrimitive not callable"];
      case 7: return [{ [Symbol.toPrimitive]() { return Symbol("p"); } }, "obj toPrimitive returns symbol"];
      case 8: {
        const [v, d] = primitive();
        return [{ [Symbol.toPrimitive]() { return v; } }, "obj toPrimitive returns " + d];
      }
      default: return [throwingDictionary(), "obj every dictionary member getter throws"];
    }
  }

  const DICTIONARY_KEYS = ["type", "endings", "fatal", "ignoreBOM", "stream", "once", "capture", "passive", "signal",
    "bubbles", "cancelable", "composed", "detail", "lastModified", "protocols", "headers", "handleEvent", "code",
    "reason", "wasClean", "data", "origin", "lastEventId", "source", "ports", "message", "filename", "lineno", "colno",
    "error", "length", "0", "1"];
  function throwingDictionary() {
    const o = {};
    for (const key of DICTIONARY_KEYS) {
      Object.defineProperty(o, key, { get() { throw sentinel("get " + key); }, enumerable: true });
    }
    return o;
  }

  function primitive() {
    switch (int(8)) {
      case 0: case 1: { const v = pick(NUMBERS); return [v, describeNumber(v)]; }
      case 2: case 3: return str();
      case 4: { const k = int(SYMBOLS.length); return [SYMBOLS[k], "symbol #" + k]; }
      case 5: { const v = pick(BIGINTS); return [v, String(v) + "n"]; }
      case 6: return pick([[null, "null"], [undefined, "undefined"]]);
      default: return pick([[true, "true"], [false, "false"]]);
    }
  }

  function proxy(depth) {
    const kind = int(5);
    let target, td;
    switch (kind) {
      case 0: target = {}; td = "{}"; break;
      case 1: target = []; td = "[]"; break;
      case 2: target = function () {}; td = "function"; break;
      case 3: target = new ArrayBuffer(4); td = "ArrayBuffer"; break;
      default: target = new Blob(["x"]); td = "Blob"; break;
    }
    const handler = {};
    const traps = [];
    const [gv, gd] = depth < 2 ? any(depth + 1) : primitive();
    if (chance(0.6)) {
      const mode = int(3);
      traps.push("get:" + ["throws", "returns " + gd, "reflects"][mode]);
      handler.get = (t, k, r) => {
        if (mode === 0) throw sentinel("proxy get " + String(typeof k === "symbol" ? "symbol" : k));
        return mode === 1 ? gv : Reflect.get(t, k, r);
      };
    }
    if (chance(0.3)) { traps.push("has:throws"); handler.has = () => { throw sentinel("proxy has"); }; }
    if (chance(0.4)) {
      const mode = int(5);
      traps.push("ownKeys:" + ["throws", "duplicates", "non-string", "type+x", "iterator symbol"][mode]);
      handler.ownKeys = () => {
        if (mode === 0) throw sentinel("proxy ownKeys");
        return [["a", "a"], [1], ["type", "x"], [Symbol.iterator]][mode - 1];
      };
    }
    if (chance(0.4)) {
      const mode = int(5);
      traps.push("getOwnPropertyDescriptor:" + ["throws", "non-configurable lie", "undefined", "bad accessor", "value"][mode]);
      handler.getOwnPropertyDescriptor = (t, k) => {
        switch (mode) {
          case 0: throw sentinel("proxy getOwnPropertyDescriptor");
          case 1: return { value: 1, configurable: false, enumerable: true, writable: true };
          case 2: return undefined;
          case 3: return { get: 5 };
          default: return { value: gv, configurable: true, enumerable: true, writable: true };
        }
      };
    }
    if (chance(0.2)) {
      const mode = int(3);
      traps.push("getPrototypeOf:" + ["throws", "null", "Array.prototype"][mode]);
      handler.getPrototypeOf = () => {
        if (mode === 0) throw sentinel("proxy getPrototypeOf");
        return mode === 1 ? null : Array.prototype;
      };
    }
    if (kind === 2 && chance(0.7)) {
      traps.push("apply/construct:throws");
      handler.apply = () => { throw sentinel("proxy apply"); };
      handler.construct = () => { throw sentinel("proxy construct"); };
    }
    if (chance(0.1)) {
      const r = Proxy.revocable(target, handler);
      r.revoke();
      return [r.proxy, "revoked proxy(" + td + ")"];
    }
    return [new Proxy(target, handler), "proxy(" + td + "; " + traps.join(", ") + ")"];
  }

  function iterable(depth) {
    const [ev, ed] = depth < 2 ? any(depth + 1) : primitive();
    switch (int(12)) {
      case 0: return [{ [Symbol.iterator]() { throw sentinel("@@iterator"); } }, "iterable @@iterator throws"];
      case 1: return [{ [Symbol.iterator]: 42 }, "iterable @@iterator not callable"];
      case 2: return [{ [Symbol.iterator]() { return 1; } }, "iterable @@iterator returns 1"];
      case 3: return [{ [Symbol.iterator]() { return { next() { throw sentinel("next"); } }; } }, "iterable next throws"];
      case 4: return [{ [Symbol.iterator]() { return { next() { return 7; } }; } }, "iterable next returns 7"];
      case 5: return [{ [Symbol.iterator]() { return { next() { return { get done() { throw sentinel("done"); } }; } }; } }, "iterable done getter throws"];
      case 6: return [{ [Symbol.iterator]() { return { next() { return { done: false, get value() { throw sentinel("value"); } }; } }; } }, "iterable value getter throws"];
      case 7: {
        return [{
          [Symbol.iterator]() {
            let n = 0;
            return {
              next() {
                if (++n > ENDLESS_LIMIT) throw sentinel("endless iterator limit");
                return { done: false, value: ev };
              },
              return() { return {}; },
            };
          },
        }, "endless iterable of " + ed];
      }
      case 8: {
        return [{
          [Symbol.iterator]() {
            let n = 0;
            return { next() { return n++ < 2 ? { done: false, value: ev } : { done: true }; }, return() { throw sentinel("return"); } };
          },
        }, "iterable of 2x " + ed + " whose return throws"];
      }
      case 9: {
        const a = ["a", ev];
        Object.defineProperty(a, 0, { get() { throw sentinel("array element"); } });
        return [a, "array whose [0] getter throws, [1]=" + ed];
      }
      case 10: return [new Set([ev, "b"]), "Set(" + ed + ", b)"];
      default: {
        function* gen() { yield ev; yield "x"; }
        return [gen(), "generator of " + ed + ", x"];
      }
    }
  }

  const TYPED_ARRAYS = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
    Float16Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array];
  const BYTE_PATTERNS = [[], [0x61, 0x62], [0xEF, 0xBB, 0xBF, 0x61], [0xFE, 0xFF, 0x00, 0x61], [0xFF, 0xFE, 0x61, 0x00],
    [0xC3], [0xC3, 0xA9], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xC0, 0x80], [0xF0, 0x9F, 0x98, 0x80],
    [0x80], [0xD8, 0x00], [0x00, 0xD8, 0x00, 0xDC]];

  function fill(buffer) {
    const bytes = new Uint8Array(buffer);
    const pattern = pick(BYTE_PATTERNS);
    for (let k = 0; k < bytes.length; k++) bytes[k] = k < pattern.length ? pattern[k] : int(256);
    return pick(["", " bytes " + pattern.join(",")]) || " random bytes";
  }

  // ArrayBuffers of every kind, and views over them.
  function buffer() {
    const size = pick([0, 1, 2, 3, 4, 7, 8, 16, 64, 1000]);
    let buf, bd;
    switch (int(6)) {
      case 0: case 1: buf = new ArrayBuffer(size); bd = "ArrayBuffer(" + size + ")" + fill(buf); break;
      case 2: buf = new ArrayBuffer(size, { maxByteLength: size + 64 }); bd = "resizable ArrayBuffer(" + size + ")" + fill(buf); break;
      case 3: buf = new SharedArrayBuffer(size); bd = "SharedArrayBuffer(" + size + ")" + fill(buf); break;
      case 4: buf = new SharedArrayBuffer(size, { maxByteLength: size + 64 }); bd = "growable SharedArrayBuffer(" + size + ")"; break;
      default: {
        const b = new ArrayBuffer(size);
        fill(b);
        buf = chance(0.5) ? b : new ArrayBuffer(8, { maxByteLength: 8 });
        bd = "detached ArrayBuffer";
        buf.transfer();
        break;
      }
    }
    if (chance(0.35)) return [buf, bd];

    // A view over buf; sometimes the buffer changes after the view was made.
    const detach = !bd.startsWith("detached") && !bd.includes("Shared") && chance(0.1);
    const shrink = bd.startsWith("resizable") && chance(0.3);
    let view, vd;
    try {
      if (chance(0.15)) {
        const offset = buf.byteLength > 0 ? int(buf.byteLength) : 0;
        view = new DataView(buf, offset);
        vd = "DataView(" + bd + ", " + offset + ")";
      } else {
        const T = pick(TYPED_ARRAYS);
        const maxElements = Math.floor(buf.byteLength / T.BYTES_PER_ELEMENT);
        const mode = int(3);
        if (mode === 0 || maxElements === 0) {
          view = new T(bd.startsWith("detached") ? 0 : pick([0, 1, 3, 8]));
          vd = T.name + "(own)";
        } else if (mode === 1) {
          view = new T(buf);
          vd = T.name + "(" + bd + ")";
        } else {
          const start = int(maxElements);
          const length = int(maxElements - start + 1);
          view = new T(buf, start * T.BYTES_PER_ELEMENT, length);
          vd = T.name + "(" + bd + ", " + start + ", " + length + ")";
        }
      }
    } catch (e) {
      // The fuzzer asked for a view the buffer cannot hold: use the buffer itself.
      return [buf, bd];
    }
    if (detach && view.buffer === buf) {
      buf.transfer();
      vd += " then detached";
    }
    if (shrink && view.buffer === buf) {
      buf.resize(int(buf.byteLength + 1));
      vd += " then resized to " + buf.byteLength;
    }
    return [view, vd];
  }

  let deep = null;
  function deepValue() {
    if (deep === null) {
      let a = [];
      let o = {};
      for (let k = 0; k < 20000; k++) { a = [a]; o = { a: o, toString() { return "deep"; } }; }
      deep = [a, o];
    }
    const k = int(2);
    return [deep[k], k === 0 ? "array nested 20000 deep" : "object nested 20000 deep"];
  }

  function func() {
    switch (int(7)) {
      case 0: return [() => {}, "arrow noop"];
      case 1: return [() => { throw sentinel("function"); }, "function throws"];
      case 2: return [class {}, "class"];
      case 3: return [function () {}.bind(null), "bound function"];
      case 4: return [async () => { throw sentinel("async function"); }, "async function rejects"];
      case 5: return [function* () {}, "generator function"];
      default: return [Math.max, "Math.max"];
    }
  }

  function plain(depth) {
    if (chance(0.5)) {
      const n = int(4);
      const a = [];
      const ds = [];
      for (let k = 0; k < n; k++) { const [v, d] = any(depth + 1); a.push(v); ds.push(d); }
      if (chance(0.2)) a.length += 2; // holes
      return [a, "[" + ds.join(", ") + (a.length > n ? ", <holes>" : "") + "]"];
    }
    const o = {};
    const ds = [];
    const n = int(4);
    for (let k = 0; k < n; k++) {
      const key = pick(DICTIONARY_KEYS);
      const [v, d] = any(depth + 1);
      o[key] = v;
      ds.push(key + ": " + d);
    }
    return [o, "{" + ds.join(", ") + "}"];
  }

  function any(depth = 0) {
    const k = int(100);
    if (k < 16) { const v = pick(NUMBERS); return [v, describeNumber(v)]; }
    if (k < 32) return str();
    if (k < 34) { const j = int(SYMBOLS.length); return [SYMBOLS[j], "symbol #" + j]; }
    if (k < 36) { const v = pick(BIGINTS); return [v, String(v) + "n"]; }
    if (k < 42) return pick([[null, "null"], [undefined, "undefined"], [true, "true"], [false, "false"]]);
    if (k < 50) return hostileObject();
    if (k < 56) return depth < 3 ? proxy(depth) : primitive();
    if (k < 62) return depth < 3 ? iterable(depth) : primitive();
    if (k < 73) return buffer();
    if (k < 83) return hostObject();
    if (k < 88) return func();
    if (k < 99) return depth < 3 ? plain(depth) : primitive();
    return deepValue();
  }

  // ---- Pools of live objects (changed only by iteration code) -------------------------------------------------
  const pools = {
    blobs: [new Blob(["seed"]), new File(["f"], "f.txt", { type: "text/plain" })],
    targets: [new EventTarget(), new EventTarget()],
    events: [new Event("message"), new CustomEvent("x", { detail: 1 })],
    urls: [new URL(WS_BASE + "/echo?a=b#c"), new URL("non-special:opaque")],
    params: [new URLSearchParams("a=1&b=2&a=3")],
    decoders: [new TextDecoder(), new TextDecoder("utf-16le", { fatal: true })],
    listeners: [],
    controllers: [new AbortController()],
  };
  function remember(pool, value, max = 8) {
    if (pool.length >= max) pool.splice(int(pool.length), 1);
    pool.push(value);
  }

  let allowGlobal = true;
  function hostObject() {
    switch (int(16)) {
      case 0: { const k = int(pools.blobs.length); return [pools.blobs[k], "blob #" + k]; }
      case 1: { const k = int(pools.targets.length); return [pools.targets[k], "target #" + k]; }
      case 2: { const k = int(pools.events.length); return [pools.events[k], "event #" + k]; }
      case 3: { const k = int(pools.urls.length); return [pools.urls[k], "url #" + k]; }
      case 4: { const k = int(pools.params.length); return [pools.params[k], "params #" + k]; }
      case 5: { const k = int(pools.decoders.length); return [pools.decoders[k], "decoder #" + k]; }
      case 6: return sockets.length ? socketValue() : [new TextEncoder(), "TextEncoder"];
      case 7: return [new DOMException("m", "SyntaxError"), "DOMException"];
      case 8: return [AbortSignal.abort(), "aborted signal"];
      case 9: { const k = int(pools.controllers.length); return [pools.controllers[k].signal, "signal #" + k]; }
      // Never while adding a listener: one on the global that throws for "error" would make every reported error
      // uncaught (an error thrown while reporting an error is not dispatched again), ending the run as it should.
      case 10: return allowGlobal ? [globalThis, "globalThis"] : [new EventTarget(), "new EventTarget()"];
      case 11: return [Object.create(Blob.prototype), "Object.create(Blob.prototype)"];
      case 12: return [Object.create(WebSocket.prototype), "Object.create(WebSocket.prototype)"];
      case 13: return [Object.create(Event.prototype), "Object.create(Event.prototype)"];
      case 14: return [Object.create(EventTarget.prototype), "Object.create(EventTarget.prototype)"];
      default: return [new (class extends EventTarget {})(), "EventTarget subclass instance"];
    }
  }

  // ---- Sockets ------------------------------------------------------------------------------------------------
  const sockets = []; // { ws, retired, closed }
  function socketValue() {
    // Mostly one of the newest (more of them open), sometimes any.
    const k = chance(0.8) ? Math.max(0, sockets.length - 1 - int(MAX_SOCKETS)) : int(sockets.length);
    return [sockets[k].ws, "socket #" + k];
  }

  function track(ws) {
    const s = { ws, retired: false, closed: false, made: current ? current.i : -1 };
    sockets.push(s);
    report.socketsCreated++;
    // Capture listeners, added first: at the target they run before every other (a fuzzed capture listener that
    // stops the event would otherwise hide it from these).
    ws.addEventListener("message", e => {
      if (!e.isTrusted) return;
      report.messages++;
      const d = e.data;
      const ok = typeof d === "string" || (ws.binaryType === "blob" ? d instanceof Blob : d instanceof ArrayBuffer);
      if (!ok) fail("a message whose data does not match binaryType " + ws.binaryType + ": " + objectToString.call(d), null);
    }, true);
    ws.addEventListener("error", e => { if (e.isTrusted) report.socketErrors++; }, true);
    s.log = [];
    for (const t of ["open", "message", "error", "close"]) ws.addEventListener(t, e => s.log.push(t + (e.isTrusted ? "" : "(untrusted)") + "@" + (current ? current.i : "task")), true);
    ws.addEventListener("close", e => {
      if (!e.isTrusted) return;
      report.closes++;
      if (s.closed) fail("a second trusted close event", null);
      s.closed = true;
      if (!Number.isInteger(e.code) || e.code < 0 || e.code > 65535 || typeof e.reason !== "string" || typeof e.wasClean !== "boolean") {
        fail("a close event with code " + e.code + " reason " + typeof e.reason + " wasClean " + e.wasClean, null);
      }
    }, true);
    return s;
  }

  function retireOldest() {
    const s = sockets.find(x => !x.retired);
    if (s) { s.retired = true; s.ws.close(); }
  }

  function makeRoom() {
    while (sockets.filter(x => !x.retired).length >= MAX_SOCKETS) retireOldest();
  }

  function openEchoSocket() {
    makeRoom();
    track(new WebSocket(WS_BASE + "/echo"));
  }

  // ---- Argument generators per API ------------------------------------------------------------------------
  // Plausible values most of the time, anything at all otherwise.
  const or = (p, plausible) => (chance(p) ? plausible() : any());

  function socketUrl() {
    return or(0.75, () => pick([
      () => S(WS_BASE + "/echo"),
      () => S(WS_BASE.replace("ws:", "http:") + "/echo?via=http"),
      () => S(WS_BASE + "/close?code=" + pick([1000, 3000, 4999])),
      () => S(WS_BASE + "/drop?after=" + pick([0, 20])),
      () => S(WS_BASE + "/delay-handshake?ms=30"),
      () => S(WS_BASE + "/invalid-utf8"),
      () => S(WS_BASE + "/echo#fragment"),
      () => S(WS_BASE + "/echo#"),
      () => S("/echo"),
      () => S("ws://127.0.0.1:1/"),
      () => S("ws://denied.invalid/"),
      () => S("ftp://127.0.0.1/"),
      () => S("wss://127.0.0.1:1/"),
      () => S("ws://[::1"),
      str,
    ])());
  }

  function token() {
    return pick(["chat", "superchat", "a", "Chat", "CHAT", "", "a b", "a,b", "\u00E9", "x".repeat(200), "\u0000"]);
  }

  function protocols() {
    return or(0.7, () => {
      switch (int(6)) {
        case 0: return [undefined, "undefined"];
        case 1: { const t = token(); return [t, "str " + stringify(clip(t))]; }
        case 2: {
          const a = [];
          const n = int(4);
          for (let k = 0; k < n; k++) a.push(token());
          return [a, stringify(a.map(clip))];
        }
        case 3: return iterable(1);
        case 4: {
          const [h, hd] = headers();
          const [p, pd] = chance(0.5) ? [["chat"], "[chat]"] : any(1);
          return [{ protocols: p, headers: h }, "{protocols: " + pd + ", headers: " + hd + "}"];
        }
        default: return hostileObject();
      }
    });
  }

  function headers() {
    return or(0.7, () => pick([
      () => [{ "X-Fuzz": "1" }, "{X-Fuzz: 1}"],
      () => [[["X-Fuzz", "1"], ["X-Other", "\u00FF"]], "[[X-Fuzz,1],[X-Other,ÿ]]"],
      () => [{ "Bad Name": "v" }, "{Bad Name: v}"],
      () => [{ "X-A": "line\nbreak" }, "{X-A: line\\nbreak}"],
      () => [{ "X-A": "\u0100" }, "{X-A: Ā}"],
      () => [{ Host: "evil" }, "{Host: evil}"],
      () => [{ "Sec-WebSocket-Key": "x" }, "{Sec-WebSocket-Key: x}"],
      () => [[["only-one"]], "[[only-one]]"],
      () => [[["a", "b", "c"]], "[[a,b,c]]"],
    ])());
  }

  function closeCode() {
    return or(0.8, () => {
      const v = pick([1000, 1001, 1005, 1006, 2999, 3000, 4999, 5000, 0, 65535, 65536, 1000.5, 3000.9, -1, 2 ** 32 + 1000,
        NaN, Infinity, -Infinity, -0, "1000", "3000", null, true]);
      return [v, typeof v === "number" ? describeNumber(v) : stringify(v) ?? String(v)];
    });
  }

  function closeReason() {
    return or(0.8, () => pick([
      () => [undefined, "undefined"], () => S(""), () => S("bye"), () => S("x".repeat(123)), () => S("x".repeat(124)),
      () => S("\u00E9".repeat(61) + "x"), () => S("\u00E9".repeat(62)), () => S("\uD800"), () => S("\uD83D\uDE00".repeat(31)),
      () => S("\uD800".repeat(41)), () => S("\uD800".repeat(42)),
    ])());
  }

  function sendData() {
    return or(0.75, () => {
      switch (int(6)) {
        case 0: return str();
        case 1: case 2: return buffer();
        case 3: { const k = int(pools.blobs.length); return [pools.blobs[k], "blob #" + k]; }
        case 4: return S(pick(["", "hello", "\uD800", "\uD83D\uDE00", "x".repeat(70000)]));
        default: return chance(0.05) ? hugeString() : S("small");
      }
    });
  }

  function eventType() {
    return or(0.8, () => S(pick(["message", "open", "close", "error", "abort", "x", "", "MESSAGE", "\u0000", "\uD800"])));
  }

  let listenerAdds = 0; // listeners that add listeners stop after a bound
  function listener() {
    return or(0.85, () => {
      switch (int(13)) {
        case 0: return [null, "null"];
        case 1: return [undefined, "undefined"];
        case 2: return [() => { report.listenerCalls++; }, "noop listener"];
        case 3: return [() => { report.listenerCalls++; throw sentinel("listener"); }, "listener throws"];
        case 4: return [{ handleEvent() { report.listenerCalls++; } }, "{handleEvent}"];
        case 5: return [{ handleEvent: 42 }, "{handleEvent: 42}"];
        case 6: return [{ get handleEvent() { throw sentinel("get handleEvent"); } }, "{handleEvent getter throws}"];
        case 7: return [new Proxy(function () {}, { apply() { throw sentinel("listener proxy apply"); } }), "callable proxy that throws"];
        case 8: return [e => { report.listenerCalls++; e.preventDefault(); e.stopPropagation(); e.stopImmediatePropagation(); }, "listener stops the event"];
        case 9: return [function (e) { report.listenerCalls++; this.dispatchEvent(e); }, "listener dispatches its event again"];
        case 10: {
          const self = function (e) { report.listenerCalls++; e.currentTarget.removeEventListener(e.type, self); };
          return [self, "listener removes itself"];
        }
        case 11: {
          return [e => {
            report.listenerCalls++;
            if (listenerAdds++ < 200) e.currentTarget.addEventListener(e.type, () => { report.listenerCalls++; });
          }, "listener adds a listener"];
        }
        default: return [async () => { throw sentinel("async listener"); }, "async listener rejects"];
      }
    });
  }

  function signalValue() {
    switch (int(4)) {
      case 0: return [AbortSignal.abort(), "aborted signal"];
      case 1: { const k = int(pools.controllers.length); return [pools.controllers[k].signal, "signal #" + k]; }
      case 2: return [{}, "{}"];
      default: return any(1);
    }
  }

  // A dictionary argument: plain with some members, members whose getters throw, a proxy, or anything.
  function dictionary(members) {
    const k = int(100);
    if (k < 60) {
      const o = {};
      const ds = [];
      for (const [key, gen] of members) {
        if (chance(0.5)) {
          const [v, d] = chance(0.8) ? gen() : any(1);
          o[key] = v;
          ds.push(key + ": " + d);
        }
      }
      return [o, "{" + ds.join(", ") + "}"];
    }
    if (k < 70) {
      const key = pick(members)[0];
      return [{ get [key]() { throw sentinel("get " + key); } }, "{" + key + " getter throws}"];
    }
    if (k < 80) return proxy(1);
    if (k < 90) return pick([[undefined, "undefined"], [null, "null"]]);
    return any(1);
  }

  const bool = () => pick([[true, "true"], [false, "false"], [0, "0"], ["", "str \"\""], ["x", "str \"x\""], [undefined, "undefined"]]);

  function listenerOptions() {
    return or(0.85, () => (chance(0.3) ? bool() : dictionary([["capture", bool], ["once", bool], ["passive", bool], ["signal", signalValue]])));
  }

  function eventInit(extra = []) {
    return dictionary([["bubbles", bool], ["cancelable", bool], ["composed", bool], ...extra]);
  }

  function blobParts() {
    return or(0.75, () => {
      if (chance(0.2)) return iterable(1);
      const n = int(5);
      const a = [];
      const ds = [];
      for (let k = 0; k < n; k++) {
        const [v, d] = pick([str, buffer, buffer, () => { const j = int(pools.blobs.length); return [pools.blobs[j], "blob #" + j]; }, any])();
        a.push(v);
        ds.push(d);
      }
      return [a, "[" + ds.join(", ") + "]"];
    });
  }

  function blobOptions() {
    return dictionary([
      ["type", () => S(pick(["", "text/plain", "TEXT/Plain", "a\u0000b", "\u00E9", "text/plain; charset=utf-8", "\u007F"]))],
      ["endings", () => S(pick(["transparent", "native", "NATIVE", "", "bogus"]))],
      ["lastModified", () => { const v = pick(NUMBERS); return [v, describeNumber(v)]; }],
    ]);
  }

  function decoderLabel() {
    return or(0.8, () => S(pick(["utf-8", "UTF8", " utf-8 ", "utf-16le", "utf-16be", "utf-16", "latin1", "ascii",
      "windows-1252", "iso-8859-15", "x-user-defined", "replacement", "iso-2022-kr", "hz-gb-2312", "bogus", "", "utf-7",
      "gbk", "gb18030", "big5", "euc-jp", "shift_jis", "euc-kr", "koi8-r", "\u0000utf-8"])));
  }

  // ---- The APIs ---------------------------------------------------------------------------------------------
  // Each api(call, arg) builds its arguments with arg([value, description]) and makes one call (or a short,
  // stateful sequence); what it returns is checked where the spec fixes it.
  const arg = (call, pair) => { call.args.push(pair[1]); return pair[0]; };

  function argsList(call, gens) {
    const n = chance(0.15) ? int(gens.length + 1) : gens.length; // sometimes too few arguments
    const out = [];
    for (let k = 0; k < n; k++) out.push(arg(call, gens[k]()));
    if (chance(0.05)) out.push(arg(call, any())); // and sometimes one too many
    return out;
  }

  // new C(...args), or Reflect.construct with an odd newTarget, or a call without new.
  function construct(call, C, args) {
    switch (int(20)) {
      case 0: call.args.push("(called without new)"); return C(...args);
      case 1: call.args.push("(newTarget: subclass)"); return Reflect.construct(C, args, class extends C {});
      case 2: {
        call.args.push("(newTarget: proxy whose prototype getter throws)");
        return Reflect.construct(C, args, new Proxy(function () {}, { get(t, k) { if (k === "prototype") throw sentinel("newTarget.prototype"); return Reflect.get(t, k); } }));
      }
      case 3: call.args.push("(newTarget: bound function)"); return Reflect.construct(C, args, function () {}.bind(null));
      default: return new C(...args);
    }
  }

  // obj[name](...args), or the prototype's method on another this.
  function method(call, obj, proto, name, args) {
    if (chance(0.1)) {
      const self = arg(call, any());
      call.args.push("(as this)");
      return Reflect.apply(proto[name], self, args);
    }
    return obj[name](...args);
  }

  function pickSocket(call) {
    if (sockets.length === 0 || chance(0.05)) return arg(call, pick([() => [Object.create(WebSocket.prototype), "fake socket"], any])());
    return arg(call, socketValue());
  }

  function eventTarget(call) {
    const k = int(10);
    if (k < 4) { const j = int(pools.targets.length); return arg(call, [pools.targets[j], "target #" + j]); }
    if (k < 7 && sockets.length) return arg(call, socketValue());
    if (k < 8) { const j = int(pools.controllers.length); return arg(call, [pools.controllers[j].signal, "signal #" + j]); }
    return arg(call, pick([() => [Object.create(EventTarget.prototype), "Object.create(EventTarget.prototype)"], any])());
  }

  const checkEvent = (e, call) => {
    if (!(e instanceof Event) || typeof e.type !== "string" || typeof e.bubbles !== "boolean") fail("constructed an event that is not one: " + objectToString.call(e), call);
  };

  const APIS = {
    "new WebSocket"(call) {
      makeRoom();
      const args = argsList(call, [socketUrl, protocols]);
      const ws = construct(call, WebSocket, args);
      if (!(ws instanceof WebSocket) || ws.readyState !== WebSocket.CONNECTING) fail("a new WebSocket not CONNECTING: " + ws.readyState, call);
      track(ws);
    },
    "WebSocket.send"(call) {
      const ws = pickSocket(call);
      const before = ws instanceof WebSocket ? ws.bufferedAmount : 0;
      method(call, ws, WebSocket.prototype, "send", argsList(call, [sendData]));
      if (ws.bufferedAmount < before) fail("bufferedAmount went down inside send()", call);
    },
    "WebSocket.close"(call) {
      const ws = pickSocket(call);
      method(call, ws, WebSocket.prototype, "close", argsList(call, [closeCode, closeReason]));
      const s = sockets.find(x => x.ws === ws);
      if (s) s.retired = true;
      if (ws.readyState < WebSocket.CLOSING) fail("readyState " + ws.readyState + " after close() returned", call);
    },
    "WebSocket.binaryType="(call) {
      const ws = pickSocket(call);
      const value = arg(call, or(0.6, () => S(pick(["blob", "arraybuffer", "Blob", "arraybuffer ", "", "string"]))));
      const real = sockets.some(s => s.ws === ws);
      const before = real ? ws.binaryType : undefined;
      if (chance(0.1)) {
        Reflect.apply(Object.getOwnPropertyDescriptor(WebSocket.prototype, "binaryType").set, arg(call, any()), [value]);
        return;
      }
      ws.binaryType = value;
      if (!real) return;
      const after = ws.binaryType;
      const expected = value === "blob" || value === "arraybuffer" ? value : before;
      if (after !== expected) fail("binaryType became " + stringify(after) + " (expected " + stringify(expected) + ")", call);
    },
    addEventListener(call) {
      allowGlobal = false;
      let target, args;
      try {
        target = eventTarget(call);
        args = argsList(call, [eventType, listener, listenerOptions]);
        method(call, target, EventTarget.prototype, "addEventListener", args);
      } finally {
        allowGlobal = true;
      }
      if (args.length > 1 && (typeof args[1] === "function" || (args[1] !== null && typeof args[1] === "object"))) {
        remember(pools.listeners, [target, args[0], args[1], args[2]], 16);
      }
    },
    removeEventListener(call) {
      if (pools.listeners.length && chance(0.6)) {
        const k = int(pools.listeners.length);
        const [target, type, fn, options] = pools.listeners[k];
        call.args.push("added listener #" + k);
        const [o, od] = chance(0.5) ? [options, "same options"] : listenerOptions();
        call.args.push(od);
        target.removeEventListener(type, fn, o);
        return;
      }
      const target = eventTarget(call);
      method(call, target, EventTarget.prototype, "removeEventListener", argsList(call, [eventType, listener, listenerOptions]));
    },
    dispatchEvent(call) {
      // Half the time at a target and type a listener was added for, so listeners run.
      const k = pools.listeners.length && chance(0.5) ? int(pools.listeners.length) : -1;
      const added = k >= 0 ? pools.listeners[k] : null;
      const target = added ? arg(call, [added[0], "the target of added listener #" + k]) : chance(0.1) ? arg(call, [globalThis, "globalThis"]) : eventTarget(call);
      const type = added && (added[1] == null || ["string", "number", "boolean"].includes(typeof added[1])) ? String(added[1]) : pick(["message", "x", "close", "open", "abort"]);
      const event = arg(call, added && chance(0.75) ? [new Event(type, { cancelable: true, bubbles: true }), "new Event(" + stringify(type) + ")"] : or(0.8, () => pick([
        () => { const t = type; return [new Event(t, { cancelable: chance(0.5), bubbles: chance(0.5) }), "new Event(" + t + ")"]; },
        () => [new CustomEvent("x", { detail: Symbol("d") }), "new CustomEvent(x)"],
        () => [new MessageEvent("message", { data: "d" }), "new MessageEvent(message)"],
        () => [new CloseEvent("close", { code: 1000 }), "new CloseEvent(close)"],
        () => { const k = int(pools.events.length); return [pools.events[k], "event #" + k]; },
        () => [Object.create(Event.prototype), "Object.create(Event.prototype)"],
      ])()));
      const result = method(call, target, EventTarget.prototype, "dispatchEvent", [event]);
      if (typeof result !== "boolean") fail("dispatchEvent returned " + typeof result, call);
    },
    "new EventTarget"(call) {
      const t = construct(call, EventTarget, argsList(call, [any]));
      if (!(t instanceof EventTarget)) fail("new EventTarget gave " + objectToString.call(t), call);
      remember(pools.targets, t, 6);
    },
    "new Event"(call) {
      const e = construct(call, Event, argsList(call, [eventType, eventInit]));
      checkEvent(e, call);
      remember(pools.events, e);
    },
    "new CustomEvent"(call) {
      const e = construct(call, CustomEvent, argsList(call, [eventType, () => eventInit([["detail", any]])]));
      checkEvent(e, call);
      remember(pools.events, e);
    },
    "new MessageEvent"(call) {
      const e = construct(call, MessageEvent, argsList(call, [eventType, () => eventInit([
        ["data", any], ["origin", str], ["lastEventId", str], ["source", any], ["ports", () => pick([[[], "[]"], iterable(1), any(1)])],
      ])]));
      checkEvent(e, call);
      remember(pools.events, e);
    },
    "new CloseEvent"(call) {
      const e = construct(call, CloseEvent, argsList(call, [eventType, () => eventInit([["wasClean", bool], ["code", closeCode], ["reason", closeReason]])]));
      checkEvent(e, call);
      if (!Number.isInteger(e.code) || e.code < 0 || e.code > 65535) fail("CloseEvent code " + e.code + " is not an unsigned short", call);
      remember(pools.events, e);
    },
    "new ErrorEvent"(call) {
      const e = construct(call, ErrorEvent, argsList(call, [eventType, () => eventInit([
        ["message", str], ["filename", str], ["lineno", () => { const v = pick(NUMBERS); return [v, describeNumber(v)]; }], ["colno", any], ["error", any],
      ])]));
      checkEvent(e, call);
      if (!Number.isInteger(e.lineno) || e.lineno < 0 || e.lineno > 4294967295) fail("ErrorEvent lineno " + e.lineno + " is not an unsigned long", call);
      remember(pools.events, e);
    },
    "Event methods"(call) {
      const k = int(pools.events.length);
      const e = arg(call, [pools.events[k], "event #" + k]);
      const name = pick(["initEvent", "preventDefault", "stopPropagation", "stopImmediatePropagation", "composedPath", "initCustomEvent", "initMessageEvent"]);
      call.args.push("." + name);
      const proto = name === "initCustomEvent" ? CustomEvent.prototype : name === "initMessageEvent" ? MessageEvent.prototype : Event.prototype;
      method(call, e, proto, name, argsList(call, [eventType, bool, bool, any]));
    },
    "new Blob"(call) {
      const b = construct(call, Blob, argsList(call, [blobParts, blobOptions]));
      if (!(b instanceof Blob) || !Number.isSafeInteger(b.size) || b.size < 0 || typeof b.type !== "string") fail("a Blob with size " + b.size, call);
      if (/[^\u0020-\u007E]|[A-Z]/.test(b.type)) fail("a Blob type that is not lower-case printable ASCII: " + stringify(b.type), call);
      remember(pools.blobs, b);
    },
    "Blob methods"(call) {
      const k = int(pools.blobs.length);
      const b = arg(call, [pools.blobs[k], "blob #" + k]);
      const name = pick(["slice", "slice", "text", "arrayBuffer", "bytes"]);
      call.args.push("." + name);
      const num = () => or(0.8, () => { const v = pick(NUMBERS); return [v, describeNumber(v)]; });
      const result = method(call, b, Blob.prototype, name, name === "slice" ? argsList(call, [num, num, str]) : []);
      if (name === "slice") {
        if (!(result instanceof Blob) || !Number.isSafeInteger(result.size) || result.size < 0 || result.size > b.size) fail("slice gave size " + result.size + " of " + b.size, call);
        remember(pools.blobs, result);
        return;
      }
      if (!(result instanceof Promise)) { fail(name + "() did not return a promise", call); return; }
      report.promises++;
      pending++;
      result.then(v => {
        pending--;
        const ok = name === "text" ? typeof v === "string" : name === "arrayBuffer" ? v instanceof ArrayBuffer : v instanceof Uint8Array;
        if (!ok) fail(name + "() fulfilled with " + objectToString.call(v), call);
      }, e => {
        // WebIDL: an operation that returns a promise rejects it (a wrong this gives a TypeError) rather than throwing.
        pending--;
        const verdict = judge(e, new Set());
        if (verdict.bad) fail(name + "() rejected: " + verdict.bad, call);
      });
    },
    "new File"(call) {
      const f = construct(call, File, argsList(call, [blobParts, str, blobOptions]));
      if (!(f instanceof File) || typeof f.name !== "string") fail("a File without a name", call);
      if (!Number.isSafeInteger(f.lastModified) && !(Number.isInteger(f.lastModified) && Math.abs(f.lastModified) <= 2 ** 63)) {
        fail("lastModified " + f.lastModified + " is not a long long", call);
      }
      remember(pools.blobs, f);
    },
    "new URL"(call) {
      const urlGen = () => or(0.8, () => pick([str, () => S(pick(STRINGS)), () => { const k = int(pools.urls.length); return [pools.urls[k], "url #" + k]; }])());
      const args = argsList(call, [urlGen, () => (chance(0.5) ? [undefined, "undefined"] : urlGen())]);
      const primitives = args.every(a => a === undefined || typeof a === "string");
      const mode = int(3);
      if (mode === 1) { call.args.push("(URL.parse)"); const u = URL.parse(...args); if (u !== null) remember(pools.urls, u, 6); return; }
      if (mode === 2) {
        call.args.push("(URL.canParse)");
        const can = URL.canParse(...args);
        if (typeof can !== "boolean") fail("canParse returned " + typeof can, call);
        if (primitives && args.length > 0 && can !== (URL.parse(...args) !== null)) fail("canParse and parse disagree", call);
        return;
      }
      const u = construct(call, URL, args);
      if (!(u instanceof URL) || typeof u.href !== "string") { fail("new URL gave " + objectToString.call(u), call); return; }
      if (primitives && !URL.canParse(...args)) fail("new URL succeeded where canParse says no", call);
      remember(pools.urls, u, 6);
    },
    "URL setters"(call) {
      const k = int(pools.urls.length);
      const u = arg(call, [pools.urls[k], "url #" + k]);
      const name = pick(["href", "protocol", "username", "password", "host", "hostname", "port", "pathname", "search", "hash"]);
      call.args.push("." + name);
      const value = arg(call, or(0.75, () => pick([str, () => S(pick(["", "ws", "wss:", "http", "8080", "65536", "-1", "a:b", "[::1]", "x@y", "%00", "?q", "#h", "/p/../q", " ", "\u00E9"]))])()));
      if (chance(0.1)) {
        Reflect.apply(Object.getOwnPropertyDescriptor(URL.prototype, name).set, arg(call, any()), [value]);
        return;
      }
      u[name] = value;
      const href = u.href;
      if (typeof href !== "string") { fail("href became " + typeof href, call); return; }
      const again = URL.parse(href);
      if (again === null || again.href !== href) fail("href " + stringify(href) + " does not parse back to itself (" + stringify(again && again.href) + ")", call);
    },
    URLSearchParams(call) {
      if (chance(0.35)) {
        const init = () => or(0.7, () => pick([
          str, () => S("?a=1&b=%zz&c"), () => [{ a: "1", b: "\uD800" }, "{a:1, b:lone}"], () => [[["a", "1"], ["b", "2"]], "[[a,1],[b,2]]"],
          () => [[["a"]], "[[a]]"], () => [[["a", "b", "c"]], "[[a,b,c]]"], () => iterable(1), () => proxy(1),
          () => { const j = int(pools.params.length); return [pools.params[j], "params #" + j]; },
        ])());
        const p = construct(call, URLSearchParams, argsList(call, [init]));
        if (!(p instanceof URLSearchParams)) fail("new URLSearchParams gave " + objectToString.call(p), call);
        remember(pools.params, p, 6);
        return;
      }
      const fromUrl = chance(0.3) && pools.urls.length;
      const k = int(fromUrl ? pools.urls.length : pools.params.length);
      const p = fromUrl ? pools.urls[k].searchParams : pools.params[k];
      call.args.push(fromUrl ? "url #" + k + ".searchParams" : "params #" + k);
      const name = pick(["append", "delete", "get", "getAll", "has", "set", "sort", "toString", "forEach", "entries", "keys", "values"]);
      call.args.push("." + name);
      const gens = name === "forEach" ? [listener, any] : [() => or(0.6, () => S(pick(["a", "b", "", "\uD800", "+", "%"]))), str];
      const result = method(call, p, URLSearchParams.prototype, name, argsList(call, gens));
      if (name === "entries" || name === "keys" || name === "values") {
        let n = 0;
        for (const entry of result) { if (++n > 10000) { fail("an iterator that does not end", call); break; } }
      }
      if (!Number.isSafeInteger(p.size) || p.size < 0) fail("size " + p.size, call);
      if (typeof p.toString() !== "string") fail("toString did not give a string", call);
    },
    TextEncoder(call) {
      const encoder = new TextEncoder();
      if (chance(0.5)) {
        const out = method(call, encoder, TextEncoder.prototype, "encode", argsList(call, [() => or(0.7, str)]));
        if (!(out instanceof Uint8Array)) fail("encode gave " + objectToString.call(out), call);
        return;
      }
      const dest = () => or(0.7, () => {
        const [v, d] = buffer();
        return v instanceof Uint8Array || chance(0.3) ? [v, d] : [new Uint8Array(pick([0, 1, 2, 3, 8])), "Uint8Array(small)"];
      });
      const out = method(call, encoder, TextEncoder.prototype, "encodeInto", argsList(call, [() => or(0.7, str), dest]));
      if (!Number.isSafeInteger(out.read) || !Number.isSafeInteger(out.written) || out.read < 0 || out.written < 0) fail("encodeInto gave " + stringify(out), call);
    },
    TextDecoder(call) {
      if (chance(0.3)) {
        const options = () => dictionary([["fatal", bool], ["ignoreBOM", bool]]);
        const d = construct(call, TextDecoder, argsList(call, [decoderLabel, options]));
        if (typeof d.encoding !== "string" || d.encoding !== d.encoding.toLowerCase()) fail("encoding " + stringify(d.encoding), call);
        remember(pools.decoders, d, 6);
        return;
      }
      const k = int(pools.decoders.length);
      const d = pools.decoders[k];
      call.args.push("decoder #" + k + " (" + d.encoding + ", fatal " + d.fatal + ")");
      const input = () => or(0.85, () => (chance(0.1) ? [undefined, "undefined"] : buffer()));
      const options = () => or(0.8, () => dictionary([["stream", bool]]));
      const out = method(call, d, TextDecoder.prototype, "decode", argsList(call, [input, options]));
      if (typeof out !== "string") fail("decode gave " + typeof out, call);
    },
  };
  const API_NAMES = Object.keys(APIS);
  // Weights: the socket and event APIs have the most state, so they are picked more often.
  const WEIGHTED = API_NAMES.flatMap(n => Array(/WebSocket|EventListener|dispatchEvent/.test(n) ? 3 : 2).fill(n));

  // ---- Reported errors and rejections (listeners run by dispatch, and events the host fires) --------------------
  addEventListener("error", e => {
    if (!e.isTrusted) return;
    e.preventDefault();
    report.reported++;
    const verdict = judge(e.error, thrown);
    if (verdict.bad) fail("reported: " + verdict.bad, current);
  });
  addEventListener("unhandledrejection", e => {
    e.preventDefault();
    report.reported++;
    const verdict = judge(e.reason, { has: x => everThrown.has(x) });
    if (verdict.bad) fail("unhandled rejection: " + verdict.bad, current);
  });

  // ---- The loop ---------------------------------------------------------------------------------------------
  let pending = 0; // promises returned by Blob methods, not settled yet

  function runOne(i) {
    rnd = mulberry32(mix(SEED, i));
    if (i % 60 === 0) openEchoSocket(); // a fresh open socket now and then, for send() and close() to use
    const api = pick(WEIGHTED);
    const call = { i, api, args: [] };
    current = call;
    globalThis.__fuzzLastCall = call;
    thrown = new Set();
    const sentinels = thrown;
    report.calls[api] = (report.calls[api] ?? 0) + 1;
    try {
      APIS[api](call);
      count(api, "ok");
    } catch (e) {
      const verdict = judge(e, sentinels);
      if (verdict.bad) {
        count(api, "bad");
        fail(verdict.bad, call);
      } else {
        count(api, verdict.kind);
      }
    }
    hash(api + "(" + call.args.join(" | ") + ")\n");
    current = null;
    report.iterations++;
  }

  function selfTest() {
    // Calls whose exceptions the judge must refuse: proof that it can fail.
    const forged = [
      () => { throw new Error("Object reference not set to an instance of an object."); },
      () => { throw new TypeError("System.NullReferenceException: boom"); },
      () => { throw new FuzzSentinel("forged"); },
      () => { throw new DOMException("m", "NotFoundError"); },
      () => { throw new SyntaxError("not a DOMException"); },
      () => { throw 42; },
    ];
    forged.forEach((f, k) => {
      const call = { i: -1, api: "self-test " + k, args: [] };
      try { f(); } catch (e) { const v = judge(e, new Set()); if (v.bad) fail(v.bad, call); }
    });
  }

  let next = 0;
  function step() {
    const end = Math.min(next + BATCH, ITERATIONS);
    for (; next < end; next++) runOne(next);
    if (next < ITERATIONS) {
      setTimeout(step, 0);
    } else {
      finish();
    }
  }

  function finish() {
    if (config.selfTest) selfTest();
    for (const s of sockets) {
      if (!s.closed) { s.retired = true; s.ws.close(); }
    }
    const deadline = performance.now() + 15000;
    (function wait() {
      const open = sockets.filter(s => !s.closed).length;
      if ((open > 0 || pending > 0) && performance.now() < deadline) {
        setTimeout(wait, 10);
        return;
      }
      for (const s of sockets.filter(x => !x.closed)) {
        fail(`a socket still not closed 15 s after close(): ${s.ws.url}, readyState ${s.ws.readyState}, bufferedAmount ${s.ws.bufferedAmount}, made in call ${s.made}, events ${s.log.join(" ")}`, null);
      }
      if (pending > 0) fail(pending + " Blob promises still pending", null);
      report.digest = digest;
      console.log("FUZZ-REPORT " + stringify(report));
    })();
  }

  setTimeout(step, 0);
})();
