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

    private const string RunHelp = """
          jsws run <file|-> [--location URL] [--module] [--serve] [flags]
                                       Run a script until its event loop drains (a .mjs file, or --module,
                                       runs as an ES module; - reads a classic script from standard input).
                                       --location URL sets location, the base for relative WebSocket URLs.
                                       --serve starts the test server on a free port and sets location to it,
                                       so new WebSocket(new URL("/echo", location)) works.
                                       import may read files only in the script's folder (the current
                                       directory for -) and the folders --allow-read grants.
        """;

    private const string ServeHelp = """
          jsws serve [--port N]        Run the test server on 127.0.0.1 (default port 8080)
        """;

    private const string ExitCodes = """
        Exit codes: 0 when the event loop drains, 1 after an uncaught error, 2 on a usage error, 3 when a limit
        (--timeout, --max-memory, the --untrusted bounds) stopped the run, 130 on Ctrl+C or SIGTERM.
        """;

    private static readonly string Usage = $"""
        Usage:
        {RunHelp}
        {ReplCommand.Help}
        {Testing.TestCommand.Help}
        {ServeHelp}
        {CompletionsCommand.Help}
          jsws <command> --help        Show the help of one command
          jsws --help                  Show this help
          jsws --version               Show the version

        Flags of run, repl and test (permissions and limits):
        {HostFlags.Help}

        {ExitCodes}
        """;

    // jsws <command> --help: the command's own part of the usage, with the flags it takes.
    private static string? CommandHelp(string command) => command switch
    {
        "run" => $"Usage:\n{RunHelp}\n\nFlags (permissions and limits):\n{HostFlags.Help}\n\n{ExitCodes}",
        "repl" => $"Usage:\n{ReplCommand.Help}\n\nFlags (permissions and limits):\n{HostFlags.Help}\n\n{ExitCodes}",
        "test" => $"Usage:\n{Testing.TestCommand.Help}\n\nFlags (permissions and limits):\n{HostFlags.Help}",
        "serve" => $"Usage:\n{ServeHelp}",
        "completions" => $"Usage:\n{CompletionsCommand.Help}",
        _ => null,
    };

    /// <summary>
    /// Set by a command that handles Ctrl+C itself (the interactive REPL): returns true when it did, and the run is then
    /// not cancelled.
    /// </summary>
    public static Func<bool>? InterruptHandler { get; set; }

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

        if (args.Length > 1 && args[1] is "--help" or "-h" && CommandHelp(args[0]) is { } help)
        {
            await stdout.WriteLineAsync(help.TrimEnd()).ConfigureAwait(false);
            return 0;
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
            case "completions":
                return await CompletionsCommand.RunAsync(args.AsSpan(1).ToArray(), stdout, stderr).ConfigureAwait(false);
            case "serve":
                return await ServeCommand.RunAsync(args.AsSpan(1).ToArray(), stdout, stderr, cancellationToken).ConfigureAwait(false);
            default:
                var command = Closest(args[0], ["run", "repl", "test", "serve", "completions", "--help", "--version"]);
                var suggestion = command is null ? "" : $" Did you mean '{command}'?";
                await stderr.WriteLineAsync($"jsws: unknown command '{args[0]}'.{suggestion} Run 'jsws --help' for usage.").ConfigureAwait(false);
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

    /// <summary>
    /// The message for an option <paramref name="command"/> does not take, with the closest of its options when one is
    /// near (a misspelling), e.g. <c>unknown option '--untrustd' for 'run'. Did you mean '--untrusted'?</c>
    /// </summary>
    public static string UnknownOption(string option, string command)
    {
        var name = option.Split('=', 2)[0];
        var closest = Closest(name, FlagsOf(command));
        var suggestion = closest is null ? "" : $" Did you mean '{closest}'?";
        return $"unknown option '{option}' for '{command}'.{suggestion} Run 'jsws {command} --help' for usage.";
    }

    /// <summary>The long options <paramref name="command"/> takes, as its help lists them.</summary>
    public static List<string> FlagsOf(string command) =>
        CommandHelp(command) is { } help
            ? System.Text.RegularExpressions.Regex.Matches(help, "--[a-z][a-z-]*").Select(static m => m.Value)
                .Where(static f => f != "--help").Distinct(StringComparer.Ordinal).ToList()
            : [];

    // The candidate within edit distance 2 (and a third of the word) of word, if one is nearest.
    private static string? Closest(string word, IReadOnlyList<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = EditDistance(word, candidate);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return bestDistance <= Math.Min(2, Math.Max(1, word.Length / 3)) && bestDistance > 0 ? best : null;
    }

    // Edit distance with insertions, deletions, substitutions and swaps of two neighbours (optimal string alignment).
    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(d[i - 1, j - 1] + cost, Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
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
