// MessageChannel and MessagePort, from the HTML Standard §9.5 ("Channel messaging"), within one realm.

test(() => {
  const channel = new MessageChannel();
  assert_true(channel.port1 instanceof MessagePort);
  assert_true(channel.port2 instanceof MessagePort);
  assert_not_equals(channel.port1, channel.port2);
  assert_equals(channel.port1, channel.port1, "[SameObject]");
  assert_equals(Object.getPrototypeOf(MessagePort.prototype), EventTarget.prototype);
  assert_equals(Object.prototype.toString.call(channel), "[object MessageChannel]");
  assert_equals(Object.prototype.toString.call(channel.port1), "[object MessagePort]");
  assert_throws_js(TypeError, () => new MessagePort());
  assert_throws_js(TypeError, () => MessageChannel());
}, "A channel has two distinct ports, which are EventTargets that script cannot construct");

async_test(t => {
  const { port1, port2 } = new MessageChannel();
  const sent = { n: 1, list: [1, "two"], when: new Date(5), map: new Map([[1, 2]]) };
  port2.onmessage = t.step_func_done(e => {
    assert_true(e instanceof MessageEvent);
    assert_true(e.isTrusted);
    assert_equals(e.type, "message");
    assert_not_equals(e.data, sent, "a copy");
    assert_equals(e.data.n, 1);
    assert_array_equals(e.data.list, [1, "two"]);
    assert_equals(e.data.when.getTime(), 5);
    assert_equals(e.data.map.get(1), 2);
    assert_equals(e.origin, "");
    assert_equals(e.source, null);
    assert_equals(e.ports.length, 0);
  });
  port1.postMessage(sent);
}, "A message arrives at the other port as a structured clone, in a trusted MessageEvent");

async_test(t => {
  const { port1, port2 } = new MessageChannel();
  let delivered = false;
  port2.onmessage = t.step_func(() => { delivered = true; });
  port1.postMessage("x");
  assert_false(delivered, "not during postMessage");
  queueMicrotask(t.step_func(() => assert_false(delivered, "not in a microtask either")));
  setTimeout(t.step_func_done(() => assert_true(delivered)), 20);
}, "A message is delivered in a task of its own");

async_test(t => {
  const { port1, port2 } = new MessageChannel();
  const seen = [];
  port2.addEventListener("message", t.step_func(e => {
    seen.push(e.data);
    if (seen.length === 3) {
      assert_array_equals(seen, [1, 2, 3]);
      t.done();
    }
  }));
  port1.postMessage(1);
  port1.postMessage(2);
  setTimeout(t.step_func(() => {
    assert_array_equals(seen, [], "addEventListener does not start the port");
    port2.start();
    port1.postMessage(3);
  }), 20);
}, "Messages wait in order until start(); addEventListener alone does not start the port");

async_test(t => {
  const { port1, port2 } = new MessageChannel();
  const buffer = new Uint8Array([1, 2, 3]).buffer;
  port2.onmessage = t.step_func_done(e => {
    assert_array_equals(new Uint8Array(e.data), [1, 2, 3]);
  });
  port1.postMessage(buffer, [buffer]);
  assert_equals(buffer.byteLength, 0, "transferred away");
}, "postMessage(message, transfer) moves an ArrayBuffer");

async_test(t => {
  const { port1, port2 } = new MessageChannel();
  const buffer = new ArrayBuffer(4);
  port2.onmessage = t.step_func_done(e => assert_equals(e.data.byteLength, 4));
  port1.postMessage(buffer, { transfer: [buffer] });
  assert_equals(buffer.byteLength, 0);
}, "postMessage(message, { transfer }) moves an ArrayBuffer too");

test(() => {
  const { port1 } = new MessageChannel();
  assert_throws_dom("DataCloneError", () => port1.postMessage(() => {}));
  assert_throws_dom("DataCloneError", () => port1.postMessage(Symbol()));
  assert_throws_dom("DataCloneError", () => port1.postMessage("self", [port1]));
  assert_throws_js(TypeError, () => port1.postMessage());
  assert_throws_js(TypeError, () => MessagePort.prototype.postMessage.call({}, 1));
}, "postMessage throws for what cannot be cloned, a port sent through itself, and a wrong this");

async_test(t => {
  const { port1, port2 } = new MessageChannel();
  port2.onmessage = t.unreached_func("a closed port receives nothing");
  port1.postMessage("in flight");
  port2.close();
  const buffer = new ArrayBuffer(2);
  port1.postMessage(buffer, [buffer]);
  assert_equals(buffer.byteLength, 0, "a message to nowhere still transfers");
  port2.postMessage("from the closed end");
  setTimeout(t.step_func_done(), 30);
}, "After close() nothing more is delivered at either end, and posting does not throw");

async_test(t => {
  const a = new MessageChannel();
  const b = new MessageChannel();
  b.port1.postMessage("queued before the move");
  a.port2.onmessage = t.step_func(e => {
    assert_equals(e.data.note, "here is a port");
    assert_equals(e.ports.length, 1);
    assert_true(Object.isFrozen(e.ports), "a FrozenArray");
    const moved = e.ports[0];
    assert_true(moved instanceof MessagePort);
    assert_not_equals(moved, b.port2, "a new port");
    assert_equals(e.data.port, moved, "the port in the message is the same new port");
    const seen = [];
    moved.onmessage = t.step_func(m => {
      seen.push(m.data);
      if (seen.length === 2) {
        assert_array_equals(seen, ["queued before the move", "after the move"]);
        b.port1.onmessage = t.step_func_done(r => assert_equals(r.data, "reply"));
        moved.postMessage("reply");
      }
    });
    b.port1.postMessage("after the move");
  });
  a.port1.postMessage({ note: "here is a port", port: b.port2 }, [b.port2]);
  assert_throws_dom("DataCloneError", () => a.port1.postMessage(null, [b.port2]), "a port moves once");
}, "A port in transfer moves: the receiver gets a new port, entangled with the old one's partner, with its queued messages");

test(() => {
  const { port1, port2 } = new MessageChannel();
  assert_throws_dom("DataCloneError", () => port1.postMessage(port2), "a port is transferable, not serializable");
  const { port1: source } = new MessageChannel();
  const clone = structuredClone(source, { transfer: [source] });
  assert_true(clone instanceof MessagePort);
  assert_not_equals(clone, source);
}, "A port must be in transfer to be sent, and structuredClone can move one too");

async_test(t => {
  const carrier = new MessageChannel();
  const moving = new MessageChannel();
  moving.port2.onmessage = t.unreached_func("the old port object delivers nothing once transferred");
  moving.port1.postMessage("already queued at a started port");
  carrier.port1.postMessage(null, [moving.port2]);
  moving.port2.start();
  moving.port2.close();
  carrier.port2.onmessage = t.step_func(e => {
    const port = e.ports[0];
    port.onmessage = t.step_func_done(m => assert_equals(m.data, "already queued at a started port"));
  });
}, "A message waiting at a started port moves with it, and start() and close() on the transferred object do nothing");

async_test(t => {
  const { port1, port2 } = new MessageChannel();
  port2.onclose = t.step_func_done(e => {
    assert_equals(e.type, "close");
    assert_true(e.isTrusted);
  });
  port2.start();
  port1.close();
}, "Closing one end fires close at the other");

async_test(t => {
  const { port1, port2 } = new MessageChannel();
  const buffer = new ArrayBuffer(3);
  port2.onmessage = t.step_func_done(e => assert_equals(e.data, "dictionary"));
  port1.postMessage("dictionary", { [Symbol.iterator]: null, transfer: [buffer] });
  assert_equals(buffer.byteLength, 0, "an object whose @@iterator is null is the options dictionary");
}, "postMessage's second argument is the dictionary unless it has an @@iterator method");

test(() => {
  const { port1, port2 } = new MessageChannel();
  const e = new MessageEvent("message", { ports: [port1], source: port2 });
  assert_equals(e.ports.length, 1);
  assert_equals(e.ports[0], port1);
  assert_true(Object.isFrozen(e.ports));
  assert_equals(e.source, port2);
  assert_throws_js(TypeError, () => new MessageEvent("message", { ports: [{}] }));
  assert_throws_js(TypeError, () => new MessageEvent("message", { source: {} }));
  const init = new MessageEvent("x");
  init.initMessageEvent("message", false, false, 1, "", "", null, [port2]);
  assert_equals(init.ports[0], port2);
}, "MessageEvent takes MessagePorts as ports and as source");
