using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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
internal sealed class BrowserTestRunner(ChromiumBrowser browser, WebSocketTestServer server, TestRunner runner)
{
    private const string ScriptQuery = "?jsws=script";
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

        var timeout = runner.TimeoutFor(file);
        var page = new Uri(TestRunner.BaseUrlFor(server.BaseUrl.ToString(), displayPath, variant));
        var pageKey = KeyOf(page);
        server.Content.TryAdd(pageKey, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(PageFor(file, page, scripts, timeout)));

        var report = new HarnessReport();
        var completed = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        string? firstException = null;
        var (context, session) = await browser.OpenPageAsync(cancellationToken).ConfigureAwait(false);
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
                case "Inspector.targetCrashed":
                    completed.TrySetResult("the page crashed");
                    break;
            }
        });
        try
        {
            await browser.DevTools.SendAsync("Runtime.addBinding", new JsonObject { ["name"] = "__jsws_report" }, session, cancellationToken).ConfigureAwait(false);
            await browser.DevTools.SendAsync("Runtime.enable", null, session, cancellationToken).ConfigureAwait(false);
            await browser.DevTools.SendAsync("Inspector.enable", null, session, cancellationToken).ConfigureAwait(false);
            var navigation = await browser.DevTools.SendAsync("Page.navigate", new JsonObject { ["url"] = page.AbsoluteUri }, session, cancellationToken)
                .ConfigureAwait(false);
            if (navigation.TryGetProperty("errorText", out var navigationError) && navigationError.GetString() is { Length: > 0 } why)
            {
                return new FileResult(displayPath, variant, report.Subtests, "ERROR", $"the page did not load: {why}");
            }

            // As in jsws: the harness's own timeout, then five seconds more for it to report.
            var failure = await completed.Task.WaitAsync(timeout + TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
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
            browser.DevTools.Unsubscribe(session);
            await browser.CloseContextAsync(context).ConfigureAwait(false);
            server.Content.Remove(pageKey);
        }
    }

    // The page: a harness configuration, then each script from its own URL on this origin, so stack traces name
    // them. META scripts are at the URLs their paths give (relative to the page, or to the root); the test file at
    // the page's own path with ?jsws=script; the runner's scripts under /__jsws/.
    private string PageFor(TestFile file, Uri page, IReadOnlyList<TestScript> scripts, TimeSpan timeout)
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
        foreach (var script in scripts)
        {
            var url = script.Role switch
            {
                TestScriptRole.Meta => Serve(new Uri(page, script.Name), script),
                TestScriptRole.Test => Serve(new Uri(page.GetLeftPart(UriPartial.Path) + ScriptQuery), script),
                TestScriptRole.Harness when runner.UpstreamHarness is not null => Serve(new Uri(page, "/resources/testharness.js"), script),
                _ => Serve(new Uri(page, "/__jsws/" + script.Name), script),
            };
            html.Append(CultureInfo.InvariantCulture, $"<script src=\"{WebUtility.HtmlEncode(url)}\"></script>\n");
        }

        html.Append("<div id=\"log\"></div>\n");
        return html.ToString();
    }

    // Serves the script at url; when another text is already there (two files' META scripts on one path), at a path
    // of its own under /__jsws/.
    private string Serve(Uri url, TestScript script)
    {
        var body = Encoding.UTF8.GetBytes(script.Source);
        if (server.Content.TryAdd(KeyOf(url), "text/javascript; charset=utf-8", body))
        {
            return url.PathAndQuery;
        }

        var own = new Uri(url, $"/__jsws/{Interlocked.Increment(ref _nextFallback)}/{Path.GetFileName(url.AbsolutePath)}");
        server.Content.TryAdd(KeyOf(own), "text/javascript; charset=utf-8", body);
        return own.PathAndQuery;
    }

    private static string ExceptionText(JsonElement parameters)
    {
        var details = parameters.GetProperty("exceptionDetails");
        return details.TryGetProperty("exception", out var exception) && exception.TryGetProperty("description", out var description)
            ? description.GetString()?.Split('\n')[0] ?? ""
            : details.TryGetProperty("text", out var text) ? text.GetString() ?? "" : "";
    }

    // The server sees the path unescaped and the query as sent.
    private static string KeyOf(Uri url) => Uri.UnescapeDataString(url.AbsolutePath) + url.Query;
}
