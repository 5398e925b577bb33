namespace JsWebSocketHost.Benchmarks;

/// <summary>
/// The benchmark scripts: plain browser-style JavaScript (WebSocket, performance.now, console.log), so every runtime
/// runs the very same code. Each prints its elapsed milliseconds as its last line, connection set-up excluded.
/// </summary>
internal static class Scripts
{
    public static string PingPong(Uri url, int count) => $$"""
        const ws = new WebSocket("{{url}}");
        const payload = "x".repeat(32);
        let n = 0, start = 0;
        ws.onopen = () => { start = performance.now(); ws.send(payload); };
        ws.onmessage = () => { if (++n === {{count}}) { console.log(performance.now() - start); ws.close(); } else ws.send(payload); };
        """;

    public static string Pipelined(Uri url, int count) => $$"""
        const ws = new WebSocket("{{url}}");
        const payload = "y".repeat(64);
        let n = 0, start = 0;
        ws.onopen = () => { start = performance.now(); for (let i = 0; i < {{count}}; i++) ws.send(payload); };
        ws.onmessage = () => { if (++n === {{count}}) { console.log(performance.now() - start); ws.close(); } };
        """;

    public static string Bulk(Uri url, int count) => $$"""
        const ws = new WebSocket("{{url}}");
        ws.binaryType = "arraybuffer";
        const payload = new Uint8Array(1 << 20);
        let n = 0, start = 0;
        ws.onopen = () => { start = performance.now(); ws.send(payload); };
        ws.onmessage = () => { if (++n === {{count}}) { console.log(performance.now() - start); ws.close(); } else ws.send(payload); };
        """;

    // The same two workloads through WebSocketStream: writes wait for the writer's ready promise (the stream's
    // backpressure), a reader takes the echoes. A runtime without WebSocketStream prints "unsupported" (its cell is
    // n/a, not a failure).
    public static string StreamPipelined(Uri url, int count) => $$"""
        if (typeof WebSocketStream === "undefined") console.log("unsupported"); else (async () => {
          const wss = new WebSocketStream("{{url}}");
          const { readable, writable } = await wss.opened;
          const writer = writable.getWriter(), reader = readable.getReader();
          const payload = "y".repeat(64);
          const start = performance.now();
          const reading = (async () => { for (let n = 0; n < {{count}}; n++) await reader.read(); })();
          for (let i = 0; i < {{count}}; i++) { await writer.ready; writer.write(payload); }
          await reading;
          console.log(performance.now() - start);
          wss.close();
        })();
        """;

    public static string StreamBulk(Uri url, int count) => $$"""
        if (typeof WebSocketStream === "undefined") console.log("unsupported"); else (async () => {
          const wss = new WebSocketStream("{{url}}");
          const { readable, writable } = await wss.opened;
          const writer = writable.getWriter(), reader = readable.getReader();
          const payload = new Uint8Array(1 << 20);
          const start = performance.now();
          for (let n = 0; n < {{count}}; n++) { writer.write(payload); await reader.read(); }
          console.log(performance.now() - start);
          wss.close();
        })();
        """;

    public static string Churn(Uri url, int count) => $$"""
        let n = 0;
        const start = performance.now();
        function next() {
          if (n++ === {{count}}) { console.log(performance.now() - start); return; }
          const ws = new WebSocket("{{url}}");
          ws.onopen = () => ws.close();
          ws.onclose = next;
        }
        next();
        """;

    public static string Idle(Uri url, int count) => $$"""
        const sockets = [];
        let open = 0;
        const done = () => { console.log("all open"); setTimeout(() => { for (const ws of sockets) ws.close(); }, 1500); };
        if ({{count}} === 0) done();
        for (let i = 0; i < {{count}}; i++) {
          const ws = new WebSocket("{{url}}");
          ws.onmessage = () => {};
          ws.onopen = () => { if (++open === {{count}}) done(); };
          sockets.push(ws);
        }
        """;
}
