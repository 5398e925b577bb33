using System.Diagnostics;

namespace JsWebSocketHost.Tests.Interop;

/// <summary>
/// A WebSocket server from Node's <c>ws</c> library (an implementation no one here wrote), run as a child process
/// on 127.0.0.1. <c>scripts/test.sh</c> installs it with npm into <c>tests/interop/node_modules</c>.
/// </summary>
internal sealed class NodeWsPeer : IDisposable
{
    private readonly Process _process;

    private NodeWsPeer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Url(string path) => $"ws://127.0.0.1:{Port}{path}";

    public static async Task<NodeWsPeer> StartAsync()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "tests", "interop");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "ws")))
        {
            throw new InvalidOperationException("The interop peer is not installed: run 'npm ci --prefix tests/interop' (scripts/test.sh does).");
        }

        var start = new ProcessStartInfo("node", "ws-peer-server.mjs")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null || !line.StartsWith("PORT ", StringComparison.Ordinal))
        {
            var error = await process.StandardError.ReadToEndAsync(timeout.Token);
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw new InvalidOperationException("The ws peer did not start: " + line + " " + error);
        }

        return new NodeWsPeer(process, int.Parse(line.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }
}
