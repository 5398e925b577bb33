// Binary messages: send ArrayBuffers, typed arrays and Blobs; receive Blobs (the default) or ArrayBuffers.
//   dotnet run --project src/JsWebSocketHost.Cli -- run --serve samples/binary.js
const ws = new WebSocket(new URL("/echo", location));
const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");

ws.onopen = () => {
  console.log(`binaryType starts as "${ws.binaryType}"`);
  ws.send(new Uint8Array([0xde, 0xad, 0xbe, 0xef]));               // a view: only its bytes are sent
  ws.send(new Blob(["blob ", new Uint8Array([0x21])], { type: "text/plain" }));
  console.log(`bufferedAmount right after two sends: ${ws.bufferedAmount}`);
};

let count = 0;
ws.onmessage = async ({ data }) => {
  count++;
  if (data instanceof Blob) {
    const bytes = new Uint8Array(await data.arrayBuffer());
    const asText = count === 2 ? ` (as text: "${await data.text()}")` : "";
    console.log(`got a Blob of ${data.size} bytes: ${hex(bytes)}${asText}`);
  } else {
    console.log(`got an ArrayBuffer of ${data.byteLength} bytes: ${hex(new Uint8Array(data))}`);
  }

  if (count === 2) {
    ws.binaryType = "arraybuffer"; // applies to messages that arrive from now on
    const floats = new Float32Array([Math.PI]);
    ws.send(floats.buffer);
  } else if (count === 3) {
    ws.close();
  }
};

ws.onclose = (event) => console.log(`closed with ${event.code} (1005: no status was given)`);
