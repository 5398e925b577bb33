using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>
/// The <c>WritableStreamDefaultWriter</c> interface: <c>new WritableStreamDefaultWriter(stream)</c>, <c>closed</c>,
/// <c>desiredSize</c>, <c>ready</c>, <c>abort()</c>, <c>close()</c>, <c>releaseLock()</c>, <c>write()</c>.
/// </summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#default-writer-class.</remarks>
internal sealed class WritableStreamDefaultWriterConstructor : WebIdlConstructor
{
    /// <summary>The interface name.</summary>
    public const string Interface = "WritableStreamDefaultWriter";

    private static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("closed", static (t, _) => t is JsWritableStreamDefaultWriter w ? w.ClosedPromise : StreamPromises.RejectedIllegalInvocation(t, Interface, "closed"), enumerable: true, configurable: true)
        .Accessor("desiredSize", static (t, _) =>
        {
            // Steps 1-2: if this.[[stream]] is undefined, throw a TypeError; return the writer's desired size.
            var writer = Brand(t, "desiredSize");
            if (writer.Stream is null)
            {
                throw ScriptErrors.TypeError(writer.Engine, "This writer has released its lock on the stream.");
            }

            return writer.DesiredSize is { } size ? size : JsValue.Null;
        }, enumerable: true, configurable: true)
        .Accessor("ready", static (t, _) => t is JsWritableStreamDefaultWriter w ? w.ReadyPromise : StreamPromises.RejectedIllegalInvocation(t, Interface, "ready"), enumerable: true, configurable: true)
        .Method("abort", static (t, a) => WithStream(t, "abort", w => w.Stream!.Abort(a.Length > 0 ? a[0] : JsValue.Undefined)), 0)
        .Method("close", static (t, _) => WithStream(t, "close", static w =>
        {
            // Step 3: a stream already closing gives a promise rejected with a TypeError; otherwise close it.
            var stream = w.Stream!;
            return stream.CloseQueuedOrInFlight
                ? StreamPromises.RejectedWithTypeError(w.Engine, "The WritableStream is already closing.")
                : stream.Close();
        }), 0)
        .Method("releaseLock", static (t, _) =>
        {
            // Steps 1-4: nothing without a stream; otherwise WritableStreamDefaultWriterRelease(this).
            var writer = Brand(t, "releaseLock");
            if (writer.Stream is not null)
            {
                writer.Release();
            }

            return JsValue.Undefined;
        }, 0)
        .Method("write", static (t, a) => WithStream(t, "write", w => w.Write(a.Length > 0 ? a[0] : JsValue.Undefined)), 0)
        .ToStringTag(Interface)
        .Build();

    private WritableStreamDefaultWriterConstructor(Engine engine)
        : base(engine, Interface, length: 1, parentInterface: null)
    {
    }

    /// <summary>Installs the interface on the global.</summary>
    public static void Install(Engine engine) =>
        new WritableStreamDefaultWriterConstructor(engine).Install(Shape.Instantiate(engine, HostIntrinsics.Of(engine).ObjectPrototype));

    /// <inheritdoc />
    /// <remarks>constructor(stream): perform ? SetUpWritableStreamDefaultWriter(this, stream).</remarks>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        if (arguments.Length == 0)
        {
            throw ScriptErrors.NotEnoughArguments(_engine, Interface, "constructor", 1, 0);
        }

        var stream = arguments[0] as JsWritableStream
            ?? throw ScriptErrors.TypeError(_engine, "Failed to construct 'WritableStreamDefaultWriter': parameter 1 is not of type 'WritableStream'.");
        var writer = new JsWritableStreamDefaultWriter(_engine, PrototypeFor(newTarget));
        writer.SetUp(stream);
        return writer;
    }

    // The promise-returning operations: a wrong receiver or a released writer gives a promise rejected with a
    // TypeError (step 1 of abort(), close() and write()).
    private static JsValue WithStream(JsValue thisObj, string member, Func<JsWritableStreamDefaultWriter, JsValue> steps)
    {
        if (thisObj is not JsWritableStreamDefaultWriter writer)
        {
            return StreamPromises.RejectedIllegalInvocation(thisObj, Interface, member);
        }

        if (writer.Stream is null)
        {
            return StreamPromises.RejectedWithTypeError(writer.Engine, "This writer has released its lock on the stream.");
        }

        return steps(writer);
    }


    private static JsWritableStreamDefaultWriter Brand(JsValue thisObj, string member) =>
        thisObj as JsWritableStreamDefaultWriter ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);
}
