// The promise- and streams-based WebSocket: WebSocketStream, with backpressure both ways.
//   dotnet run --project src/JsWebSocketHost.Cli -- run --serve samples/streams.js
(async () => {
  const wss = new WebSocketStream(new URL("/echo", location));
  const { readable, writable, protocol } = await wss.opened;
  console.log(`opened: ${wss.url} (protocol "${protocol}")`);

  // Write a few messages; each write resolves once its bytes fit the send buffer (writer.ready is the backpressure).
  const writer = writable.getWriter();
  for (const word of ["streams", "pipe", "through", "a", "transform"]) {
    await writer.ready;
    writer.write(word);
  }

  // Read the echoes through a TransformStream, five of them, then close with a code and a reason.
  const shout = new TransformStream({ transform(chunk, controller) { controller.enqueue(chunk.toUpperCase()); } });
  const reader = readable.pipeThrough(shout).getReader();
  for (let i = 0; i < 5; i++) {
    const { value } = await reader.read();
    console.log(`echo ${i + 1}: ${value}`);
  }

  wss.close({ closeCode: 1000, reason: "done" });
  const { closeCode, reason } = await wss.closed;
  console.log(`closed: code ${closeCode}, reason "${reason}"`);
})();
