using System.Diagnostics;

namespace JsWebSocketHost.Tests.Cli;

/// <summary>
/// <c>jsws repl</c> on a real pseudo-terminal (a tmux pane): the prompt, Ctrl+C stopping a loop that never yields
/// and an await that never settles without leaving the session, Ctrl+C twice at the prompt leaving with 130, output
/// that arrives while a line is typed, Tab completion, and the history kept from one session to the next.
/// </summary>
[TestFixture]
public sealed class ReplTerminalTests
{
    private string _session = null!;
    private string _history = null!;

    [SetUp]
    public void SetUp()
    {
        if (Run("tmux", "-V").Code != 0)
        {
            Assert.Ignore("tmux is not installed (apt-get install tmux; scripts/test.sh installs it as root)");
        }

        _session = "jsws-repl-" + Guid.NewGuid().ToString("N")[..12];
        _history = Path.Combine(Path.GetTempPath(), _session + ".history");
    }

    [TearDown]
    public void TearDown()
    {
        Run("tmux", "kill-session", "-t", _session);
        File.Delete(_history);
    }

    // jsws repl in a new 160 × 50 pane, with its history in a file of the test's own; the pane stays after it exits.
    private async Task Start()
    {
        var command = string.Join(' ', JswsProcess.Command("repl").Select(static a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var shell = $"JSWS_REPL_HISTORY='{_history}' {command}; echo EXITED $?; sleep 60";
        Assert.That(Run("tmux", "new-session", "-d", "-s", _session, "-x", "160", "-y", "50", shell).Code, Is.Zero);
        await Until("to leave.\n>");
    }

    [Test]
    public async Task Ctrl_C_stops_the_running_input_and_the_session_goes_on_and_twice_at_the_prompt_leaves()
    {
        await Start();

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
        await Start();

        Keys("function twice(x) {", "Enter");
        await Until("\n...");
        Keys("return 2 * x }", "Enter");
        Keys("twice(21)", "Enter");
        await Until("42");
        Keys(".exit", "Enter");
        await Until("EXITED 0");
    }

    [Test]
    public async Task Ctrl_C_drops_a_statement_being_continued_and_then_twice_at_the_empty_prompt_leaves()
    {
        await Start();

        Keys("const x = {", "Enter");
        await Until("> const x = {\n...");
        Keys("C-c");
        await Until("... ^C\n>");
        Keys("typeof x", "Enter");
        await Until("> typeof x\n'undefined'\n>");
        Keys("C-c");
        await Until("(To exit, press Ctrl+C again or Ctrl+D or type .exit)\n>");
        Keys("C-c");
        await Until("EXITED 130");
        Assert.That(Screen(), Does.Contain("type .exit)\n>\nEXITED 130"), "the shell's next line starts on a row of its own");
    }

    [Test]
    public async Task Output_that_arrives_while_a_line_is_typed_goes_above_it_and_the_line_stays_whole()
    {
        await Start();
        Keys("let ticks = 0; const id = setInterval(() => console.log('tick', ++ticks), 100)", "Enter");
        await Until("tick 2");

        Keys("clearInterval(id), 4");
        await Task.Delay(300);
        Keys(" + 1");
        await Until(static screen => LastLine(screen) == "> clearInterval(id), 4 + 1" && screen.Contains("tick 6", StringComparison.Ordinal));
        Keys("Enter");
        await Until("\n> clearInterval(id), 4 + 1\n");
        await Until(static screen => screen.Split('\n').Contains("5"));
        Assert.That(Screen().Split('\n').Where(static l => l.Contains("tick", StringComparison.Ordinal) && !l.StartsWith("> let ticks", StringComparison.Ordinal)), Has.All.Match("^tick \\d+$"), "no tick is mixed into a typed line");
    }

    [Test]
    public async Task Tab_completes_globals_and_properties_after_a_dot_and_lists_what_it_cannot_choose()
    {
        await Start();
        Keys("WebSoc", "Tab");
        await Until(static screen => LastLine(screen) == "> WebSocket");
        Keys(".CL", "Tab");
        await Until(static screen => LastLine(screen) == "> WebSocket.CLOS");
        Keys("Tab");
        await Until("CLOSED   CLOSING\n> WebSocket.CLOS");
        Keys("ED", "Enter");
        await Until("> WebSocket.CLOSED\n3\n");

        Keys("const session = { reply: 1 }", "Enter");
        await Until("> const session = { reply: 1 }\nundefined\n>");
        Keys("session.re", "Tab", "Enter");
        await Until("> session.reply\n1\n");
    }

    [Test]
    public async Task Up_recalls_the_lines_of_an_earlier_session_from_the_history_file_and_Ctrl_C_drops_a_typed_line()
    {
        await Start();
        Keys("40 + 2", "Enter");
        await Until("42");
        Keys("oops");
        await Until(static screen => LastLine(screen) == "> oops");
        Keys("C-c");
        await Until("> oops^C\n>");
        Keys(".exit", "Enter");
        await Until("EXITED 0");
        Assert.That(File.ReadAllLines(_history), Is.EqualTo(new[] { "40 + 2", ".exit" }), "a line dropped by Ctrl+C is not kept");

        Run("tmux", "kill-session", "-t", _session);
        await Start();
        Keys("Up", "Up");
        await Until(static screen => LastLine(screen) == "> 40 + 2");
        Keys("Enter");
        await Until("> 40 + 2\n42\n");
    }

    private static string LastLine(string screen) => screen.TrimEnd('\n').Split('\n')[^1];

    private string Screen() =>
        string.Join('\n', Run("tmux", "capture-pane", "-p", "-t", _session).Output.Split('\n').Select(static l => l.TrimEnd()));

    private void Keys(params string[] keys) => Run("tmux", ["send-keys", "-t", _session, .. keys]);

    // Waits (up to 30 s) until the pane shows text; fails with what it shows otherwise.
    private Task Until(string text) => Until(screen => screen.Contains(text, StringComparison.Ordinal), $"the terminal never showed '{text}'");

    private async Task Until(Func<string, bool> condition, string? what = null)
    {
        var screen = "";
        for (var i = 0; i < 300; i++)
        {
            screen = Screen();
            if (condition(screen))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"{what ?? "the terminal never showed what was awaited"}; it shows:\n{screen}");
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
