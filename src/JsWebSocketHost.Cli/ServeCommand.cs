using System.Globalization;
using System.Net.Sockets;
using JsWebSocketHost.TestServer;

namespace JsWebSocketHost.Cli;

/// <summary><c>jsws serve [--port N]</c>: runs the deterministic test server on 127.0.0.1 until Ctrl+C.</summary>
internal static class ServeCommand
{
    public const int DefaultPort = 8080;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var port = DefaultPort;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port":
                    if (i + 1 >= args.Length || !TryParsePort(args[++i], out port))
                    {
                        return await CommandLine.UsageFailure(stderr, "--port needs a port number from 0 to 65535, e.g. --port 8080").ConfigureAwait(false);
                    }

                    break;
                default:
                    return await CommandLine.UsageFailure(stderr, args[i].StartsWith('-') ? CommandLine.UnknownOption(args[i], "serve") : $"unknown argument '{args[i]}' for 'serve'. Run 'jsws serve --help' for usage.").ConfigureAwait(false);
            }
        }

        try
        {
            await WebSocketTestServer.RunUntilCancelledAsync(port, stdout, cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (IOException ex) when (ex.InnerException is SocketException or null)
        {
            await stderr.WriteLineAsync($"jsws: cannot listen on 127.0.0.1:{port}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    public static bool TryParsePort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 0 and <= 65535;
}
