using JsWebSocketHost.Hosting;

namespace JsWebSocketHost.Cli.Testing;

/// <summary>
/// Runs one test file (one variant) in a fresh <see cref="ScriptHost"/>: the harness, the file's
/// <c>// META: script=</c> files, the file itself, then the load signal; collects what the harness reports through
/// <c>add_result_callback</c> and <c>add_completion_callback</c>.
/// </summary>
/// <param name="flags">The permission and limit flags.</param>
/// <param name="location">The base for <c>location</c>, or null.</param>
/// <param name="root">Where META scripts that start with <c>/</c> are found, or null.</param>
/// <param name="harnessTimeout">A file's harness timeout, or null for the default.</param>
/// <param name="upstreamHarness">The text of an upstream <c>testharness.js</c> to use instead of the built-in one.</param>
internal sealed class TestRunner(HostFlags flags, string? location, string? root, TimeSpan? harnessTimeout, string? upstreamHarness = null)
{
    /// <summary>The default harness timeout of a file, as web-platform-tests has it; <c>timeout=long</c> is six times it.</summary>
    public static readonly TimeSpan DefaultHarnessTimeout = TimeSpan.FromSeconds(10);

    private static readonly Lazy<string> BuiltInHarness = new(static () =>
    {
        using var stream = typeof(TestRunner).Assembly.GetManifestResourceStream("JsWebSocketHost.Cli.Testing.testharness.js")
            ?? throw new InvalidOperationException("The built-in testharness.js is missing from jsws.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    // Registers the runner's own callbacks through the harness's public API, so any harness with that API reports.
    // A lone surrogate in a name or message (encoding tests have them) becomes "U+D800", as upstream's runners show
    // it: the report is JSON, and a string with one cannot be read back as text.
    internal const string Glue = """
        (() => {
          const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
          const text = v => v == null ? null
            : String(v).replace(lone, c => "U+" + c.charCodeAt(0).toString(16).toUpperCase());
          add_result_callback(t => __jsws_report(JSON.stringify({
            kind: 'result', name: text(t.name), status: t.status, message: text(t.message), stack: text(t.stack) })));
          add_completion_callback((tests, status) => __jsws_report(JSON.stringify({
            kind: 'complete', status: status.status, message: text(status.message) })));
        })();
        """;

    // Upstream testharness.js in a shell takes its "load" to be the first microtask after it runs, which would come
    // before the test file (each script is a task of its own here). Around the harness only, an argument-less
    // Promise.resolve() is kept for later: the runner fires it with __jsws_loaded(), after the file, as a page's
    // load event comes after its scripts.
    private const string UpstreamBefore = """
        (() => {
          const deferred = [];
          const resolve = Promise.resolve;
          Promise.resolve = function (...args) {
            return args.length === 0 ? { then(f) { deferred.push(f); } } : resolve.apply(this, args);
          };
          globalThis.__jsws_restore = () => { Promise.resolve = resolve; delete globalThis.__jsws_restore; };
          globalThis.__jsws_loaded = () => { for (const f of deferred.splice(0)) f(); };
        })();
        """;

    private const string UpstreamAfter = "globalThis.__jsws_restore();";

    /// <summary>Runs <paramref name="file"/> with <paramref name="variant"/> (a query string, or empty).</summary>
    public async Task<FileResult> RunAsync(TestFile file, string displayPath, string source, string variant, CancellationToken cancellationToken)
    {
        if (!file.RunsInWindowScope)
        {
            return new FileResult(displayPath, variant, [], "NOT_APPLICABLE", $"meant for {string.Join(", ", file.Globals)}, not a window");
        }

        var timeout = TimeoutFor(file);
        var folder = Path.GetDirectoryName(file.Path)!;
        var output = new StringWriter();
        var options = flags.CreateOptions(output);
        options.StandardOutput = output;
        options.StandardError = output;
        options.ModuleBasePath = folder;
        options.ModuleRoots.Insert(0, folder);
        options.UncaughtErrorMode = UncaughtErrorMode.ReportAndContinue; // the harness decides what an error means
        options.BaseUrl = BaseUrlFor(location, displayPath, variant);
        var runLimit = timeout + TimeSpan.FromSeconds(5);
        if (options.Limits.RunTimeout == Timeout.InfiniteTimeSpan || options.Limits.RunTimeout > runLimit)
        {
            options.Limits.RunTimeout = runLimit;
        }

        var (scripts, error) = await ComposeAsync(file, displayPath, source, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return new FileResult(displayPath, variant, [], "ERROR", error);
        }

        var report = new HarnessReport();
        var host = new ScriptHost(options);
        await using var disposal = host;
        host.SetGlobal("__jsws_report", (Action<string>)(json =>
        {
            if (report.Add(json))
            {
                // Complete: whatever the file left open (a socket, an interval) ends here; from the loop, disposal only
                // starts (the run returns Cancelled), and finishes when this host is disposed below.
                host.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }));
        host.SetGlobal("__jsws_harness_timeout_ms", timeout.TotalMilliseconds);
        host.SetGlobal("__jsws_test_timeout_ms", timeout.TotalMilliseconds);
        if (file.Title is not null)
        {
            host.SetGlobal("META_TITLE", file.Title); // as web-platform-tests' wrappers set it where there is no document
        }
        foreach (var script in scripts)
        {
            var upstream = script.Role == TestScriptRole.Harness && upstreamHarness is not null;
            if (upstream)
            {
                host.EnqueueScript(UpstreamBefore, "jsws-harness-load.js");
            }

            host.EnqueueScript(script.Source, script.Name);
            if (upstream)
            {
                host.EnqueueScript(UpstreamAfter, "jsws-harness-load.js");
            }
        }

        var result = await host.RunAsync(cancellationToken).ConfigureAwait(false);
        var (harnessStatus, harnessMessage) = (report.Status, report.Message);
        if (harnessStatus is null)
        {
            (harnessStatus, harnessMessage) = result.Outcome switch
            {
                ScriptRunOutcome.TimedOut => ("TIMEOUT", $"the file did not complete within {timeout.TotalSeconds:0.#} s"),
                ScriptRunOutcome.LimitExceeded => ("ERROR", result.Message),
                ScriptRunOutcome.UncaughtError => ("ERROR", result.Error?.Message),
                _ => ("ERROR", "the file finished without the harness completing (an explicit_done file that never called done()?)"),
            };
        }

        return new FileResult(displayPath, variant, report.Subtests, harnessStatus, harnessMessage);
    }

    /// <summary>The upstream harness's text, or null when the built-in one runs.</summary>
    public string? UpstreamHarness => upstreamHarness;

    /// <summary>The harness timeout of <paramref name="file"/>: the given or default one, six times it for <c>timeout=long</c>.</summary>
    public TimeSpan TimeoutFor(TestFile file) => (harnessTimeout ?? DefaultHarnessTimeout) * (file.LongTimeout ? 6 : 1);

    /// <summary>
    /// The scripts of a run, in order: the harness, the glue, the META scripts, the test file and the load signal;
    /// or, when a META script cannot be found, why not.
    /// </summary>
    public async Task<(IReadOnlyList<TestScript> Scripts, string? Error)> ComposeAsync(TestFile file, string displayPath, string source, CancellationToken cancellationToken)
    {
        var scripts = new List<TestScript>
        {
            new("testharness.js", upstreamHarness ?? BuiltInHarness.Value, null, TestScriptRole.Harness),
            new("jsws-test.js", Glue, null, TestScriptRole.Glue),
        };
        foreach (var script in file.Scripts)
        {
            var path = ResolveMetaScript(file, script);
            if (path is null || !File.Exists(path))
            {
                return ([], path is null ? $"META: script={script} starts with '/', which needs --root" : $"META: script={script}: there is no file at {path}");
            }

            scripts.Add(new TestScript(script, await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), path, TestScriptRole.Meta));
        }

        scripts.Add(new TestScript(displayPath, source, file.Path, TestScriptRole.Test));
        scripts.Add(new TestScript("jsws-load.js", "globalThis.__jsws_loaded?.();", null, TestScriptRole.Load));
        return (scripts, null);
    }

    /// <summary>location: the base (or a stand-in origin) with the file's path and the variant's query.</summary>
    public static string BaseUrlFor(string? baseUrl, string displayPath, string variant)
    {
        var relative = displayPath.Replace('\\', '/').TrimStart('.', '/');
        return new Uri(new Uri(baseUrl ?? "http://localhost/"), relative).GetLeftPart(UriPartial.Path) + variant;
    }

    private string? ResolveMetaScript(TestFile file, string script)
    {
        if (script.StartsWith('/'))
        {
            return root is null ? null : Path.GetFullPath(Path.Combine(root, script.TrimStart('/')));
        }

        return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file.Path)!, script));
    }
}
