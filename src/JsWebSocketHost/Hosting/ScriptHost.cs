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
public sealed partial class ScriptHost : IAsyncDisposable, IEventLoopHost, WebSockets.IConnectionMonitor, IHostEnvironment, WebSockets.IWebSocketEnvironment
{
    private readonly ScriptHostOptions _options;
    private readonly Engine _engine;
    private readonly EventLoop _loop;
    private readonly LoopCancellationConstraint _cancellation = new();
    private readonly TaskBudgetConstraint? _taskBudget;
    private readonly CancellationTokenSource _disposing = new();
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;
    private readonly Lock _lifetimeLock = new();
    private TaskCompletionSource _runEnded = CompletedRun();
    private Task? _disposal;
    private volatile bool _disposed;

    /// <summary>Creates a host, its engine and its globals, from a validated snapshot of <paramref name="options"/>.</summary>
    /// <param name="options">The host's options; null takes <see cref="ScriptHostOptions.ForTrustedScripts"/>. Later
    /// changes to the object have no effect on this host.</param>
    /// <exception cref="ArgumentException">A setting is invalid: for example <see cref="ScriptHostOptions.BaseUrl"/>
    /// is not an absolute URL, a
    /// <see cref="ScriptHostOptions.ModuleRoots"/> entry is not an absolute path to an existing folder, or a limit is
    /// out of range (the message names the setting).</exception>
    public ScriptHost(ScriptHostOptions? options = null)
    {
        _options = (options ?? new ScriptHostOptions()).Snapshot();
        _uncaughtErrorMode = ReadUncaughtErrorMode(_options);
        _stdout = _options.StandardOutput ?? Console.Out;
        _stderr = _options.StandardError ?? Console.Error;
        BaseUrlRecord = ParseBaseUrl(_options.BaseUrl, nameof(options));
        var moduleLoader = CreateModuleLoader(nameof(options));
        var loggers = CreateLoggers(_options);
        _logger = loggers.Host;
        WebSocketTransport = new WebSockets.WebSocketTransport(_options.WebSockets, this) { Logger = loggers.WebSockets };
        TimeOrigin = _options.TimeProvider.GetUtcNow();
        TimeOriginTimestamp = _options.TimeProvider.GetTimestamp();

        var limits = _options.Limits;
        _taskBudget = limits.MaxStatementsPerTask > 0 || limits.TaskTimeout != Timeout.InfiniteTimeSpan
            ? new TaskBudgetConstraint(limits.MaxStatementsPerTask, limits.TaskTimeout)
            : null;
        _engine = new Engine(engineOptions =>
        {
            engineOptions.Constraints.StackOverflowGuard = true;
            engineOptions.Constraint(_cancellation);
            if (limits.MaxAllocatedBytesPerTask > 0)
            {
                engineOptions.LimitMemory(limits.MaxAllocatedBytesPerTask);
            }

            if (_taskBudget is { } taskBudget)
            {
                engineOptions.Constraint(taskBudget);
            }

            if (limits.MaxRecursionDepth > 0)
            {
                engineOptions.LimitRecursion(limits.MaxRecursionDepth);
            }


            // ECMAScript's Function.prototype.toString gives a function's source text (ES2019 "revision"); Jint keeps
            // it only when asked, and otherwise gives "function f() { [native code] }" for the script's own functions.
            engineOptions.RetainFunctionSourceText = true;
            engineOptions.DisableStringCompilation(!_options.AllowStringCompilation);
            engineOptions.EnableModules(moduleLoader);
        });
        _engine.Advanced.HostDefined = this;
        _engine.Advanced.PromiseRejectionTracker += OnPromiseRejectionTracked;
        _loop = new EventLoop(this, _options.TimeProvider);
        _cancellation.Loop = _loop;
        InstallGlobals();
    }

    /// <summary>The host that owns <paramref name="engine"/> (Hosting code only; other layers see <see cref="IHostEnvironment"/>).</summary>
    internal static ScriptHost Of(Engine engine) => (ScriptHost)HostIntrinsics.Of(engine).Host;

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

    /// <summary>The wall-clock time at which the host was created (<c>performance.timeOrigin</c>).</summary>
    internal DateTimeOffset TimeOrigin { get; }

    /// <summary>The <see cref="TimeProvider"/> timestamp at which the host was created.</summary>
    internal long TimeOriginTimestamp { get; }

    /// <summary>Milliseconds since the time origin on the host's clock (<c>performance.now()</c>).</summary>
    internal double Now() => _options.TimeProvider.GetElapsedTime(TimeOriginTimestamp).TotalMilliseconds;

    double IHostEnvironment.Now() => Now();

    DateTimeOffset IHostEnvironment.UtcNow() => _options.TimeProvider.GetUtcNow();

    void IHostEnvironment.PostTask(Action<object?> callback, object? state) => _loop.Post(callback, state);

    void IHostEnvironment.ScheduleTimeout(TimeSpan delay, Action<object?> callback, object? state) =>
        _loop.Schedule(new LoopTimer(static t =>
        {
            var (run, argument) = ((Action<object?>, object?))t.State!;
            run(argument);
        }, (callback, state)) { KeepsLoopAlive = false }, delay);

    void IHostEnvironment.PerformMicrotaskCheckpoint() => PerformMicrotaskCheckpoint();

    void IHostEnvironment.ReportException(JsValue error, JavaScriptException? exception) => ReportException(error, exception);

    HostIntrinsics? IEventLoopHost.Intrinsics => _intrinsics;

    EventLoop WebSockets.IWebSocketEnvironment.Loop => _loop;

    WebSockets.WebSocketTransport WebSockets.IWebSocketEnvironment.WebSocketTransport => WebSocketTransport;

    Url.UrlRecord? WebSockets.IWebSocketEnvironment.BaseUrlRecord => BaseUrlRecord;

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
    /// may run on another thread while the host is being created). Prepare it with
    /// <c>ScriptParsingOptions.RetainFunctionSourceText</c>, as the host parses, for its functions'
    /// <c>toString()</c> to give their source text.
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
    /// Stops the script that is running now, a task that never yields (<c>while (true) {}</c>) included, at its next
    /// statement: the task ends as if it threw an error no script can catch, and the run goes on with the next task.
    /// When no script is running, nothing happens. Safe from any thread. (To end the whole run, cancel it.)
    /// </summary>
    public void InterruptCurrentTask() => _cancellation.Interrupt();

    /// <summary>
    /// Runs the event loop until it is idle (no task queued, no timer pending, nothing such as an open socket holding
    /// it), or until an uncaught error ends the run.
    /// </summary>
    /// <param name="cancellationToken">Stops the run, including a script that never yields.</param>
    /// <returns>How the run ended. The task is returned at once: the loop runs on the thread pool.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="InvalidOperationException">The loop is already running.</exception>
    public async Task<ScriptRunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource ended;
        lock (_lifetimeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_runEnded.Task.IsCompleted)
            {
                throw new InvalidOperationException("The event loop is already running.");
            }

            ended = _runEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        var started = LogRunStarted();
        try
        {
            var result = await RunCoreAsync(cancellationToken).ConfigureAwait(false);
            LogRunEnded(result, started);
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogRunCancelled(started);
            throw;
        }
        finally
        {
            ended.TrySetResult();
        }
    }

    private async Task<ScriptRunResult> RunCoreAsync(CancellationToken cancellationToken)
    {
        // The caller gets its task back at once, even when the first task never yields (while (true) {}).
        await Task.Yield();
        _uncaughtError = null;
        _reportedErrors.Clear();
        _runEnd = null;
        var runTimeout = _options.Limits.RunTimeout;
        using var timeout = runTimeout == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(runTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token, timeout?.Token ?? default);
        _cancellation.Token = linked.Token;
        try
        {
            await _loop.RunAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Stopped by the host itself: the run timeout passed, or the host is being disposed.
            if (_disposing.IsCancellationRequested)
            {
                _runEnd ??= (ScriptRunOutcome.Cancelled, null, "The host was disposed while the script was running.");
            }
            else
            {
                EndRunAtLimit(nameof(ScriptLimits.RunTimeout), $"The run took longer than its limit of {runTimeout.TotalSeconds:0.###} s (RunTimeout).", ScriptRunOutcome.TimedOut);
            }

            _engine.Advanced.ResetCallStack();
        }
        finally
        {
            _cancellation.Token = CancellationToken.None;
        }

        await _stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        if (_runEnd is { Outcome: ScriptRunOutcome.LimitExceeded or ScriptRunOutcome.TimedOut })
        {
            // Once more now that the loop has returned: nothing the stopped task started may outlive the run.
            _ = WebSocketTransport.AbortAllAsync(closeForGood: false);
            _timers.ClearAll();
        }

        if (_runEnd is { } end)
        {
            return new ScriptRunResult(end.Outcome, _uncaughtError, end.Limit, end.Message, TakeReportedErrors());
        }

        return _uncaughtError is { } error
            ? new ScriptRunResult(ScriptRunOutcome.UncaughtError, error, null, error.Message, TakeReportedErrors())
            : new ScriptRunResult(ScriptRunOutcome.Drained, null, null, null, TakeReportedErrors());
    }

    /// <summary>
    /// Stops a run in progress (its <see cref="RunAsync"/> returns <see cref="ScriptRunOutcome.Cancelled"/>), aborts
    /// every socket and waits for their teardown, then releases the loop and the engine. Safe from any thread, and
    /// more than once; called from the loop itself, it stops the run and finishes the teardown when the run returns.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        lock (_lifetimeLock)
        {
            if (_disposal is null)
            {
                _disposed = true;
                AbandonPendingEvaluations();
                _disposing.Cancel();
                _disposal = _loop.IsOnLoop ? TearDownAfterRunAsync() : TearDownAsync();
            }

            return _loop.IsOnLoop ? ValueTask.CompletedTask : new ValueTask(_disposal);
        }
    }

    // Called from a task on the loop: the run cannot be awaited here, it ends when this task returns.
    private async Task TearDownAfterRunAsync()
    {
        await Task.Yield();
        await TearDownAsync().ConfigureAwait(false);
    }

    private async Task TearDownAsync()
    {
        // The run sees the cancellation at its next check (a script that never yields included).
        Task runEnded;
        lock (_lifetimeLock)
        {
            runEnded = _runEnded.Task;
        }

        await runEnded.ConfigureAwait(false);

        // Every socket is aborted; teardown is bounded (an abort completes at once, a stuck peer does not hold it).
        var sockets = WebSocketTransport.AbortAllAsync(closeForGood: true);
        await Task.WhenAny(sockets, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false);
        WebSocketTransport.Dispose();
        _loop.Dispose();
        _engine.Advanced.PromiseRejectionTracker -= OnPromiseRejectionTracked;
        _engine.Dispose();
        _disposing.Dispose();
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

    void IEventLoopHost.BeginTask() => _taskBudget?.BeginTask();

    void WebSockets.IConnectionMonitor.OnLimitReached(string limit, string message) => OnLimitReached(limit, message, endsRun: false);

    private void StartModuleImport(string file)
    {
        var operation = StartEntryImport(file);
        var onRejected = new Jint.Runtime.Interop.ClrFunction(_engine, "", (_, args) =>
        {
            ReportException(args.Length > 0 ? args[0] : JsValue.Undefined, null);
            return JsValue.Undefined;
        }, 1);
        var then = operation.Promise.Get("then");
        _engine.Call(then, operation.Promise, [JsValue.Undefined, onRejected]);
    }

    private static TaskCompletionSource CompletedRun()
    {
        var completed = new TaskCompletionSource();
        completed.SetResult();
        return completed;
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
