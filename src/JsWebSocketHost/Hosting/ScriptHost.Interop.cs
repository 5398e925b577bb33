using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using JsWebSocketHost.Dom;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// Exchanging plain values with the script: globals and functions the host provides, evaluations whose results come
/// back as .NET values, events the host fires, and the host's view of uncaught errors. No .NET object ever becomes
/// visible to script: values cross by copy, and delegates become plain JS functions.
/// </summary>
public sealed partial class ScriptHost
{
    /// <summary>The most uncaught errors one <see cref="ScriptRunResult.Errors"/> keeps.</summary>
    public const int MaxRecordedErrors = 100;

    private readonly Lock _evaluationsGate = new();
    private readonly HashSet<HostEvaluation> _pendingEvaluations = [];
    private readonly List<ScriptError> _reportedErrors = [];
    private readonly UncaughtErrorMode _uncaughtErrorMode;

    /// <summary>
    /// Raised on the loop thread for every uncaught exception and unhandled rejection that script did not handle
    /// (after the global <c>error</c> or <c>unhandledrejection</c> event had its chance, and after the report was
    /// written to standard error), in either <see cref="ScriptHostOptions.UncaughtErrorMode"/>.
    /// </summary>
    /// <remarks>
    /// The handler runs inside the loop's turn: keep it short, and do not block on the loop (on a task from
    /// <see cref="EvaluateAsync{T}"/>, say). An exception it throws is written to standard error and ignored.
    /// Errors in code run by <see cref="EvaluateAsync{T}"/> are not uncaught: they fault that call's task instead.
    /// </remarks>
    public event EventHandler<ScriptErrorEventArgs>? UncaughtError;

    internal bool IsDisposed => _disposed;

    /// <summary>
    /// Puts a plain value on the global object, as a writable, enumerable, configurable property (as a script's
    /// <c>globalThis.name = value</c> or Jint's <c>Engine.SetValue</c> makes one, so a script may read, replace or
    /// delete it). Safe from any thread: off the loop, the value is copied now and defined by a task queued now, so
    /// every script queued after this call sees it.
    /// </summary>
    /// <param name="name">The global's name.</param>
    /// <param name="value">
    /// A value copied into plain JS values: null; a bool; any numeric primitive (a number; 64-bit integers and
    /// <see cref="decimal"/> lose precision beyond 2^53); a <see cref="char"/> or string; a <see cref="byte"/>[] (or
    /// <see cref="ArraySegment{T}"/>, <see cref="Memory{T}"/>, <see cref="ReadOnlyMemory{T}"/> of bytes) as a fresh
    /// <c>ArrayBuffer</c>; a string-keyed dictionary (<see cref="IDictionary{TKey, TValue}"/>,
    /// <see cref="IReadOnlyDictionary{TKey, TValue}"/>, or any <see cref="System.Collections.IDictionary"/> whose keys
    /// are strings) as a plain object; any other <see cref="System.Collections.IEnumerable"/> as an <c>Array</c>; a
    /// <see cref="System.Text.Json.JsonElement"/> or <see cref="System.Text.Json.Nodes.JsonNode"/> as the value it
    /// holds; or a delegate as a function (its parameters and result of such types, or <see cref="object"/> for any
    /// plain value; see remarks).
    /// </param>
    /// <remarks>
    /// A function made from a delegate runs it on the loop thread (a slow delegate blocks the loop: return a
    /// <see cref="Task"/> instead). Script arguments become .NET values of the parameter types: for
    /// <see cref="object"/>, null (for <c>undefined</c> and <c>null</c>), <see cref="bool"/>, <see cref="double"/>,
    /// <see cref="string"/>, <see cref="byte"/>[] (a copy of an <c>ArrayBuffer</c> or view),
    /// <see cref="List{T}"/> of <see cref="object"/> and <see cref="Dictionary{TKey, TValue}"/> of string to
    /// <see cref="object"/>; a typed parameter takes only its own kind of JS value (an integer type: an integer
    /// number in range), and a TypeError tells script otherwise. An object reached through several paths is read once
    /// and becomes one .NET object, reached through the same paths. The arguments of one call may hold at most
    /// 1,000,000 values and <see cref="ScriptLimits.MaxAllocatedBytesPerTask"/> bytes of strings (2 bytes a char)
    /// and binary data (64 MiB when that limit is 0), counted once per path; a larger value is refused with a
    /// TypeError that names the budget. The delegate's result comes back as a JS value.
    /// A delegate returning <see cref="Task"/>, <see cref="Task{TResult}"/>, <see cref="ValueTask"/> or
    /// <see cref="ValueTask{TResult}"/> gives a function returning a promise, settled in a task on the loop when the
    /// .NET task completes; a pending one keeps <see cref="RunAsync"/> from ending. An exception the delegate throws
    /// (or its task ends with) becomes a JS <c>Error</c> with the exception's message, and rejects the promise of an
    /// asynchronous one. The function has only the own properties <c>length</c> and <c>name</c>.
    /// </remarks>
    /// <exception cref="ArgumentException">
    /// <paramref name="name"/> is empty or names one of the global's read-only properties (<c>undefined</c>,
    /// <c>NaN</c>, <c>Infinity</c>), or <paramref name="value"/> holds a value of any other .NET type (the message
    /// names it), a cycle, or nesting deeper than 256 levels.
    /// </exception>
    /// <exception cref="InvalidOperationException">
    /// On the loop thread: script made the global property non-configurable. (Off the loop, the queued task reports
    /// this as an uncaught error.)
    /// </exception>
    public void SetGlobal(string name, object? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name is "undefined" or "NaN" or "Infinity")
        {
            throw new ArgumentException($"The global '{name}' is read-only.", nameof(name));
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        var snapshot = HostValueConverter.Snapshot(value, nameof(value), $"the value of '{name}'");
        if (_loop.IsOnLoop)
        {
            DefineGlobal(name, snapshot);
            return;
        }

        _loop.Post(static state =>
        {
            var (host, key, item) = ((ScriptHost, string, object?))state!;
            host.DefineGlobal(key, item);
        }, (this, name, snapshot));
    }

    /// <summary>
    /// Evaluates <paramref name="code"/> as a classic script in a task on the loop and gives its completion value
    /// converted to <typeparamref name="T"/>, after waiting on the loop for it to settle when it is a promise (or any
    /// thenable). Safe from any thread.
    /// </summary>
    /// <typeparam name="T">
    /// <see cref="string"/>, <see cref="bool"/>, a numeric type (an integer type takes an integer number in range),
    /// their nullable forms, <see cref="object"/> for a plain .NET value (as a delegate's <see cref="object"/>
    /// parameter gets, see <see cref="SetGlobal"/>), <see cref="byte"/>[], <see cref="List{T}"/> of
    /// <see cref="object"/>, <see cref="Dictionary{TKey, TValue}"/> of string to <see cref="object"/> (or their
    /// interfaces), <see cref="System.Text.Json.JsonElement"/> or <see cref="System.Text.Json.Nodes.JsonNode"/>
    /// (bytes as base64, NaN and infinities as null; <c>undefined</c> as the default element).
    /// </typeparam>
    /// <param name="code">The script's text; stack traces name it <c>evaluate.js</c>.</param>
    /// <param name="cancellationToken">
    /// Cancels the wait: before the evaluation has run it does not run; while a promise is pending the task is
    /// cancelled and the loop is no longer held. (To stop a script that never yields, cancel the run.)
    /// </param>
    /// <returns>
    /// A task that completes only while <see cref="RunAsync"/> runs the loop: queued with no run in progress, it
    /// waits for the next run, and that run does not end before the task completes (a promise that never settles
    /// keeps the run going until it is cancelled). Its continuations never run on the loop thread. It faults with a
    /// <see cref="ScriptException"/> when the script throws (a syntax error included) or its promise is rejected
    /// (neither is then an uncaught error), with an <see cref="InvalidCastException"/> when the result does not
    /// convert to <typeparamref name="T"/> (or exceeds the budget a delegate's arguments have, see
    /// <see cref="SetGlobal"/>), with the limit's exception (a Jint constraint's, or a cancellation) when a limit ends
    /// the run while the code runs or its result is converted, and with an <see cref="ObjectDisposedException"/>
    /// when the host is disposed first. Do not block the loop thread on it: that deadlocks.
    /// </returns>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not one of the types above.</exception>
    /// <exception cref="ObjectDisposedException">The host is disposed or being disposed.</exception>
    public Task<T> EvaluateAsync<T>(string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (!ScriptValueConverter.IsSupportedType(typeof(T)))
        {
            throw new NotSupportedException(
                $"EvaluateAsync cannot convert a script's result to {typeof(T)}. Use string, bool, a numeric type, object "
                + "(a plain value), byte[], List<object?>, Dictionary<string, object?>, JsonElement or JsonNode.");
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        var evaluation = new HostEvaluation<T>(this, code, cancellationToken);
        evaluation.Start();
        return evaluation.Task;
    }

    /// <summary>
    /// Queues a task that fires a trusted <c>CustomEvent</c> named <paramref name="type"/> (not bubbling, not
    /// cancelable) with <paramref name="detail"/> as its <c>detail</c> at the global object, so a script's
    /// <c>addEventListener(type, …)</c> on the global sees it. Safe from any thread.
    /// </summary>
    /// <remarks>
    /// Spec: https://dom.spec.whatwg.org/#concept-event-fire and https://dom.spec.whatwg.org/#interface-customevent.
    /// As when the platform fires an event from a task, a microtask checkpoint runs after each listener. A task
    /// queued with no run in progress fires in the next run. An exception a listener throws is reported as
    /// uncaught.
    /// </remarks>
    /// <param name="type">The event's type, e.g. <c>"config-changed"</c>.</param>
    /// <param name="detail">The event's detail: any value <see cref="SetGlobal"/> takes, copied now; null gives <c>null</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="detail"/> holds a value of a type that cannot be passed to script.</exception>
    public void DispatchEvent(string type, object? detail = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var snapshot = HostValueConverter.Snapshot(detail, nameof(detail), "the event's detail");
        _loop.Post(static state =>
        {
            var (host, eventType, item) = ((ScriptHost, string, object?))state!;
            host.FireCustomEvent(eventType, item);
        }, (this, type, snapshot));
    }

    /// <summary>Adds an evaluation that disposing the host must complete. Any thread.</summary>
    /// <exception cref="ObjectDisposedException">The host is disposed or being disposed.</exception>
    internal void AddEvaluation(HostEvaluation evaluation)
    {
        lock (_evaluationsGate)
        {
            // DisposeAsync sets _disposed before AbandonPendingEvaluations takes its snapshot under this lock: an
            // evaluation added after the snapshot would be queued to a loop that never runs again.
            ObjectDisposedException.ThrowIf(_disposed, this);
            _pendingEvaluations.Add(evaluation);
        }
    }

    /// <summary>Removes a completed evaluation. Any thread.</summary>
    internal void RemoveEvaluation(HostEvaluation evaluation)
    {
        lock (_evaluationsGate)
        {
            _pendingEvaluations.Remove(evaluation);
        }
    }

    /// <summary>The <see cref="ScriptException"/> for a thrown value or rejection reason. Loop thread.</summary>
    internal ScriptException CreateScriptException(JsValue error, JavaScriptException? exception, string kind)
    {
        var description = DescribeThrownValue(error, exception);
        return new ScriptException(description.Message, description.Report, kind);
    }

    /// <summary>Completes every pending evaluation with <see cref="ObjectDisposedException"/>; on disposal.</summary>
    private void AbandonPendingEvaluations()
    {
        HostEvaluation[] pending;
        lock (_evaluationsGate)
        {
            pending = [.. _pendingEvaluations];
        }

        foreach (var evaluation in pending)
        {
            evaluation.Abandon(new ObjectDisposedException(nameof(ScriptHost), "The script host was disposed before the evaluation completed."));
        }
    }

    /// <summary>Reads <see cref="ScriptHostOptions.UncaughtErrorMode"/> once, at creation.</summary>
    private static UncaughtErrorMode ReadUncaughtErrorMode(ScriptHostOptions options) =>
        Enum.IsDefined(options.UncaughtErrorMode)
            ? options.UncaughtErrorMode
            : throw new ArgumentException($"{options.UncaughtErrorMode} is not an UncaughtErrorMode.", nameof(options));

    /// <summary>Records an uncaught error for the run's result and raises <see cref="UncaughtError"/>. Loop thread.</summary>
    private void OnUncaughtError(ScriptError error)
    {
        if (_reportedErrors.Count < MaxRecordedErrors)
        {
            _reportedErrors.Add(error);
        }

        LogUncaughtError(error);
        try
        {
            UncaughtError?.Invoke(this, new ScriptErrorEventArgs(error));
        }
        catch (Exception ex)
        {
            _stderr.WriteLine("An UncaughtError handler threw: " + ex.Message);
            LogEventHandlerFailed(nameof(UncaughtError), ex);
        }
    }

    /// <summary>The errors reported since the run began, for its result; clears the list.</summary>
    private ScriptError[] TakeReportedErrors()
    {
        var errors = _reportedErrors.ToArray();
        _reportedErrors.Clear();
        return errors;
    }

    private void DefineGlobal(string name, object? snapshot)
    {
        var value = HostValueConverter.ToScript(_engine, snapshot, name);
        var descriptor = new PropertyDescriptor(value, PropertyFlag.ConfigurableEnumerableWritable);
        if (!_engine.Global.DefineOwnProperty(name, descriptor))
        {
            throw new InvalidOperationException($"The global '{name}' cannot be set: script made it non-configurable.");
        }
    }

    // "Fire an event" named type at the global, using CustomEvent, with isTrusted true and detail set.
    private void FireCustomEvent(string type, object? detail)
    {
        var prototype = _intrinsics.Prototypes["CustomEvent"];
        var e = new JsCustomEvent(_engine, prototype, type)
        {
            IsTrusted = true,
            Detail = HostValueConverter.ToScript(_engine, detail),
        };
        EventDispatcher.Dispatch(_engine.Global, GlobalEventTargetState, e, fromTask: true);
    }
}
