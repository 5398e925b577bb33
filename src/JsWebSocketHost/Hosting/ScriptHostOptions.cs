namespace JsWebSocketHost.Hosting;

/// <summary>
/// How a <see cref="ScriptHost"/> is set up: its clock, its output, its base URL and what scripts may do.
/// Set everything before the host is created; the host reads the options once.
/// </summary>
public sealed class ScriptHostOptions
{
    /// <summary>The clock that timers and <c>performance.now()</c> run on. Defaults to <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where <c>console.log</c>, <c>info</c> and <c>debug</c> write. Defaults to <see cref="Console.Out"/>.</summary>
    public TextWriter? StandardOutput { get; set; }

    /// <summary>
    /// Where <c>console.error</c>, <c>warn</c> and <c>trace</c> and uncaught errors write. Defaults to
    /// <see cref="Console.Error"/>.
    /// </summary>
    public TextWriter? StandardError { get; set; }

    /// <summary>
    /// The global's base URL (an absolute URL such as <c>http://127.0.0.1:8080/</c>): it becomes <c>location</c> and
    /// the base against which <c>new WebSocket(url)</c> resolves relative URLs. Null means no <c>location</c>.
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>
    /// Whether <c>setTimeout("code")</c> with a string handler compiles the string, as browsers do. Off by default:
    /// a string handler then throws a TypeError that says how to enable it.
    /// </summary>
    public bool AllowStringTimerHandlers { get; set; }

    /// <summary>Whether <c>eval</c> and <c>new Function(...)</c> may compile strings. On by default, as in browsers.</summary>
    public bool AllowStringCompilation { get; set; } = true;

    /// <summary>
    /// The folder that bare module paths resolve against when a module is imported. Defaults to the folder of the
    /// first module imported, or the current directory.
    /// </summary>
    public string? ModuleBasePath { get; set; }

    /// <summary>How WebSocket connections are opened: headers, TLS, proxy, compression, HTTP version, timeouts.</summary>
    public WebSockets.WebSocketHostOptions WebSockets { get; } = new();

    /// <summary>
    /// Whether an uncaught error that no script handler took ends the run (<see cref="UncaughtErrorMode.StopRun"/>,
    /// the default, as <c>jsws run</c> wants) or is reported while the run goes on as a browser page does
    /// (<see cref="UncaughtErrorMode.ReportAndContinue"/>). A script limit that is hit ends the run either way.
    /// </summary>
    public UncaughtErrorMode UncaughtErrorMode { get; set; } = UncaughtErrorMode.StopRun;
}
