using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using JsWebSocketHost.Tests.Cli;

namespace JsWebSocketHost.Tests.Reliability;

/// <summary>
/// The bundled test server as <c>jsws serve --port 0</c> in a process of its own, so that what this process holds
/// (managed heap, descriptors, threads) is the client's alone: the server keeps a bounded log of the Close frames
/// clients sent, which would count against the client if it ran in-process.
/// </summary>
internal sealed partial class ServeProcess : IDisposable
{
    private readonly Process _process;

    private ServeProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary><c>ws://127.0.0.1:PORT/path?query</c>.</summary>
    public Uri WebSocketUrl(string pathAndQuery) => new(string.Create(CultureInfo.InvariantCulture, $"ws://127.0.0.1:{Port}{pathAndQuery}"));

    [GeneratedRegex(@"^Serving on http://127\.0\.0\.1:(\d+)/")]
    private static partial Regex Banner();

    public static async Task<ServeProcess> StartAsync()
    {
        var start = JswsProcess.StartInfo("serve", "--port", "0");
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start jsws serve.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? line;
        try
        {
            line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            line = null;
        }

        var match = line is null ? Match.Empty : Banner().Match(line);
        if (!match.Success)
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw new InvalidOperationException("jsws serve did not start: " + line);
        }

        // Its listing of the paths follows; nobody reads it, so drop it rather than let the pipe fill.
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
        return new ServeProcess(process, int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
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
