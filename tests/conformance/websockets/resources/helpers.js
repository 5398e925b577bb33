// Helpers shared by the WebSocket conformance files (loaded with // META: script=resources/helpers.js).

// A URL on the test server that `jsws test --serve` set as location.
const u = p => new URL(p, location).href;

// A socket to path, once open; closed (if still open) when the test ends. Its open and close handlers are cleared
// on open, so a test sets its own.
function opened(t, path = '/echo') {
  const ws = new WebSocket(u(path));
  t.add_cleanup(() => { ws.onclose = ws.onerror = null; if (ws.readyState < 2) ws.close(); });
  return new Promise((resolve, reject) => {
    ws.onopen = () => { ws.onopen = null; ws.onclose = null; resolve(ws); };
    ws.onclose = () => reject(new Error('closed before open'));
  });
}

// The next message event of ws, and its close event.
const nextMessage = ws => new Promise(resolve => ws.addEventListener('message', resolve, { once: true }));
const closed = ws => new Promise(resolve => ws.addEventListener('close', resolve, { once: true }));
