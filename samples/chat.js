// A chat-style client: a small protocol of JSON messages, a queue while connecting, and a clean goodbye.
//   dotnet run --project src/JsWebSocketHost.Cli -- run --serve samples/chat.js
// (The test server echoes, so each "chat" message comes back as if another member sent it.)
class ChatClient extends EventTarget {
  #ws;
  #outbox = [];

  constructor(url, name) {
    super();
    this.name = name;
    this.#ws = new WebSocket(url, ["chat.v1"]);
    this.#ws.onopen = () => {
      for (const line of this.#outbox.splice(0)) this.#ws.send(line);
      this.dispatchEvent(new CustomEvent("ready"));
    };
    this.#ws.onmessage = ({ data }) => {
      const message = JSON.parse(data);
      this.dispatchEvent(new CustomEvent("chat", { detail: message }));
    };
    this.#ws.onclose = ({ code, reason }) => this.dispatchEvent(new CustomEvent("left", { detail: { code, reason } }));
  }

  say(text) {
    const line = JSON.stringify({ from: this.name, text, at: new Date().toISOString() });
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.send(line);
    else this.#outbox.push(line); // sent in order once open
  }

  leave() {
    this.#ws.close(1000, `${this.name} left`);
  }
}

const client = new ChatClient(new URL("/echo?protocol=chat.v1", location), "ada");
client.say("hi, anyone here?"); // queued: the socket is still connecting

let received = 0;
client.addEventListener("chat", ({ detail }) => {
  console.log(`[${detail.from}] ${detail.text}`);
  if (++received === 3) client.leave();
});
client.addEventListener("ready", () => {
  client.say("I can send now that we are open");
  setTimeout(() => client.say("and a little later, too"), 50);
});
client.addEventListener("left", ({ detail }) => console.log(`left the chat: ${detail.code} ${detail.reason}`));
