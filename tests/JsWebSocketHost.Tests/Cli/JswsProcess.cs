using System.Diagnostics;

namespace JsWebSocketHost.Tests.Cli;

/// <summary>
/// How the tests start <c>jsws</c> as a process: the build's <c>jsws.dll</c> on the running .NET host, or, when
/// <c>JSWS_TEST_BIN</c> names an executable (scripts/test.sh sets it to the NativeAOT build), that executable.
/// </summary>
internal static class JswsProcess
{
    /// <summary>The native (or other) jsws executable under test, if one is set.</summary>
    public static string? Executable => Environment.GetEnvironmentVariable("JSWS_TEST_BIN") is { Length: > 0 } path ? path : null;

    /// <summary>The command line that runs jsws with <paramref name="args"/>: the program, then its arguments.</summary>
    public static string[] Command(params string[] args) =>
        Executable is { } native ? [native, .. args] : [Environment.ProcessPath!, Path.Combine(AppContext.BaseDirectory, "jsws.dll"), .. args];

    /// <summary>A start info for jsws with <paramref name="args"/>, output and error redirected.</summary>
    public static ProcessStartInfo StartInfo(params string[] args) => FromCommand(Command(args));

    /// <summary>A start info for a command line (as <see cref="Command"/> makes, possibly wrapped), output and error redirected.</summary>
    public static ProcessStartInfo FromCommand(IReadOnlyList<string> command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        for (var i = 1; i < command.Count; i++)
        {
            start.ArgumentList.Add(command[i]);
        }

        return start;
    }
}
