using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>The shape of <c>ReadableStream.prototype</c>, built once per process.</summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#rs-class-definition.</remarks>
internal static class ReadableStreamPrototype
{
    private const string Interface = ReadableStreamConstructor.Interface;

    private static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("locked", static (t, _) => Brand(t, "locked").IsLocked, enumerable: true, configurable: true)
        .Method("cancel", static (t, a) => Cancel(t, a.Length > 0 ? a[0] : JsValue.Undefined), 0)
        .Method("getReader", static (t, a) => GetReader(Brand(t, "getReader"), a.Length > 0 ? a[0] : JsValue.Undefined), 0)
        .Method("pipeThrough", static (t, a) => PipeThrough(Brand(t, "pipeThrough"), a), 1)
        .Method("pipeTo", static (t, a) => PipeTo(t, a), 1)
        .Method("tee", static (t, _) => Tee(Brand(t, "tee")), 0)
        .Method("values", static (t, a) => ReadableStreamAsyncIterator.Create(Brand(t, "values"), a.Length > 0 ? a[0] : JsValue.Undefined), 0)
        .ToStringTag(Interface)
        .Build();

    /// <summary>Instantiates the prototype on an engine, with <c>@@asyncIterator</c> the same function as
    /// <c>values</c> (WebIDL's async iterable declaration).</summary>
    public static ObjectInstance Instantiate(Engine engine)
    {
        var intrinsics = HostIntrinsics.Of(engine);
        var prototype = Shape.Instantiate(engine, intrinsics.ObjectPrototype);
        var symbolAsyncIterator = HostIntrinsics.Of(engine).SymbolAsyncIterator;
        prototype.DefineOwnProperty(symbolAsyncIterator,
            new PropertyDescriptor(prototype.Get("values"), writable: true, enumerable: false, configurable: true));
        return prototype;
    }

    // cancel(reason). Spec: https://streams.spec.whatwg.org/#rs-cancel.
    private static JsValue Cancel(JsValue thisObj, JsValue reason)
    {
        var engine = ScriptErrors.EngineFor(thisObj);
        if (thisObj is not JsReadableStream stream)
        {
            return StreamPromises.RejectedIllegalInvocation(thisObj, Interface, "cancel");
        }

        // Step 1: if ! IsReadableStreamLocked(this) is true, return a promise rejected with a TypeError exception.
        if (stream.IsLocked)
        {
            return StreamPromises.RejectedWithTypeError(engine, "A locked ReadableStream cannot be canceled: cancel through its reader.");
        }

        // Step 2: return ! ReadableStreamCancel(this, reason).
        return stream.Cancel(reason);
    }

    // getReader(optional ReadableStreamGetReaderOptions options = {}).
    // Spec: https://streams.spec.whatwg.org/#rs-get-reader.
    private static JsReadableStreamGenericReader GetReader(JsReadableStream stream, JsValue options)
    {
        var engine = stream.Engine;
        const string Context = "Failed to execute 'getReader' on 'ReadableStream'";

        // ReadableStreamGetReaderOptions { ReadableStreamReaderMode mode; }, the mode's one value being "byob".
        var dictionary = WebIdlConvert.ToDictionary(engine, options, Context);
        var mode = dictionary?.Get("mode") ?? JsValue.Undefined;
        if (!mode.IsUndefined())
        {
            var value = WebIdlConvert.ToDOMString(mode);
            if (value != "byob")
            {
                throw ScriptErrors.TypeError(engine, $"{Context}: the mode must be \"byob\" or undefined, not \"{value}\".");
            }

            // Steps 2-3: return ? AcquireReadableStreamBYOBReader(this).
            return JsReadableStreamBYOBReader.Acquire(stream);
        }

        // Step 1: if options["mode"] does not exist, return ? AcquireReadableStreamDefaultReader(this).
        return JsReadableStreamDefaultReader.Acquire(stream);
    }

    // pipeThrough(ReadableWritablePair transform, optional StreamPipeOptions options = {}).
    // Spec: https://streams.spec.whatwg.org/#rs-pipe-through.
    private static JsReadableStream PipeThrough(JsReadableStream stream, JsValue[] arguments)
    {
        const string Context = "Failed to execute 'pipeThrough' on 'ReadableStream'";
        var engine = stream.Engine;
        if (arguments.Length == 0)
        {
            throw ScriptErrors.NotEnoughArguments(engine, Interface, "pipeThrough", 1, 0);
        }

        // ReadableWritablePair { required ReadableStream readable; required WritableStream writable; }.
        var pair = WebIdlConvert.ToDictionary(engine, arguments[0], Context);
        var readable = pair?.Get("readable") is JsReadableStream r ? r
            : throw ScriptErrors.TypeError(engine, $"{Context}: the transform's readable must be a ReadableStream.");
        var writable = pair.Get("writable") is JsWritableStream w ? w
            : throw ScriptErrors.TypeError(engine, $"{Context}: the transform's writable must be a WritableStream.");
        var options = StreamPipeOptions(engine, arguments.Length > 1 ? arguments[1] : JsValue.Undefined, Context);

        // Steps 1-2: neither this nor transform["writable"] may be locked.
        if (stream.IsLocked)
        {
            throw ScriptErrors.TypeError(engine, $"{Context}: this ReadableStream is locked to a reader.");
        }

        if (writable.IsLocked)
        {
            throw ScriptErrors.TypeError(engine, $"{Context}: the transform's WritableStream is locked to a writer.");
        }

        // Steps 3-6: pipe to transform["writable"], mark the promise handled, return transform["readable"].
        var promise = ReadableStreamPipeTo.Start(stream, writable, options.PreventClose, options.PreventAbort, options.PreventCancel, options.Signal);
        StreamPromises.MarkAsHandled(engine, promise);
        return readable;
    }

    // pipeTo(WritableStream destination, optional StreamPipeOptions options = {}): every error, the arguments'
    // conversion included, is a rejected promise. Spec: https://streams.spec.whatwg.org/#rs-pipe-to.
    private static JsValue PipeTo(JsValue thisObj, JsValue[] arguments)
    {
        const string Context = "Failed to execute 'pipeTo' on 'ReadableStream'";
        var engine = ScriptErrors.EngineFor(thisObj);
        try
        {
            var stream = Brand(thisObj, "pipeTo");
            if (arguments.Length == 0)
            {
                throw ScriptErrors.NotEnoughArguments(engine, Interface, "pipeTo", 1, 0);
            }

            var destination = arguments[0] as JsWritableStream
                ?? throw ScriptErrors.TypeError(engine, $"{Context}: parameter 1 is not of type 'WritableStream'.");
            var options = StreamPipeOptions(engine, arguments.Length > 1 ? arguments[1] : JsValue.Undefined, Context);

            // Steps 1-2: a locked stream on either side gives a promise rejected with a TypeError.
            if (stream.IsLocked)
            {
                return StreamPromises.RejectedWithTypeError(engine, $"{Context}: this ReadableStream is locked to a reader.");
            }

            if (destination.IsLocked)
            {
                return StreamPromises.RejectedWithTypeError(engine, $"{Context}: the destination WritableStream is locked to a writer.");
            }

            // Steps 3-4: return ! ReadableStreamPipeTo(this, destination, ...).
            return ReadableStreamPipeTo.Start(stream, destination, options.PreventClose, options.PreventAbort, options.PreventCancel, options.Signal);
        }
        catch (JavaScriptException e)
        {
            return StreamPromises.RejectedWith(engine, e.Error);
        }
    }

    // StreamPipeOptions { boolean preventAbort = false; boolean preventCancel = false; boolean preventClose = false;
    // AbortSignal signal; }, its members read in lexicographic order.
    private static (bool PreventAbort, bool PreventCancel, bool PreventClose, Dom.JsAbortSignal? Signal) StreamPipeOptions(
        Engine engine, JsValue value, string context)
    {
        var dictionary = WebIdlConvert.ToDictionary(engine, value, context);
        if (dictionary is null)
        {
            return (false, false, false, null);
        }

        var preventAbort = WebIdlConvert.ToBoolean(dictionary.Get("preventAbort"));
        var preventCancel = WebIdlConvert.ToBoolean(dictionary.Get("preventCancel"));
        var preventClose = WebIdlConvert.ToBoolean(dictionary.Get("preventClose"));
        var signalValue = dictionary.Get("signal");
        Dom.JsAbortSignal? signal = null;
        if (!signalValue.IsUndefined())
        {
            signal = signalValue as Dom.JsAbortSignal
                ?? throw ScriptErrors.TypeError(engine, $"{context}: the signal must be an AbortSignal.");
        }

        return (preventAbort, preventCancel, preventClose, signal);
    }

    // tee(): return ? ReadableStreamTee(this, false). Spec: https://streams.spec.whatwg.org/#rs-tee.
    private static JsArray Tee(JsReadableStream stream)
    {
        // ReadableStreamTee: a byte stream's branches are byte streams.
        var (branch1, branch2) = stream.Controller is JsReadableByteStreamController
            ? ReadableByteStreamTee.Tee(stream)
            : ReadableStreamTee.DefaultTee(stream);
        return new JsArray(stream.Engine, [branch1, branch2]);
    }

    private static JsReadableStream Brand(JsValue thisObj, string member) =>
        thisObj as JsReadableStream ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);
}
