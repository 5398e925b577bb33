using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;
using JsWebSocketHost.Dom;
using JsWebSocketHost.Encodings;
using JsWebSocketHost.FileApi;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Hosting;

/// <summary>The globals a browser-style script expects, installed before any user code runs.</summary>
public sealed partial class ScriptHost
{
    private HostIntrinsics _intrinsics = null!;
    private JsValue _resolvedPromise = JsValue.Undefined;

    internal HostIntrinsics Intrinsics => _intrinsics;

    private void InstallGlobals()
    {
        _intrinsics = HostIntrinsics.Capture(_engine, this);
        var global = _engine.Global;

        InstallSelf(global);
        DOMExceptionConstructor.Install(_engine);
        InstallEvents(global);
        _timers = WindowTimers.Install(this);
        InstallQueueMicrotask(global);
        ScriptConsole.Install(this);
        PerformanceInterface.Install(this);
        Base64Functions.Install(_engine);
        var cloneIntrinsics = StructuredClone.Install(_engine);
        MessageChannelInterfaces.Install(_engine, cloneIntrinsics);
        Url.UrlInterfaces.Install(_engine);
        var blob = BlobConstructor.Install(_engine);
        FileConstructor.Install(_engine, blob);
        TextEncoderConstructor.Install(_engine);
        TextDecoderConstructor.Install(_engine);
        Streams.ReadableStreamConstructor.Install(_engine);
        TextEncoderStreamConstructor.Install(_engine);
        TextDecoderStreamConstructor.Install(_engine);
        if (BaseUrlRecord is not null)
        {
            LocationObject.Install(_engine, BaseUrlRecord);
        }
    }

    /// <summary>The global's own listener list and event handlers (the global is an EventTarget).</summary>
    internal EventTargetState GlobalEventTargetState => _globalEventTargetState ??= EventTargetState.OfGlobal(_engine);

    private EventTargetState? _globalEventTargetState;

    // Event, EventTarget and friends; the global inherits from EventTarget.prototype, as Window does.
    private void InstallEvents(ObjectInstance global)
    {
        var eventTarget = EventTargetConstructor.Install(_engine);
        var eventInterface = EventConstructor.Install(_engine);
        ErrorEventInterface.Install(_engine, eventInterface);
        PromiseRejectionEventInterface.Install(_engine, eventInterface);
        MessageEventInterface.Install(_engine, eventInterface);
        CustomEventInterface.Install(_engine, eventInterface);
        WebSockets.CloseEventInterface.Install(_engine, eventInterface);
        AbortInterfaces.Install(_engine, eventTarget);
        WebSockets.WebSocketConstructor.Install(_engine, eventTarget, this);
        WebSockets.WebSocketStreamConstructor.Install(_engine, this);
        global.Prototype = eventTarget.PrototypeObject;
        foreach (var type in (ReadOnlySpan<string>)["error", "unhandledrejection", "rejectionhandled"])
        {
            var name = "on" + type;
            var eventType = type;
            var getter = new ClrFunction(_engine, "get " + name, (_, _) => EventHandlerAttribute.Get(GlobalEventTargetState, eventType), 0, PropertyFlag.Configurable);
            var setter = new ClrFunction(_engine, "set " + name, (_, args) => EventHandlerAttribute.Set(GlobalEventTargetState, eventType, args), 1, PropertyFlag.Configurable);
            global.FastSetProperty(name, new GetSetPropertyDescriptor(getter, setter, enumerable: true, configurable: true));
        }
    }

    // `self` is a [Replaceable] attribute returning the global: reading gives the global, assigning replaces it.
    // Spec: https://html.spec.whatwg.org/multipage/workers.html#dom-workerglobalscope-self.
    private void InstallSelf(ObjectInstance global) => Define.ReplaceableAttribute(_engine, global, "self", () => _engine.Global);

    // queueMicrotask(callback): queue a microtask that invokes callback, reporting an exception it throws.
    // Spec: https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#microtask-queuing.
    // Scheduled through the original Promise.prototype.then on a resolved promise, so microtasks interleave with
    // promise reactions in order and user patches to Promise cannot break it.
    private void InstallQueueMicrotask(ObjectInstance global)
    {
        var (promise, resolve, _) = _engine.Advanced.RegisterPromise();
        resolve(JsValue.Undefined);
        _resolvedPromise = promise;
        Define.Operation(_engine, global, "queueMicrotask", 1, (_, args) =>
        {
            if (args.Length == 0)
            {
                throw ScriptErrors.NotEnoughArguments(_engine, "Window", "queueMicrotask", 1, 0);
            }

            var callback = args[0];
            if (!callback.IsCallable())
            {
                throw ScriptErrors.TypeError(_engine, "Failed to execute 'queueMicrotask': parameter 1 is not of type 'Function'.");
            }

            var job = new ClrFunction(_engine, "", (_, _) =>
            {
                try
                {
                    _engine.Call(callback, JsValue.Undefined, Arguments.Empty);
                }
                catch (JavaScriptException ex)
                {
                    ReportException(ex.Error, ex);
                }

                return JsValue.Undefined;
            });
            _engine.Call(_intrinsics.PromisePrototypeThen, _resolvedPromise, [job]);
            return JsValue.Undefined;
        });
    }
}
