using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JsWebSocketHost.TestServer;

namespace JsWebSocketHost.Cli.Testing.Browser;

/// <summary>
/// Runs one test file (one variant) in a fresh browser context of <paramref name="browser"/>: a page on the test
/// server's origin, at the URL jsws gives the file as <c>location</c>, loads the same scripts jsws runs (the harness,
/// the glue, the META scripts, the file, the load signal), and reports through a DevTools binding named
/// <c>__jsws_report</c>, in the same JSON as jsws.
/// </summary>
/// <param name="browser">The browser.</param>
/// <param name="server">The test server whose origin the pages are on.</param>
/// <param name="runner">The jsws runner, for the scripts and timeouts of a file.</param>
internal sealed partial class BrowserTestRunner(ChromiumBrowser browser, WebSocketTestServer server, TestRunner runner)
{
    private const string ScriptQuery = "?jsws=script";
    private const string Html = "text/html; charset=utf-8";
    private const string JavaScript = "text/javascript; charset=utf-8";

    // Two files can map to one page URL (a/../x.js and x.js): their pages take turns.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _pageTurns = new(StringComparer.Ordinal);
    private int _nextFallback;

    /// <summary>Runs <paramref name="file"/> with <paramref name="variant"/> in the browser.</summary>
    public async Task<FileResult> RunAsync(TestFile file, string displayPath, string source, string variant, CancellationToken cancellationToken)
    {
        if (!file.RunsInWindowScope)
        {
            return new FileResult(displayPath, variant, [], "NOT_APPLICABLE", $"meant for {string.Join(", ", file.Globals)}, not a window");
        }

        var (scripts, error) = await runner.ComposeAsync(file, displayPath, source, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return new FileResult(displayPath, variant, [], "ERROR", error);
        }

        var pageUrl = TestRunner.BaseUrlFor(server.BaseUrl.ToString(), displayPath, variant);
        var page = new Uri(pageUrl);
        var pageKey = KeyOf(page);
        var turn = _pageTurns.GetOrAdd(pageKey, static _ => new SemaphoreSlim(1));
        await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        var served = new List<string>();
        try
        {
            var timeout = runner.TimeoutFor(file);
            var html = PageFor(file, page, scripts, timeout, served);
            if (server.Content.TryAdd(pageKey, Html, Encoding.UTF8.GetBytes(html)))
            {
                served.Add(pageKey);
            }

            return await RunPageAsync(displayPath, variant, pageUrl, timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var key in served)
            {
                server.Content.Release(key);
            }

            turn.Release();
        }
    }

    private async Task<FileResult> RunPageAsync(string displayPath, string variant, string pageUrl, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var report = new HarnessReport();
        var completed = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        string? firstException = null;
        string? context = null;
        string? session = null;
        try
        {
            (context, session) = await browser.OpenPageAsync(server.BaseUrl, server.Content, cancellationToken).ConfigureAwait(false);
            var pageSession = session;
            browser.DevTools.Subscribe(session, (method, parameters) =>
            {
                switch (method)
                {
                    case "Runtime.bindingCalled" when parameters.GetProperty("name").GetString() == "__jsws_report":
                        try
                        {
                            if (report.Add(parameters.GetProperty("payload").GetString() ?? ""))
                            {
                                completed.TrySetResult(null);
                            }
                        }
                        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
                        {
                            completed.TrySetResult($"the page sent a report that is not one: {e.Message}");
                        }

                        break;
                    case "Runtime.exceptionThrown":
                        // Kept to explain a page that never completes (a script that failed to load or threw before the harness).
                        firstException ??= ExceptionText(parameters);
                        break;
                    case "Page.loadEventFired":
                        _ = CheckHarnessAsync(pageSession, completed);
                        break;
                    case "Inspector.targetCrashed":
                        completed.TrySetResult("the page crashed");
                        break;
                }
            });
            await browser.DevTools.SendAsync("Runtime.addBinding", new JsonObject { ["name"] = "__jsws_report" }, session, cancellationToken).ConfigureAwait(false);
            await browser.DevTools.SendAsync("Runtime.enable", null, session, cancellationToken).ConfigureAwait(false);
            await browser.DevTools.SendAsync("Page.enable", null, session, cancellationToken).ConfigureAwait(false);
            await browser.DevTools.SendAsync("Inspector.enable", null, session, cancellationToken).ConfigureAwait(false);
            var navigation = await browser.DevTools.SendAsync("Page.navigate", new JsonObject { ["url"] = pageUrl }, session, cancellationToken)
                .ConfigureAwait(false);
            if (navigation.TryGetProperty("errorText", out var navigationError) && navigationError.GetString() is { Length: > 0 } why)
            {
                return new FileResult(displayPath, variant, report.Subtests, "ERROR", $"the page did not load: {why}");
            }

            // As in jsws: the harness's own timeout, then five seconds more for it to report; a lost browser ends it at once.
            var ended = await Task.WhenAny(completed.Task, (Task)browser.DevTools.Closed).WaitAsync(timeout + TimeSpan.FromSeconds(5), cancellationToken)
                .ConfigureAwait(false);
            if (ended != completed.Task)
            {
                return new FileResult(displayPath, variant, report.Subtests, "ERROR", await browser.DevTools.Closed.ConfigureAwait(false));
            }

            var failure = await completed.Task.ConfigureAwait(false);
            return failure is not null
                ? new FileResult(displayPath, variant, report.Subtests, "ERROR", failure)
                : new FileResult(displayPath, variant, report.Subtests, report.Status!, report.Message);
        }
        catch (TimeoutException)
        {
            return new FileResult(displayPath, variant, report.Subtests, "TIMEOUT",
                $"the page did not complete within {timeout.TotalSeconds:0.#} s" + (firstException is null ? "" : $"; it threw {firstException}"));
        }
        catch (IOException e)
        {
            return new FileResult(displayPath, variant, report.Subtests, "ERROR", e.Message);
        }
        finally
        {
            if (session is not null)
            {
                browser.DevTools.Unsubscribe(session);
            }

            if (context is not null)
            {
                await browser.CloseContextAsync(context).ConfigureAwait(false);
            }
        }
    }

    // After the load event a page without the harness will never report (a script was not served, or a 404 page):
    // say so now rather than at the timeout.
    private async Task CheckHarnessAsync(string session, TaskCompletionSource<string?> completed)
    {
        try
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var result = await browser.DevTools.SendAsync("Runtime.evaluate",
                new JsonObject { ["expression"] = "typeof add_completion_callback === 'function'", ["returnByValue"] = true }, session, wait.Token)
                .ConfigureAwait(false);
            if (result.GetProperty("result").TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.False)
            {
                completed.TrySetResult("the page loaded without the harness (one of its scripts was not served)");
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or KeyNotFoundException or InvalidOperationException)
        {
            // The page is gone or busy; the timeout still applies.
        }
    }

    // The page: a harness configuration, then each script from its own URL on this origin, so stack traces name
    // them. META scripts are at the URLs their paths give (relative to the page, or to the root); the test file at
    // the page's own path with ?jsws=script; the runner's scripts under /__jsws/. Each key served goes to `served`.
    private string PageFor(TestFile file, Uri page, IReadOnlyList<TestScript> scripts, TimeSpan timeout, List<string> served)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<meta charset=\"utf-8\">\n");
        if (file.Title is not null)
        {
            // As web-platform-tests' wrapper pages: a title only for // META: title=; unnamed tests are named after it.
            html.Append(CultureInfo.InvariantCulture, $"<title>{WebUtility.HtmlEncode(file.Title)}</title>\n");
        }

        html.Append(CultureInfo.InvariantCulture,
            $"<script>globalThis.__jsws_harness_timeout_ms = {timeout.TotalMilliseconds}; globalThis.__jsws_test_timeout_ms = {timeout.TotalMilliseconds};</script>\n");
        var path = new Uri(page.GetLeftPart(UriPartial.Path));
        foreach (var script in scripts)
        {
            var url = script.Role switch
            {
                TestScriptRole.Meta => Serve(new Uri(page, script.Name), script, served),
                TestScriptRole.Test => Serve(new Uri(path + ScriptQuery), script, served),
                TestScriptRole.Harness when runner.UpstreamHarness is not null => Serve(new Uri(page, "/resources/testharness.js"), script, served),
                _ => Serve(new Uri(page, "/__jsws/" + script.Name), script, served),
            };
            html.Append(CultureInfo.InvariantCulture, $"<script src=\"{WebUtility.HtmlEncode(url)}\"></script>\n");
        }

        html.Append("<div id=\"log\"></div>\n");
        return html.ToString();
    }

    // Serves the script at url; when another text is already there (two files' META scripts on one path), at a path
    // of its own under /__jsws/.
    private string Serve(Uri url, TestScript script, List<string> served)
    {
        var body = Encoding.UTF8.GetBytes(script.Source);
        var key = KeyOf(url);
        if (!server.Content.TryAdd(key, JavaScript, body))
        {
            url = new Uri(url, $"/__jsws/{Interlocked.Increment(ref _nextFallback)}/{Path.GetFileName(url.AbsolutePath)}");
            key = KeyOf(url);
            server.Content.TryAdd(key, JavaScript, body);
        }

        served.Add(key);
        return url.PathAndQuery;
    }

    private static string ExceptionText(JsonElement parameters)
    {
        var details = parameters.GetProperty("exceptionDetails");
        return details.TryGetProperty("exception", out var exception) && exception.TryGetProperty("description", out var description)
            ? description.GetString()?.Split('\n')[0] ?? ""
            : details.TryGetProperty("text", out var text) ? text.GetString() ?? "" : "";
    }

    // The server's key for a URL: the path as Kestrel gives it (percent-decoded, but for %2F), and only for our own
    // ?jsws=script the query (a page is found by its path, whatever query a browser sends for the variant).
    private static string KeyOf(Uri url)
    {
        var path = string.Concat(EncodedSlash().Split(url.AbsolutePath).Select(static (part, i) => i % 2 == 1 ? part : Uri.UnescapeDataString(part)));
        return url.Query == ScriptQuery ? path + ScriptQuery : path;
    }

    [GeneratedRegex("(%2[Ff])")]
    private static partial Regex EncodedSlash();
}
