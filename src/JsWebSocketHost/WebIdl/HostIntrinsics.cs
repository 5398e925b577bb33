using Jint;
using Jint.Native;
using Jint.Native.Error;
using Jint.Native.Object;

namespace JsWebSocketHost.WebIdl;

/// <summary>
/// Per-engine objects that host code needs and must not look up from script-writable globals at call time:
/// captured once, before any user script runs, and reached through <see cref="Of"/>.
/// </summary>
internal sealed class HostIntrinsics
{
    private HostIntrinsics(Engine engine, IHostEnvironment host)
    {
        Engine = engine;
        Host = host;
        var global = engine.Global;
        RangeError = (ErrorConstructor)global.Get("RangeError");
        SyntaxError = (ErrorConstructor)global.Get("SyntaxError");
        ErrorPrototype = (ObjectInstance)engine.Intrinsics.Error.Get("prototype");
        var stack = ErrorPrototype.GetOwnProperty("stack");
        ErrorStackGetter = stack.IsAccessorDescriptor() ? stack.Get : null;
        FunctionPrototype = engine.Intrinsics.Function.Prototype!;
        ObjectPrototype = engine.Intrinsics.Object.PrototypeObject;
        var promiseConstructor = (ObjectInstance)global.Get("Promise");
        var symbol = (ObjectInstance)global.Get("Symbol");
        SymbolIterator = symbol.Get("iterator");
        SymbolToStringTag = symbol.Get("toStringTag");
        SymbolAsyncIterator = symbol.Get("asyncIterator");
        PromiseConstructor = promiseConstructor;
        PromisePrototypeThen = ((ObjectInstance)promiseConstructor.Get("prototype")).Get("then");

        // The getters that read a buffer source's bytes, so that user patches to the prototypes cannot fool them.
        var typedArrayPrototype = ((ObjectInstance)engine.Intrinsics.Uint8Array.Get("prototype")).Prototype!;
        TypedArrayBuffer = Getter(typedArrayPrototype, "buffer");
        TypedArrayByteOffset = Getter(typedArrayPrototype, "byteOffset");
        TypedArrayByteLength = Getter(typedArrayPrototype, "byteLength");
        var dataViewPrototype = (ObjectInstance)((ObjectInstance)global.Get("DataView")).Get("prototype");
        DataViewBuffer = Getter(dataViewPrototype, "buffer");
        DataViewByteOffset = Getter(dataViewPrototype, "byteOffset");
        DataViewByteLength = Getter(dataViewPrototype, "byteLength");
        ArrayBufferByteLength = Getter((ObjectInstance)engine.Intrinsics.ArrayBuffer.Get("prototype"), "byteLength");
        var arrayBufferPrototype = (ObjectInstance)engine.Intrinsics.ArrayBuffer.Get("prototype");
        var transferToFixedLength = arrayBufferPrototype.Get("transferToFixedLength");
        ArrayBufferTransfer = transferToFixedLength.IsCallable() ? transferToFixedLength : arrayBufferPrototype.Get("transfer");
        ArrayBufferResizable = Getter(arrayBufferPrototype, "resizable");
        TypedArrayLength = Getter(typedArrayPrototype, "length");
        TypedArrayName = Getter(typedArrayPrototype, SymbolToStringTag);
        DataViewConstructor = (ObjectInstance)global.Get("DataView");
        var sharedArrayBufferPrototype = (ObjectInstance)((ObjectInstance)global.Get("SharedArrayBuffer")).Get("prototype");
        SharedArrayBufferByteLength = Getter(sharedArrayBufferPrototype, "byteLength");
    }

    public Engine Engine { get; }

    /// <summary>The original <c>ArrayBuffer.prototype.transferToFixedLength</c> (the Streams Standard's
    /// TransferArrayBuffer: a fixed-length buffer with the bytes; the old one detached).</summary>
    public JsValue ArrayBufferTransfer { get; }

    /// <summary>The original getter of <c>ArrayBuffer.prototype.resizable</c>.</summary>
    public JsValue ArrayBufferResizable { get; }

    /// <summary>The original getter of <c>%TypedArray%.prototype.length</c> ([[ArrayLength]]).</summary>
    public JsValue TypedArrayLength { get; }

    /// <summary>The original getter of <c>%TypedArray%.prototype[@@toStringTag]</c> ([[TypedArrayName]]).</summary>
    public JsValue TypedArrayName { get; }

    /// <summary>The original <c>DataView</c> constructor (%DataView%).</summary>
    public ObjectInstance DataViewConstructor { get; }

    /// <summary>The host that runs this engine, as far as the platform's interfaces may see it.</summary>
    public IHostEnvironment Host { get; }

    public ErrorConstructor RangeError { get; }

    public ErrorConstructor SyntaxError { get; }

    public ObjectInstance ErrorPrototype { get; }

    public ObjectInstance FunctionPrototype { get; }

    /// <summary>Jint's built-in getter of <c>Error.prototype.stack</c> (the frames of an error), if it has one.</summary>
    public JsValue? ErrorStackGetter { get; }

    public ObjectInstance ObjectPrototype { get; }

    /// <summary>The well-known symbol <c>Symbol.iterator</c>.</summary>
    public JsValue SymbolIterator { get; }

    /// <summary>The well-known symbol <c>Symbol.toStringTag</c>.</summary>
    public JsValue SymbolToStringTag { get; }

    /// <summary>The well-known symbol <c>Symbol.asyncIterator</c>.</summary>
    public JsValue SymbolAsyncIterator { get; }

    /// <summary>The original <c>Promise</c> constructor (%Promise%).</summary>
    public ObjectInstance PromiseConstructor { get; }

    /// <summary>The original <c>Promise.prototype.then</c>, immune to user patches.</summary>
    public JsValue PromisePrototypeThen { get; }

    /// <summary>The original <c>%TypedArray%.prototype.buffer</c> getter.</summary>
    public JsValue TypedArrayBuffer { get; }

    /// <summary>The original <c>%TypedArray%.prototype.byteOffset</c> getter.</summary>
    public JsValue TypedArrayByteOffset { get; }

    /// <summary>The original <c>%TypedArray%.prototype.byteLength</c> getter.</summary>
    public JsValue TypedArrayByteLength { get; }

    /// <summary>The original <c>DataView.prototype.buffer</c> getter.</summary>
    public JsValue DataViewBuffer { get; }

    /// <summary>The original <c>DataView.prototype.byteOffset</c> getter.</summary>
    public JsValue DataViewByteOffset { get; }

    /// <summary>The original <c>DataView.prototype.byteLength</c> getter.</summary>
    public JsValue DataViewByteLength { get; }

    /// <summary>The original <c>ArrayBuffer.prototype.byteLength</c> getter.</summary>
    public JsValue ArrayBufferByteLength { get; }

    /// <summary>The original <c>SharedArrayBuffer.prototype.byteLength</c> getter.</summary>
    public JsValue SharedArrayBufferByteLength { get; }

    /// <summary>The one getter function shared by every event's own <c>isTrusted</c> property.</summary>
    public Jint.Runtime.Interop.ClrFunction? IsTrustedGetter { get; set; }

    /// <summary>
    /// The descriptor of every event's own <c>isTrusted</c> property: one object for all, as the property is a
    /// non-configurable accessor that no script can change.
    /// </summary>
    public Jint.Runtime.Descriptors.PropertyDescriptor? IsTrustedDescriptor { get; set; }

    /// <summary>Interface prototype objects by interface name, for platform objects made by host code.</summary>
    public Dictionary<string, ObjectInstance> Prototypes { get; } = new(StringComparer.Ordinal);

    /// <summary>The <c>MessageEvent</c> interface prototype object (looked up once: one message event a message).</summary>
    public ObjectInstance MessageEventPrototype => _messageEventPrototype ??= Prototypes["MessageEvent"];

    private ObjectInstance? _messageEventPrototype;

    /// <summary>A slot for the Streams layer's reusable promise executor (made on first use; WebIdl does not know
    /// its type, which keeps the layering).</summary>
    public object? StreamsPromiseExecutor { get; set; }

    /// <summary>The <c>DOMException</c> interface prototype object.</summary>
    public ObjectInstance? DOMExceptionPrototype { get; set; }

    private static JsValue Getter(ObjectInstance prototype, JsValue name) =>
        prototype.GetOwnProperty(name).Get is { } getter && getter.IsCallable()
            ? getter
            : throw new InvalidOperationException($"The intrinsic getter '{name}' is missing.");

    /// <summary>Captures the intrinsics of <paramref name="engine"/>; call once, before user code runs.</summary>
    public static HostIntrinsics Capture(Engine engine, IHostEnvironment host)
    {
        var intrinsics = new HostIntrinsics(engine, host);
        engine.Advanced.HostDefined = intrinsics;
        return intrinsics;
    }

    [ThreadStatic]
    private static HostIntrinsics? _running;

    /// <summary>The intrinsics of the engine whose event loop runs tasks on this thread right now, if any.</summary>
    public static HostIntrinsics? Running => _running;

    /// <summary>Marks <paramref name="intrinsics"/> as running on this thread (the event loop, around its tasks).</summary>
    /// <returns>What was running before, to restore.</returns>
    public static HostIntrinsics? EnterRunning(HostIntrinsics? intrinsics)
    {
        var previous = _running;
        _running = intrinsics;
        return previous;
    }

    /// <summary>The intrinsics captured for <paramref name="engine"/>.</summary>
    public static HostIntrinsics Of(Engine engine) =>
        engine.Advanced.HostDefined as HostIntrinsics
            ?? throw new InvalidOperationException("This engine was not set up by a ScriptHost.");
}
