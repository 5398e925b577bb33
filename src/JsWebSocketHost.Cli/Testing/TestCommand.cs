using System.Globalization;

namespace JsWebSocketHost.Cli.Testing;

/// <summary>
/// <c>jsws test &lt;files or folders&gt; [--filter TEXT] [--timeout S] [--location URL] [--serve] [--root DIR] [-j N]
/// [flags]</c>: runs testharness.js-style files, each in a fresh host, and prints each subtest, then
/// <c>N passed, N failed</c>.
/// </summary>
internal static class TestCommand
{
    public const string Help = """
          jsws test <files or folders> [--filter TEXT] [--timeout S] [--location URL] [--serve] [--root DIR] [-j N]
                    [--reporter console|tap|junit|json] [--harness PATH]
                    [--expectations FILE [--update-expectations]] [--color auto|always|never]
                    [--browser chromium [--browser-path PATH] [--browser-expectations FILE]]
                                       Run testharness.js-style test files (test, async_test, promise_test,
                                       assert_*), each in a fresh host with the built-in harness; folders are
                                       searched for .js files (resources/, support/ skipped). Honours
                                       // META: script=, timeout=long, global= and variant=. --filter keeps the
                                       files whose path contains TEXT; --timeout is a file's harness timeout
                                       (default 10 s, 60 s for timeout=long); --root is where META scripts that
                                       start with / are found; -j N runs N files at once. Takes the flags of run.
                                       Ends with "N passed, N failed"; exit code 1 when anything failed.
                                       --reporter tap|junit|json writes that report to standard output (and
                                       the closing line to standard error). --harness loads an upstream
                                       resources/testharness.js instead of the built-in one (its folder's
                                       parent is then the root), so WPT files run unchanged.
                                       --expectations FILE (JSON: file -> subtests expected to fail) turns
                                       known failures into expected ones; unexpected passes and failures are
                                       listed apart. --update-expectations writes FILE from the run.
                                       --browser chromium also runs each file in headless Chromium (from
                                       PATH or --browser-path) on the test server's origin and prints both
                                       side by side; --browser-expectations FILE (JSON: file -> subtest ->
                                       reason) lists known differences.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        try
        {
            return await RunCoreAsync(args, stdout, stderr, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM: the hosts, the server and the browser were disposed on the way out.
            return CommandLine.Interrupted;
        }
    }

    private static async Task<int> RunCoreAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var inputs = new List<string>();
        var flags = new HostFlags();
        string? filter = null;
        string? location = null;
        string? root = null;
        TimeSpan? timeout = null;
        var serve = false;
        var parallel = 1;
        var reporterName = "console";
        string? harness = null;
        string? expectationsPath = null;
        var colorMode = "auto";
        var updateExpectations = false;
        string? browser = null;
        string? browserPath = null;
        string? browserExpectationsPath = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string? Value() => arg.Contains('=', StringComparison.Ordinal) ? arg[(arg.IndexOf('=', StringComparison.Ordinal) + 1)..] : i + 1 < args.Length ? args[++i] : null;
            var name = arg.Contains('=', StringComparison.Ordinal) ? arg[..arg.IndexOf('=', StringComparison.Ordinal)] : arg;
            switch (name)
            {
                case "--filter":
                    filter = Value() ?? "";
                    break;
                case "--location":
                    location = Value();
                    if (location is null || !Uri.TryCreate(location, UriKind.Absolute, out _))
                    {
                        return await CommandLine.UsageFailure(stderr, $"--location '{location}' is not an absolute URL.").ConfigureAwait(false);
                    }

                    break;
                case "--root":
                    root = Value();
                    if (root is null || !Directory.Exists(root))
                    {
                        return await CommandLine.UsageFailure(stderr, $"--root: '{root}' is not a folder").ConfigureAwait(false);
                    }

                    root = Path.GetFullPath(root);
                    break;
                case "--timeout":
                    var seconds = Value();
                    if (!double.TryParse(seconds, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var s) || s <= 0 || s > 86_400)
                    {
                        return await CommandLine.UsageFailure(stderr, $"--timeout: '{seconds}' is not a number of seconds greater than 0 (e.g. 10, 2.5)").ConfigureAwait(false);
                    }

                    timeout = TimeSpan.FromSeconds(s);
                    break;
                case "--serve":
                    serve = true;
                    break;
                case "--expectations":
                    expectationsPath = Value();
                    if (string.IsNullOrEmpty(expectationsPath))
                    {
                        return await CommandLine.UsageFailure(stderr, "--expectations needs a JSON file: --expectations expectations.json").ConfigureAwait(false);
                    }

                    break;
                case "--color":
                    colorMode = Value() ?? "";
                    if (colorMode is not ("auto" or "always" or "never"))
                    {
                        return await CommandLine.UsageFailure(stderr, $"--color: '{colorMode}' is not one of auto, always, never").ConfigureAwait(false);
                    }

                    break;
                case "--update-expectations" when !arg.Contains('=', StringComparison.Ordinal):
                    updateExpectations = true;
                    break;
                case "--harness":
                    harness = Value();
                    if (harness is null || !File.Exists(harness))
                    {
                        return await CommandLine.UsageFailure(stderr, $"--harness: '{harness}' is not a file (an upstream resources/testharness.js)").ConfigureAwait(false);
                    }

                    harness = Path.GetFullPath(harness);
                    break;
                case "--browser":
                    browser = Value() ?? "";
                    if (browser != "chromium")
                    {
                        return await CommandLine.UsageFailure(stderr, $"--browser: '{browser}' is not supported; the browser jsws drives is chromium").ConfigureAwait(false);
                    }

                    break;
                case "--browser-path":
                    browserPath = Value();
                    if (browserPath is null || !File.Exists(browserPath))
                    {
                        return await CommandLine.UsageFailure(stderr, $"--browser-path: '{browserPath}' is not a file (a Chromium executable)").ConfigureAwait(false);
                    }

                    browser = "chromium";
                    break;
                case "--browser-expectations":
                    browserExpectationsPath = Value();
                    if (string.IsNullOrEmpty(browserExpectationsPath))
                    {
                        return await CommandLine.UsageFailure(stderr, "--browser-expectations needs a JSON file: --browser-expectations differences.json").ConfigureAwait(false);
                    }

                    break;
                case "--reporter":
                    reporterName = Value() ?? "";
                    if (reporterName is not ("console" or "tap" or "junit" or "json"))
                    {
                        return await CommandLine.UsageFailure(stderr, $"--reporter: '{reporterName}' is not one of console, tap, junit, json").ConfigureAwait(false);
                    }

                    break;
                case "-j" or "--jobs":
                    var jobs = Value();
                    if (!int.TryParse(jobs, NumberStyles.None, CultureInfo.InvariantCulture, out parallel) || parallel is < 1 or > 64)
                    {
                        return await CommandLine.UsageFailure(stderr, $"-j: '{jobs}' is not a number of files to run at once from 1 to 64").ConfigureAwait(false);
                    }

                    break;
                default:
                    if (flags.TryRead(args, ref i, out var flagError))
                    {
                        if (flagError is not null)
                        {
                            return await CommandLine.UsageFailure(stderr, flagError).ConfigureAwait(false);
                        }
                    }
                    else if (arg.StartsWith('-') && arg.Length > 1)
                    {
                        return await CommandLine.UsageFailure(stderr, CommandLine.UnknownOption(arg, "test")).ConfigureAwait(false);
                    }
                    else
                    {
                        inputs.Add(arg);
                    }

                    break;
            }
        }

        if (inputs.Count == 0)
        {
            return await CommandLine.UsageFailure(stderr, "'test' needs test files or folders: jsws test <files or folders>").ConfigureAwait(false);
        }

        if (serve && location is not null)
        {
            return await CommandLine.UsageFailure(stderr, "--serve sets location to the test server; it cannot be combined with --location.").ConfigureAwait(false);
        }

        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (File.Exists(input))
            {
                files.Add(input);
            }
            else if (Directory.Exists(input))
            {
                files.AddRange(FindTestFiles(input));
            }
            else
            {
                return await CommandLine.UsageFailure(stderr, $"cannot find the test file or folder '{input}'.").ConfigureAwait(false);
            }
        }

        if (filter is not null)
        {
            files = files.Where(f => f.Contains(filter, StringComparison.OrdinalIgnoreCase)).ToList();
        }

        if (updateExpectations && expectationsPath is null && browserExpectationsPath is null)
        {
            return await CommandLine.UsageFailure(stderr, "--update-expectations needs --expectations FILE (or --browser-expectations FILE): the file to write").ConfigureAwait(false);
        }

        if (browser is null && browserExpectationsPath is not null)
        {
            return await CommandLine.UsageFailure(stderr, "--browser-expectations lists differences from a browser; it needs --browser chromium").ConfigureAwait(false);
        }

        if (browser is not null)
        {
            if (location is not null)
            {
                return await CommandLine.UsageFailure(stderr, "--browser serves the pages from the test server's origin (as --serve does); it cannot be combined with --location.").ConfigureAwait(false);
            }

            if (reporterName is "tap" or "junit")
            {
                return await CommandLine.UsageFailure(stderr, $"--browser prints a side-by-side table (--reporter console) or json, not {reporterName}").ConfigureAwait(false);
            }

            serve = true;
        }

        TestExpectations? expectations = null;
        if (expectationsPath is not null)
        {
            if (!updateExpectations && !File.Exists(expectationsPath))
            {
                return await CommandLine.UsageFailure(stderr, $"--expectations: '{expectationsPath}' does not exist (--update-expectations writes it)").ConfigureAwait(false);
            }

            try
            {
                expectations = TestExpectations.Load(expectationsPath);
            }
            catch (FormatException ex)
            {
                return await CommandLine.UsageFailure(stderr, $"--expectations: '{expectationsPath}' is not an expectations file: {ex.Message}").ConfigureAwait(false);
            }
        }

        Browser.BrowserExpectations? browserExpectations = null;
        if (browserExpectationsPath is not null)
        {
            if (!updateExpectations && !File.Exists(browserExpectationsPath))
            {
                return await CommandLine.UsageFailure(stderr, $"--browser-expectations: '{browserExpectationsPath}' does not exist (--update-expectations writes it)").ConfigureAwait(false);
            }

            try
            {
                browserExpectations = Browser.BrowserExpectations.Load(browserExpectationsPath);
            }
            catch (FormatException ex)
            {
                return await CommandLine.UsageFailure(stderr, $"--browser-expectations: '{browserExpectationsPath}' is not a differences file: {ex.Message}").ConfigureAwait(false);
            }
        }

        string? browserExecutable = null;
        if (browser is not null)
        {
            browserExecutable = Browser.ChromiumBrowser.Find(browserPath);
            if (browserExecutable is null)
            {
                return await CommandLine.UsageFailure(stderr,
                    $"--browser chromium: Chromium was not found on PATH (looked for {string.Join(", ", Browser.ChromiumBrowser.ExecutableNames)}); "
                    + "install it (apt-get install chromium) or give its path with --browser-path PATH").ConfigureAwait(false);
            }
        }

        var run = new TestRun(expectations, updateExpectations ? expectationsPath : null);

        // With an upstream harness, the test root is the folder that holds resources/testharness.js.
        string? upstream = null;
        if (harness is not null)
        {
            upstream = await File.ReadAllTextAsync(harness, cancellationToken).ConfigureAwait(false);
            root ??= Path.GetDirectoryName(Path.GetDirectoryName(harness));
        }

        // Colour only on a terminal (and never with NO_COLOR set), unless asked for; the progress line likewise.
        var terminal = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        var color = colorMode == "always" || (colorMode == "auto" && terminal);
        var progress = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected && reporterName == "console" && files.Count > 1
            ? stderr
            : null;

        ITestReporter reporter = reporterName switch
        {
            "tap" => new TapReporter(stdout, stderr),
            "junit" => new JUnitReporter(stdout, stderr),
            "json" => new JsonReporter(stdout, stderr),
            _ => new ConsoleReporter(stdout, color),
        };
        if (serve)
        {
            var server = await TestServer.WebSocketTestServer.StartAsync(ct: cancellationToken).ConfigureAwait(false);
            await using (server.ConfigureAwait(false))
            {
                flags.AllowOwnOrigin($"{server.BaseUrl.Host}:{server.BaseUrl.Port}");
                if (browserExecutable is not null)
                {
                    var comparisonRun = new Browser.BrowserComparisonRun(
                        files, new TestRunner(flags, server.BaseUrl.ToString(), root, timeout, upstream), server, parallel, run.Expectations, run.WriteTo,
                        browserExpectations, updateExpectations ? browserExpectationsPath : null);
                    return await comparisonRun.RunAsync(browserExecutable, reporterName == "json", color, stdout, stderr, progress, cancellationToken).ConfigureAwait(false);
                }

                return await RunFilesAsync(files, new TestRunner(flags, server.BaseUrl.ToString(), root, timeout, upstream), parallel, reporter, run, stdout, stderr, progress, cancellationToken).ConfigureAwait(false);
            }
        }

        return await RunFilesAsync(files, new TestRunner(flags, location, root, timeout, upstream), parallel, reporter, run, stdout, stderr, progress, cancellationToken).ConfigureAwait(false);
    }

    internal sealed record TestRun(TestExpectations? Expectations, string? WriteTo);

    private static async Task<int> RunFilesAsync(List<string> files, TestRunner runner, int parallel, ITestReporter reporter, TestRun run, TextWriter stdout, TextWriter stderr, TextWriter? progress, CancellationToken cancellationToken)
    {
        var summary = new TestSummary();
        var all = new List<FileResult>();
        await RunInOrderAsync(files, parallel, progress, runner.RunAsync, async raw =>
        {
            var result = run.Expectations?.Apply(raw) ?? raw;
            all.Add(result);
            summary.Add(result);
            await reporter.FileAsync(result).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        await reporter.EndAsync(summary).ConfigureAwait(false);
        if (run.WriteTo is not null)
        {
            var count = run.Expectations!.Write(run.WriteTo, all);
            // Beside a machine-readable report on standard output, the note goes to standard error.
            await (reporter is ConsoleReporter ? stdout : stderr).WriteLineAsync($"jsws: wrote {count} expected failures to {run.WriteTo}").ConfigureAwait(false);
            return 0;
        }

        return summary.AllPassed ? 0 : 1;
    }

    /// <summary>
    /// Runs every file (each variant) through <paramref name="runFile"/>, up to <paramref name="parallel"/> files at
    /// once, and hands each result to <paramref name="report"/> in input order.
    /// </summary>
    internal static async Task RunInOrderAsync<T>(
        List<string> files, int parallel, TextWriter? progress, Func<TestFile, string, string, string, CancellationToken, Task<T>> runFile,
        Func<T, Task> report, CancellationToken cancellationToken)
    {
        var finished = 0;
        using var slots = new SemaphoreSlim(parallel);
        var runs = files.Select(async path =>
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var fullPath = Path.GetFullPath(path);
                var source = await File.ReadAllTextAsync(fullPath, cancellationToken).ConfigureAwait(false);
                var file = TestFile.Read(fullPath, source);
                var variants = file.Variants.Count == 0 ? [""] : file.Variants;
                var results = new List<T>();
                foreach (var variant in variants)
                {
                    results.Add(await runFile(file, path, source, variant, cancellationToken).ConfigureAwait(false));
                }

                if (progress is not null)
                {
                    // One line, rewritten in place on the terminal: files done of all, and the last one.
                    var done = Interlocked.Increment(ref finished);
                    lock (progress)
                    {
                        progress.Write($"\r\u001b[K[{done}/{files.Count}] {path}");
                    }
                }

                return results;
            }
            finally
            {
                slots.Release();
            }
        }).ToList();

        foreach (var pending in runs)
        {
            foreach (var result in await pending.ConfigureAwait(false))
            {
                await report(result).ConfigureAwait(false);
            }
        }

        if (progress is not null)
        {
            await progress.WriteAsync("\r\u001b[K").ConfigureAwait(false);
        }
    }

    /// <summary>Where the assertion was: the frames in the test's own files, not the harness's (at most three).</summary>
    internal static IEnumerable<string> OwnFrames(string? stack) =>
        (stack ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(static line => line.StartsWith("at ", StringComparison.Ordinal)
                && !line.Contains("testharness.js", StringComparison.Ordinal)
                && !line.Contains("jsws-test.js", StringComparison.Ordinal))
            .Take(3);

    // Helper folders (resources/, support/) inside the searched folder are skipped; the folder's own path may hold them.
    private static IEnumerable<string> FindTestFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.js", SearchOption.AllDirectories)
            .Where(f => !InHelperFolder(Path.GetRelativePath(folder, f)) && !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal);

    private static bool InHelperFolder(string relativePath)
    {
        var path = "/" + relativePath.Replace('\\', '/');
        return path.Contains("/resources/", StringComparison.Ordinal) || path.Contains("/support/", StringComparison.Ordinal);
    }
}
