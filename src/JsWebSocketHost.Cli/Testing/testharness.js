// jsws built-in test harness: the testharness.js API (https://web-platform-tests.org/writing-tests/testharness-api.html),
// written for this project from that documentation, for a jsws ScriptHost global (no DOM).
//
// Contract with `jsws test`: the runner runs this file, then the test file, then calls globalThis.__jsws_loaded()
// (the page's load event). After load the harness completes once every test is complete (and done() was called
// when explicit_done is set), on a harness timeout, or on a harness error; then it calls each completion callback
// with (tests, harness_status). Result callbacks get each test as it completes.
(function (global) {
  "use strict";

  if (typeof global.__jsws_loaded === "function") {
    return; // already installed in this global
  }

  const setTimer = global.setTimeout;
  const clearTimer = global.clearTimeout;

  // Test phases (internal).
  const INITIAL = 0, STARTED = 1, HAS_RESULT = 2, CLEANING = 3, COMPLETE = 4;

  const TEST_STATUS = { PASS: 0, FAIL: 1, TIMEOUT: 2, NOTRUN: 3, PRECONDITION_FAILED: 4 };
  const HARNESS_STATUS = { OK: 0, ERROR: 1, TIMEOUT: 2, PRECONDITION_FAILED: 3 };

  function positiveNumber(value, fallback) {
    return typeof value === "number" && value > 0 && value !== Infinity ? value : fallback;
  }

  function isThenable(value) {
    return value !== null && (typeof value === "object" || typeof value === "function") && typeof value.then === "function";
  }

  // ---- Errors -------------------------------------------------------------------------------------------------

  /** The error every failed assert throws. */
  function AssertionError(message) {
    if (!(this instanceof AssertionError)) {
      return new AssertionError(message);
    }
    this.message = String(message);
    const stack = new Error().stack;
    this.stack = typeof stack === "string" ? stack : null;
  }
  AssertionError.prototype = Object.create(Error.prototype, {
    constructor: { value: AssertionError, writable: true, configurable: true },
    name: { value: "AssertionError", writable: true, configurable: true },
  });

  /** Thrown by assert_implements_optional: the test's result is PRECONDITION_FAILED. */
  function OptionalFeatureUnsupportedError(message) {
    if (!(this instanceof OptionalFeatureUnsupportedError)) {
      return new OptionalFeatureUnsupportedError(message);
    }
    AssertionError.call(this, message);
  }
  OptionalFeatureUnsupportedError.prototype = Object.create(AssertionError.prototype, {
    constructor: { value: OptionalFeatureUnsupportedError, writable: true, configurable: true },
    name: { value: "OptionalFeatureUnsupportedError", writable: true, configurable: true },
  });

  /** The message a test or the harness records for a thrown value. */
  function messageOf(error) {
    if (error !== null && typeof error === "object" && "message" in error) {
      try {
        return String(error.message);
      } catch (e) {
        return "(unprintable error)";
      }
    }
    return safeString(error);
  }

  function stackOf(error) {
    try {
      return error !== null && typeof error === "object" && typeof error.stack === "string" ? error.stack : null;
    } catch (e) {
      return null;
    }
  }

  function safeString(value) {
    try {
      return String(value);
    } catch (e) {
      return "(unprintable " + typeof value + ")";
    }
  }

  // ---- format_value ------------------------------------------------------------------------------------------

  const ESCAPES = { "\\": "\\\\", "\"": "\\\"", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f", "\0": "\\0" };

  function quote(text) {
    let out = "\"";
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      const code = text.charCodeAt(i);
      if (ESCAPES[c] !== undefined) {
        out += ESCAPES[c];
      } else if (code < 0x20 || code === 0x7f || (code >= 0xd800 && code <= 0xdfff && !isPairedSurrogate(text, i))) {
        out += "\\u" + code.toString(16).toUpperCase().padStart(4, "0");
      } else {
        out += c;
      }
    }
    return out + "\"";
  }

  function isPairedSurrogate(text, i) {
    const code = text.charCodeAt(i);
    if (code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      return next >= 0xdc00 && next <= 0xdfff;
    }
    const previous = text.charCodeAt(i - 1);
    return previous >= 0xd800 && previous <= 0xdbff;
  }

  /** A readable form of any value for assertion messages: strings quoted, -0 kept, arrays listed. */
  function format_value(value, seen) {
    switch (typeof value) {
      case "string":
        return quote(value);
      case "number":
        return Object.is(value, -0) ? "-0" : String(value);
      case "bigint":
        return String(value) + "n";
      case "undefined":
      case "boolean":
      case "symbol":
        return safeString(value);
      default:
        break;
    }
    if (value === null) {
      return "null";
    }
    seen = seen || [];
    if (Array.isArray(value)) {
      if (seen.indexOf(value) !== -1) {
        return "[...]";
      }
      seen.push(value);
      const parts = [];
      for (let i = 0; i < value.length; i++) {
        parts.push(format_value(value[i], seen));
      }
      seen.pop();
      return "[" + parts.join(", ") + "]";
    }
    return typeof value + " " + quote(safeString(value));
  }

  // ---- The harness -------------------------------------------------------------------------------------------

  function HarnessStatus() {
    this.status = HARNESS_STATUS.OK;
    this.message = null;
    this.stack = null;
  }
  for (const key of Object.keys(HARNESS_STATUS)) {
    Object.defineProperty(HarnessStatus.prototype, key, { value: HARNESS_STATUS[key] });
  }

  const harness = {
    tests: [],
    status: new HarnessStatus(),
    loaded: false,
    complete: false,
    explicitDone: false,
    doneCalled: false,
    allowUncaughtException: false,
    explicitTimeout: false,
    timeoutMultiplier: 1,
    harnessTimeoutMs: positiveNumber(global.__jsws_harness_timeout_ms, 60000),
    setupFailed: false,
    timer: null,
    currentTest: null,
    resultCallbacks: [],
    completionCallbacks: [],
    promiseChain: Promise.resolve(),
  };

  function startHarnessTimer() {
    if (harness.timer !== null) {
      clearTimer(harness.timer);
      harness.timer = null;
    }
    if (!harness.explicitTimeout && !harness.complete) {
      harness.timer = setTimer(harnessTimeout, harness.harnessTimeoutMs * harness.timeoutMultiplier);
    }
  }

  function harnessTimeout() {
    harness.timer = null;
    if (harness.complete) {
      return;
    }
    setHarnessStatus(HARNESS_STATUS.TIMEOUT, "Harness timed out", null);
    completeHarness(true);
  }

  /** Records the first non-OK harness status. */
  function setHarnessStatus(status, message, stack) {
    if (harness.status.status === HARNESS_STATUS.OK) {
      harness.status.status = status;
      harness.status.message = message;
      harness.status.stack = stack;
    }
  }

  /** A harness error ends the run as soon as the file has loaded. */
  function harnessError(message, stack) {
    if (harness.complete) {
      return;
    }
    setHarnessStatus(HARNESS_STATUS.ERROR, message, stack);
    if (harness.loaded) {
      completeHarness(false);
    }
  }

  function allTestsComplete() {
    for (const test of harness.tests) {
      if (internal(test).phase !== COMPLETE) {
        return false;
      }
    }
    return true;
  }

  function maybeComplete() {
    if (harness.complete || !harness.loaded) {
      return;
    }
    if (harness.status.status !== HARNESS_STATUS.OK) {
      completeHarness(false);
      return;
    }
    if (harness.explicitDone && !harness.doneCalled) {
      return;
    }
    if (allTestsComplete()) {
      completeHarness(false);
    }
  }

  function completeHarness(timedOut) {
    if (harness.complete) {
      return;
    }
    harness.complete = true;
    if (harness.timer !== null) {
      clearTimer(harness.timer);
      harness.timer = null;
    }
    for (const test of harness.tests) {
      const state = internal(test);
      if (state.phase === COMPLETE) {
        continue;
      }
      if (state.phase < HAS_RESULT) {
        if (timedOut && state.phase === STARTED) {
          setTestStatus(test, TEST_STATUS.TIMEOUT, "Test timed out", null);
        } else {
          setTestStatus(test, TEST_STATUS.NOTRUN, null, null);
        }
        state.phase = HAS_RESULT;
      }
      clearTestTimer(state);
      runCleanups(test, false);
      finishTest(test);
    }
    const tests = harness.tests.slice();
    for (const callback of harness.completionCallbacks.slice()) {
      invokeCallback(callback, tests, harness.status);
    }
  }

  function invokeCallback(callback, ...args) {
    try {
      callback(...args);
    } catch (e) {
      if (global.console && typeof global.console.error === "function") {
        global.console.error("testharness: a callback threw: " + messageOf(e));
      }
    }
  }

  // ---- Uncaught errors ---------------------------------------------------------------------------------------

  if (typeof global.addEventListener === "function") {
    global.addEventListener("error", function (event) {
      event.preventDefault();
      if (harness.allowUncaughtException || harness.complete) {
        return;
      }
      const error = event.error !== undefined ? event.error : event.message;
      if (harness.currentTest !== null) {
        const test = harness.currentTest;
        failTest(test, error);
        test.done();
        return;
      }
      harnessError(messageOf(error), stackOf(error));
    });
    global.addEventListener("unhandledrejection", function (event) {
      event.preventDefault();
      if (harness.allowUncaughtException || harness.complete) {
        return;
      }
      harnessError("Unhandled rejection: " + messageOf(event.reason), stackOf(event.reason));
    });
  }

  // ---- Tests -------------------------------------------------------------------------------------------------

  const internals = new WeakMap();

  function internal(test) {
    return internals.get(test);
  }

  // An unnamed test is named after the page: its <title>, else META_TITLE (what a runner sets for // META: title=
  // where there is no document), else the file name up to its first dot; the second one gets " 1", and so on.
  let unnamedTests = 0;

  function pageTitle() {
    const doc = global.document;
    const title = doc && typeof doc.title === "string" ? doc.title : "";
    if (title) {
      return title;
    }
    if (typeof global.META_TITLE === "string" && global.META_TITLE) {
      return global.META_TITLE;
    }
    const path = global.location && typeof global.location.pathname === "string" ? global.location.pathname : "";
    const file = path.slice(path.lastIndexOf("/") + 1);
    return file ? file.slice(0, file.indexOf(".") < 0 ? undefined : file.indexOf(".")) : "Untitled";
  }

  // A one-line arrow function with no parameters names its test after its body ("() => assert_true(x)" is
  // "assert_true(x)"; a repeat of a body gets " 1", " 2", ...); any other unnamed test is named after the page.
  const arrowNames = new Map();

  function defaultTestName(fn) {
    const source = typeof fn === "function" ? Function.prototype.toString.call(fn) : "";
    const arrow = /^\(\)\s*=>\s*(?:\{([\s\S]*)\}\s*|([\s\S]*))$/.exec(source);
    if (arrow && !/[\n\r\u2028\u2029]/.test(source)) {
      const body = (arrow[1] !== undefined ? arrow[1] : arrow[2]).trim().replace(/^([^;]*)(;\s*)+$/, "$1");
      if (body) {
        const seen = arrowNames.get(body) || 0;
        arrowNames.set(body, seen + 1);
        return seen === 0 ? body : body + " " + seen;
      }
    }
    const title = pageTitle();
    return unnamedTests++ === 0 ? title : title + " " + (unnamedTests - 1);
  }

  function isUnnamed(name) {
    return name === undefined || name === null || name === "";
  }

  /** One test: its name, status, message and stack are what callbacks read. */
  function Test(name, properties) {
    this.name = isUnnamed(name) ? defaultTestName() : String(name);
    this.status = TEST_STATUS.NOTRUN;
    this.message = null;
    this.stack = null;
    this.properties = properties || {};
    internals.set(this, { phase: INITIAL, cleanups: [], timer: null, onComplete: [] });
    harness.tests.push(this);
  }
  for (const key of Object.keys(TEST_STATUS)) {
    Object.defineProperty(Test.prototype, key, { value: TEST_STATUS[key] });
  }

  function setTestStatus(test, status, message, stack) {
    test.status = status;
    test.message = message;
    test.stack = stack;
  }

  function failTest(test, error) {
    const state = internal(test);
    if (state.phase >= HAS_RESULT) {
      return;
    }
    const status = error instanceof OptionalFeatureUnsupportedError ? TEST_STATUS.PRECONDITION_FAILED : TEST_STATUS.FAIL;
    setTestStatus(test, status, messageOf(error), stackOf(error));
  }

  function clearTestTimer(state) {
    if (state.timer !== null) {
      clearTimer(state.timer);
      state.timer = null;
    }
  }

  /** Starts a test; async and promise tests get their timeout. */
  function startTest(test, withTimer) {
    const state = internal(test);
    state.phase = STARTED;
    if (withTimer) {
      const ms = positiveNumber(test.properties.timeout, positiveNumber(global.__jsws_test_timeout_ms, 10000));
      state.timer = setTimer(function () {
        state.timer = null;
        test.force_timeout();
      }, ms * harness.timeoutMultiplier);
    }
  }

  /** Runs fn as a step of this test: an exception fails the test. */
  Test.prototype.step = function (fn, thisObj, ...args) {
    const state = internal(this);
    if (state.phase > STARTED) {
      return undefined;
    }
    if (state.phase === INITIAL) {
      state.phase = STARTED;
    }
    const previous = harness.currentTest;
    harness.currentTest = this;
    try {
      return fn.apply(thisObj === undefined ? this : thisObj, args);
    } catch (e) {
      failTest(this, e);
      this.done();
      return undefined;
    } finally {
      harness.currentTest = previous;
    }
  };

  /** A function that runs fn as a step of this test. */
  Test.prototype.step_func = function (fn, thisObj) {
    const test = this;
    return function (...args) {
      return test.step(fn, thisObj === undefined ? test : thisObj, ...args);
    };
  };

  /** A function that runs fn (if any) as a step, then ends the test. */
  Test.prototype.step_func_done = function (fn, thisObj) {
    const test = this;
    return function (...args) {
      let result;
      if (fn) {
        result = test.step(fn, thisObj === undefined ? test : thisObj, ...args);
      }
      test.done();
      return result;
    };
  };

  /** A function that fails the test when called. */
  Test.prototype.unreached_func = function (description) {
    return this.step_func(function () {
      assert_unreached(description);
    });
  };

  /** setTimeout whose callback runs as a step of this test. */
  Test.prototype.step_timeout = function (fn, ms, ...args) {
    const test = this;
    return setTimer(function () {
      test.step(fn, test, ...args);
    }, ms * harness.timeoutMultiplier);
  };

  /** Polls cond (a step) every interval ms; resolves when it is true, fails the test after timeout ms. */
  Test.prototype.step_wait = function (cond, description, timeout, interval) {
    const test = this;
    timeout = timeout === undefined ? 3000 : timeout;
    interval = interval === undefined ? 100 : interval;
    const start = Date.now();
    return new Promise(function (resolve, reject) {
      function poll() {
        let ok;
        try {
          ok = cond();
        } catch (e) {
          reject(e);
          return;
        }
        if (ok) {
          resolve();
        } else if (Date.now() - start >= timeout * harness.timeoutMultiplier) {
          reject(new AssertionError("step_wait: " + (description ? description + " " : "") + "Timed out waiting on condition"));
        } else {
          test.step_timeout(poll, interval);
        }
      }
      poll();
    });
  };

  /** Polls cond every interval ms; once it is true runs func as a step; fails the test after timeout ms. */
  Test.prototype.step_wait_func = function (cond, func, description, timeout, interval) {
    const test = this;
    this.step_wait(cond, description, timeout, interval).then(function () {
      test.step(func);
    }, function (e) {
      test.step(function () {
        throw e;
      });
    });
  };

  /** step_wait_func, then the test is done. */
  Test.prototype.step_wait_func_done = function (cond, func, description, timeout, interval) {
    const test = this;
    this.step_wait_func(cond, function () {
      if (func) {
        func.call(test);
      }
      test.done();
    }, description, timeout, interval);
  };

  /** Registers a function to run after the test's result is known (in registration order). */
  Test.prototype.add_cleanup = function (fn) {
    internal(this).cleanups.push(fn);
  };

  /** Ends the test: PASS unless a step already failed it. */
  Test.prototype.done = function () {
    const state = internal(this);
    if (state.phase >= HAS_RESULT) {
      return;
    }
    if (this.status === TEST_STATUS.NOTRUN) {
      setTestStatus(this, TEST_STATUS.PASS, null, null);
    }
    state.phase = HAS_RESULT;
    clearTestTimer(state);
    const test = this;
    const pending = runCleanups(this, true);
    if (pending.length === 0) {
      finishTest(this);
    } else {
      Promise.all(pending).then(function () {
        finishTest(test);
      }, function (e) {
        harnessError("Cleanup of test \"" + test.name + "\" failed: " + messageOf(e), stackOf(e));
        finishTest(test);
      });
    }
  };

  /** Times the test out now. */
  Test.prototype.force_timeout = function () {
    const state = internal(this);
    if (state.phase >= HAS_RESULT) {
      return;
    }
    setTestStatus(this, TEST_STATUS.TIMEOUT, "Test timed out", null);
    this.done();
  };

  Test.prototype.timeout = Test.prototype.force_timeout;

  /** Runs the cleanups; returns the promises (thenables) they returned when those may be awaited. */
  function runCleanups(test, mayWait) {
    const state = internal(test);
    state.phase = CLEANING;
    const cleanups = state.cleanups;
    state.cleanups = [];
    const pending = [];
    for (const cleanup of cleanups) {
      try {
        const result = cleanup.call(test);
        if (mayWait && isThenable(result)) {
          pending.push(result);
        }
      } catch (e) {
        harnessError("Cleanup of test \"" + test.name + "\" threw: " + messageOf(e), stackOf(e));
      }
    }
    return pending;
  }

  function finishTest(test) {
    const state = internal(test);
    if (state.phase === COMPLETE) {
      return;
    }
    state.phase = COMPLETE;
    for (const callback of harness.resultCallbacks.slice()) {
      invokeCallback(callback, test);
    }
    for (const resume of state.onComplete) {
      resume();
    }
    state.onComplete = [];
    maybeComplete();
  }

  /** A test that cannot run: recorded as NOTRUN (after a setup failure, or once the harness completed). */
  function notRun(test) {
    internal(test).phase = HAS_RESULT;
    finishTest(test);
  }

  function newTest(name, properties) {
    const test = new Test(name, properties);
    if (harness.setupFailed || harness.complete) {
      notRun(test);
      return null;
    }
    return test;
  }

  // ---- Defining tests ----------------------------------------------------------------------------------------

  /** A synchronous test: passes when fn returns without throwing. */
  function test(fn, name, properties) {
    name = isUnnamed(name) ? defaultTestName(fn) : name;
    const t = newTest(name, properties);
    if (t === null) {
      return;
    }
    startTest(t, false);
    const result = t.step(fn, t, t);
    if (isThenable(result)) {
      t.step(function () {
        throw new AssertionError("test named \"" + name + "\" returned a Promise; did you mean promise_test?");
      });
    }
    t.done();
  }

  /** An asynchronous test, ended by t.done() (or a step_func_done). */
  function async_test(fn, name, properties) {
    if (typeof fn !== "function") {
      properties = name;
      name = fn;
      fn = null;
    }
    const t = new Test(isUnnamed(name) ? defaultTestName(fn) : name, properties);
    if (harness.setupFailed || harness.complete) {
      notRun(t);
      return t;
    }
    startTest(t, true);
    if (fn) {
      t.step(fn, t, t);
    }
    return t;
  }

  /** A test whose fn returns a promise; promise tests run one after another in definition order. */
  function promise_test(fn, name, properties) {
    name = isUnnamed(name) ? defaultTestName(fn) : name;
    const t = newTest(name, properties);
    if (t === null) {
      return;
    }
    harness.promiseChain = harness.promiseChain.then(function () {
      return runPromiseTest(t, fn);
    });
  }

  function runPromiseTest(t, fn) {
    return new Promise(function (resume) {
      const state = internal(t);
      if (state.phase === COMPLETE) {
        resume();
        return;
      }
      state.onComplete.push(resume);
      if (state.phase >= HAS_RESULT) {
        return;
      }
      startTest(t, true);
      const result = t.step(fn, t, t);
      if (state.phase >= HAS_RESULT) {
        return;
      }
      if (!isThenable(result)) {
        t.step(function () {
          throw new AssertionError("promise_test: test body must return a 'thenable' object (received " + format_value(result) + ")");
        });
        return;
      }
      Promise.resolve(result).then(function () {
        t.done();
      }, function (reason) {
        t.step(function () {
          if (reason !== null && typeof reason === "object" && "message" in reason) {
            throw reason;
          }
          throw new AssertionError("promise_test: Unhandled rejection with value: " + format_value(reason));
        });
      });
    });
  }

  /** Runs each [name, ...args] of args as test(() => func(...args), name, properties). */
  function generate_tests(func, args, properties) {
    for (const [name, ...rest] of args) {
      test(function () {
        func.apply(this, rest);
      }, name, Array.isArray(properties) ? properties[args.indexOf(rest)] : properties);
    }
  }

  // ---- Setup and completion ----------------------------------------------------------------------------------

  function applySettings(properties) {
    if (!properties || typeof properties !== "object") {
      return;
    }
    if ("explicit_done" in properties) {
      harness.explicitDone = Boolean(properties.explicit_done);
    }
    if ("allow_uncaught_exception" in properties) {
      harness.allowUncaughtException = Boolean(properties.allow_uncaught_exception);
    }
    if ("timeout_multiplier" in properties) {
      harness.timeoutMultiplier = positiveNumber(properties.timeout_multiplier, 1);
    }
    if ("explicit_timeout" in properties) {
      harness.explicitTimeout = Boolean(properties.explicit_timeout);
      if (harness.explicitTimeout && harness.timer !== null) {
        clearTimer(harness.timer);
        harness.timer = null;
      }
    }
    if ("timeout" in properties) {
      harness.harnessTimeoutMs = positiveNumber(properties.timeout, harness.harnessTimeoutMs);
    }
    if (("timeout" in properties || "timeout_multiplier" in properties) && !harness.explicitTimeout) {
      startHarnessTimer();
    }
  }

  function setupFailure(error) {
    harness.setupFailed = true;
    if (error instanceof OptionalFeatureUnsupportedError) {
      setHarnessStatus(HARNESS_STATUS.PRECONDITION_FAILED, messageOf(error), stackOf(error));
      if (harness.loaded) {
        completeHarness(false);
      }
    } else {
      harnessError("setup failed: " + messageOf(error), stackOf(error));
    }
  }

  /** setup(fn, properties) or setup(properties): harness settings, and a function run before the tests. */
  function setup(fn, properties) {
    if (typeof fn !== "function") {
      properties = fn;
      fn = null;
    }
    applySettings(properties);
    if (fn) {
      try {
        fn();
      } catch (e) {
        setupFailure(e);
      }
    }
  }

  /** Like setup, but fn returns a promise that promise tests wait for. */
  function promise_setup(fn, properties) {
    applySettings(properties);
    harness.promiseChain = harness.promiseChain.then(function () {
      let result;
      try {
        result = fn();
      } catch (e) {
        setupFailure(e);
        return undefined;
      }
      if (!isThenable(result)) {
        setupFailure(new AssertionError("promise_setup: function must return a 'thenable' object"));
        return undefined;
      }
      return Promise.resolve(result).then(undefined, setupFailure);
    });
  }

  /** Signals that all tests are defined (required with explicit_done). */
  function done() {
    harness.doneCalled = true;
    maybeComplete();
  }

  /** Times the whole harness out now. */
  function timeout() {
    harnessTimeout();
  }

  function add_result_callback(callback) {
    harness.resultCallbacks.push(callback);
  }

  /** callback(tests, harness_status) on completion; called at once if the harness has already completed. */
  function add_completion_callback(callback) {
    harness.completionCallbacks.push(callback);
    if (harness.complete) {
      invokeCallback(callback, harness.tests.slice(), harness.status);
    }
  }

  function add_start_callback(callback) {
    invokeCallback(callback, {});
  }

  /** The load event: from now on the harness may complete. */
  function loaded() {
    if (harness.loaded) {
      return;
    }
    harness.loaded = true;
    maybeComplete();
  }

  /** setTimeout scaled by the timeout multiplier. */
  function step_timeout(fn, ms, ...args) {
    return setTimer(function () {
      fn(...args);
    }, ms * harness.timeoutMultiplier);
  }

  // ---- EventWatcher ------------------------------------------------------------------------------------------

  /** Watches target for the given event types; any event not waited for fails the test. */
  function EventWatcher(test, target, types, timeoutPromise) {
    if (!(this instanceof EventWatcher)) {
      return new EventWatcher(test, target, types, timeoutPromise);
    }
    const watched = typeof types === "string" ? [types] : Array.from(types);
    let waiting = null; // { expected, index, events, record, resolve, reject }

    const listener = test.step_func(function (event) {
      if (waiting === null) {
        assert_unreached("Not expecting event, but got " + event.type + " event");
      }
      const current = waiting;
      assert_equals(event.type, current.expected[current.index], "Checking the event type");
      current.events.push(event);
      current.index++;
      if (current.index === current.expected.length) {
        waiting = null;
        current.resolve(current.record ? current.events : event);
      }
    });

    for (const type of watched) {
      target.addEventListener(type, listener);
    }

    /** Resolves with the last event once the types arrive in order (all events with { record: "all" }). */
    this.wait_for = function (waitTypes, options) {
      if (waiting !== null) {
        return Promise.reject(new Error("EventWatcher: wait_for() is already waiting"));
      }
      const expected = typeof waitTypes === "string" ? [waitTypes] : Array.from(waitTypes);
      if (expected.length === 0) {
        return Promise.reject(new Error("EventWatcher: wait_for() needs at least one event type"));
      }
      for (const type of expected) {
        if (watched.indexOf(type) === -1) {
          return Promise.reject(new Error("EventWatcher: \"" + type + "\" is not a watched event type"));
        }
      }
      const record = Boolean(options && options.record === "all");
      return new Promise(function (resolve, reject) {
        waiting = { expected, index: 0, events: [], record, resolve, reject };
        if (timeoutPromise) {
          const mine = waiting;
          Promise.resolve(timeoutPromise).then(test.step_func(function () {
            if (waiting === mine) {
              waiting = null;
              assert_unreached("Timed out waiting on " + expected.join(", "));
            }
          }));
        }
      });
    };

    /** Removes the listeners. */
    this.stop_watching = function () {
      for (const type of watched) {
        target.removeEventListener(type, listener);
      }
    };

    test.add_cleanup(this.stop_watching);
  }

  // ---- Asserts -----------------------------------------------------------------------------------------------

  function fail(assertName, description, detail) {
    throw new AssertionError(assertName + ": " + (description ? description + " " : "") + detail);
  }

  function check(condition, assertName, description, detail) {
    if (!condition) {
      fail(assertName, description, typeof detail === "function" ? detail() : detail);
    }
  }

  function assert_true(actual, description) {
    check(actual === true, "assert_true", description, () => "expected true got " + format_value(actual));
  }

  function assert_false(actual, description) {
    check(actual === false, "assert_false", description, () => "expected false got " + format_value(actual));
  }

  function assert_equals(actual, expected, description) {
    if (typeof actual !== typeof expected) {
      fail("assert_equals", description, "expected (" + typeof expected + ") " + format_value(expected)
        + " but got (" + typeof actual + ") " + format_value(actual));
    }
    check(Object.is(actual, expected), "assert_equals", description,
      () => "expected " + format_value(expected) + " but got " + format_value(actual));
  }

  function assert_not_equals(actual, expected, description) {
    check(!Object.is(actual, expected), "assert_not_equals", description, () => "got disallowed value " + format_value(actual));
  }

  function assert_array_equals(actual, expected, description) {
    check(typeof actual === "object" && actual !== null && "length" in actual, "assert_array_equals", description,
      () => "value is " + format_value(actual) + ", expected array");
    check(actual.length === expected.length, "assert_array_equals", description,
      () => "lengths differ, expected array " + format_value(expected) + " length " + expected.length
        + ", got " + format_value(actual) + " length " + actual.length);
    for (let i = 0; i < actual.length; i++) {
      check((i in actual) === (i in expected), "assert_array_equals", description,
        () => "expected property " + i + " to be " + ((i in expected) ? "present" : "missing")
          + " (expected array " + format_value(expected) + " got " + format_value(actual) + ")");
      check(Object.is(actual[i], expected[i]), "assert_array_equals", description,
        () => "expected property " + i + " to be " + format_value(expected[i]) + " but got " + format_value(actual[i])
          + " (expected array " + format_value(expected) + " got " + format_value(actual) + ")");
    }
  }

  function assert_approx_equals(actual, expected, epsilon, description) {
    check(typeof actual === "number", "assert_approx_equals", description,
      () => "expected a number but got a " + typeof actual);
    check(Math.abs(actual - expected) <= epsilon || Object.is(actual, expected), "assert_approx_equals", description,
      () => "expected " + format_value(expected) + " +/- " + format_value(epsilon) + " but got " + format_value(actual));
  }

  function compare(assertName, test, relation) {
    return function (actual, expected, description) {
      check(typeof actual === "number" || typeof actual === "bigint", assertName, description,
        () => "expected a number but got a " + typeof actual);
      check(typeof actual === typeof expected, assertName, description,
        () => "expected a " + typeof expected + " but got a " + typeof actual);
      check(test(actual, expected), assertName, description,
        () => "expected a number " + relation + " " + format_value(expected) + " but got " + format_value(actual));
    };
  }

  const assert_less_than = compare("assert_less_than", (a, e) => a < e, "less than");
  const assert_greater_than = compare("assert_greater_than", (a, e) => a > e, "greater than");
  const assert_less_than_equal = compare("assert_less_than_equal", (a, e) => a <= e, "less than or equal to");
  const assert_greater_than_equal = compare("assert_greater_than_equal", (a, e) => a >= e, "greater than or equal to");

  function between(assertName, inclusive) {
    return function (actual, lower, upper, description) {
      check(typeof actual === "number", assertName, description, () => "expected a number but got a " + typeof actual);
      const ok = inclusive ? actual >= lower && actual <= upper : actual > lower && actual < upper;
      const words = inclusive ? ["greater than or equal to", "less than or equal to"] : ["greater than", "less than"];
      check(ok, assertName, description, () => "expected a number " + words[0] + " " + format_value(lower) + " and "
        + words[1] + " " + format_value(upper) + " but got " + format_value(actual));
    };
  }

  const assert_between_exclusive = between("assert_between_exclusive", false);
  const assert_between_inclusive = between("assert_between_inclusive", true);

  function assert_in_array(actual, expected, description) {
    check(expected.indexOf(actual) !== -1, "assert_in_array", description,
      () => "value " + format_value(actual) + " not in array " + format_value(expected));
  }

  function assert_regexp_match(actual, expected, description) {
    check(expected.test(actual), "assert_regexp_match", description,
      () => "expected " + format_value(expected) + " but got " + format_value(actual));
  }

  function assert_class_string(object, className, description) {
    const actual = Object.prototype.toString.call(object);
    const expected = "[object " + className + "]";
    check(actual === expected, "assert_class_string", description,
      () => "expected " + format_value(expected) + " but got " + format_value(actual));
  }

  function assert_own_property(object, name, description) {
    check(Object.prototype.hasOwnProperty.call(object, name), "assert_own_property", description,
      () => "expected property " + format_value(name) + " missing");
  }

  function assert_not_own_property(object, name, description) {
    check(!Object.prototype.hasOwnProperty.call(object, name), "assert_not_own_property", description,
      () => "unexpected property " + format_value(name) + " is found on object");
  }

  function inherits(assertName) {
    return function (object, name, description) {
      check(object !== null && (typeof object === "object" || typeof object === "function"), assertName, description,
        () => "provided value is not an object");
      check(!Object.prototype.hasOwnProperty.call(object, name), assertName, description,
        () => "property " + format_value(name) + " found on object expected in prototype chain");
      check(name in object, assertName, description,
        () => "property " + format_value(name) + " not found in prototype chain");
    };
  }

  const assert_inherits = inherits("assert_inherits");
  const assert_idl_attribute = inherits("assert_idl_attribute");

  function assert_readonly(object, name, description) {
    const initial = object[name];
    try {
      object[name] = initial + "a";
    } catch (e) {
      if (!(e instanceof TypeError)) {
        throw e;
      }
      return; // this file is strict code: writing a read-only property throws a TypeError
    }
    const changed = !Object.is(object[name], initial);
    if (changed) {
      object[name] = initial;
    }
    check(!changed, "assert_readonly", description, () => "changing property " + format_value(name) + " succeeded");
  }

  function callForThrow(assertName, func, description) {
    check(typeof func === "function", assertName, description, () => format_value(func) + " is not a function");
    try {
      func.call(undefined);
    } catch (e) {
      return { threw: true, error: e };
    }
    return { threw: false, error: undefined };
  }

  function describeThrown(e) {
    return format_value(e) + (e !== null && typeof e === "object" && "name" in e ? " (" + format_value(e.name) + ")" : "");
  }

  function checkJsError(assertName, constructor, e, description) {
    check(e !== null && typeof e === "object", assertName, description,
      () => "threw " + format_value(e) + " with type " + typeof e + ", not an object");
    check(e.constructor === constructor, assertName, description,
      () => "threw " + describeThrown(e) + " expected instance of " + format_value(constructor && constructor.name));
    check(e.name === constructor.name, assertName, description,
      () => "threw " + describeThrown(e) + " expected name " + format_value(constructor.name));
  }

  function assert_throws_js(constructor, func, description) {
    check(typeof constructor === "function", "assert_throws_js", description, "the expected constructor is not a function");
    check(constructor !== global.DOMException, "assert_throws_js", description, "use assert_throws_dom for DOMException");
    const result = callForThrow("assert_throws_js", func, description);
    check(result.threw, "assert_throws_js", description, () => format_value(func) + " did not throw");
    checkJsError("assert_throws_js", constructor, result.error, description);
  }

  // DOMException names by legacy code (index), and names without a code.
  const DOM_CODE_NAMES = [null, "IndexSizeError", "DOMStringSizeError", "HierarchyRequestError", "WrongDocumentError",
    "InvalidCharacterError", "NoDataAllowedError", "NoModificationAllowedError", "NotFoundError", "NotSupportedError",
    "InUseAttributeError", "InvalidStateError", "SyntaxError", "InvalidModificationError", "NamespaceError",
    "InvalidAccessError", "ValidationError", "TypeMismatchError", "SecurityError", "NetworkError", "AbortError",
    "URLMismatchError", "QuotaExceededError", "TimeoutError", "InvalidNodeTypeError", "DataCloneError"];
  const DOM_LEGACY_CONSTANTS = [null, "INDEX_SIZE_ERR", "DOMSTRING_SIZE_ERR", "HIERARCHY_REQUEST_ERR",
    "WRONG_DOCUMENT_ERR", "INVALID_CHARACTER_ERR", "NO_DATA_ALLOWED_ERR", "NO_MODIFICATION_ALLOWED_ERR",
    "NOT_FOUND_ERR", "NOT_SUPPORTED_ERR", "INUSE_ATTRIBUTE_ERR", "INVALID_STATE_ERR", "SYNTAX_ERR",
    "INVALID_MODIFICATION_ERR", "NAMESPACE_ERR", "INVALID_ACCESS_ERR", "VALIDATION_ERR", "TYPE_MISMATCH_ERR",
    "SECURITY_ERR", "NETWORK_ERR", "ABORT_ERR", "URL_MISMATCH_ERR", "QUOTA_EXCEEDED_ERR", "TIMEOUT_ERR",
    "INVALID_NODE_TYPE_ERR", "DATA_CLONE_ERR"];
  const DOM_CODELESS_NAMES = ["EncodingError", "NotReadableError", "UnknownError", "ConstraintError", "DataError",
    "TransactionInactiveError", "ReadOnlyError", "VersionError", "OperationError", "NotAllowedError", "OptOutError"];

  /** The expected { name, code } for a DOMException type given as a name, a legacy constant name or a code. */
  function expectedDomException(assertName, type, description) {
    if (typeof type === "number") {
      check(type > 0 && type < DOM_CODE_NAMES.length && Number.isInteger(type), assertName, description,
        () => "unknown DOMException code " + format_value(type));
      return { name: DOM_CODE_NAMES[type], code: type };
    }
    let code = DOM_CODE_NAMES.indexOf(type);
    if (code > 0) {
      return { name: type, code };
    }
    code = DOM_LEGACY_CONSTANTS.indexOf(type);
    if (code > 0) {
      return { name: DOM_CODE_NAMES[code], code };
    }
    check(DOM_CODELESS_NAMES.indexOf(type) !== -1, assertName, description,
      () => "unknown DOMException name " + format_value(type));
    return { name: type, code: 0 };
  }

  function checkDomError(assertName, type, constructor, e, description) {
    const expected = expectedDomException(assertName, type, description);
    check(e !== null && typeof e === "object", assertName, description,
      () => "threw " + format_value(e) + " with type " + typeof e + ", not an object");
    check(e.constructor === constructor, assertName, description,
      () => "threw " + describeThrown(e) + " that is not a DOMException " + expected.name);
    check(e.name === expected.name, assertName, description,
      () => "threw " + describeThrown(e) + " but expected " + format_value(expected.name));
    check(e.code === expected.code, assertName, description,
      () => "threw " + describeThrown(e) + " with code " + format_value(e.code) + " but expected " + expected.code);
  }

  /** assert_throws_dom(type, func, description) or assert_throws_dom(type, constructor, func, description). */
  function assert_throws_dom(type, funcOrConstructor, descriptionOrFunc, maybeDescription) {
    let constructor = global.DOMException;
    let func = funcOrConstructor;
    let description = descriptionOrFunc;
    if (typeof descriptionOrFunc === "function") {
      constructor = funcOrConstructor;
      func = descriptionOrFunc;
      description = maybeDescription;
    }
    const result = callForThrow("assert_throws_dom", func, description);
    check(result.threw, "assert_throws_dom", description, () => format_value(func) + " did not throw");
    checkDomError("assert_throws_dom", type, constructor, result.error, description);
  }

  function assert_throws_exactly(exception, func, description) {
    const result = callForThrow("assert_throws_exactly", func, description);
    check(result.threw, "assert_throws_exactly", description, () => format_value(func) + " did not throw");
    check(Object.is(result.error, exception), "assert_throws_exactly", description,
      () => "threw " + format_value(result.error) + " but we expected it to throw " + format_value(exception));
  }

  function assert_unreached(description) {
    fail("assert_unreached", description, "Reached unreachable code");
  }

  function assert_implements(condition, description) {
    check(Boolean(condition), "assert_implements", description, () => "expected a truthy value got " + format_value(condition));
  }

  function assert_implements_optional(condition, description) {
    if (!condition) {
      throw new OptionalFeatureUnsupportedError("assert_implements_optional: " + (description ? description + " " : "")
        + "expected a truthy value got " + format_value(condition));
    }
  }

  /** Resolves once promise rejects as checked; a fulfilment or a wrong reason fails test. */
  function rejects(assertName, test, promise, description, checkReason) {
    return Promise.resolve(promise).then(test.step_func(function () {
      fail(assertName, description, "Should have rejected");
    }), test.step_func(function (reason) {
      checkReason(reason);
    }));
  }

  function promise_rejects_js(test, constructor, promise, description) {
    return rejects("promise_rejects_js", test, promise, description, function (reason) {
      checkJsError("promise_rejects_js", constructor, reason, description);
    });
  }

  function promise_rejects_dom(test, type, promiseOrConstructor, descriptionOrPromise, maybeDescription) {
    let constructor = global.DOMException;
    let promise = promiseOrConstructor;
    let description = descriptionOrPromise;
    if (typeof promiseOrConstructor === "function" && !isThenable(promiseOrConstructor)) {
      constructor = promiseOrConstructor;
      promise = descriptionOrPromise;
      description = maybeDescription;
    }
    return rejects("promise_rejects_dom", test, promise, description, function (reason) {
      checkDomError("promise_rejects_dom", type, constructor, reason, description);
    });
  }

  function promise_rejects_exactly(test, exception, promise, description) {
    return rejects("promise_rejects_exactly", test, promise, description, function (reason) {
      check(Object.is(reason, exception), "promise_rejects_exactly", description,
        () => "rejected with " + format_value(reason) + " but we expected " + format_value(exception));
    });
  }

  // ---- Exports -----------------------------------------------------------------------------------------------

  const exported = {
    test, async_test, promise_test, generate_tests, setup, promise_setup, done, timeout, step_timeout,
    add_result_callback, add_completion_callback, add_start_callback, format_value, EventWatcher,
    AssertionError, OptionalFeatureUnsupportedError,
    assert_true, assert_false, assert_equals, assert_not_equals, assert_array_equals, assert_approx_equals,
    assert_less_than, assert_greater_than, assert_less_than_equal, assert_greater_than_equal,
    assert_between_exclusive, assert_between_inclusive, assert_in_array, assert_regexp_match, assert_class_string,
    assert_own_property, assert_not_own_property, assert_inherits, assert_idl_attribute, assert_readonly,
    assert_throws_js, assert_throws_dom, assert_throws_exactly, assert_unreached, assert_implements,
    assert_implements_optional, promise_rejects_js, promise_rejects_dom, promise_rejects_exactly,
  };
  for (const name of Object.keys(exported)) {
    Object.defineProperty(global, name, { value: exported[name], writable: true, configurable: true, enumerable: false });
  }
  Object.defineProperty(global, "__jsws_loaded", { value: loaded, writable: false, configurable: false, enumerable: false });

  startHarnessTimer();
})(globalThis);
