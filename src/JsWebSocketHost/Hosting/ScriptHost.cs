using Jint;
using Jint.Native;
using Jint.Runtime;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// Runs browser-style JavaScript on a Jint engine with the web platform's globals and an HTML-style event loop.
/// </summary>
/// <remarks>
/// Exactly one thread touches the engine at a time: the one running the event loop inside <see cref="RunAsync"/>.
/// Scripts and modules are queued as tasks with <see cref="EnqueueScript(string, string)"/> and <see cref="EnqueueModule"/>; other
/// threads hand work to the loop with <see cref="Post"/>.
/// <code>
/// await using var host = new ScriptHost(new ScriptHostOptions());
/// host.EnqueueScript("setTimeout(() => console.log('later'), 10);", "main.js");
/// var result = await host.RunAsync();
/// </code>
/// </remarks>
public sealed partial class ScriptHost : IAsyncDisposable, IEventLoopHost
{
    private readonly ScriptHostOptions _options;
    private readonly Engine _engine;
    private readonly EventLoop _loop;
    private readonly LoopCancellationConstraint _cancellation = new();
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;
    private bool _disposed;

    /// <summary>Creates a host, its engine and its globals.</summary>
    /// <param name="options">The host's options; null takes the defaults.</param>
    /// <exception cref="ArgumentException"><see cref="ScriptHostOptions.BaseUrl"/> is not an absolute URL.</exception>
    public ScriptHost(ScriptHostOptions? options = null)
    {
        _options = options ?? new ScriptHostOptions();
        ArgumentNullException.ThrowIfNull(_options.TimeProvider, "options.TimeProvider");
        _stdout = _options.StandardOutput ?? Console.Out;
        _stderr = _options.StandardError ?? Console.Error;
        BaseUrlRecord = ParseBaseUrl(_options.BaseUrl, nameof(options));
        _options.WebSockets.Validate();
        _uncaughtErrorMode = ReadUncaughtErrorMode(_options);
        WebSocketTransport = new WebSockets.WebSocketTransport(_options.WebSockets);
        TimeOrigin = _options.TimeProvider.GetUtcNow();
        TimeOriginTimestamp = _options.TimeProvider.GetTimestamp();

        _engine = new Engine(engineOptions =>
        {
            engineOptions.Constraints.StackOverflowGuard = true;
            engineOptions.Constraint(_cancellation);
            engineOptions.DisableStringCompilation(!_options.AllowStringCompilation);
            var modulePath = _options.ModuleBasePath ?? Directory.GetCurrentDirectory();
            engineOptions.EnableModules(Path.GetFullPath(modulePath), restrictToBasePath: false);
        });
        _engine.Advanced.HostDefined = this;
        _engine.Advanced.PromiseRejectionTracker += OnPromiseRejectionTracked;
        _loop = new EventLoop(this, _options.TimeProvider);
        InstallGlobals();
    }

    /// <summary>The host currently running a task on this thread, if any.</summary>
    internal static ScriptHost? Current => EventLoop.Current?.Host as ScriptHost;

    internal Engine Engine => _engine;

    internal EventLoop Loop => _loop;

    internal ScriptHostOptions Options => _options;

    internal TextWriter StandardOutput => _stdout;

    internal TextWriter StandardError => _stderr;

    /// <summary>The parsed base URL (the API base URL for <c>new WebSocket</c> and <c>URL</c>), or null.</summary>
    internal Url.UrlRecord? BaseUrlRecord { get; }

    /// <summary>The network seam every WebSocket of this host connects through.</summary>
    internal WebSockets.WebSocketTransport WebSocketTransport { get; }

    /// <summary>Remembers a connection so that disposing the host aborts it. Loop thread.</summary>
    internal void TrackConnection(WebSockets.WebSocketConnection connection)
    {
        _connections.RemoveWhere(static c => c.IsFinished);
        _connections.Add(connection);
    }

    private readonly HashSet<WebSockets.WebSocketConnection> _connections = [];

    /// <summary>The wall-clock time at which the host was created (<c>performance.timeOrigin</c>).</summary>
    internal DateTimeOffset TimeOrigin { get; }

    /// <summary>The <see cref="TimeProvider"/> timestamp at which the host was created.</summary>
    internal long TimeOriginTimestamp { get; }

    /// <summary>Milliseconds since the time origin on the host's clock (<c>performance.now()</c>).</summary>
    internal double Now() => _options.TimeProvider.GetElapsedTime(TimeOriginTimestamp).TotalMilliseconds;

    /// <summary><see cref="Now"/> for the host that owns <paramref name="engine"/>.</summary>
    internal static double NowFor(Engine engine) => HostIntrinsics.Of(engine).Host.Now();

    /// <summary>Queues a classic script to run as a task when the loop runs.</summary>
    /// <param name="source">The script's text.</param>
    /// <param name="fileName">The name that stack traces and error reports use for the script.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public void EnqueueScript(string source, string fileName = "script.js")
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ObjectDisposedException.ThrowIf(_disposed, this);
        _loop.Post(static state =>
        {
            var (host, code, name) = ((ScriptHost, string, string))state!;
            host._engine.Execute(code, name);
        }, (this, source, fileName));
    }

    /// <summary>
    /// Queues a classic script that was parsed ahead of time (<c>Engine.PrepareScript</c>, which needs no engine and
    /// may run on another thread while the host is being created).
    /// </summary>
    /// <param name="script">The prepared script.</param>
    public void EnqueueScript(Prepared<Acornima.Ast.Script> script)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _loop.Post(static state =>
        {
            var (host, prepared) = ((ScriptHost, Prepared<Acornima.Ast.Script>))state!;
            host._engine.Execute(prepared);
        }, (this, script));
    }

    /// <summary>
    /// Queues the import of an ES module file as a task: relative imports resolve against the file's folder, and
    /// top-level <c>await</c> may wait on timers and sockets while the loop runs.
    /// </summary>
    /// <param name="path">The module's file path.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public void EnqueueModule(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var fullPath = Path.GetFullPath(path);
        _loop.Post(static state =>
        {
            var (host, file) = ((ScriptHost, string))state!;
            host.StartModuleImport(file);
        }, (this, fullPath));
    }

    /// <summary>
    /// Hands work to the event loop from any thread. The callback runs as a task on the loop, where it may use the
    /// engine; an exception it throws is reported as an uncaught error.
    /// </summary>
    /// <param name="work">The work to run on the loop.</param>
    /// <exception cref="ArgumentNullException"><paramref name="work"/> is null.</exception>
    public void Post(Action<Engine> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(_disposed, this);
        _loop.Post(static state =>
        {
            var (host, callback) = ((ScriptHost, Action<Engine>))state!;
            callback(host._engine);
        }, (this, work));
    }

    /// <summary>
    /// Runs the event loop until it is idle (no task queued, no timer pending, nothing such as an open socket holding
    /// it), or until an uncaught error ends the run.
    /// </summary>
    /// <param name="cancellationToken">Stops the run, including a script that never yields.</param>
    /// <returns>How the run ended.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="InvalidOperationException">The loop is already running.</exception>
    public async Task<ScriptRunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _uncaughtError = null;
        _reportedErrors.Clear();
        _cancellation.Token = cancellationToken;
        try
        {
            await _loop.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _cancellation.Token = CancellationToken.None;
        }

        await _stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return new ScriptRunResult(_uncaughtError, TakeReportedErrors());
    }

    /// <summary>Releases the loop's resources and the engine.</summary>
    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            AbandonPendingEvaluations();
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }

            _connections.Clear();
            WebSocketTransport.Dispose();
            _loop.Dispose();
            _engine.Advanced.PromiseRejectionTracker -= OnPromiseRejectionTracked;
            _engine.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    void IEventLoopHost.PerformMicrotaskCheckpoint() => PerformMicrotaskCheckpoint();

    /// <summary>HTML's "perform a microtask checkpoint": promise jobs, then rejected-promise notifications.</summary>
    internal void PerformMicrotaskCheckpoint()
    {
        _engine.Advanced.ProcessTasks();
        if (_pendingRejections.Count > 0)
        {
            NotifyAboutRejectedPromises();
        }
    }

    void IEventLoopHost.ReportTaskException(Exception exception) => ReportTaskException(exception);

    private void StartModuleImport(string file)
    {
        var operation = _engine.Modules.StartImport(new Uri(file).AbsoluteUri);
        var onRejected = new Jint.Runtime.Interop.ClrFunction(_engine, "", (_, args) =>
        {
            ReportException(args.Length > 0 ? args[0] : JsValue.Undefined, null);
            return JsValue.Undefined;
        }, 1);
        var then = operation.Promise.Get("then");
        _engine.Call(then, operation.Promise, [JsValue.Undefined, onRejected]);
    }

    private static Url.UrlRecord? ParseBaseUrl(string? baseUrl, string paramName)
    {
        if (baseUrl is null)
        {
            return null;
        }

        return Url.UrlParser.Parse(baseUrl)
            ?? throw new ArgumentException($"The base URL '{baseUrl}' is not an absolute URL.", paramName);
    }
}
