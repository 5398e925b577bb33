// The user's script. Its host lets it talk to one server (the one `location` names), read files only in this
// folder, and run within the untrusted preset's limits. It reports what it saw through the host's `report`.

// A host function that returns a Task gives a promise, settled when the host's Task completes.
report(`the host answered: ${await askHost("plan")}`);

// Files in the script's own folder can be imported...
const { default: settings } = await import("./settings.json", { with: { type: "json" } });
report(`import ./settings.json: greeting is "${settings.greeting}"`);

// ...and nothing else: not a system file, not the host's file just outside this folder.
for (const specifier of ["/etc/passwd", "../host-secret.txt"]) {
  try {
    const { default: text } = await import(specifier, { with: { type: "text" } });
    report(`import ${specifier}: read ${JSON.stringify(text)}`);
  } catch (e) {
    report(`import ${specifier}: ${e.name}: ${e.message}`);
  }
}

// No string compilation in the untrusted preset.
try {
  report(`eval gave ${eval("6 * 7")}`);
} catch (e) {
  report(`eval: ${e.name}: ${e.message}`);
}

// The one allowed server: a relative URL resolves against `location`.
report(`echo: ${await echo("/echo", "hello")}`);

// Anything else on the network looks like a network failure to the script: error, then close 1006.
report(`connect to the internal service: ${await attempt(internalServiceUrl)}`);
report(`connect to 169.254.169.254: ${await attempt("ws://169.254.169.254/latest/meta-data/")}`);

function echo(url, text) {
  return new Promise(resolve => {
    const ws = new WebSocket(url);
    let echoed = "(nothing)";
    ws.onopen = () => ws.send(text);
    ws.onmessage = e => {
      echoed = e.data;
      ws.close(1000, "done");
    };
    ws.onclose = e => resolve(`${echoed} (closed with ${e.code})`);
  });
}

function attempt(url) {
  return new Promise(resolve => {
    const seen = [];
    const ws = new WebSocket(url);
    ws.onopen = () => seen.push("open");
    ws.onmessage = e => seen.push(`message ${e.data}`);
    ws.onerror = e => seen.push(e.type);
    ws.onclose = e => {
      seen.push(`close ${e.code}`);
      resolve(seen.join(", "));
    };
  });
}
