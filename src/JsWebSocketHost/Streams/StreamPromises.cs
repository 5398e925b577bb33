using Jint;
using Jint.Native;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>
/// WebIDL's promise operations as the Streams Standard uses them: a new promise, a promise resolved or rejected with a
/// value, reacting to a promise, and marking one as handled. Reactions go through the <c>Promise.prototype.then</c>
/// captured at start-up, so a script that patches <c>then</c> cannot see or break a stream's internal steps.
/// </summary>
/// <remarks>Spec: https://webidl.spec.whatwg.org/#es-promise-manipulation.</remarks>
internal static class StreamPromises
{
    /// <summary>A new pending promise with its resolve and reject steps; settling a settled one does nothing.</summary>
    /// <remarks>Made with the original <c>Promise</c> constructor and its resolving functions, not with
    /// <c>Engine.Advanced.RegisterPromise</c>, whose resolve runs every queued promise job at once: a stream settles
    /// promises in the middle of its algorithms, where jobs must wait for the microtask checkpoint.</remarks>
    public static Deferred New(Engine engine)
    {
        // One executor per engine, which hands the resolving functions over through its holder: the constructor
        // calls it synchronously, and no script runs in between.
        var intrinsics = HostIntrinsics.Of(engine);
        var holder = Holder(engine);
        var constructor = (Jint.Native.Constructor)intrinsics.PromiseConstructor;
        var promise = constructor.Construct(holder.Arguments, constructor);
        var (resolve, reject) = holder.Take();
        return new Deferred(engine, promise, resolve, reject);
    }

    private static ExecutorHolder Holder(Engine engine)
    {
        var intrinsics = HostIntrinsics.Of(engine);
        if (intrinsics.StreamsPromiseExecutor is not ExecutorHolder holder)
        {
            intrinsics.StreamsPromiseExecutor = holder = new ExecutorHolder(engine);
        }

        return holder;
    }

    /// <summary>The reusable executor of <see cref="New"/>, and the resolving functions it was last given.</summary>
    private sealed class ExecutorHolder
    {
        private JsValue _resolve = JsValue.Undefined;
        private JsValue _reject = JsValue.Undefined;

        public ExecutorHolder(Engine engine)
        {
            Arguments = [new ClrFunction(engine, "", (_, args) =>
            {
                _resolve = args[0];
                _reject = args[1];
                return JsValue.Undefined;
            }, 2, PropertyFlag.Configurable)];
        }

        /// <summary>The constructor's argument list: the executor.</summary>
        public JsValue[] Arguments { get; }

        /// <summary>The engine's shared internal resolved promise (<see cref="InternalResolved"/>).</summary>
        public JsValue? Resolved { get; set; }

        /// <summary>The resolving functions the executor was last given, cleared.</summary>
        public (JsValue Resolve, JsValue Reject) Take()
        {
            var taken = (_resolve, _reject);
            _resolve = _reject = JsValue.Undefined;
            return taken;
        }
    }

    /// <summary>
    /// One promise of the engine's, resolved with undefined, for the results of algorithms that only a stream's own
    /// steps react to (a pull or a write that is done at once): script never sees it, so one serves them all and
    /// none is made per chunk.
    /// </summary>
    public static JsValue InternalResolved(Engine engine) => Holder(engine).Resolved ??= ResolvedWith(engine, JsValue.Undefined);

    /// <summary>A promise resolved with <paramref name="value"/> (a thenable is adopted, as resolve does).</summary>
    public static JsValue ResolvedWith(Engine engine, JsValue value)
    {
        var deferred = New(engine);
        deferred.Resolve(value);
        return deferred.Promise;
    }

    /// <summary>A promise rejected with a new TypeError whose message is <paramref name="message"/>.</summary>
    public static JsValue RejectedWithTypeError(Engine engine, string message) =>
        RejectedWith(engine, ScriptErrors.TypeError(engine, message).Error);

    /// <summary>PromiseResolve(%Promise%, value): a native promise as it is, anything else in a new promise.</summary>
    /// <remarks>Spec: https://tc39.es/ecma262/#sec-promise-resolve.</remarks>
    public static JsValue PromiseResolve(Engine engine, JsValue value)
    {
        if (value.IsPromise() && value is Jint.Native.Object.ObjectInstance promise
            && ReferenceEquals(promise.Get("constructor"), HostIntrinsics.Of(engine).PromiseConstructor))
        {
            return value;
        }

        return ResolvedWith(engine, value);
    }

    /// <summary>
    /// WebIDL's failed brand check of a promise-returning operation or promise-typed attribute: a promise rejected
    /// with the "Illegal invocation" TypeError, not a throw.
    /// </summary>
    /// <remarks>Spec: https://webidl.spec.whatwg.org/#dfn-create-operation-function (step 2.1.2.2).</remarks>
    public static JsValue RejectedIllegalInvocation(JsValue thisObj, string interfaceName, string member) =>
        RejectedWith(ScriptErrors.EngineFor(thisObj), ScriptErrors.IllegalInvocation(thisObj, interfaceName, member).Error);

    /// <summary>A promise rejected with <paramref name="reason"/>.</summary>
    public static JsValue RejectedWith(Engine engine, JsValue reason)
    {
        var deferred = New(engine);
        deferred.Reject(reason);
        return deferred.Promise;
    }

    /// <summary>
    /// "Upon fulfillment / upon rejection / react to" <paramref name="promise"/> for the stream's own steps: both
    /// handlers are always attached (a missing one does nothing), so the promise counts as handled, as
    /// PerformPromiseThen marks it, and no derived promise is left to reject unhandled.
    /// </summary>
    public static void React(Engine engine, JsValue promise, Action<JsValue>? onFulfilled, Action<JsValue>? onRejected)
    {
        var fulfilled = new ClrFunction(engine, "", (_, args) =>
        {
            onFulfilled?.Invoke(args.Length > 0 ? args[0] : JsValue.Undefined);
            return JsValue.Undefined;
        }, 1, PropertyFlag.Configurable);
        var rejected = new ClrFunction(engine, "", (_, args) =>
        {
            onRejected?.Invoke(args.Length > 0 ? args[0] : JsValue.Undefined);
            return JsValue.Undefined;
        }, 1, PropertyFlag.Configurable);
        engine.Call(HostIntrinsics.Of(engine).PromisePrototypeThen, promise, [fulfilled, rejected]);
    }

    /// <summary>
    /// "The result of reacting to" <paramref name="promise"/>: a new promise for what the handlers return (or throw);
    /// a missing handler passes the value or the reason through.
    /// </summary>
    public static JsValue Transform(Engine engine, JsValue promise, Func<JsValue, JsValue>? onFulfilled, Func<JsValue, JsValue>? onRejected)
    {
        JsValue fulfilled = onFulfilled is null
            ? JsValue.Undefined
            : new ClrFunction(engine, "", (_, args) => onFulfilled(args.Length > 0 ? args[0] : JsValue.Undefined), 1, PropertyFlag.Configurable);
        JsValue rejected = onRejected is null
            ? JsValue.Undefined
            : new ClrFunction(engine, "", (_, args) => onRejected(args.Length > 0 ? args[0] : JsValue.Undefined), 1, PropertyFlag.Configurable);
        return engine.Call(HostIntrinsics.Of(engine).PromisePrototypeThen, promise, [fulfilled, rejected]);
    }

    /// <summary>Queues a microtask that runs <paramref name="steps"/>, in order with promise reactions.</summary>
    /// <remarks>Spec: https://html.spec.whatwg.org/multipage/webappapis.html#queue-a-microtask.</remarks>
    public static void QueueMicrotask(Engine engine, Action steps)
    {
        var job = new ClrFunction(engine, "", (_, _) =>
        {
            steps();
            return JsValue.Undefined;
        }, 0, PropertyFlag.Configurable);
        engine.Call(HostIntrinsics.Of(engine).PromisePrototypeThen, ResolvedWith(engine, JsValue.Undefined), [job]);
    }

    /// <summary>Sets <paramref name="promise"/>'s [[PromiseIsHandled]], so its rejection is never reported.</summary>
    /// <remarks>Spec: https://webidl.spec.whatwg.org/#mark-a-promise-as-handled.</remarks>
    public static void MarkAsHandled(Engine engine, JsValue promise) => HostIntrinsics.Of(engine).Host.MarkPromiseHandled(promise);

    /// <summary>A pending promise and the steps that settle it once, as resolving functions do.</summary>
    public sealed class Deferred(Engine engine, JsValue promise, JsValue resolve, JsValue reject)
    {
        private bool _settled;

        /// <summary>The promise.</summary>
        public JsValue Promise { get; } = promise;

        /// <summary>Whether it was resolved or rejected.</summary>
        public bool IsSettled => _settled;

        /// <summary>Resolves the promise with <paramref name="value"/>, unless it was settled.</summary>
        public void Resolve(JsValue value)
        {
            if (!_settled)
            {
                _settled = true;
                engine.Call(resolve, JsValue.Undefined, [value]);
            }
        }

        /// <summary>Rejects the promise with <paramref name="reason"/>, unless it was settled.</summary>
        public void Reject(JsValue reason)
        {
            if (!_settled)
            {
                _settled = true;
                engine.Call(reject, JsValue.Undefined, [reason]);
            }
        }
    }
}
