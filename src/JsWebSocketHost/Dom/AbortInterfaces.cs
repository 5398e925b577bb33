using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Dom;

/// <summary>
/// <c>AbortController</c> and <c>AbortSignal</c>: <c>new AbortController()</c>, <c>signal</c>, <c>abort(reason)</c>;
/// <c>aborted</c>, <c>reason</c>, <c>throwIfAborted()</c>, <c>onabort</c>, and the static <c>AbortSignal.abort()</c>
/// and <c>AbortSignal.timeout()</c>.
/// </summary>
/// <remarks>Spec: https://dom.spec.whatwg.org/#aborting-ongoing-activities.</remarks>
internal static class AbortInterfaces
{
    // About 100 years (the event loop's longest exact delay): AbortSignal.timeout takes up to 2^53 - 1 ms.
    private const double MaxTimeoutMilliseconds = 36_500d * 24 * 60 * 60 * 1000;

    public static readonly JsObjectShape SignalShape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("aborted", static (t, _) => Signal(t, "aborted").Aborted, enumerable: true, configurable: true)
        .Accessor("reason", static (t, _) => Signal(t, "reason").Reason, enumerable: true, configurable: true)
        .Method("throwIfAborted", static (t, _) =>
        {
            var signal = Signal(t, "throwIfAborted");
            return signal.Aborted ? throw new Jint.Runtime.JavaScriptException(signal.Reason) : JsValue.Undefined;
        }, 0)
        .Accessor("onabort", static (t, _) => EventHandlerAttribute.Get(Signal(t, "onabort").EventTargetState, "abort"),
            static (t, a) => EventHandlerAttribute.Set(Signal(t, "onabort").EventTargetState, "abort", a), enumerable: true, configurable: true)
        .ToStringTag("AbortSignal")
        .Build();

    public static readonly JsObjectShape ControllerShape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("signal", static (t, _) => Controller(t, "signal").Signal, enumerable: true, configurable: true)
        .Method("abort", static (t, a) =>
        {
            Controller(t, "abort").Signal.SignalAbort(a.Length > 0 ? a[0] : JsValue.Undefined);
            return JsValue.Undefined;
        }, 0)
        .ToStringTag("AbortController")
        .Build();

    public static void Install(Engine engine, WebIdlConstructor eventTarget)
    {
        var intrinsics = HostIntrinsics.Of(engine);
        var signalInterface = new SignalConstructor(engine, eventTarget);
        var signalPrototype = SignalShape.Instantiate(engine, eventTarget.PrototypeObject);
        signalInterface.Install(signalPrototype);

        var controllerInterface = new ControllerConstructor(engine);
        var controllerPrototype = ControllerShape.Instantiate(engine, intrinsics.ObjectPrototype);
        controllerInterface.Install(controllerPrototype);
    }

    private static JsAbortSignal NewSignal(Engine engine) => new(engine, HostIntrinsics.Of(engine).Prototypes["AbortSignal"]);

    private static JsAbortSignal Signal(JsValue thisObj, string member) =>
        thisObj as JsAbortSignal ?? throw ScriptErrors.IllegalInvocation(thisObj, "AbortSignal", member);

    private static JsAbortController Controller(JsValue thisObj, string member) =>
        thisObj as JsAbortController ?? throw ScriptErrors.IllegalInvocation(thisObj, "AbortController", member);

    private sealed class JsAbortController(Engine engine, ObjectInstance prototype) : ObjectInstance(engine)
    {
        public JsAbortSignal Signal { get; } = NewSignal(engine);

        public void Init() => Prototype = prototype;
    }

    private sealed class ControllerConstructor(Engine engine) : WebIdlConstructor(engine, "AbortController", 0, null)
    {
        public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
        {
            var controller = new JsAbortController(_engine, PrototypeFor(newTarget));
            controller.Init();
            return controller;
        }
    }

    private sealed class SignalConstructor : WebIdlConstructor
    {
        public SignalConstructor(Engine engine, WebIdlConstructor parent)
            : base(engine, "AbortSignal", 0, parent)
        {
            // static AbortSignal abort(optional any reason): a signal already aborted.
            DefineStatic("abort", 0, (_, args) =>
            {
                var signal = NewSignal(_engine);
                signal.SignalAbort(args.Length > 0 ? args[0] : JsValue.Undefined);
                return signal;
            });

            // static AbortSignal any(sequence<AbortSignal> signals): "create a dependent abort signal".
            // Spec: https://dom.spec.whatwg.org/#create-a-dependent-abort-signal.
            DefineStatic("any", 1, (_, args) =>
            {
                var sources = WebIdlConvert.ToSequence(_engine, args.Length > 0 ? args[0] : JsValue.Undefined, value =>
                    value as JsAbortSignal ?? throw ScriptErrors.TypeError(_engine, "Failed to execute 'any' on 'AbortSignal': every member of signals must be an AbortSignal."),
                    "Failed to execute 'any' on 'AbortSignal'");

                // Step 1: a new signal.
                var result = NewSignal(_engine);

                // Step 2: if any source is aborted, the result is aborted with its reason at once.
                foreach (var source in sources)
                {
                    if (source.Aborted)
                    {
                        result.SignalAbort(source.Reason);
                        return result;
                    }
                }

                // Steps 3-4: the result follows its sources: the first to abort aborts it with its reason.
                foreach (var source in sources)
                {
                    source.AddAlgorithm(() => result.SignalAbort(source.Reason));
                }

                return result;
            });

            // static AbortSignal timeout([EnforceRange] unsigned long long milliseconds): aborts with a
            // "TimeoutError" DOMException after that long, without keeping the loop alive.
            DefineStatic("timeout", 1, (_, args) =>
            {
                var milliseconds = WebIdlConvert.ToEnforcedUnsignedLongLong(_engine, args.Length > 0 ? args[0] : JsValue.Undefined, "AbortSignal.timeout");
                var signal = NewSignal(_engine);
                var host = HostIntrinsics.Of(_engine).Host;
                host.ScheduleTimeout(TimeSpan.FromMilliseconds(Math.Min(milliseconds, MaxTimeoutMilliseconds)), static state =>
                {
                    var s = (JsAbortSignal)state!;
                    s.SignalAbort(JsDOMException.Create(s.Engine, "signal timed out", "TimeoutError"), fromTask: true);
                }, signal);
                return signal;
            });
        }

        public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget) => throw IllegalConstructor();

        private void DefineStatic(string name, int length, Func<JsValue, JsValue[], JsValue> body)
        {
            var function = new ClrFunction(_engine, name, body, length, PropertyFlag.Configurable);
            FastSetProperty(name, new PropertyDescriptor(function, writable: true, enumerable: true, configurable: true));
        }
    }
}
