using System.Diagnostics;
using System.Text.Json.Nodes;

namespace JsWebSocketHost.Cli.Testing.Browser;

/// <summary>
/// A headless Chromium started for one <c>jsws test --browser chromium</c> run, with a new empty profile, and a
/// DevTools connection to it over this project's WebSocket (<see cref="DevToolsClient"/>).
/// </summary>
internal sealed class ChromiumBrowser : IAsyncDisposable
{
    /// <summary>The names looked for on PATH, in order.</summary>
    public static readonly string[] ExecutableNames = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];

    private const string Listening = "DevTools listening on ";

    // As the machine's notes have it: no background networking (a closed network refuses it many times over), no
    // first-run or sync work, no throttling of timers in pages that are not in front (parallel files are tabs).
    private static readonly string[] Flags =
    [
        "--headless", "--disable-gpu", "--disable-quic", "--no-first-run", "--no-default-browser-check",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
        "--disable-default-apps", "--disable-dev-shm-usage", "--mute-audio", "--disable-background-timer-throttling",
        "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows", "--disable-crash-reporter",
        "--disable-breakpad", "--remote-debugging-port=0",
    ];

    // A watchdog around the browser: when jsws ends in any way, even killed, its end of standard input closes, and
    // the shell ends the browser and deletes the profile (again for a few seconds, while its helpers still write).
    private const string Watchdog =
        "profile=$1; shift; exec 3<&0; \"$@\" </dev/null 3<&- & browser=$!; "
        + "(cat <&3 >/dev/null 2>&1; kill -TERM $browser 2>/dev/null) >/dev/null 2>&1 & "
        + "exec 3<&-; wait $browser; status=$?; "
        + "for i in 1 2 3 4 5 6 7 8 9 10; do rm -rf \"$profile\" 2>/dev/null; [ -e \"$profile\" ] || break; sleep 0.5; done; exit $status";

    private readonly Process _process;
    private readonly string _profile;

    private ChromiumBrowser(Process process, string profile, DevToolsClient devTools, string version)
    {
        _process = process;
        _profile = profile;
        DevTools = devTools;
        Version = version;
    }

    /// <summary>The DevTools connection to the browser.</summary>
    public DevToolsClient DevTools { get; }

    /// <summary>The browser's product and version, e.g. <c>Chrome/156.0.8078.114</c>.</summary>
    public string Version { get; }

    /// <summary>The executable: <paramref name="browserPath"/> when given, else the first of <see cref="ExecutableNames"/> (in that order) found on PATH.</summary>
    /// <param name="browserPath">The <c>--browser-path</c> value, or null.</param>
    /// <param name="searchPath">The folders to search, as PATH has them; null for this process's PATH.</param>
    /// <returns>Null when there is none.</returns>
    public static string? Find(string? browserPath, string? searchPath = null)
    {
        if (browserPath is not null)
        {
            return File.Exists(browserPath) ? Path.GetFullPath(browserPath) : null;
        }

        var folders = (searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return ExecutableNames
            .SelectMany(name => folders.Select(folder => Path.Combine(folder, name)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Starts <paramref name="executable"/> headless and connects to it.</summary>
    /// <exception cref="IOException">It did not start, or its DevTools endpoint did not answer.</exception>
    public static async Task<ChromiumBrowser> LaunchAsync(string executable, CancellationToken cancellationToken)
    {
        var profile = Directory.CreateTempSubdirectory("jsws-chromium-").FullName;
        var watched = !OperatingSystem.IsWindows() && File.Exists("/bin/sh");
        var start = new ProcessStartInfo(watched ? "/bin/sh" : executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (watched)
        {
            foreach (var argument in new[] { "-c", Watchdog, "jsws-chromium", profile, executable })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var flag in Flags)
        {
            start.ArgumentList.Add(flag);
        }

        // Chromium's sandbox refuses to run as root; a root CI machine is where this runs without a desktop user.
        if (Environment.UserName == "root")
        {
            start.ArgumentList.Add("--no-sandbox");
        }

        start.ArgumentList.Add($"--user-data-dir={profile}");
        start.ArgumentList.Add("about:blank");

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new IOException($"could not start {executable}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            DeleteProfile(profile);
            throw new IOException($"could not start {executable}: {e.Message}", e);
        }

        // The endpoint is the line "DevTools listening on ws://..." on standard error; the rest is drained and the
        // last lines kept to explain a failure.
        var endpoint = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var tail = new Queue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                endpoint.TrySetException(new IOException(Explain(executable, "exited before its DevTools endpoint opened", tail)));
                return;
            }

            if (e.Data.StartsWith(Listening, StringComparison.Ordinal) && Uri.TryCreate(e.Data[Listening.Length..].Trim(), UriKind.Absolute, out var url))
            {
                endpoint.TrySetResult(url);
                return;
            }

            lock (tail)
            {
                tail.Enqueue(e.Data);
                if (tail.Count > 5)
                {
                    tail.Dequeue();
                }
            }
        };
        process.OutputDataReceived += static (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        try
        {
            var url = await endpoint.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            var devTools = await DevToolsClient.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
            var version = await devTools.SendAsync("Browser.getVersion", null, null, cancellationToken).ConfigureAwait(false);
            return new ChromiumBrowser(process, profile, devTools, version.GetProperty("product").GetString() ?? "Chromium");
        }
        catch (Exception e) when (e is TimeoutException or IOException)
        {
            Stop(process);
            DeleteProfile(profile);
            throw e is IOException ? e : new IOException(Explain(executable, "did not open its DevTools endpoint within 30 s", tail), e);
        }
        catch
        {
            Stop(process);
            DeleteProfile(profile);
            throw;
        }
    }

    /// <summary>
    /// Creates a new, isolated browser context (like a fresh profile) with one blank page, attached, and with the
    /// cookie that lets it read what <paramref name="content"/> serves on <paramref name="origin"/>.
    /// </summary>
    /// <returns>The context, to dispose with <see cref="CloseContextAsync"/>, and the page's session.</returns>
    public async Task<(string Context, string Session)> OpenPageAsync(Uri origin, TestServer.ServedContent content, CancellationToken cancellationToken)
    {
        var context = (await DevTools.SendAsync("Target.createBrowserContext", [], null, cancellationToken).ConfigureAwait(false))
            .GetProperty("browserContextId").GetString()!;
        var cookie = new JsonObject
        {
            ["name"] = TestServer.ServedContent.CookieName,
            ["value"] = content.Token,
            ["url"] = origin.GetLeftPart(UriPartial.Authority) + "/",
            ["httpOnly"] = true,
        };
        await DevTools.SendAsync("Storage.setCookies", new JsonObject { ["cookies"] = new JsonArray(cookie), ["browserContextId"] = context }, null, cancellationToken)
            .ConfigureAwait(false);
        var target = (await DevTools.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank", ["browserContextId"] = context }, null, cancellationToken)
            .ConfigureAwait(false)).GetProperty("targetId").GetString()!;
        var session = (await DevTools.SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target, ["flatten"] = true }, null, cancellationToken)
            .ConfigureAwait(false)).GetProperty("sessionId").GetString()!;
        return (context, session);
    }

    /// <summary>Closes a context from <see cref="OpenPageAsync"/> with its pages.</summary>
    public async Task CloseContextAsync(string context)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await DevTools.SendAsync("Target.disposeBrowserContext", new JsonObject { ["browserContextId"] = context }, null, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The browser is going or gone; its process is ended with the run.
        }
    }

    /// <summary>Closes the connection, ends the browser and deletes its profile.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await DevTools.SendAsync("Browser.close", null, null, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // Killed below.
        }

        await DevTools.DisposeAsync().ConfigureAwait(false);
        try
        {
            _process.StandardInput.Close(); // ends the watchdog
        }
        catch (IOException)
        {
            // It is gone already.
        }

        using (var exited = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _process.WaitForExitAsync(exited.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Stop(_process);
            }
        }

        _process.Dispose();
        DeleteProfile(_profile);
    }

    private static string Explain(string executable, string what, Queue<string> tail)
    {
        string[] lines;
        lock (tail)
        {
            lines = [.. tail];
        }

        var last = lines.LastOrDefault(static l => !string.IsNullOrWhiteSpace(l) && !l.Contains("dbus", StringComparison.Ordinal));
        return last is null ? $"{executable} {what}" : $"{executable} {what}: {last.Trim()}";
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static void DeleteProfile(string profile)
    {
        // Chromium's helpers may still be writing for a moment after the browser exits.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                Directory.Delete(profile, recursive: true);
                return;
            }
            catch (DirectoryNotFoundException)
            {
                return;
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
            catch (UnauthorizedAccessException)
            {
                Thread.Sleep(100);
            }
        }
    }
}
