using System.Diagnostics;

namespace JsWebSocketHost.Tests.Cli;

/// <summary>
/// <c>jsws repl</c> on a real pseudo-terminal (a tmux pane): the prompt, Ctrl+C stopping a loop that never yields
/// and an await that never settles without leaving the session, and Ctrl+C twice at the prompt leaving with 130.
/// </summary>
[TestFixture]
public sealed class ReplTerminalTests
{
    private string _session = null!;

    [SetUp]
    public void SetUp()
    {
        if (Run("tmux", "-V").Code != 0)
        {
            Assert.Ignore("tmux is not installed (apt-get install tmux; scripts/test.sh installs it as root)");
        }

        _session = "jsws-repl-" + Guid.NewGuid().ToString("N")[..12];
    }

    [TearDown]
    public void TearDown() => Run("tmux", "kill-session", "-t", _session);

    [Test]
    public async Task Ctrl_C_stops_the_running_input_and_the_session_goes_on_and_twice_at_the_prompt_leaves()
    {
        var command = string.Join(' ', JswsProcess.Command("repl").Select(static a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        Assert.That(Run("tmux", "new-session", "-d", "-s", _session, "-x", "160", "-y", "50", command + "; echo EXITED $?; sleep 60").Code, Is.Zero);
        await Until("to leave.\n>");

        Keys("let n = 0; while (true) { n++ }", "Enter");
        await Task.Delay(500);
        Keys("C-c");
        await Until("Uncaught Error: Script execution was interrupted");
        Keys("n > 0", "Enter");
        await Until("> n > 0\ntrue\n");

        Keys("await new Promise(() => {})", "Enter");
        await Task.Delay(300);
        Keys("C-c");
        await Until("> await new Promise(() => {})\nUncaught Error: Script execution was interrupted\n");
        Keys("[1, 2].map(x => x * 3)", "Enter");
        await Until("[ 3, 6 ]");

        Keys("C-c");
        await Until("(To exit, press Ctrl+C again or Ctrl+D or type .exit)");
        Keys("C-c");
        await Until("EXITED 130");
    }

    [Test]
    public async Task An_unfinished_statement_continues_at_a_second_prompt()
    {
        var command = string.Join(' ', JswsProcess.Command("repl").Select(static a => "'" + a + "'"));
        Run("tmux", "new-session", "-d", "-s", _session, "-x", "160", "-y", "50", command + "; echo EXITED $?; sleep 60");
        await Until("to leave.\n>");

        Keys("function twice(x) {", "Enter");
        await Until("\n...");
        Keys("return 2 * x }", "Enter");
        Keys("twice(21)", "Enter");
        await Until("42");
        Keys(".exit", "Enter");
        await Until("EXITED 0");
    }

    private void Keys(params string[] keys) => Run("tmux", ["send-keys", "-t", _session, .. keys]);

    // Waits (up to 30 s) until the pane shows text; fails with what it shows otherwise.
    private async Task Until(string text)
    {
        var screen = "";
        for (var i = 0; i < 300; i++)
        {
            screen = string.Join('\n', Run("tmux", "capture-pane", "-p", "-t", _session).Output.Split('\n').Select(static l => l.TrimEnd()));
            if (screen.Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"the terminal never showed '{text}'; it shows:\n{screen}");
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "");
        }
    }
}
