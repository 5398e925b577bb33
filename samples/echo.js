// Talk to an echo server the way a browser page would.
//   dotnet run --project src/JsWebSocketHost.Cli -- run --serve samples/echo.js
// --serve starts the bundled test server on a free port and sets `location` to it.
const ws = new WebSocket(new URL("/echo", location));

ws.addEventListener("open", () => {
  console.log(`open: ${ws.url} (protocol "${ws.protocol}")`);
  ws.send("Hello, WebSocket!");
  ws.send("Goodbye"); // the echo server closes the connection after this one
});

ws.addEventListener("message", (event) => {
  console.log(`message from ${event.origin}: ${event.data}`);
});

ws.addEventListener("close", (event) => {
  console.log(`close: code ${event.code}, reason "${event.reason}", clean: ${event.wasClean}`);
  // Nothing else is pending, so the event loop ends and jsws exits with 0.
});

ws.addEventListener("error", () => console.error("error: the connection failed"));
