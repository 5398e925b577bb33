// A WebSocket load client in plain browser JavaScript: only WebSocket, setTimeout/clearTimeout, Date and console,
// so the same file runs unchanged under jsws, Deno and Bun (and in a browser).
//
// It reads its settings from a global `loadConfig` that a one-line prelude defines, because the three runtimes
// share no way of passing arguments to a script (jsws run has no script arguments, Bun has no `location`):
//   var loadConfig = { label: "jsws", echoUrl: "ws://127.0.0.1:8080/echo", pushUrl: "ws://...", sockets: 100,
//                      messages: 100, window: 100, size: 32, timeoutMs: 60000 };
// scripts/load.sh writes that line in front of this file; the NUnit load tests run the prelude first, then this file.
//
// Phase 1 (echo): `sockets` sockets open at once to echoUrl; each sends `messages` sequence-numbered text messages
// ("socket:seq:" padded to `size` bytes), at most `window` of them unanswered at a time, and checks the echoes.
// Phase 2 (push, when pushUrl is set): `sockets` sockets open at once to pushUrl, a server behaviour that sends
// `messages` numbered messages (the first decimal number in each is its sequence number) and then closes 1000.
// Every socket must see each number exactly once and in order, then a clean close with code 1000.
// Prints one JSON line, {"load":"summary",...,"ok":true|false}, and throws at the end when the run was not ok,
// so that every runtime exits with a failure status.

/* global loadConfig */
"use strict";

const config = typeof loadConfig === "object" && loadConfig !== null ? loadConfig : null;
if (config === null) {
  throw new Error("load client: define loadConfig first, e.g. var loadConfig = { echoUrl: 'ws://127.0.0.1:8080/echo', sockets: 10, messages: 10 };");
}

const sockets = config.sockets ?? 100;
const messages = config.messages ?? 100;
const windowSize = Math.max(1, Math.min(config.window ?? 100, messages));
const size = config.size ?? 32;
const started = Date.now();

// Per socket: which sequence numbers arrived, and how they broke the rules.
function makeTracker(expected) {
  return { expected, seen: new Uint8Array(expected), next: 0, unique: 0, duplicated: 0, reordered: 0, foreign: 0 };
}

function record(tracker, seq) {
  if (!Number.isInteger(seq) || seq < 0 || seq >= tracker.expected) {
    tracker.foreign++;
    return;
  }

  if (tracker.seen[seq] === 1) {
    tracker.duplicated++;
    return;
  }

  tracker.seen[seq] = 1;
  tracker.unique++;
  if (seq !== tracker.next) {
    tracker.reordered++; // arrived while an earlier number had not
  }

  while (tracker.next < tracker.expected && tracker.seen[tracker.next] === 1) {
    tracker.next++;
  }
}

function makePhase(name) {
  return { name, opened: 0, sent: 0, received: 0, lost: 0, duplicated: 0, reordered: 0, foreign: 0, clean: 0, unclean: 0,
    errors: 0, closeCodes: {}, ms: 0, done: 0, started: 0, firstFailure: null };
}

function finishSocket(phase, tracker, event) {
  phase.done++;
  phase.lost += tracker.expected - tracker.unique;
  phase.duplicated += tracker.duplicated;
  phase.reordered += tracker.reordered;
  phase.foreign += tracker.foreign;
  phase.closeCodes[event.code] = (phase.closeCodes[event.code] ?? 0) + 1;
  if (event.wasClean && event.code === 1000) {
    phase.clean++;
  } else {
    phase.unclean++;
    phase.firstFailure ??= `close ${event.code} wasClean=${event.wasClean} after ${tracker.unique} of ${tracker.expected}`;
  }
}

function pad(text) {
  return text.length >= size ? text : text + "x".repeat(size - text.length);
}

const open = new Set();

function runEcho(phase, onDone) {
  phase.started = Date.now();
  for (let s = 0; s < sockets; s++) {
    const tracker = makeTracker(messages);
    const ws = new WebSocket(config.echoUrl);
    open.add(ws);
    let nextToSend = 0;
    const sendOne = () => {
      ws.send(pad(`${s}:${nextToSend}:`));
      nextToSend++;
      phase.sent++;
    };
    ws.onopen = () => {
      phase.opened++;
      while (nextToSend < windowSize) {
        sendOne();
      }
    };
    ws.onmessage = (event) => {
      phase.received++;
      const text = String(event.data);
      const colon = text.indexOf(":");
      if (colon < 0 || Number(text.slice(0, colon)) !== s) {
        tracker.foreign++; // not this socket's message
        return;
      }

      record(tracker, Number(text.slice(colon + 1, text.indexOf(":", colon + 1))));
      if (nextToSend < messages) {
        sendOne();
      } else if (tracker.unique + tracker.duplicated + tracker.foreign >= messages && ws.readyState === WebSocket.OPEN) {
        ws.close(1000, "done");
      }
    };
    ws.onerror = () => {
      phase.errors++;
    };
    ws.onclose = (event) => {
      open.delete(ws);
      finishSocket(phase, tracker, event);
      if (phase.done === sockets) {
        phase.ms = Date.now() - phase.started;
        onDone();
      }
    };
  }
}

function runPush(phase, onDone) {
  phase.started = Date.now();
  for (let s = 0; s < sockets; s++) {
    const tracker = makeTracker(messages);
    const ws = new WebSocket(config.pushUrl);
    open.add(ws);
    ws.onopen = () => {
      phase.opened++;
    };
    ws.onmessage = (event) => {
      phase.received++;
      const match = /\d+/.exec(String(event.data));
      record(tracker, match === null ? NaN : Number(match[0]));
    };
    ws.onerror = () => {
      phase.errors++;
    };
    ws.onclose = (event) => {
      open.delete(ws);
      finishSocket(phase, tracker, event);
      if (phase.done === sockets) {
        phase.ms = Date.now() - phase.started;
        onDone();
      }
    };
  }
}

const echo = makePhase("echo");
const push = config.pushUrl ? makePhase("push") : null;
let timedOut = false;
let reported = false;

function phaseOk(phase) {
  return phase.done === sockets && phase.opened === sockets && phase.clean === sockets && phase.lost === 0
    && phase.duplicated === 0 && phase.reordered === 0 && phase.foreign === 0 && phase.errors === 0;
}

function summary(phase) {
  const { name, started: _started, done: _done, ...rest } = phase;
  return rest;
}

function report() {
  if (reported) {
    return;
  }

  reported = true;
  clearTimeout(deadline);
  const ok = !timedOut && phaseOk(echo) && (push === null || phaseOk(push));
  const line = { load: "summary", runtime: config.label ?? "unknown", sockets, messages, window: windowSize, size,
    echo: summary(echo), push: push === null ? null : summary(push), timedOut, ms: Date.now() - started, ok };
  console.log(JSON.stringify(line));
  if (!ok) {
    throw new Error(`load: not ok (${timedOut ? "timed out" : "messages lost, duplicated, reordered or a socket did not close cleanly"})`);
  }
}

const deadline = setTimeout(() => {
  timedOut = true;
  for (const ws of open) {
    ws.onclose = null;
    ws.close();
  }

  open.clear();
  report();
}, config.timeoutMs ?? 120000);

runEcho(echo, () => {
  if (push === null) {
    report();
  } else {
    runPush(push, report);
  }
});
