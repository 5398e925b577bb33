// Connection churn for scripts/soak.sh, run by `jsws run --location http://127.0.0.1:PORT/?seconds=S&workers=W`
// against `jsws serve` (location is the test server, so the settings ride on its query string).
// It idles 3 s, then keeps W workers busy for S seconds; each worker repeats one kind of cycle:
//   echo  (3 of 4 workers): open /echo, send 10 numbered texts and a 2 KiB binary, check the 11 echoes, close 1000
//   push  (1 of 4): open /messages?count=20, check 20 numbered messages in order and the server's clean close 1000
//   abort (with aborts=1, 1 of 5): open /delay-handshake?ms=50 and close() while connecting: error, then close
//         1006, not clean. Off by default: it leaves TCP connections open until a GC finalizes them (a known bug).
// Every cycle arms a 10 s watchdog timer and clears it when the socket closes. When the time is up, the workers
// finish their cycles, the script prints "soak: churn stopped", idles 6 s with nothing open, prints one JSON
// summary line and ends; it throws (exit 1) if any cycle broke a rule. Markers on standard output tell soak.sh the
// phases: "soak: churn started", "soak: churn stopped".
"use strict";

const params = new URLSearchParams(location.search);
const seconds = Number(params.get("seconds") ?? "30");
const workers = Number(params.get("workers") ?? "20");
const aborts = params.get("aborts") === "1";
const url = (path) => new URL(path, location.href.replace(/^http/, "ws")).href;

const counts = { echo: 0, push: 0, abort: 0, messages: 0, failures: 0 };
let firstFailure = null;
let stopAt = 0;
let running = 0;

function fail(what) {
  counts.failures++;
  firstFailure ??= what;
}

function echoCycle(done) {
  const ws = new WebSocket(url("/echo"));
  ws.binaryType = "arraybuffer";
  let expected = 0;
  ws.onopen = () => {
    for (let i = 0; i < 10; i++) {
      ws.send(`echo ${i}`);
    }

    const bytes = new Uint8Array(2048);
    bytes[0] = 42;
    bytes[2047] = 7;
    ws.send(bytes);
  };
  ws.onmessage = (event) => {
    counts.messages++;
    if (expected < 10) {
      if (event.data !== `echo ${expected}`) {
        fail(`echo: got ${String(event.data).slice(0, 20)} for echo ${expected}`);
      }
    } else {
      const back = new Uint8Array(event.data);
      if (back.length !== 2048 || back[0] !== 42 || back[2047] !== 7) {
        fail(`echo: the binary echo was ${back.length} bytes`);
      }

      ws.close(1000, "cycle done");
    }

    expected++;
  };
  ws.onclose = (event) => {
    if (!event.wasClean || event.code !== 1000 || expected !== 11) {
      fail(`echo: close ${event.code} clean=${event.wasClean} after ${expected} echoes`);
    }

    counts.echo++;
    done();
  };
}

function pushCycle(done) {
  const ws = new WebSocket(url("/messages?count=20&size=64"));
  let expected = 0;
  ws.onmessage = (event) => {
    counts.messages++;
    if (!String(event.data).startsWith(`${expected} `)) {
      fail(`push: message ${expected} was ${String(event.data).slice(0, 10)}`);
    }

    expected++;
  };
  ws.onclose = (event) => {
    if (!event.wasClean || event.code !== 1000 || expected !== 20) {
      fail(`push: close ${event.code} clean=${event.wasClean} after ${expected} messages`);
    }

    counts.push++;
    done();
  };
}

function abortCycle(done) {
  const ws = new WebSocket(url("/delay-handshake?ms=50"));
  let errored = false;
  ws.onopen = () => fail("abort: opened after close()");
  ws.onerror = () => {
    errored = true;
  };
  ws.onclose = (event) => {
    if (!errored || event.wasClean || event.code !== 1006) {
      fail(`abort: close ${event.code} clean=${event.wasClean} error=${errored}`);
    }

    counts.abort++;
    done();
  };
  ws.close();
}

const kinds = aborts ? [echoCycle, echoCycle, echoCycle, pushCycle, abortCycle] : [echoCycle, echoCycle, echoCycle, pushCycle];

function startWorker(index) {
  running++;
  const cycle = kinds[index % kinds.length];
  const next = () => {
    if (Date.now() >= stopAt) {
      running--;
      if (running === 0) {
        finish();
      }

      return;
    }

    const watchdog = setTimeout(() => fail(`${cycle.name}: no close within 10 s`), 10000);
    cycle(() => {
      clearTimeout(watchdog);
      next();
    });
  };
  next();
}

function finish() {
  console.log("soak: churn stopped");
  setTimeout(() => {
    console.log(JSON.stringify({ soak: "summary", seconds, workers, aborts, ...counts, firstFailure }));
    if (counts.failures > 0) {
      throw new Error(`soak: ${counts.failures} cycles broke a rule; the first: ${firstFailure}`);
    }
  }, 6000);
}

console.log(`soak: idle, then ${workers} workers for ${seconds} s`);
setTimeout(() => {
  console.log("soak: churn started");
  stopAt = Date.now() + seconds * 1000;
  for (let i = 0; i < workers; i++) {
    startWorker(i);
  }
}, 3000);
