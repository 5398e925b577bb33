// Hosting a script your own user wrote, safely: start from the untrusted preset, grant exactly the one server and
// the one folder the script needs, give it plain C# functions, and listen to what the host is told when the script
// reaches past them. Run with: dotnet run --project samples/UntrustedHost
using System.Net;
using System.Net.Sockets;
using JsWebSocketHost.Hosting;
using JsWebSocketHost.TestServer;

// The one service the user's script may use (in a real app, your own WebSocket service).
await using var server = await WebSocketTestServer.StartAsync();

// A service on this machine the script must never reach (in a real app: a database, an admin port, a sidecar).
using var internalService = new TcpListener(IPAddress.Loopback, 0);
internalService.Start();
var internalServiceUrl = $"ws://127.0.0.1:{((IPEndPoint)internalService.LocalEndpoint).Port}/";

// The user's script lives in a folder of its own; beside it (outside it) is a file of the host's.
var scriptFolder = Path.Combine(AppContext.BaseDirectory, "user-script");

// 1. The untrusted preset: no eval, no non-public addresses (loopback, private, link-local...), small limits.
//    Then grant exactly what this script needs: one server (this address and port only) and its own folder.
var options = ScriptHostOptions.ForUntrustedScripts();
options.BaseUrl = server.BaseUrl.ToString();                          // `location`; "/echo" resolves against it
options.WebSockets.Network.AllowedHosts.Add($"127.0.0.1:{server.BaseUrl.Port}");
options.ModuleRoots.Add(scriptFolder);
options.StandardOutput = Console.Out;
options.StandardError = Console.Out;

// 2. Run the user's module until it is done.
ScriptRunResult userRun;
await using (var host = CreateHost(options))
{
    // An asynchronous host function: the script's promise settles when the Task completes.
    host.SetGlobal("askHost", (Func<string, Task<string>>)(async question =>
    {
        await Task.Delay(10); // a database, a web API...
        return question == "plan" ? "free plan, 4 connections per host" : "unknown question";
    }));
    host.SetGlobal("internalServiceUrl", internalServiceUrl);
    host.EnqueueModule(Path.Combine(scriptFolder, "main.mjs"));
    userRun = await host.RunAsync();
    Print("user script", userRun);
}

Console.WriteLine(internalService.Pending()
    ? "[host] the internal service was reached"
    : "[host] the internal service was never reached");

// 3. Without the grant, the preset alone refuses the same server: loopback is not a public address.
var ungranted = ScriptHostOptions.ForUntrustedScripts();
ungranted.BaseUrl = server.BaseUrl.ToString();
await using (var host = CreateHost(ungranted))
{
    host.EnqueueScript("""
        const ws = new WebSocket("/echo");
        const seen = [];
        ws.onopen = () => seen.push("open");
        ws.onerror = e => seen.push(e.type);
        ws.onclose = e => report(`connect to the server without the grant: ${[...seen, "close " + e.code].join(", ")}`);
        """, "ungranted.js");
    Print("ungranted script", await host.RunAsync());
}

// 4. A runaway script: a limit ends the run cleanly (sockets aborted, timers cleared), and the result names it.
//    Any preset setting can be tightened; a host takes its snapshot when created, so earlier hosts are unaffected.
options.Limits.MaxStatementsPerTask = 1_000_000;
ScriptRunResult runawayRun;
await using (var host = CreateHost(options))
{
    host.EnqueueScript("report('spinning'); while (true) {}", "runaway.js");
    runawayRun = await host.RunAsync();
    Print("runaway script", runawayRun);
}

return userRun.Succeeded && runawayRun.Outcome == ScriptRunOutcome.LimitExceeded ? 0 : 1;

// A host for one script run, with the host's ears on and the one function every script gets.
static ScriptHost CreateHost(ScriptHostOptions options)
{
    var host = new ScriptHost(options);

    // What the host is told when a script reaches past what it was granted (the script only sees failures).
    host.NetworkAccessDenied += (_, e) =>
    {
        var address = e.Address?.ToString() ?? "none (denied by name, before any DNS lookup)";
        Console.WriteLine($"[host] NetworkAccessDenied: {e.Url.Host} by rule {e.Rule}, address {address}");
        Console.WriteLine($"[host]   {e.Message}");
    };
    host.LimitReached += (_, e) => Console.WriteLine($"[host] LimitReached: {e.Limit} (ends the run: {e.EndsRun}): {e.Message}");

    // What a script may call: plain functions; no .NET object is ever visible to it.
    host.SetGlobal("report", (Action<string>)(line => Console.WriteLine("[script] " + line)));
    return host;
}

static void Print(string name, ScriptRunResult result) =>
    Console.WriteLine($"[host] {name} ended: Outcome {result.Outcome}, Limit {result.Limit ?? "none"}, Message {result.Message ?? "none"}");
