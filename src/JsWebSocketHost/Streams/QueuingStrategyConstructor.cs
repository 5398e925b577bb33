using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>
/// The <c>ByteLengthQueuingStrategy</c> and <c>CountQueuingStrategy</c> interface objects:
/// <c>new ByteLengthQueuingStrategy({ highWaterMark })</c>, and their <c>highWaterMark</c> and <c>size</c>.
/// </summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#blqs-class and https://streams.spec.whatwg.org/#cqs-class.</remarks>
internal sealed class QueuingStrategyConstructor : WebIdlConstructor
{
    private const string ByteLength = "ByteLengthQueuingStrategy";
    private const string Count = "CountQueuingStrategy";

    private static readonly JsObjectShape ByteLengthShape = ShapeFor(ByteLength, countsBytes: true);
    private static readonly JsObjectShape CountShape = ShapeFor(Count, countsBytes: false);

    private readonly bool _countsBytes;

    // The relevant global object's byte length (or count) queuing strategy size function.
    private readonly ClrFunction _size;

    private QueuingStrategyConstructor(Engine engine, bool countsBytes)
        : base(engine, countsBytes ? ByteLength : Count, length: 1, parentInterface: null)
    {
        _countsBytes = countsBytes;
        _size = countsBytes
            ? new ClrFunction(engine, "size", static (_, args) => ByteLengthSize(args), 1, PropertyFlag.Configurable)
            : new ClrFunction(engine, "size", static (_, _) => 1, 0, PropertyFlag.Configurable);
    }

    /// <summary>Installs both interfaces on the global.</summary>
    public static void Install(Engine engine)
    {
        var objectPrototype = HostIntrinsics.Of(engine).ObjectPrototype;
        new QueuingStrategyConstructor(engine, countsBytes: true).Install(ByteLengthShape.Instantiate(engine, objectPrototype));
        new QueuingStrategyConstructor(engine, countsBytes: false).Install(CountShape.Instantiate(engine, objectPrototype));
    }

    /// <inheritdoc />
    /// <remarks>constructor(QueuingStrategyInit init): set this.[[highWaterMark]] to init["highWaterMark"].</remarks>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        // dictionary QueuingStrategyInit { required unrestricted double highWaterMark; }.
        var context = $"Failed to construct '{InterfaceName}'";
        var init = WebIdlConvert.ToDictionary(_engine, arguments.Length > 0 ? arguments[0] : JsValue.Undefined, context);
        var highWaterMark = init?.Get("highWaterMark") ?? JsValue.Undefined;
        if (highWaterMark.IsUndefined())
        {
            throw ScriptErrors.TypeError(_engine, $"{context}: required member highWaterMark is undefined.");
        }

        return new JsQueuingStrategy(_engine, PrototypeFor(newTarget), _countsBytes, TypeConverter.ToNumber(highWaterMark), _size);
    }

    // The byte length queuing strategy size function's steps, given chunk: return ? GetV(chunk, "byteLength").
    // Spec: https://streams.spec.whatwg.org/#byte-length-queuing-strategy-size-function.
    private static JsValue ByteLengthSize(JsValue[] args)
    {
        var chunk = args.Length > 0 ? args[0] : JsValue.Undefined;
        if (chunk is ObjectInstance obj)
        {
            return obj.Get("byteLength");
        }

        var engine = ScriptErrors.EngineFor(chunk);
        if (chunk.IsNull() || chunk.IsUndefined())
        {
            throw ScriptErrors.TypeError(engine, $"Cannot read property 'byteLength' of {chunk}.");
        }

        return ((ObjectInstance)engine.Intrinsics.Object.Call(JsValue.Undefined, [chunk])).Get("byteLength", chunk);
    }

    private static JsObjectShape ShapeFor(string name, bool countsBytes) => new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("highWaterMark", (t, _) => Brand(t, name, countsBytes, "highWaterMark").HighWaterMark, enumerable: true, configurable: true)
        .Accessor("size", (t, _) => Brand(t, name, countsBytes, "size").Size, enumerable: true, configurable: true)
        .ToStringTag(name)
        .Build();

    private static JsQueuingStrategy Brand(JsValue thisObj, string name, bool countsBytes, string member) =>
        thisObj is JsQueuingStrategy strategy && strategy.CountsBytes == countsBytes
            ? strategy
            : throw ScriptErrors.IllegalInvocation(thisObj, name, member);
}
