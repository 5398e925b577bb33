using System.Text.Json;
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
    private const string Glue = """
        add_result_callback(t => __jsws_report(JSON.stringify({
          kind: 'result', name: String(t.name), status: t.status,
          message: t.message == null ? null : String(t.message), stack: t.stack == null ? null : String(t.stack) })));
        add_completion_callback((tests, status) => __jsws_report(JSON.stringify({
          kind: 'complete', status: status.status, message: status.message == null ? null : String(status.message) })));
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

    private static readonly string[] TestStatuses = ["PASS", "FAIL", "TIMEOUT", "NOTRUN", "PRECONDITION_FAILED"];
    private static readonly string[] HarnessStatuses = ["OK", "ERROR", "TIMEOUT", "PRECONDITION_FAILED"];

    /// <summary>Runs <paramref name="file"/> with <paramref name="variant"/> (a query string, or empty).</summary>
    public async Task<FileResult> RunAsync(TestFile file, string displayPath, string source, string variant, CancellationToken cancellationToken)
    {
        var subtests = new List<SubtestResult>();
        if (!file.RunsInWindowScope)
        {
            return new FileResult(displayPath, variant, subtests, "NOT_APPLICABLE", $"meant for {string.Join(", ", file.Globals)}, not a window");
        }

        string? harnessStatus = null;
        string? harnessMessage = null;
        var timeout = (harnessTimeout ?? DefaultHarnessTimeout) * (file.LongTimeout ? 6 : 1);
        var folder = Path.GetDirectoryName(file.Path)!;
        var output = new StringWriter();
        var options = flags.CreateOptions(output);
        options.StandardOutput = output;
        options.StandardError = output;
        options.ModuleBasePath = folder;
        options.ModuleRoots.Insert(0, folder);
        options.UncaughtErrorMode = UncaughtErrorMode.ReportAndContinue; // the harness decides what an error means
        options.BaseUrl = BaseUrlFor(displayPath, variant);
        var runLimit = timeout + TimeSpan.FromSeconds(5);
        if (options.Limits.RunTimeout == Timeout.InfiniteTimeSpan || options.Limits.RunTimeout > runLimit)
        {
            options.Limits.RunTimeout = runLimit;
        }

        var host = new ScriptHost(options);
        await using var disposal = host;
        host.SetGlobal("__jsws_report", (Action<string>)(json =>
        {
            using var report = JsonDocument.Parse(json);
            var data = report.RootElement;
            var message = data.GetProperty("message").GetString();
            if (data.GetProperty("kind").GetString() == "result")
            {
                subtests.Add(new SubtestResult(data.GetProperty("name").GetString() ?? "", Name(TestStatuses, data.GetProperty("status")), message,
                    data.GetProperty("stack").GetString()));
            }
            else if (harnessStatus is null)
            {
                (harnessStatus, harnessMessage) = (Name(HarnessStatuses, data.GetProperty("status")), message);
                // Complete: whatever the file left open (a socket, an interval) ends here; from the loop, disposal only
                // starts (the run returns Cancelled), and finishes when this host is disposed below.
                host.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }));
        host.SetGlobal("__jsws_harness_timeout_ms", timeout.TotalMilliseconds);
        host.SetGlobal("__jsws_test_timeout_ms", timeout.TotalMilliseconds);
        if (upstreamHarness is null)
        {
            host.EnqueueScript(BuiltInHarness.Value, "testharness.js");
        }
        else
        {
            host.EnqueueScript(UpstreamBefore, "jsws-harness-load.js");
            host.EnqueueScript(upstreamHarness, "testharness.js");
            host.EnqueueScript(UpstreamAfter, "jsws-harness-load.js");
        }

        host.EnqueueScript(Glue, "jsws-test.js");
        foreach (var script in file.Scripts)
        {
            var path = ResolveMetaScript(file, script);
            if (path is null || !File.Exists(path))
            {
                return new FileResult(displayPath, variant, subtests, "ERROR",
                    path is null ? $"META: script={script} starts with '/', which needs --root" : $"META: script={script}: there is no file at {path}");
            }

            host.EnqueueScript(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), script);
        }

        host.EnqueueScript(source, displayPath);
        host.EnqueueScript("globalThis.__jsws_loaded?.();", "jsws-load.js");

        var result = await host.RunAsync(cancellationToken).ConfigureAwait(false);
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

        return new FileResult(displayPath, variant, subtests, harnessStatus, harnessMessage);
    }

    private static string Name(string[] names, JsonElement status) =>
        status.TryGetInt32(out var index) && index >= 0 && index < names.Length ? names[index] : status.ToString();

    // location: the --location base (or a stand-in origin) with the file's path and the variant's query.
    private string BaseUrlFor(string displayPath, string variant)
    {
        var baseUrl = location ?? "http://localhost/";
        var relative = displayPath.Replace('\\', '/').TrimStart('.', '/');
        return new Uri(new Uri(baseUrl), relative).GetLeftPart(UriPartial.Path) + variant;
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
