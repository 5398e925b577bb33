using System.Globalization;
using System.Text.Json;
using JsWebSocketHost.Hosting;

namespace JsWebSocketHost.Tests.Reliability;

/// <summary>
/// Runs the load client that <c>scripts/load.sh</c> runs under jsws, Deno and Bun (<c>scripts/load/client.js</c>) in
/// a <see cref="ScriptHost"/> of this process: its settings prelude first, then the file itself, unchanged.
/// </summary>
internal static class LoadClient
{
    /// <summary>The client script, shared with scripts/load.sh.</summary>
    public static string ScriptPath => Path.Combine(RepositoryPaths.Root, "scripts", "load", "client.js");

    /// <summary>The one-line prelude that gives the client its settings (the same shape load.sh writes).</summary>
    public static string Prelude(string label, Uri echoUrl, Uri? pushUrl, int sockets, int messages, TimeSpan timeout)
    {
        var config = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["label"] = label,
            ["echoUrl"] = echoUrl.AbsoluteUri,
            ["pushUrl"] = pushUrl?.AbsoluteUri,
            ["sockets"] = sockets,
            ["messages"] = messages,
            ["window"] = 100,
            ["size"] = 32,
            ["timeoutMs"] = (int)timeout.TotalMilliseconds,
        };
        return "var loadConfig = " + JsonSerializer.Serialize(config) + ";\n";
    }

    /// <summary>Runs the client once in a fresh host and disposes it; returns how the run ended and what it printed.</summary>
    public static async Task<LoadRun> RunAsync(string label, Uri echoUrl, Uri? pushUrl, int sockets, int messages, TimeSpan timeout)
    {
        var source = await File.ReadAllTextAsync(ScriptPath);
        var stdout = new StringWriter(CultureInfo.InvariantCulture);
        var stderr = new StringWriter(CultureInfo.InvariantCulture);
        ScriptRunResult result;
        await using (var host = new ScriptHost(new ScriptHostOptions { StandardOutput = stdout, StandardError = stderr }))
        {
            host.EnqueueScript(Prelude(label, echoUrl, pushUrl, sockets, messages, timeout), "load-config.js");
            host.EnqueueScript(source, "client.js");
            // The client stops itself at its own time-out; this bound is for a host that would not.
            using var bound = new CancellationTokenSource(timeout + TimeSpan.FromSeconds(10));
            result = await host.RunAsync(bound.Token);
        }

        var output = stdout.ToString();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("{\"load\":\"summary\"", StringComparison.Ordinal));
        return new LoadRun(result, line is null ? null : JsonDocument.Parse(line).RootElement.Clone(), output, stderr.ToString());
    }
}
