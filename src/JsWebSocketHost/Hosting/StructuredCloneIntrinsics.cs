using Jint;
using Jint.Native;
using Jint.Native.Object;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// The built-ins structured serialization reads and deserialization constructs with, captured once before any user
/// script runs, so that patching <c>Map</c>, <c>Uint8Array.prototype</c> or a getter cannot change what a clone is.
/// </summary>
internal sealed class StructuredCloneIntrinsics
{
    /// <summary>The typed array constructors and DataView, by the name serialization records.</summary>
    private static readonly string[] ViewConstructorNames =
    [
        "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array",
        "Float16Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array", "DataView",
    ];

    /// <summary>The error types a serialized error keeps (any other name becomes "Error").</summary>
    private static readonly string[] ErrorNames =
        ["Error", "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError"];

    private readonly ObjectInstance _global;
    private readonly ObjectInstance _typedArrayPrototype;
    private HashSet<ObjectInstance>? _builtIns;

    public StructuredCloneIntrinsics(Engine engine)
    {
        var global = engine.Global;
        _global = global;
        foreach (var name in ViewConstructorNames)
        {
            if (global.Get(name) is ObjectInstance constructor)
            {
                ViewConstructors[name] = constructor;
            }
        }

        foreach (var name in ErrorNames)
        {
            ErrorConstructors[name] = (ObjectInstance)global.Get(name);
        }

        var typedArrayPrototype = ((ObjectInstance)engine.Intrinsics.Uint8Array.Get("prototype")).Prototype!;
        _typedArrayPrototype = typedArrayPrototype;
        TypedArrayName = Getter(typedArrayPrototype, global.Get("Symbol").Get("toStringTag"));
        TypedArrayBuffer = Getter(typedArrayPrototype, "buffer");
        TypedArrayByteOffset = Getter(typedArrayPrototype, "byteOffset");
        TypedArrayLength = Getter(typedArrayPrototype, "length");
        TypedArrayKeys = typedArrayPrototype.Get("keys");
        var dataViewPrototype = (ObjectInstance)ViewConstructors["DataView"].Get("prototype");
        DataViewBuffer = Getter(dataViewPrototype, "buffer");
        DataViewByteOffset = Getter(dataViewPrototype, "byteOffset");
        DataViewByteLength = Getter(dataViewPrototype, "byteLength");
        var arrayBufferPrototype = (ObjectInstance)engine.Intrinsics.ArrayBuffer.Get("prototype");
        ArrayBufferByteLength = Getter(arrayBufferPrototype, "byteLength");
        ArrayBufferResizable = Getter(arrayBufferPrototype, "resizable");
        ArrayBufferMaxByteLength = Getter(arrayBufferPrototype, "maxByteLength");
        ArrayBufferTransfer = arrayBufferPrototype.Get("transfer");
        ArrayBuffer = engine.Intrinsics.ArrayBuffer;
        Map = engine.Intrinsics.Map;
        Set = engine.Intrinsics.Set;
        RegExp = (ObjectInstance)global.Get("RegExp");
        Date = (ObjectInstance)global.Get("Date");
        DateValueOf = ((ObjectInstance)Date.Get("prototype")).Get("valueOf");
        var errorPrototype = (ObjectInstance)engine.Intrinsics.Error.Get("prototype");
        ErrorStackGetter = errorPrototype.GetOwnProperty("stack").Get;
        ObjectPrototype = engine.Intrinsics.Object.PrototypeObject;
    }

    public Dictionary<string, ObjectInstance> ViewConstructors { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ObjectInstance> ErrorConstructors { get; } = new(StringComparer.Ordinal);

    /// <summary><c>%TypedArray%.prototype[@@toStringTag]</c>: a typed array's [[TypedArrayName]], else undefined.</summary>
    public JsValue TypedArrayName { get; }

    public JsValue TypedArrayBuffer { get; }

    public JsValue TypedArrayByteOffset { get; }

    public JsValue TypedArrayLength { get; }

    /// <summary>
    /// <c>%TypedArray%.prototype.keys</c>: its ValidateTypedArray throws a TypeError for a typed array that is out of
    /// bounds of its buffer (or on a detached one), and it has no other effect than making an iterator.
    /// </summary>
    public JsValue TypedArrayKeys { get; }

    public JsValue DataViewBuffer { get; }

    public JsValue DataViewByteOffset { get; }

    public JsValue DataViewByteLength { get; }

    public JsValue ArrayBufferByteLength { get; }

    public JsValue ArrayBufferResizable { get; }

    public JsValue ArrayBufferMaxByteLength { get; }

    /// <summary><c>ArrayBuffer.prototype.transfer</c>: moves a buffer's bytes to a new buffer and detaches it.</summary>
    public JsValue ArrayBufferTransfer { get; }

    public Jint.Native.ArrayBuffer.ArrayBufferConstructor ArrayBuffer { get; }

    public Jint.Native.Map.MapConstructor Map { get; }

    public Jint.Native.Set.SetConstructor Set { get; }

    public ObjectInstance RegExp { get; }

    public ObjectInstance Date { get; }

    public JsValue DateValueOf { get; }

    /// <summary>Jint's <c>Error.prototype.stack</c> getter (an error's frames), if it has one.</summary>
    public JsValue? ErrorStackGetter { get; }

    public ObjectInstance ObjectPrototype { get; }

    /// <summary>
    /// Whether <paramref name="value"/> is one of the global's built-in prototype objects (<c>Map.prototype</c>,
    /// <c>Error.prototype</c>...) or namespace objects (<c>Math</c>, <c>JSON</c>, <c>Reflect</c>...): ordinary
    /// objects in the spec, which Jint makes instances of its own types. Listed at the first clone from the global's
    /// data properties (no getter runs); a built-in a script has since removed from the global is not on the list.
    /// </summary>
    public bool IsBuiltInPrototypeOrNamespace(ObjectInstance value)
    {
        if (_builtIns is null)
        {
            _builtIns = new HashSet<ObjectInstance>(ReferenceEqualityComparer.Instance) { ObjectPrototype };
            var jint = typeof(Engine).Assembly;
            foreach (var key in _global.GetOwnPropertyKeys(Jint.Runtime.Types.String))
            {
                if (_global.GetOwnProperty(key) is not { Value: ObjectInstance builtIn } descriptor || !descriptor.IsDataDescriptor()
                    || builtIn.GetType().Assembly != jint)
                {
                    continue;
                }

                if (!builtIn.IsCallable())
                {
                    _builtIns.Add(builtIn);
                }
                else if (builtIn.GetOwnProperty("prototype") is { Value: ObjectInstance prototype } prototypeDescriptor
                    && prototypeDescriptor.IsDataDescriptor() && prototype.GetType().Assembly == jint)
                {
                    _builtIns.Add(prototype);
                }
            }

            _builtIns.Add(_typedArrayPrototype); // %TypedArray%.prototype, which no global names
        }

        return _builtIns.Contains(value);
    }

    private static JsValue Getter(ObjectInstance prototype, JsValue key) =>
        prototype.GetOwnProperty(key).Get is { } getter && getter.IsCallable()
            ? getter
            : throw new InvalidOperationException($"The intrinsic getter '{key}' is missing.");
}
