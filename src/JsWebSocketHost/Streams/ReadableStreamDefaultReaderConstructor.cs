using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>
/// The <c>ReadableStreamDefaultReader</c> interface: <c>new ReadableStreamDefaultReader(stream)</c>, <c>closed</c>,
/// <c>read()</c>, <c>releaseLock()</c>, <c>cancel()</c>.
/// </summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#default-reader-class.</remarks>
internal sealed class ReadableStreamDefaultReaderConstructor : WebIdlConstructor
{
    /// <summary>The interface name.</summary>
    public const string Interface = "ReadableStreamDefaultReader";

    // ReadableStreamReadResult as a script object: { done, value }, members in lexicographic order.
    private static readonly JsObjectLayout ReadResult = new("done", "value");

    private static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("closed", static (t, _) => t is JsReadableStreamDefaultReader reader ? reader.ClosedPromise : StreamPromises.RejectedIllegalInvocation(t, Interface, "closed"), enumerable: true, configurable: true)
        .Method("read", static (t, _) => Read(t), 0)
        .Method("releaseLock", static (t, _) =>
        {
            // Steps 1-2: if this.[[stream]] is undefined, return; perform ! ReadableStreamDefaultReaderRelease(this).
            var reader = Brand(t, "releaseLock");
            if (reader.Stream is not null)
            {
                reader.Release();
            }

            return JsValue.Undefined;
        }, 0)
        .Method("cancel", static (t, a) => Cancel(t, a.Length > 0 ? a[0] : JsValue.Undefined), 0)
        .ToStringTag(Interface)
        .Build();

    private ReadableStreamDefaultReaderConstructor(Engine engine)
        : base(engine, Interface, length: 1, parentInterface: null)
    {
    }

    /// <summary>Installs the interface on the global.</summary>
    public static void Install(Engine engine) =>
        new ReadableStreamDefaultReaderConstructor(engine).Install(Shape.Instantiate(engine, HostIntrinsics.Of(engine).ObjectPrototype));

    /// <summary>A ReadableStreamReadResult object.</summary>
    public static JsObject CreateReadResult(Engine engine, JsValue value, bool done) =>
        JsObject.Create(engine, ReadResult, [done ? JsBoolean.True : JsBoolean.False, value]);

    /// <inheritdoc />
    /// <remarks>constructor(stream): perform ? SetUpReadableStreamDefaultReader(this, stream).</remarks>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        if (arguments.Length == 0)
        {
            throw ScriptErrors.NotEnoughArguments(_engine, Interface, "constructor", 1, 0);
        }

        var stream = arguments[0] as JsReadableStream
            ?? throw ScriptErrors.TypeError(_engine, "Failed to construct 'ReadableStreamDefaultReader': parameter 1 is not of type 'ReadableStream'.");
        var reader = new JsReadableStreamDefaultReader(_engine, PrototypeFor(newTarget));
        reader.SetUp(stream);
        return reader;
    }

    // read(). Spec: https://streams.spec.whatwg.org/#default-reader-read.
    private static JsValue Read(JsValue thisObj)
    {
        if (thisObj is not JsReadableStreamDefaultReader reader)
        {
            return StreamPromises.RejectedIllegalInvocation(thisObj, Interface, "read");
        }

        // Step 1: if this.[[stream]] is undefined, return a promise rejected with a TypeError exception.
        var engine = reader.Engine;
        if (reader.Stream is null)
        {
            return StreamPromises.RejectedWithTypeError(engine, "This reader has released its lock on the stream.");
        }

        // Steps 2-3: a new promise, and a read request that settles it.
        var promise = StreamPromises.New(engine);
        var readRequest = new ReadRequest(
            chunk => promise.Resolve(CreateReadResult(engine, chunk, done: false)),
            () => promise.Resolve(CreateReadResult(engine, JsValue.Undefined, done: true)),
            promise.Reject);

        // Steps 4-5: perform ! ReadableStreamDefaultReaderRead(this, readRequest); return promise.
        reader.Read(readRequest);
        return promise.Promise;
    }

    // cancel(reason). Spec: https://streams.spec.whatwg.org/#generic-reader-cancel.
    private static JsValue Cancel(JsValue thisObj, JsValue reason)
    {
        if (thisObj is not JsReadableStreamDefaultReader reader)
        {
            return StreamPromises.RejectedIllegalInvocation(thisObj, Interface, "cancel");
        }

        // Step 1: if this.[[stream]] is undefined, return a promise rejected with a TypeError exception.
        var engine = reader.Engine;
        if (reader.Stream is null)
        {
            return StreamPromises.RejectedWithTypeError(engine, "This reader has released its lock on the stream.");
        }

        // Step 2: return ! ReadableStreamReaderGenericCancel(this, reason).
        return reader.GenericCancel(reason);
    }


    private static JsReadableStreamDefaultReader Brand(JsValue thisObj, string member) =>
        thisObj as JsReadableStreamDefaultReader ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);
}
