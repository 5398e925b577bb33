using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>
/// The <c>ReadableStreamBYOBReader</c> interface: <c>new ReadableStreamBYOBReader(stream)</c>, <c>closed</c>,
/// <c>read(view, { min })</c>, <c>releaseLock()</c>, <c>cancel()</c>.
/// </summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#byob-reader-class.</remarks>
internal sealed class ReadableStreamBYOBReaderConstructor : WebIdlConstructor
{
    /// <summary>The interface name.</summary>
    public const string Interface = "ReadableStreamBYOBReader";

    private static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("closed", static (t, _) => t is JsReadableStreamBYOBReader reader ? reader.ClosedPromise : StreamPromises.RejectedIllegalInvocation(t, Interface, "closed"), enumerable: true, configurable: true)
        .Method("read", static (t, a) => Read(t, a), 1)
        .Method("releaseLock", static (t, _) =>
        {
            // Steps 1-2: if this.[[stream]] is undefined, return; perform ! ReadableStreamBYOBReaderRelease(this).
            var reader = Brand(t, "releaseLock");
            if (reader.Stream is not null)
            {
                reader.Release();
            }

            return JsValue.Undefined;
        }, 0)
        .Method("cancel", static (t, a) =>
        {
            // ReadableStreamGenericReader's cancel(reason).
            if (t is not JsReadableStreamBYOBReader reader)
            {
                return StreamPromises.RejectedIllegalInvocation(t, Interface, "cancel");
            }

            return reader.Stream is null
                ? StreamPromises.RejectedWithTypeError(reader.Engine, "This reader has released its lock on the stream.")
                : reader.GenericCancel(a.Length > 0 ? a[0] : JsValue.Undefined);
        }, 0)
        .ToStringTag(Interface)
        .Build();

    private ReadableStreamBYOBReaderConstructor(Engine engine)
        : base(engine, Interface, length: 1, parentInterface: null)
    {
    }

    /// <summary>Installs the interface on the global.</summary>
    public static void Install(Engine engine) =>
        new ReadableStreamBYOBReaderConstructor(engine).Install(Shape.Instantiate(engine, HostIntrinsics.Of(engine).ObjectPrototype));

    /// <inheritdoc />
    /// <remarks>constructor(stream): perform ? SetUpReadableStreamBYOBReader(this, stream).</remarks>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        if (arguments.Length == 0)
        {
            throw ScriptErrors.NotEnoughArguments(_engine, Interface, "constructor", 1, 0);
        }

        var stream = arguments[0] as JsReadableStream
            ?? throw ScriptErrors.TypeError(_engine, "Failed to construct 'ReadableStreamBYOBReader': parameter 1 is not of type 'ReadableStream'.");
        var reader = new JsReadableStreamBYOBReader(_engine, PrototypeFor(newTarget));
        reader.SetUp(stream);
        return reader;
    }

    // read(ArrayBufferView view, optional ReadableStreamBYOBReaderReadOptions options = {}).
    // Spec: https://streams.spec.whatwg.org/#byob-reader-read.
    private static JsValue Read(JsValue thisObj, JsValue[] arguments)
    {
        const string Context = "Failed to execute 'read' on 'ReadableStreamBYOBReader'";
        if (thisObj is not JsReadableStreamBYOBReader reader)
        {
            return StreamPromises.RejectedIllegalInvocation(thisObj, Interface, "read");
        }

        var engine = reader.Engine;
        try
        {
            // The arguments: an ArrayBufferView (not on shared memory), then { [EnforceRange] unsigned long long min = 1 }.
            var view = arguments.Length > 0 ? arguments[0] : JsValue.Undefined;
            if (!ArrayBuffers.IsArrayBufferView(engine, view, Context))
            {
                return StreamPromises.RejectedWithTypeError(engine, $"{Context}: parameter 1 is not of type 'ArrayBufferView'.");
            }

            var options = WebIdlConvert.ToDictionary(engine, arguments.Length > 1 ? arguments[1] : JsValue.Undefined, Context);
            var minValue = options?.Get("min") ?? JsValue.Undefined;
            var min = minValue.IsUndefined() ? 1 : WebIdlConvert.ToEnforcedUnsignedLongLong(engine, minValue, Context);

            // Steps 1-3: an empty view, an empty buffer or a detached one is a TypeError.
            var (buffer, _, byteLength) = ArrayBuffers.ViewBytes(engine, view);
            if (byteLength == 0)
            {
                return StreamPromises.RejectedWithTypeError(engine, $"{Context}: the view is empty.");
            }

            if (ArrayBuffers.IsDetached(buffer) || ArrayBuffers.ByteLength(engine, buffer) == 0)
            {
                return StreamPromises.RejectedWithTypeError(engine, $"{Context}: the view's buffer is detached or empty.");
            }

            // Steps 4-6: min must be at least 1 and at most the view's length in elements.
            if (min == 0)
            {
                return StreamPromises.RejectedWithTypeError(engine, $"{Context}: min must be more than 0.");
            }

            var length = view is JsTypedArray ? ArrayBuffers.ArrayLength(engine, view) : byteLength;
            if (min > length)
            {
                return StreamPromises.RejectedWith(engine, ScriptErrors.RangeError(engine, $"{Context}: min ({min}) is more than the view's length ({length}).").Error);
            }

            // Step 7: a released reader is a TypeError.
            if (reader.Stream is null)
            {
                return StreamPromises.RejectedWithTypeError(engine, "This reader has released its lock on the stream.");
            }

            // Steps 8-10: a promise, settled by the read-into request.
            var promise = StreamPromises.New(engine);
            var readIntoRequest = new ReadIntoRequest(
                chunk => promise.Resolve(ReadableStreamDefaultReaderConstructor.CreateReadResult(engine, chunk, done: false)),
                chunk => promise.Resolve(ReadableStreamDefaultReaderConstructor.CreateReadResult(engine, chunk, done: true)),
                promise.Reject);
            reader.Read(view, (int)min, readIntoRequest);
            return promise.Promise;
        }
        catch (Exception e) when (ScriptErrors.ScriptErrorOf(engine, e) is { } error)
        {
            return StreamPromises.RejectedWith(engine, error);
        }
    }


    private static JsReadableStreamBYOBReader Brand(JsValue thisObj, string member) =>
        thisObj as JsReadableStreamBYOBReader ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);
}
