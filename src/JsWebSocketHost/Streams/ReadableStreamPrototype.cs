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
            return StreamPromises.RejectedWith(engine, ScriptErrors.IllegalInvocation(thisObj, Interface, "cancel").Error);
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
    private static JsReadableStreamDefaultReader GetReader(JsReadableStream stream, JsValue options)
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

            // Steps 2-3: AcquireReadableStreamBYOBReader fails on a locked stream, and on any stream whose
            // controller is not a ReadableByteStreamController, which every stream here is.
            if (stream.IsLocked)
            {
                throw ScriptErrors.TypeError(engine, "This ReadableStream is locked to a reader: release its lock first.");
            }

            throw ScriptErrors.TypeError(engine, $"{Context}: a BYOB reader needs a readable byte stream (type: \"bytes\").");
        }

        // Step 1: if options["mode"] does not exist, return ? AcquireReadableStreamDefaultReader(this).
        return JsReadableStreamDefaultReader.Acquire(stream);
    }

    // tee(): return ? ReadableStreamTee(this, false). Spec: https://streams.spec.whatwg.org/#rs-tee.
    private static JsArray Tee(JsReadableStream stream)
    {
        var (branch1, branch2) = ReadableStreamTee.DefaultTee(stream);
        return new JsArray(stream.Engine, [branch1, branch2]);
    }

    private static JsReadableStream Brand(JsValue thisObj, string member) =>
        thisObj as JsReadableStream ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);
}
