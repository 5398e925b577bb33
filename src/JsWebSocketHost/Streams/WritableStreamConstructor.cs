using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>
/// The <c>WritableStream</c> interface: <c>new WritableStream(underlyingSink, strategy)</c>, <c>locked</c>,
/// <c>abort()</c>, <c>close()</c>, <c>getWriter()</c>.
/// </summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#ws-class.</remarks>
internal sealed class WritableStreamConstructor : WebIdlConstructor
{
    /// <summary>The interface name.</summary>
    public const string Interface = "WritableStream";

    private const string Context = "Failed to construct 'WritableStream'";

    private static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("locked", static (t, _) => Brand(t, "locked").IsLocked, enumerable: true, configurable: true)
        .Method("abort", static (t, a) => Abort(t, a.Length > 0 ? a[0] : JsValue.Undefined), 0)
        .Method("close", static (t, _) => Close(t), 0)
        .Method("getWriter", static (t, _) => JsWritableStreamDefaultWriter.Acquire(Brand(t, "getWriter")), 0)
        .ToStringTag(Interface)
        .Build();

    private WritableStreamConstructor(Engine engine)
        : base(engine, Interface, length: 0, parentInterface: null)
    {
    }

    /// <summary>Installs the interface on the global.</summary>
    public static void Install(Engine engine) =>
        new WritableStreamConstructor(engine).Install(Shape.Instantiate(engine, HostIntrinsics.Of(engine).ObjectPrototype));

    /// <inheritdoc />
    /// <remarks>constructor(optional object underlyingSink, optional QueuingStrategy strategy = {}).</remarks>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        // WebIDL converts the arguments first and makes the object before the constructor steps run. Steps 1-2: a
        // missing sink is null; convert it to the UnderlyingSink dictionary.
        var (underlyingSink, strategy) = UnderlyingCallbacks.ConstructorArguments(_engine, arguments, Context);
        var stream = new JsWritableStream(_engine, PrototypeFor(newTarget));
        var sink = UnderlyingSink.From(_engine, underlyingSink, Context);

        // Step 3: if underlyingSinkDict["type"] exists, throw a RangeError exception.
        if (sink.HasType)
        {
            throw ScriptErrors.RangeError(_engine, $"{Context}: the sink's type is reserved for future use and must be undefined.");
        }

        // Steps 4-7: InitializeWritableStream was done by making the object; the strategy's size algorithm and
        // high water mark (default 1); a default controller set up from the sink.
        var sizeAlgorithm = strategy.ExtractSizeAlgorithm(_engine);
        var highWaterMark = strategy.ExtractHighWaterMark(_engine, 1);
        SetUpDefaultControllerFromUnderlyingSink(stream, sink, highWaterMark, sizeAlgorithm);
        return stream;
    }

    // SetUpWritableStreamDefaultControllerFromUnderlyingSink.
    // Spec: https://streams.spec.whatwg.org/#set-up-writable-stream-default-controller-from-underlying-sink.
    private void SetUpDefaultControllerFromUnderlyingSink(
        JsWritableStream stream, UnderlyingSink sink, double highWaterMark, Func<JsValue, double> sizeAlgorithm)
    {
        // Step 1: let controller be a new WritableStreamDefaultController.
        var controller = new JsWritableStreamDefaultController(_engine, HostIntrinsics.Of(_engine).Prototypes[WritableStreamDefaultControllerInterface.Interface]);

        // Steps 2-9: each algorithm invokes the sink's callback when it has one, with the sink as this: start with
        // the controller (rethrowing), write with the chunk and the controller, close with nothing, abort with the
        // reason (each of those three giving a promise).
        var engine = _engine;
        Func<JsValue> startAlgorithm = sink.Start.IsUndefined()
            ? static () => JsValue.Undefined
            : () => sink.Invoke(sink.Start, controller);
        Func<JsValue, JsValue> writeAlgorithm = sink.Write.IsUndefined()
            ? _ => StreamPromises.ResolvedWith(engine, JsValue.Undefined)
            : chunk => sink.InvokePromise(sink.Write, chunk, controller);
        Func<JsValue> closeAlgorithm = sink.Close.IsUndefined()
            ? () => StreamPromises.ResolvedWith(engine, JsValue.Undefined)
            : () => sink.InvokePromise(sink.Close);
        Func<JsValue, JsValue> abortAlgorithm = sink.Abort.IsUndefined()
            ? _ => StreamPromises.ResolvedWith(engine, JsValue.Undefined)
            : reason => sink.InvokePromise(sink.Abort, reason);

        // Step 10: perform ? SetUpWritableStreamDefaultController(...).
        controller.SetUp(stream, startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm);
    }

    // abort(reason). Spec: https://streams.spec.whatwg.org/#ws-abort.
    private static JsValue Abort(JsValue thisObj, JsValue reason)
    {
        var engine = ScriptErrors.EngineFor(thisObj);
        if (thisObj is not JsWritableStream stream)
        {
            return StreamPromises.RejectedIllegalInvocation(thisObj, Interface, "abort");
        }

        // Step 1: if ! IsWritableStreamLocked(this) is true, return a promise rejected with a TypeError exception.
        if (stream.IsLocked)
        {
            return StreamPromises.RejectedWithTypeError(engine, "A locked WritableStream cannot be aborted: abort through its writer.");
        }

        // Step 2: return ! WritableStreamAbort(this, reason).
        return stream.Abort(reason);
    }

    // close(). Spec: https://streams.spec.whatwg.org/#ws-close.
    private static JsValue Close(JsValue thisObj)
    {
        var engine = ScriptErrors.EngineFor(thisObj);
        if (thisObj is not JsWritableStream stream)
        {
            return StreamPromises.RejectedIllegalInvocation(thisObj, Interface, "close");
        }

        // Steps 1-2: a locked stream, or one already closing, gives a promise rejected with a TypeError.
        if (stream.IsLocked)
        {
            return StreamPromises.RejectedWithTypeError(engine, "A locked WritableStream cannot be closed: close through its writer.");
        }

        if (stream.CloseQueuedOrInFlight)
        {
            return StreamPromises.RejectedWithTypeError(engine, "The WritableStream is already closing.");
        }

        // Step 3: return ! WritableStreamClose(this).
        return stream.Close();
    }

    private static JsWritableStream Brand(JsValue thisObj, string member) =>
        thisObj as JsWritableStream ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);
}
