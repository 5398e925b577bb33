// Hosting a user script from C#: give it a base URL and options, hand it data from another thread, collect what it
// reports, and bound the run. Run with: dotnet run --project samples/EmbeddingSample
using Jint;
using JsWebSocketHost.Hosting;
using JsWebSocketHost.TestServer;

// A server for the script to talk to (in a real app, your own service).
await using var server = await WebSocketTestServer.StartAsync();

var options = new ScriptHostOptions
{
    BaseUrl = server.BaseUrl.ToString(),   // the script's `location`: relative WebSocket URLs resolve against it
    StandardOutput = Console.Out,
    StandardError = Console.Error,
};
options.WebSockets.Headers["X-Tenant"] = "demo";                     // sent with every handshake
options.WebSockets.ClosingHandshakeTimeout = TimeSpan.FromSeconds(2);

await using var host = new ScriptHost(options);

// The user's script: it echoes whatever the host feeds it and reports results through a host callback.
host.EnqueueScript("""
    const ws = new WebSocket("/echo");
    const pending = [];
    globalThis.feed = text => ws.readyState === WebSocket.OPEN ? ws.send(text) : pending.push(text);
    ws.onopen = () => { for (const text of pending.splice(0)) ws.send(text); };
    ws.onmessage = e => {
      report(`echoed: ${e.data}`);
      if (e.data === "last") ws.close(1000, "done");
    };
    ws.onclose = e => report(`closed with ${e.code} (${e.reason})`);
    """, "user-script.js");

// A C# function the script can call. Defined through Post, because only the loop's thread may touch the engine.
var reports = new List<string>();
host.Post(engine => engine.SetValue("report", new Action<string>(reports.Add)));

// Another thread hands the script work at any time: Post queues it on the event loop.
string[] texts = ["first", "second", "last"];
_ = Task.Run(async () =>
{
    foreach (var text in texts)
    {
        await Task.Delay(20);
        host.Post(engine => engine.Invoke("feed", text));
    }
});

// The loop runs until it is idle: here, until the socket has closed (an open socket holds it). The timeout bounds
// a script that never finishes.
using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
var result = await host.RunAsync(timeout.Token);

foreach (var line in reports)
{
    Console.WriteLine(line);
}

Console.WriteLine(result.Succeeded ? "script finished cleanly" : "script failed: " + result.Error!.Report);
return result.Succeeded ? 0 : 1;
