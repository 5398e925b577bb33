using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using JsWebSocketHost.Benchmarks;
using JsWebSocketHost.Hosting;

// Side-by-side message-path benchmarks: raw ClientWebSocket from C# (the baseline) and a script on ScriptHost,
// against the same echo server, in one run. Results are ratios to the baseline, never absolute pass/fail.
// Usage: dotnet run -c Release --project tests/JsWebSocketHost.Benchmarks -- ws://127.0.0.1:PORT/echo [smoke|quick] [--runtimes SPEC] [--load-client FILE] [--out DIR]
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: JsWebSocketHost.Benchmarks <echo-url> [smoke|quick|guarded] [--runtimes SPEC] [--load-client FILE] [--out DIR]");
    return 2;
}

var echo = new Uri(args[0]);
// smoke: seconds, so CI keeps the benchmark from rotting (no figure from it means anything); quick: a minute or
// two; full (no word): the figures the README reports.
var smoke = args.Contains("smoke");
var quick = args.Contains("quick") || smoke;
string? Option(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

var roundTrips = smoke ? 200 : quick ? 2_000 : 20_000;
var pipelined = smoke ? 1_000 : quick ? 10_000 : 100_000;
var bulkCount = smoke ? 2 : quick ? 5 : 30;
var churn = smoke ? 10 : quick ? 50 : 300;
var idleSockets = smoke ? 10 : quick ? 100 : 1000;
var (loadSockets, loadMessages) = smoke ? (10, 10) : quick ? (200, 200) : (1000, 1000);

// "guarded": only the comparison of no limits against the untrusted preset, with more trials.
var guardedOnly = args.Contains("guarded");
var trials = quick ? 1 : guardedOnly ? 7 : 3;
var inProcess = new Dictionary<string, (double Raw, double InProcess)>();
Console.WriteLine($"echo server: {echo}; {trials} trial(s) per case after a warm-up, alternating, medians");
if (!guardedOnly)
{
Console.WriteLine($"{"case",-40}{"raw C#",14}{"jsws",14}{"ratio",8}");
inProcess[Workloads.PingPong] = await Compare(Workloads.PingPong, () => RawPingPong(echo, roundTrips), () => ScriptRate(JsWebSocketHost.Benchmarks.Scripts.PingPong(echo, roundTrips), roundTrips));
inProcess[Workloads.Pipelined] = await Compare(Workloads.Pipelined, () => RawPipelined(echo, pipelined), () => ScriptRate(JsWebSocketHost.Benchmarks.Scripts.Pipelined(echo, pipelined), pipelined));
inProcess[Workloads.Bulk] = await Compare(Workloads.Bulk, () => RawBulk(echo, bulkCount), () => ScriptRate(JsWebSocketHost.Benchmarks.Scripts.Bulk(echo, bulkCount), bulkCount));
// WebSocketStream against the same raw baselines: its ratio beside WebSocket's shows what the streams cost.
inProcess[Workloads.StreamPipelined] = await Compare(Workloads.StreamPipelined, () => RawPipelined(echo, pipelined), () => ScriptRate(JsWebSocketHost.Benchmarks.Scripts.StreamPipelined(echo, pipelined), pipelined));
inProcess[Workloads.StreamBulk] = await Compare(Workloads.StreamBulk, () => RawBulk(echo, bulkCount), () => ScriptRate(JsWebSocketHost.Benchmarks.Scripts.StreamBulk(echo, bulkCount), bulkCount));
inProcess[Workloads.Churn] = await Compare(Workloads.Churn, () => RawChurn(echo, churn), () => ScriptRate(JsWebSocketHost.Benchmarks.Scripts.Churn(echo, churn), churn));
await CompareIdleMemory(echo, idleSockets);
}

// The same scripts under the untrusted preset (network policy checking every resolved address, with the echo server
// granted by name; Jint's allocation, statement and time bounds; message, queue and buffer limits) against none.
Console.WriteLine();
Console.WriteLine($"{"case",-40}{"no limits",14}{"untrusted",14}{"ratio",8}");
await Compare(Workloads.PingPong, () => ScriptRate(JsWebSocketHost.Benchmarks.Scripts.PingPong(echo, roundTrips), roundTrips), () => ScriptRate(JsWebSocketHost.Benchmarks.Scripts.PingPong(echo, roundTrips), roundTrips, echo));
await Compare(Workloads.Churn, () => ScriptRate(JsWebSocketHost.Benchmarks.Scripts.Churn(echo, churn), churn), () => ScriptRate(JsWebSocketHost.Benchmarks.Scripts.Churn(echo, churn), churn, echo));
if (Option("--runtimes") is { } runtimeList)
{
    // --runtimes "jsws=dotnet path/jsws.dll run;node=node --experimental-websocket;deno=deno run --allow-net;bun=bun"
    var runtimes = runtimeList.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(spec =>
        {
            var (name, command) = (spec[..spec.IndexOf('=', StringComparison.Ordinal)], spec[(spec.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return new JsWebSocketHost.Benchmarks.RuntimeComparison.Runtime(name, words[0], words[1..]);
        })
        .ToList();
    var report = new JsWebSocketHost.Benchmarks.BenchReport();
    var settings = new JsWebSocketHost.Benchmarks.RuntimeComparison.Settings(roundTrips, pipelined, bulkCount, churn, idleSockets, loadSockets, loadMessages, Runs: smoke ? 1 : quick ? 3 : 5);
    await JsWebSocketHost.Benchmarks.RuntimeComparison.RunAsync(echo, runtimes, settings, report, inProcess, Option("--load-client"));

    var mode = smoke ? "smoke" : quick ? "quick" : "full";
    var heading = $"Benchmark ({mode}), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
    var markdown = report.ToMarkdown(heading);
    Console.WriteLine();
    Console.WriteLine(markdown);
    if (Option("--out") is { } outFolder)
    {
        Directory.CreateDirectory(outFolder);
        await File.WriteAllTextAsync(Path.Combine(outFolder, "results.md"), markdown);
        await File.WriteAllTextAsync(Path.Combine(outFolder, "ratios.svg"), report.ToSvg(heading));
        Console.WriteLine($"wrote {Path.Combine(outFolder, "results.md")} and {Path.Combine(outFolder, "ratios.svg")}");
    }
}

return 0;

// Idle memory: the working set and managed heap each open, idle connection adds (raw sockets with a receive
// pending vs script sockets with an onmessage handler), measured in the same process one after the other.
static async Task CompareIdleMemory(Uri url, int count)
{
    var (rawRss, rawHeap) = await MeasureIdle(async () =>
    {
        var sockets = new List<ClientWebSocket>();
        var receives = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            var socket = await Connect(url);
            sockets.Add(socket);
            receives.Add(socket.ReceiveAsync(new byte[16], default));
        }

        return async () =>
        {
            foreach (var socket in sockets)
            {
                socket.Abort();
                socket.Dispose();
            }

            await Task.WhenAll(receives.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));
        };
    });
    var (scriptRss, scriptHeap) = await MeasureIdle(async () =>
    {
        var output = new StringWriter();
        var host = new ScriptHost(new ScriptHostOptions { StandardOutput = output, StandardError = Console.Error });
        host.EnqueueScript($$"""
            globalThis.sockets = [];
            let open = 0;
            for (let i = 0; i < {{count}}; i++) {
              const ws = new WebSocket("{{url}}");
              ws.onmessage = () => {};
              ws.onopen = () => { if (++open === {{count}}) console.log("all open"); };
              sockets.push(ws);
            }
            """, "idle.js");
        var run = host.RunAsync();
        while (!output.ToString().Contains("all open", StringComparison.Ordinal))
        {
            await Task.Delay(20);
        }

        return async () =>
        {
            host.Post(engine => engine.Execute("for (const ws of sockets) ws.close();"));
            await run;
            await host.DisposeAsync();
        };
    });
    // The working-set delta is printed for reference only: in one process after the other cases, the GC may hand
    // memory back while connections open, so it can even come out negative. The managed heap delta is the measure.
    Console.WriteLine($"{"idle KB/conn (RSS, noisy)",-40}{rawRss,14:N1}{scriptRss,14:N1}");
    Console.WriteLine($"{"idle KB/conn (managed)",-40}{rawHeap,14:N1}{scriptHeap,14:N1}{scriptHeap / rawHeap,8:0.00}");

    async Task<(double Rss, double Heap)> MeasureIdle(Func<Task<Func<Task>>> open)
    {
        var rssBefore = Rss();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var close = await open();
        await Task.Delay(300);
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        var rssAfter = Rss();
        await close();
        return ((rssAfter - rssBefore) / 1024.0 / count, (heapAfter - heapBefore) / 1024.0 / count);
    }

    static long Rss()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }
}

async Task<(double Raw, double Script)> Compare(string name, Func<Task<double>> raw, Func<Task<double>> script)
{
    await raw();
    await script(); // warm-up: JIT and connection pools for both sides
    var raws = new List<double>();
    var scripts = new List<double>();
    for (var i = 0; i < trials; i++)
    {
        raws.Add(await raw());
        scripts.Add(await script());
    }

    var r = Median(raws);
    var s = Median(scripts);
    Console.WriteLine($"{name,-40}{r,14:N0}{s,14:N0}{s / r,8:0.00}");
    return (r, s);
}

static double Median(List<double> values)
{
    values.Sort();
    return values[values.Count / 2];
}

static async Task<double> Timed(int count, Func<Task> body)
{
    var watch = Stopwatch.StartNew();
    await body();
    return count / watch.Elapsed.TotalSeconds;
}

static async Task<ClientWebSocket> Connect(Uri url)
{
    var socket = new ClientWebSocket();
    await socket.ConnectAsync(url, CancellationToken.None);
    return socket;
}

static async Task<double> RawPingPong(Uri url, int count)
{
    using var socket = await Connect(url);
    var payload = Encoding.UTF8.GetBytes(new string('x', 32));
    var buffer = new byte[64];
    var rate = await Timed(count, async () =>
    {
        for (var i = 0; i < count; i++)
        {
            await socket.SendAsync(payload, WebSocketMessageType.Text, true, default);
            await socket.ReceiveAsync(buffer.AsMemory(), default);
        }
    });
    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default);
    return rate;
}

static async Task<double> RawPipelined(Uri url, int count)
{
    using var socket = await Connect(url);
    var payload = Encoding.UTF8.GetBytes(new string('y', 64));
    var buffer = new byte[128];
    var rate = await Timed(count, async () =>
    {
        var receiver = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                await socket.ReceiveAsync(buffer.AsMemory(), default);
            }
        });
        for (var i = 0; i < count; i++)
        {
            await socket.SendAsync(payload, WebSocketMessageType.Text, true, default);
        }

        await receiver;
    });
    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default);
    return rate;
}

static async Task<double> RawBulk(Uri url, int count)
{
    using var socket = await Connect(url);
    var payload = new byte[1 << 20];
    var buffer = new byte[1 << 20];
    var rate = await Timed(count, async () =>
    {
        for (var i = 0; i < count; i++)
        {
            await socket.SendAsync(payload, WebSocketMessageType.Binary, true, default);
            ValueWebSocketReceiveResult result;
            var filled = 0;
            do
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(filled), default);
                filled += result.Count;
            }
            while (!result.EndOfMessage);
            _ = buffer.AsSpan(0, filled).ToArray(); // the one copy a script host must make too
        }
    });
    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default);
    return rate;
}

static async Task<double> RawChurn(Uri url, int count) =>
    await Timed(count, async () =>
    {
        for (var i = 0; i < count; i++)
        {
            using var socket = await Connect(url);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default);
        }
    });

// guardedFor: run under the untrusted preset, with that server's host:port the one host granted.
static async Task<double> ScriptRate(string script, int count, Uri? guardedFor = null)
{
    var output = new StringWriter();
    var options = guardedFor is null ? new ScriptHostOptions() : ScriptHostOptions.ForUntrustedScripts();
    options.StandardOutput = output;
    options.StandardError = Console.Error;
    if (guardedFor is not null)
    {
        options.WebSockets.Network.AllowedHosts.Add($"{guardedFor.Host}:{guardedFor.Port}");
    }

    await using var host = new ScriptHost(options);
    host.EnqueueScript(script, "bench.js");
    var result = await host.RunAsync();
    if (!result.Succeeded)
    {
        throw new InvalidOperationException("benchmark script failed: " + result.Error);
    }

    // The script prints its own elapsed milliseconds (performance.now), so connection setup is excluded.
    var elapsed = double.Parse(output.ToString().Trim().Split('\n')[^1], CultureInfo.InvariantCulture);
    return count / (elapsed / 1000);
}
