using JsWebSocketHost.Cli;

namespace JsWebSocketHost.Tests.Cli;

/// <summary>
/// <c>jsws repl</c> fed from a pipe: each input's result on its own line, in order, with the event loop running
/// between inputs; top-level await, multi-line input, errors that do not end the session, the dot commands, and
/// the exit once the loop drains.
/// </summary>
[TestFixture]
public sealed class ReplCommandTests
{
    private static async Task<(int Code, string[] Out, string Err)> Repl(string input, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var code = await CommandLine.RunAsync(["repl", .. args], stdout, stderr, timeout.Token, new StringReader(input));
        return (code, stdout.ToString().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries), stderr.ToString().ReplaceLineEndings("\n"));
    }

    [Test]
    public async Task Each_result_is_printed_with_the_inspector_and_declarations_last_from_input_to_input()
    {
        var (code, output, error) = await Repl("""
            1 + 1
            "text"
            let x = 5
            x * 2
            ({ list: [1, "a"], nested: { deep: true } })
            [1, 2, 3].map(n => n * x)
            """);

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Is.EqualTo(new[] { "2", "'text'", "undefined", "10", "{ list: [ 1, 'a' ], nested: { deep: true } }", "[ 5, 10, 15 ]" }));
    }

    [Test]
    public async Task An_input_that_is_not_finished_goes_on_over_the_next_lines()
    {
        var (code, output, error) = await Repl("""
            function add(a,
                         b) {
              return a + b;
            }
            add(2,
              3)
            `two
            lines`
            """);

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Is.EqualTo(new[] { "undefined", "5", "'two\\nlines'" }));
    }

    [Test]
    public async Task Top_level_await_waits_for_the_value_and_its_declarations_stay_global()
    {
        var (code, output, error) = await Repl("""
            const answer = await new Promise(resolve => setTimeout(() => resolve(42), 20))
            answer + 1
            await Promise.resolve("direct")
            typeof answer
            """);

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Is.EqualTo(new[] { "undefined", "43", "'direct'", "'number'" }));
    }

    [Test]
    public async Task Await_is_found_wherever_it_stands_and_an_unfinished_await_input_goes_on()
    {
        var (code, output, error) = await Repl("""
            await (new Promise(resolve => setTimeout(resolve, 10, 5)))
            const [first, { second }] = await Promise.all([1, Promise.resolve({ second: 2 })])
            first + second
            const later = await new Promise(resolve => {
              setTimeout(() => resolve("multi-line"), 10);
            })
            later
            const early = await helper(); function helper() { return "hoisted"; }
            early
            var await_ = 1; await_
            """);

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Is.EqualTo(new[] { "5", "undefined", "3", "undefined", "'multi-line'", "undefined", "'hoisted'", "1" }));
    }

    [Test]
    public async Task Blank_lines_and_comments_print_nothing()
    {
        var (code, output, error) = await Repl("\n// a comment\n/* a block\n   comment */\n\n1\n");

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Is.EqualTo(new[] { "1" }));
    }

    [Test]
    public async Task Exit_leaves_at_once_even_with_work_left_in_the_loop()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (code, output, error) = await Repl("""
            setInterval(() => {}, 1000); "ticking"
            .exit
            """);

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Is.EqualTo(new[] { "'ticking'" }));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), "did not wait for the interval (which never ends)");
    }

    [Test]
    public async Task An_error_is_reported_and_the_session_goes_on_then_exits_1()
    {
        var (code, output, error) = await Repl("""
            let kept = "still here"
            throw new TypeError("boom")
            nope(
            )
            a b c
            await Promise.reject(new RangeError("rejected"))
            throw "a string"
            kept
            """);

        Assert.That(code, Is.EqualTo(1), "an input threw");
        Assert.That(output, Is.EqualTo(new[] { "undefined", "'still here'" }));
        Assert.That(error, Does.Contain("Uncaught TypeError: boom"));
        Assert.That(error, Does.Contain("Uncaught ReferenceError: nope is not defined"));
        Assert.That(error, Does.Contain("Uncaught SyntaxError: "));
        Assert.That(error, Does.Contain("Uncaught RangeError: rejected"));
        Assert.That(error, Does.Contain("Uncaught 'a string'"));
    }

    [Test]
    public async Task The_loop_runs_between_inputs_and_the_session_ends_once_it_drains()
    {
        // The timer starts only when the last input runs, so it cannot fire before it.
        var (code, output, error) = await Repl("""
            let release; new Promise(r => release = r).then(() => setTimeout(() => console.log("a timer, after the last input"), 10)); "queued"
            release(); "next input"
            """);

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Is.EqualTo(new[] { "'queued'", "'next input'", "a timer, after the last input" }));
    }

    [Test]
    public async Task A_WebSocket_to_the_test_server_prints_its_messages_as_they_arrive()
    {
        var (code, output, error) = await Repl("""
            const ws = new WebSocket("/echo"); const opened = new Promise(resolve => ws.onopen = resolve); "made"
            ws.onmessage = e => { console.log("echo: " + e.data); ws.close(1000); }; await opened; "open"
            ws.send("hello"); ws.onclose = e => console.log("closed " + e.code); "sent"
            """, "--serve");

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Is.EqualTo(new[] { "'made'", "'open'", "'sent'", "echo: hello", "closed 1000" }));
    }

    [Test]
    public async Task Dot_commands_help_load_clear_and_exit()
    {
        var file = Path.Combine(Path.GetTempPath(), "jsws-repl-" + Guid.NewGuid().ToString("N") + ".js");
        await File.WriteAllTextAsync(file, "var loaded = 'from the file';\nloaded.length\n");
        try
        {
            var (code, output, error) = await Repl($"""
                .help
                .load {file}
                loaded
                .clear
                typeof loaded
                .nonsense
                .5 + 1
                .exit
                "never evaluated"
                """);

            Assert.That(code, Is.EqualTo(1), "an unknown keyword counts as an input that failed");
            Assert.That(output, Does.Contain(".load     Evaluate a file: .load FILE"));
            Assert.That(output.SkipWhile(static l => l.StartsWith('.')).ToArray(), Is.EqualTo(new[] { "13", "'from the file'", "'undefined'", "1.5" }));
            Assert.That(error, Does.Contain("Invalid REPL keyword .nonsense"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task A_limit_ends_the_session_with_exit_code_3_and_input_left_open_is_a_syntax_error()
    {
        var (limited, _, limitError) = await Repl("while (true) {}\n\"never\"\n", "--timeout=1");
        Assert.That(limited, Is.EqualTo(3));
        Assert.That(limitError, Does.Contain("jsws: the run was stopped"));

        var (open, _, openError) = await Repl("if (true) {\n");
        Assert.That(open, Is.EqualTo(1));
        Assert.That(openError, Does.Contain("the input ended inside a statement"));
    }

    [Test]
    public async Task A_bad_flag_is_a_usage_error()
    {
        var (code, _, error) = await Repl("", "--nope");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Is.EqualTo("jsws: unknown option '--nope' for 'repl'. Run 'jsws repl --help' for usage.\n"));
    }
}
