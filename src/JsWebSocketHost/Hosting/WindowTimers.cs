using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// <c>setTimeout</c>, <c>setInterval</c>, <c>clearTimeout</c> and <c>clearInterval</c> on the loop's timers, with
/// HTML's timer initialization steps: unique positive ids shared by both kinds, extra arguments passed to the
/// callback, negative timeouts treated as 0, and a 4 ms clamp once timers nest more than 5 levels deep.
/// </summary>
/// <remarks>Spec: https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#timers.</remarks>
internal sealed class WindowTimers
{
    private const int NestingClampLevel = 5;
    private const int ClampMilliseconds = 4;

    private readonly ScriptHost _host;
    private readonly Engine _engine;
    private readonly Dictionary<int, LoopTimer> _activeTimers = [];
    private int _nextId;

    // The nesting level of the timer task now running, or 0 when the running task is not a timer's.
    private int _currentNestingLevel;

    private WindowTimers(ScriptHost host)
    {
        _host = host;
        _engine = host.Engine;
    }

    /// <summary>Defines the four timer operations on the global.</summary>
    public static WindowTimers Install(ScriptHost host)
    {
        var timers = new WindowTimers(host);
        var engine = host.Engine;
        var global = engine.Global;
        Define.Operation(engine, global, "setTimeout", 1, (_, args) => timers.Initialize(args, repeat: false));
        Define.Operation(engine, global, "setInterval", 1, (_, args) => timers.Initialize(args, repeat: true));
        Define.Operation(engine, global, "clearTimeout", 0, (_, args) => timers.Clear(args));
        Define.Operation(engine, global, "clearInterval", 0, (_, args) => timers.Clear(args));
        return timers;
    }

    /// <summary>Clears every timer (a limit ended the run). Loop thread, or while the loop is not running.</summary>
    public void ClearAll()
    {
        foreach (var timer in _activeTimers.Values)
        {
            _host.Loop.Cancel(timer);
        }

        _activeTimers.Clear();
    }

    /// <summary>The number of timers that are scheduled (for tests and diagnostics).</summary>
    public int ActiveCount => _activeTimers.Count;

    private JsValue Initialize(JsValue[] args, bool repeat)
    {
        // WebIDL: (TimerHandler handler, optional long timeout = 0, any... arguments).
        if (args.Length == 0)
        {
            throw ScriptErrors.NotEnoughArguments(_engine, "Window", repeat ? "setInterval" : "setTimeout", 1, 0);
        }

        var handler = args[0];
        if (!handler.IsCallable())
        {
            // TimerHandler is (Function or TrustedScript or DOMString): convert to a string to compile later.
            var code = TypeConverter.ToString(handler);

            // Host policy, in place of HTML's EnsureCSPDoesNotBlockStringCompilation: the string runs as script, so it
            // needs string compilation allowed as well as string handlers (the untrusted preset has neither).
            var options = _host.Options;
            if (!options.AllowStringTimerHandlers || !options.AllowStringCompilation)
            {
                var off = options.AllowStringTimerHandlers ? nameof(ScriptHostOptions.AllowStringCompilation) : nameof(ScriptHostOptions.AllowStringTimerHandlers);
                throw ScriptErrors.TypeError(_engine,
                    $"{(repeat ? "setInterval" : "setTimeout")} was given a string handler, and this host does not compile strings ({off} is off): pass a function.");
            }

            handler = new JsString(code);
        }

        var timeout = args.Length > 1 ? WebIdlConvert.ToLong(args[1]) : 0;
        var maxTimers = _host.Options.Limits.MaxTimers;
        if (_activeTimers.Count >= maxTimers)
        {
            // Host limit: a script cannot fill the timer queue without bound.
            var message = $"Failed to execute '{(repeat ? "setInterval" : "setTimeout")}': a script may have at most {maxTimers} timers pending (MaxTimers).";
            _host.OnLimitReached(nameof(ScriptLimits.MaxTimers), message, endsRun: false);
            throw ScriptErrors.DomException(_engine, "QuotaExceededError", message);
        }

        var extra = args.Length > 2 ? args[2..] : [];
        var id = ++_nextId;
        var record = new TimerRecord(id, handler, extra, repeat);
        var timer = new LoopTimer(static t => ((TimerRecord)t.State!).Owner!.Fire(t), record);
        record.Owner = this;
        _activeTimers[id] = timer;
        Schedule(timer, timeout);
        return id;
    }

    // Timer initialization steps 4-7 and 10-12: clamp, then wait in parallel and queue the task.
    private void Schedule(LoopTimer timer, int timeout)
    {
        var record = (TimerRecord)timer.State!;

        // Step 4: if the running task is a timer task, nesting level is its nesting level; otherwise 0.
        var nestingLevel = _currentNestingLevel;

        // Step 5: if timeout is less than 0, set timeout to 0.
        if (timeout < 0)
        {
            timeout = 0;
        }

        // Step 6: if nesting level is greater than 5 and timeout is less than 4, set timeout to 4.
        if (nestingLevel > NestingClampLevel && timeout < ClampMilliseconds)
        {
            timeout = ClampMilliseconds;
        }

        // Step 10.2: the task's timer nesting level is nesting level + 1.
        record.NestingLevel = nestingLevel + 1;
        record.Timeout = timeout;
        _host.Loop.Schedule(timer, TimeSpan.FromMilliseconds(timeout));
    }

    private void Fire(LoopTimer timer)
    {
        var record = (TimerRecord)timer.State!;

        // Step 8.1: if id does not exist in the map of active timers, abort.
        if (!_activeTimers.TryGetValue(record.Id, out var active) || !ReferenceEquals(active, timer))
        {
            return;
        }

        _currentNestingLevel = record.NestingLevel;
        try
        {
            // Step 8.3-8.4: invoke the callback with the extra arguments and the global as this, or run the string.
            if (record.Handler.IsCallable())
            {
                _engine.Call(record.Handler, _engine.Global, record.Arguments);
            }
            else
            {
                _engine.Execute(record.Handler.AsString(), "setTimeout handler");
            }
        }
        finally
        {
            // Step 8.5-8.6: a repeating timer still active runs again with the same id and its own nesting level.
            if (record.Repeat && _activeTimers.TryGetValue(record.Id, out active) && ReferenceEquals(active, timer))
            {
                Schedule(timer, record.Timeout);
            }
            else if (!record.Repeat)
            {
                _activeTimers.Remove(record.Id);
            }

            _currentNestingLevel = 0;
        }
    }

    private JsValue Clear(JsValue[] args)
    {
        // clearTimeout(optional long id = 0): remove the entry; an unknown id is a no-op.
        var id = args.Length > 0 ? WebIdlConvert.ToLong(args[0]) : 0;
        if (_activeTimers.Remove(id, out var timer))
        {
            _host.Loop.Cancel(timer);
        }

        return JsValue.Undefined;
    }

    private sealed class TimerRecord(int id, JsValue handler, JsValue[] arguments, bool repeat)
    {
        public int Id { get; } = id;

        public JsValue Handler { get; } = handler;

        public JsValue[] Arguments { get; } = arguments;

        public bool Repeat { get; } = repeat;

        public int NestingLevel { get; set; }

        public int Timeout { get; set; }

        public WindowTimers? Owner { get; set; }
    }
}
