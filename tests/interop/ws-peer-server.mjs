// An interop peer: a WebSocket server built on the independent `ws` library (not written by this project).
// Prints "PORT <n>" once listening on 127.0.0.1, then serves:
//   /echo         echoes text as text and binary as binary; "Goodbye" closes with 1000 "Goodbye"
//   /close-4001   closes at once with 4001 "peer says bye"
//   /protocol     accepts the first offered subprotocol and sends its name
//   /burst?n=N    sends N numbered text messages, then closes 1000
import { WebSocketServer } from "ws";

const wss = new WebSocketServer({
  host: "127.0.0.1",
  port: 0,
  handleProtocols: (protocols) => (protocols.size > 0 ? [...protocols][0] : false),
});

wss.on("connection", (socket, request) => {
  const url = new URL(request.url, "http://127.0.0.1");
  switch (url.pathname) {
    case "/close-4001":
      socket.close(4001, "peer says bye");
      break;
    case "/protocol":
      socket.send(socket.protocol);
      break;
    case "/burst": {
      const n = Number(url.searchParams.get("n") ?? "10");
      for (let i = 0; i < n; i++) socket.send(`message ${i}`);
      socket.close(1000, "done");
      break;
    }
    default:
      socket.on("message", (data, isBinary) => {
        if (!isBinary && data.toString() === "Goodbye") {
          socket.close(1000, "Goodbye");
          return;
        }
        socket.send(data, { binary: isBinary });
      });
  }
});

wss.on("listening", () => console.log(`PORT ${wss.address().port}`));
