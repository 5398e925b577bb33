using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Interop;
using JsWebSocketHost.Hosting;

namespace JsWebSocketHost.Cli;

/// <summary>
/// <c>jsws repl</c>: reads JavaScript a statement at a time and prints each result with the console's inspector, while
/// the event loop runs between inputs (so a socket's handlers print as messages arrive). Multi-line input, top-level
/// <c>await</c>, and <c>.help</c>, <c>.exit</c>, <c>.clear</c>, <c>.load FILE</c>. On a terminal it prompts and edits
/// the line with history and completion (<see cref="ReplLineEditor"/>); from a pipe it reads the lines in order, with
/// no prompt, and at the end of input exits once the event loop drains, as <c>run</c> does.
/// </summary>
internal static class ReplCommand
{
    public const string Help = """
          jsws repl [--location URL] [--serve] [flags]
                                       Read, evaluate and print JavaScript, with the event loop running
                                       between inputs (also: jsws with no arguments, on a terminal).
                                       Multi-line input, top-level await; .help, .exit, .clear, .load FILE.
                                       On a terminal: line editing, history (~/.jsws_repl_history, or
                                       $JSWS_REPL_HISTORY) and Tab completion.
                                       From a pipe: no prompt, each result on its own line; at the end of
                                       input it exits once the loop drains. The exit code is 1 when an
                                       input threw or a handler's error was reported.
        """;

    private const string DotHelp = """
        .clear    Forget every variable: start again in a new global
        .exit     Leave the REPL (Ctrl+D does too)
        .help     Show this list
        .load     Evaluate a file: .load FILE
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken, TextReader? stdin = null)
    {
        string? location = null;
        var serve = false;
        var flags = new HostFlags();
        for (var i = 0; i < args.Length; i++)
        {
            if (flags.TryRead(args, ref i, out var flagError))
            {
                if (flagError is not null)
                {
                    return await CommandLine.UsageFailure(stderr, flagError).ConfigureAwait(false);
                }

                continue;
            }

            switch (args[i])
            {
                case "--serve":
                    serve = true;
                    break;
                case "--location":
                    if (i + 1 >= args.Length)
                    {
                        return await CommandLine.UsageFailure(stderr, "--location needs a URL, e.g. --location http://127.0.0.1:8080/").ConfigureAwait(false);
                    }

                    location = args[++i];
                    break;
                default:
                    return await CommandLine.UsageFailure(stderr, CommandLine.UnknownOption(args[i], "repl")).ConfigureAwait(false);
            }
        }

        if (serve && location is not null)
        {
            return await CommandLine.UsageFailure(stderr, "--serve sets location to the test server; it cannot be combined with --location.").ConfigureAwait(false);
        }

        if (location is not null && !Url.UrlParser.CanParse(location))
        {
            return await CommandLine.UsageFailure(stderr, $"--location '{location}' is not an absolute URL.").ConfigureAwait(false);
        }

        var interactive = stdin is null && !Console.IsInputRedirected;
        var input = stdin ?? Console.In;
        if (serve)
        {
            return await RunWithTestServerAsync(flags, interactive, input, stdout, stderr, cancellationToken).ConfigureAwait(false);
        }

        return await RunSessionAsync(flags, location, interactive, input, stdout, stderr, cancellationToken).ConfigureAwait(false);
    }

    // Kept apart so that a plain REPL never loads the server's (ASP.NET Core) assemblies.
    private static async Task<int> RunWithTestServerAsync(HostFlags flags, bool interactive, TextReader input, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var server = await TestServer.WebSocketTestServer.StartAsync(ct: cancellationToken).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            flags.AllowOwnOrigin($"{server.BaseUrl.Host}:{server.BaseUrl.Port}");
            if (interactive)
            {
                await stdout.WriteLineAsync($"The test server is at {server.BaseUrl} (location): try new WebSocket('/echo').").ConfigureAwait(false);
            }

            return await RunSessionAsync(flags, server.BaseUrl.ToString(), interactive, input, stdout, stderr, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<int> RunSessionAsync(HostFlags flags, string? location, bool interactive, TextReader input, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (interactive)
        {
            await stdout.WriteLineAsync($"jsws {CommandLine.Version} REPL. Type .help for help, .exit or Ctrl+D to leave.").ConfigureAwait(false);
        }

        // On a terminal (output too, and not TERM=dumb), lines are edited key by key, with history and completion;
        // script output is then written around the line being typed.
        ReplScreen? screen = null;
        if (interactive && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb")
        {
            screen = new ReplScreen(stdout, TerminalWidth);
            stdout = screen.OutputTo(stdout);
            stderr = screen.OutputTo(stderr);
        }

        var session = Session.Start(flags, location, stdout, stderr, cancellationToken);
        var editor = screen is null ? null : new ReplLineEditor(
            ReplKeyReader.Start().Read, screen, new ReplHistory(ReplHistory.DefaultPath()), text => session.Complete(text));
        var exitAsked = false;
        var continuing = false;
        if (interactive)
        {
            // Ctrl+C stops the input that is running (a loop that never yields, an await that never settles) and
            // the session goes on; at the prompt it drops the line being typed, or with nothing to drop says how to
            // leave, and a second one in a row leaves (130).
            CommandLine.InterruptHandler = () =>
            {
                if (session.Interrupt())
                {
                    return true;
                }

                if (editor is not null && editor.Cancel("> ", Volatile.Read(ref continuing)))
                {
                    Volatile.Write(ref continuing, false);
                    exitAsked = false;
                    return true;
                }

                if (exitAsked)
                {
                    editor?.Leave();
                    Environment.Exit(CommandLine.Interrupted); // the console's line reading cannot be woken
                }

                exitAsked = true;
                if (editor is not null)
                {
                    editor.Notify("> ", ExitNotice);
                }
                else
                {
                    stdout.Write($"\n{ExitNotice}\n> ");
                    stdout.Flush();
                }

                return true;
            };
        }

        var threw = false;
        var buffer = new System.Text.StringBuilder();
        try
        {
            while (true)
            {
                var prompt = buffer.Length == 0 ? "> " : "... ";
                string? line;
                if (editor is not null)
                {
                    line = await Task.Factory.StartNew(() => editor.ReadLine(prompt), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)
                        .WaitAsync(cancellationToken).ConfigureAwait(false);
                    if (editor.TakeCancelled())
                    {
                        buffer.Clear(); // Ctrl+C dropped the statement being continued
                    }
                }
                else
                {
                    if (interactive)
                    {
                        await stdout.WriteAsync(prompt).ConfigureAwait(false);
                        await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
                    }

                    line = await input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                }

                exitAsked = false;
                if (line is null)
                {
                    break; // the end of input (Ctrl+D)
                }

                if (buffer.Length == 0 && line.TrimStart().StartsWith('.') && DotCommand(line.Trim()) is var (command, argument) && command.Length > 0)
                {
                    switch (command)
                    {
                        case ".exit":
                            return await session.LeaveAsync(threw).ConfigureAwait(false);
                        case ".help":
                            await stdout.WriteLineAsync(DotHelp).ConfigureAwait(false);
                            continue;
                        case ".clear":
                            threw |= session.ErrorsReported > 0;
                            await session.DisposeAsync().ConfigureAwait(false);
                            session = Session.Start(flags, location, stdout, stderr, cancellationToken);
                            if (interactive)
                            {
                                await stdout.WriteLineAsync("Cleared: a new global.").ConfigureAwait(false);
                            }

                            continue;
                        case ".load":
                            threw |= !await LoadAsync(session, argument, stderr).ConfigureAwait(false);
                            if (session.Ended)
                            {
                                return await session.EndAsync(threw, stderr).ConfigureAwait(false);
                            }

                            continue;
                        default:
                            if (line.Trim().Length > 1 && char.IsLetter(line.Trim()[1]))
                            {
                                await stderr.WriteLineAsync($"Invalid REPL keyword {command}: see .help").ConfigureAwait(false);
                                threw = true;
                                continue;
                            }

                            break; // not a command (e.g. ".5 + 1"): JavaScript
                    }
                }

                buffer.Append(line).Append('\n');
                var code = buffer.ToString();
                var kind = ReplInput.Classify(code, out var prepared, out var rewritten, out var error);
                if (kind == ReplInputKind.Incomplete)
                {
                    Volatile.Write(ref continuing, true);
                    continue;
                }

                buffer.Clear();
                Volatile.Write(ref continuing, false);
                if (prepared is { } empty && ReplInput.IsEmpty(empty))
                {
                    continue; // a blank line, or only comments
                }

                if (kind == ReplInputKind.Invalid)
                {
                    await stderr.WriteLineAsync("Uncaught " + error).ConfigureAwait(false);
                    threw = true;
                    continue;
                }

                threw |= !await session.EvaluateAsync(code, prepared, rewritten).ConfigureAwait(false);
                if (session.Ended)
                {
                    break; // a limit or the run's time-out ended it
                }
            }

            if (buffer.Length > 0)
            {
                await stderr.WriteLineAsync("Uncaught SyntaxError: the input ended inside a statement").ConfigureAwait(false);
                threw = true;
            }

            // Ctrl+D on a terminal leaves at once; the end of piped input lets the loop drain, as run does.
            return interactive && !session.Ended
                ? await session.LeaveAsync(threw).ConfigureAwait(false)
                : await session.EndAsync(threw, stderr).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("jsws: interrupted").ConfigureAwait(false);
            return CommandLine.Interrupted;
        }
        finally
        {
            if (interactive)
            {
                CommandLine.InterruptHandler = null;
            }

            await session.DisposeAsync().ConfigureAwait(false);
        }
    }

    private const string ExitNotice = "(To exit, press Ctrl+C again or Ctrl+D or type .exit)";

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth is > 0 and var width ? width : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }

    private static (string Command, string Argument) DotCommand(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (line, "") : (line[..space], line[(space + 1)..].Trim());
    }

    private static async Task<bool> LoadAsync(Session session, string path, TextWriter stderr)
    {
        if (path.Length == 0)
        {
            await stderr.WriteLineAsync(".load needs a file: .load FILE").ConfigureAwait(false);
            return false;
        }

        string code;
        try
        {
            code = await File.ReadAllTextAsync(path).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"Failed to load {path}: {e.Message}").ConfigureAwait(false);
            return false;
        }

        var kind = ReplInput.Classify(code, out var prepared, out var rewritten, out var error);
        if (kind != ReplInputKind.Complete)
        {
            await stderr.WriteLineAsync("Uncaught " + (error ?? "SyntaxError: the file ends inside a statement")).ConfigureAwait(false);
            return false;
        }

        return prepared is { } script && ReplInput.IsEmpty(script) || await session.EvaluateAsync(code, prepared, rewritten).ConfigureAwait(false);
    }

    /// <summary>One global: a host whose loop runs the whole session, held open while input may still come.</summary>
    private sealed class Session : IAsyncDisposable
    {
        private readonly ScriptHost _host;
        private readonly Task<ScriptRunResult> _run;
        private readonly CancellationTokenSource _hold = new();
        private readonly CancellationTokenSource _leave;
        private readonly TextWriter _stdout;
        private readonly TextWriter _stderr;
        private int _errorsReported;

        private Session(ScriptHost host, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
        {
            _host = host;
            _stdout = stdout;
            _stderr = stderr;
            _leave = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            host.UncaughtError += (_, _) => Interlocked.Increment(ref _errorsReported);

            // A promise that never settles keeps the run going between inputs, until the session lets go of it.
            _ = host.EvaluateAsync<object?>("new Promise(() => {})", _hold.Token).ContinueWith(
                static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            _run = host.RunAsync(_leave.Token);
        }

        /// <summary>How many uncaught errors (of handlers, timers…) the host reported so far.</summary>
        public int ErrorsReported => Volatile.Read(ref _errorsReported);

        /// <summary>Whether the run ended (a limit, the time-out, a cancellation) while input may still come.</summary>
        public bool Ended => _run.IsCompleted;

        public static Session Start(HostFlags flags, string? location, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
        {
            var options = flags.CreateOptions(stderr);
            options.StandardOutput = stdout;
            options.StandardError = stderr;
            options.BaseUrl = location;
            options.UncaughtErrorMode = UncaughtErrorMode.ReportAndContinue; // a handler's error does not end the session
            var folder = Directory.GetCurrentDirectory();
            options.ModuleBasePath = folder;
            options.ModuleRoots.Insert(0, folder);
            return new Session(new ScriptHost(options), stdout, stderr, cancellationToken);
        }

        private TaskCompletionSource<bool>? _evaluating;

        // The top-level let, const and class names evaluated so far (loop thread only), for completion.
        private readonly HashSet<string> _lexicalNames = new(StringComparer.Ordinal);

        /// <summary>Tab: the completions of the name before the cursor, found on the loop (none if it is busy).</summary>
        public ReplCompletion.Result Complete(string before)
        {
            var result = new TaskCompletionSource<ReplCompletion.Result>(TaskCreationOptions.RunContinuationsAsynchronously);
            _host.Post(engine =>
            {
                try
                {
                    result.TrySetResult(ReplCompletion.Complete(engine, before, _lexicalNames));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Whatever goes wrong in finding completions is no error of the script's: no completions.
                    result.TrySetResult(ReplCompletion.Result.None);
                }
            });
            return result.Task.Wait(TimeSpan.FromSeconds(1)) ? result.Task.Result : ReplCompletion.Result.None;
        }

        /// <summary>
        /// Ctrl+C while an input is being evaluated: stops its script if it is running and stops waiting for its
        /// result; false when no input is being evaluated.
        /// </summary>
        public bool Interrupt()
        {
            if (Volatile.Read(ref _evaluating) is not { } evaluating)
            {
                return false;
            }

            _host.InterruptCurrentTask();
            if (evaluating.TrySetResult(false))
            {
                _stderr.WriteLine("Uncaught Error: Script execution was interrupted");
            }

            return true;
        }

        /// <summary>Evaluates one input as a task on the loop and prints its result; false when it threw.</summary>
        public async Task<bool> EvaluateAsync(string code, Prepared<Script>? prepared, string? rewritten)
        {
            var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _evaluating, done);
            _host.Post(engine =>
            {
                try
                {
                    if (prepared is { Program: { } program })
                    {
                        ReplInput.LexicalNames(program, _lexicalNames);
                    }

                    var result = prepared is { } script ? engine.Evaluate(script) : engine.Evaluate(rewritten ?? code, "repl");
                    if (rewritten is null)
                    {
                        Print(engine, result);
                        done.TrySetResult(true);
                        return;
                    }

                    // The async wrapper's promise: print what it settles to.
                    // (Not when Ctrl+C gave up on it meanwhile: the prompt has moved on.)
                    var onFulfilled = new ClrFunction(engine, "", (_, a) =>
                    {
                        if (done.TrySetResult(true))
                        {
                            Print(engine, a.Length > 0 ? a[0] : JsValue.Undefined);
                        }

                        return JsValue.Undefined;
                    });
                    var onRejected = new ClrFunction(engine, "", (_, a) =>
                    {
                        if (done.TrySetResult(false))
                        {
                            PrintError(engine, a.Length > 0 ? a[0] : JsValue.Undefined);
                        }

                        return JsValue.Undefined;
                    });
                    engine.Invoke(result.Get("then"), result, [onFulfilled, onRejected]);
                }
                catch (JavaScriptException e)
                {
                    PrintError(engine, e.Error);
                    done.TrySetResult(false);
                }
                catch (ScriptInterruptedException)
                {
                    engine.Advanced.ResetCallStack();
                    done.TrySetResult(false); // Interrupt() has said so
                }
                catch
                {
                    done.TrySetResult(false); // a limit: the host reports it and ends the run
                    throw;
                }
            });

            // The run may end first (a limit, the time-out): then no result will come.
            await Task.WhenAny(done.Task, _run).ConfigureAwait(false);
            Volatile.Write(ref _evaluating, null);
            return done.Task.IsCompleted && done.Task.Result;
        }

        /// <summary>Leaves at once (.exit, Ctrl+D): what the loop still had to do is dropped.</summary>
        public async Task<int> LeaveAsync(bool threw)
        {
            await _leave.CancelAsync().ConfigureAwait(false);
            try
            {
                await _run.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // the run was stopped: that is what leaving means
            }

            return threw || ErrorsReported > 0 ? CommandLine.UncaughtError : 0;
        }

        /// <summary>Lets the loop drain and gives the exit code.</summary>
        public async Task<int> EndAsync(bool threw, TextWriter stderr)
        {
            await _hold.CancelAsync().ConfigureAwait(false);
            var result = await _run.ConfigureAwait(false);
            var code = await CommandLine.ExitCodeForAsync(result, stderr).ConfigureAwait(false);
            return code == 0 && (threw || result.Errors.Count > 0) ? CommandLine.UncaughtError : code;
        }

        public async ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await _hold.CancelAsync().ConfigureAwait(false);
            await _leave.CancelAsync().ConfigureAwait(false);
            await _host.DisposeAsync().ConfigureAwait(false);
            _hold.Dispose();
            _leave.Dispose();
        }

        private bool _disposed;

        private void Print(Engine engine, JsValue value) =>
            _stdout.WriteLine(ConsoleFormatter.Inspect(engine, value, quoteStrings: true));

        // An error object with its stack, as console.error shows it; any other thrown value inspected ("Uncaught 'x'").
        private void PrintError(Engine engine, JsValue error) =>
            _stderr.WriteLine("Uncaught " + (error is Jint.Native.Object.ObjectInstance
                ? ConsoleFormatter.Format(engine, [error])
                : ConsoleFormatter.Inspect(engine, error, quoteStrings: true)));
    }
}
