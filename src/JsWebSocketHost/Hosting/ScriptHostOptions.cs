namespace JsWebSocketHost.Hosting;

/// <summary>
/// How a <see cref="ScriptHost"/> is set up: its clock, its output, its base URL, what scripts may do and the limits
/// they run under. Start from a preset, <see cref="ForTrustedScripts"/> (browser-like, also what <c>new</c> gives) or
/// <see cref="ForUntrustedScripts"/> (for scripts your own users wrote), then change single settings.
/// </summary>
/// <remarks>
/// The host takes a validated snapshot of the options when it is created: changing this object afterwards has no
/// effect on that host (create a new host to apply new options). Invalid settings throw an
/// <see cref="ArgumentException"/> from the <see cref="ScriptHost"/> constructor.
/// </remarks>
public sealed class ScriptHostOptions
{
    /// <summary>Creates options with the trusted (browser-like) defaults; the same as <see cref="ForTrustedScripts"/>.</summary>
    public ScriptHostOptions()
    {
    }

    private ScriptHostOptions(ScriptHostOptions other)
    {
        TimeProvider = other.TimeProvider;
        StandardOutput = other.StandardOutput;
        StandardError = other.StandardError;
        BaseUrl = other.BaseUrl;
        AllowStringTimerHandlers = other.AllowStringTimerHandlers;
        AllowStringCompilation = other.AllowStringCompilation;
        ModuleBasePath = other.ModuleBasePath;
        ModuleRoots = new System.Collections.ObjectModel.ReadOnlyCollection<string>([.. other.ModuleRoots]);
        UncaughtErrorMode = other.UncaughtErrorMode;
        Limits = other.Limits.Snapshot();
        WebSockets = other.WebSockets.Snapshot();
        LoggerFactory = other.LoggerFactory;
    }

    /// <summary>
    /// The preset for scripts you trust, as a browser tab trusts a page: string compilation on, no bounds on time,
    /// memory or statements, generous socket and message limits (see the README's table).
    /// </summary>
    public static ScriptHostOptions ForTrustedScripts() => new();

    /// <summary>
    /// The preset for scripts written by someone else (your users): no <c>eval</c>/<c>new Function</c>; no private,
    /// loopback, link-local or other non-public addresses; small message, queue and buffer limits; few sockets and
    /// timers; bounded allocations, statements and recursion per task; and bounded time per task and per run
    /// (see the README's table). No file access unless a module root is granted.
    /// </summary>
    public static ScriptHostOptions ForUntrustedScripts()
    {
        var options = new ScriptHostOptions { AllowStringCompilation = false, AllowStringTimerHandlers = false };
        var limits = options.Limits;
        limits.MaxAllocatedBytesPerTask = 64L * 1024 * 1024;
        limits.MaxStatementsPerTask = 10_000_000;
        limits.MaxRecursionDepth = 256;
        limits.TaskTimeout = TimeSpan.FromSeconds(5);
        limits.RunTimeout = TimeSpan.FromMinutes(5);
        limits.MaxTimers = 1_000;
        var sockets = options.WebSockets;
        sockets.MaxMessageSize = 1024 * 1024;
        sockets.MaxReceiveQueueBytes = 1024 * 1024;
        sockets.MaxTotalReceiveQueueBytes = 4 * 1024 * 1024;
        sockets.MaxBufferedAmount = 4 * 1024 * 1024;
        sockets.MaxConnections = 16;
        sockets.MaxConnectionsPerHost = 4;
        sockets.ConnectTimeout = TimeSpan.FromSeconds(10);
        sockets.Network.DenyNonPublicAddresses = true;
        return options;
    }

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
    /// Whether <c>setTimeout("code")</c> and <c>setInterval("code")</c> run a string handler, as browsers do: the
    /// string is converted when the timer is set and runs as a classic script when it fires. On by default; off in
    /// <see cref="ForUntrustedScripts"/>. A string handler also needs <see cref="AllowStringCompilation"/> (in a
    /// browser, a policy that blocks <c>eval</c> blocks string handlers too); without both, it throws a TypeError that
    /// says which option is off.
    /// </summary>
    /// <remarks>Spec: https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#timer-initialisation-steps.</remarks>
    public bool AllowStringTimerHandlers { get; set; } = true;

    /// <summary>
    /// Whether <c>eval</c> and <c>new Function(...)</c> may compile strings. On for trusted scripts, as in browsers;
    /// off in <see cref="ForUntrustedScripts"/>.
    /// </summary>
    public bool AllowStringCompilation { get; set; } = true;

    /// <summary>
    /// The folder that relative specifiers of classic scripts' <c>import()</c> resolve against (a module's own
    /// imports resolve against its file). Null means the current directory. Reading a file still needs
    /// <see cref="ModuleRoots"/>.
    /// </summary>
    public string? ModuleBasePath { get; set; }

    /// <summary>
    /// The folders scripts may read files from, the only file access they have: an <c>import</c> (a module, or a
    /// <c>with { type: "json" | "text" | "bytes" }</c> import) loads a file only when, with <c>..</c> and every
    /// symbolic link on its path resolved, it lies inside one of them; anything else rejects with a TypeError, as do
    /// URLs of other schemes (<c>http:</c>, <c>data:</c>…) and bare specifiers. Empty by default: no file access at
    /// all. The module passed to <see cref="ScriptHost.EnqueueModule"/> is loaded because the host named it; what it
    /// imports is checked. Each folder must be an absolute path that exists when the host is created.
    /// </summary>
    public IList<string> ModuleRoots { get; } = [];

    /// <summary>
    /// Whether an uncaught error that no script handler took ends the run (<see cref="UncaughtErrorMode.StopRun"/>,
    /// the default, as <c>jsws run</c> wants) or is reported while the run goes on as a browser page does
    /// (<see cref="UncaughtErrorMode.ReportAndContinue"/>). A script limit that is hit ends the run either way.
    /// </summary>
    public UncaughtErrorMode UncaughtErrorMode { get; set; } = UncaughtErrorMode.StopRun;

    /// <summary>
    /// Where the host logs what it does and why connections end: runs, uncaught errors, limits, network policy
    /// denials, and each WebSocket's connect, open, close and failure with its real cause (categories
    /// <see cref="ScriptHostDiagnostics.ScriptHostLogCategory"/> and <see cref="ScriptHostDiagnostics.WebSocketsLogCategory"/>;
    /// the event ids are listed in docs/logging.md). Null, the default, logs nothing. The host does not dispose it.
    /// </summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Bounds on time, memory, statements, recursion and timers.</summary>
    public ScriptLimits Limits { get; } = new();

    /// <summary>
    /// How WebSocket connections are opened and bounded: headers, TLS, proxy, compression, HTTP version, timeouts,
    /// message and buffer sizes, connection counts.
    /// </summary>
    public WebSockets.WebSocketHostOptions WebSockets { get; } = new();

    /// <summary>A validated copy for one host; later changes to this object do not reach it.</summary>
    internal ScriptHostOptions Snapshot()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider, "options.TimeProvider");
        return new ScriptHostOptions(this);
    }
}
