using System.Reflection;
using JsWebSocketHost.Hosting;

namespace JsWebSocketHost.Cli;

/// <summary>The <c>jsws</c> command line: parses arguments, runs a command, returns the process exit code.</summary>
internal static class CommandLine
{
    /// <summary>Exit code after a usage error (unknown command or flag, missing file).</summary>
    public const int UsageError = 2;

    /// <summary>Exit code after an uncaught error or unhandled rejection.</summary>
    public const int UncaughtError = 1;

    /// <summary>Exit code when a limit (memory, statements, recursion, time) ended the run.</summary>
    public const int LimitExceeded = 3;

    /// <summary>Exit code after Ctrl+C.</summary>
    public const int Interrupted = 130;

    private static readonly string Usage = $"""
        Usage:
          jsws run <file|-> [--location URL] [--module] [--serve] [flags]
                                       Run a script until its event loop drains (a .mjs file, or --module,
                                       runs as an ES module; - reads a classic script from standard input).
                                       --location URL sets location, the base for relative WebSocket URLs.
                                       --serve starts the test server on a free port and sets location to it,
                                       so new WebSocket(new URL("/echo", location)) works.
                                       import may read files only in the script's folder (the current
                                       directory for -) and the folders --allow-read grants.
        {ReplCommand.Help}
        {Testing.TestCommand.Help}
          jsws serve [--port N]        Run the test server on 127.0.0.1 (default port 8080)
          jsws --help                  Show this help
          jsws --version               Show the version

        Flags of run (permissions and limits):
        {HostFlags.Help}

        Exit codes: 0 when the event loop drains, 1 after an uncaught error, 2 on a usage error, 3 when a limit
        (--timeout, --max-memory, the --untrusted bounds) stopped the run, 130 on Ctrl+C or SIGTERM.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken, TextReader? stdin = null)
    {
        if (args.Length == 0)
        {
            // On a terminal, as node, deno and bun do: the REPL.
            if (stdin is null && !Console.IsInputRedirected && !Console.IsOutputRedirected)
            {
                return await ReplCommand.RunAsync([], stdout, stderr, cancellationToken).ConfigureAwait(false);
            }

            await stderr.WriteLineAsync("jsws: no command given. Run 'jsws --help' for usage.").ConfigureAwait(false);
            return UsageError;
        }

        switch (args[0])
        {
            case "--help" or "-h" or "help":
                await stdout.WriteLineAsync(Usage).ConfigureAwait(false);
                return 0;
            case "--version" or "-V":
                await stdout.WriteLineAsync("jsws " + Version).ConfigureAwait(false);
                return 0;
            case "run":
                return await RunCommand.RunAsync(args.AsSpan(1).ToArray(), stdout, stderr, cancellationToken, stdin).ConfigureAwait(false);
            case "repl":
                return await ReplCommand.RunAsync(args.AsSpan(1).ToArray(), stdout, stderr, cancellationToken, stdin).ConfigureAwait(false);
            case "test":
                return await Testing.TestCommand.RunAsync(args.AsSpan(1).ToArray(), stdout, stderr, cancellationToken).ConfigureAwait(false);
            case "serve":
                return await ServeCommand.RunAsync(args.AsSpan(1).ToArray(), stdout, stderr, cancellationToken).ConfigureAwait(false);
            default:
                await stderr.WriteLineAsync($"jsws: unknown command '{args[0]}'. Run 'jsws --help' for usage.").ConfigureAwait(false);
                return UsageError;
        }
    }

    /// <summary>
    /// The exit code for how a run ended; a limit or a time-out gets one line on standard error naming it (an uncaught
    /// error was already reported by the host, with its stack).
    /// </summary>
    public static async Task<int> ExitCodeForAsync(ScriptRunResult result, TextWriter stderr)
    {
        switch (result.Outcome)
        {
            case ScriptRunOutcome.Drained:
                return 0;
            case ScriptRunOutcome.LimitExceeded or ScriptRunOutcome.TimedOut:
                await stderr.WriteLineAsync($"jsws: the run was stopped: {result.Message}").ConfigureAwait(false);
                return LimitExceeded;
            case ScriptRunOutcome.Cancelled:
                return Interrupted;
            default:
                return UncaughtError;
        }
    }

    /// <summary>Writes "jsws: message" on standard error and returns the usage-error exit code.</summary>
    public static async Task<int> UsageFailure(TextWriter stderr, string message)
    {
        await stderr.WriteLineAsync("jsws: " + message).ConfigureAwait(false);
        return UsageError;
    }

    /// <summary>The tool's version, from its assembly.</summary>
    public static string Version =>
        typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
