using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>
/// The <c>TransformStream</c> interface: <c>new TransformStream(transformer, writableStrategy, readableStrategy)</c>,
/// <c>readable</c> and <c>writable</c>.
/// </summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#ts-class.</remarks>
internal sealed class TransformStreamConstructor : WebIdlConstructor
{
    /// <summary>The interface name.</summary>
    public const string Interface = "TransformStream";

    private const string Context = "Failed to construct 'TransformStream'";

    private static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("readable", static (t, _) => Brand(t, "readable").Readable, enumerable: true, configurable: true)
        .Accessor("writable", static (t, _) => Brand(t, "writable").Writable, enumerable: true, configurable: true)
        .ToStringTag(Interface)
        .Build();

    private TransformStreamConstructor(Engine engine)
        : base(engine, Interface, length: 0, parentInterface: null)
    {
    }

    /// <summary>Installs the interface and its controller's on the global.</summary>
    public static void Install(Engine engine)
    {
        new TransformStreamConstructor(engine).Install(Shape.Instantiate(engine, HostIntrinsics.Of(engine).ObjectPrototype));
        TransformStreamDefaultControllerInterface.Install(engine);
    }

    /// <inheritdoc />
    /// <remarks>constructor(optional object transformer, optional QueuingStrategy writableStrategy = {}, optional
    /// QueuingStrategy readableStrategy = {}).</remarks>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        // WebIDL converts the arguments first and makes the object before the constructor steps run. Step 1: a
        // missing transformer is null.
        var (transformerValue, writableStrategy) = UnderlyingCallbacks.ConstructorArguments(_engine, arguments, Context);
        var readableStrategy = QueuingStrategy.From(_engine, arguments.Length > 2 ? arguments[2] : JsValue.Undefined, Context);
        var stream = new JsTransformStream(_engine, PrototypeFor(newTarget));

        // Step 2: let transformerDict be transformer, converted to an IDL value of type Transformer.
        var transformer = Transformer.From(_engine, transformerValue, Context);

        // Steps 3-4: readableType and writableType are reserved: either is a RangeError.
        if (transformer.HasReadableType)
        {
            throw ScriptErrors.RangeError(_engine, $"{Context}: the transformer's readableType is reserved for future use and must be undefined.");
        }

        if (transformer.HasWritableType)
        {
            throw ScriptErrors.RangeError(_engine, $"{Context}: the transformer's writableType is reserved for future use and must be undefined.");
        }

        // Steps 5-8: the readable side's high water mark defaults to 0, the writable side's to 1.
        var readableHighWaterMark = readableStrategy.ExtractHighWaterMark(_engine, 0);
        var readableSizeAlgorithm = readableStrategy.ExtractSizeAlgorithm(_engine);
        var writableHighWaterMark = writableStrategy.ExtractHighWaterMark(_engine, 1);
        var writableSizeAlgorithm = writableStrategy.ExtractSizeAlgorithm(_engine);

        // Steps 9-11: a start promise, both sides made, a controller set up from the transformer.
        var startPromise = StreamPromises.New(_engine);
        stream.Initialize(startPromise.Promise, writableHighWaterMark, writableSizeAlgorithm, readableHighWaterMark, readableSizeAlgorithm);
        var controller = SetUpDefaultControllerFromTransformer(stream, transformer);

        // Steps 12-13: resolve startPromise with what start returns (an exception is rethrown), or undefined.
        startPromise.Resolve(transformer.Start.IsUndefined() ? JsValue.Undefined : transformer.Invoke(transformer.Start, controller));
        return stream;
    }

    // SetUpTransformStreamDefaultControllerFromTransformer.
    // Spec: https://streams.spec.whatwg.org/#set-up-transform-stream-default-controller-from-transformer.
    private JsTransformStreamDefaultController SetUpDefaultControllerFromTransformer(JsTransformStream stream, Transformer transformer)
    {
        // Step 1: let controller be a new TransformStreamDefaultController.
        var controller = new JsTransformStreamDefaultController(_engine, HostIntrinsics.Of(_engine).Prototypes[TransformStreamDefaultControllerInterface.Interface]);
        var engine = _engine;

        // Step 2: without transform, the chunk is enqueued as it is (an exception becomes a rejected promise).
        Func<JsValue, JsValue> transformAlgorithm = transformer.Transform.IsUndefined()
            ? chunk =>
            {
                try
                {
                    controller.Enqueue(chunk);
                    return StreamPromises.ResolvedWith(engine, JsValue.Undefined);
                }
                catch (Exception e) when (ScriptErrors.ScriptErrorOf(engine, e) is { } error)
                {
                    return StreamPromises.RejectedWith(engine, error);
                }
            }
            : chunk => transformer.InvokePromise(transformer.Transform, chunk, controller);

        // Steps 3-7: flush and cancel invoke the transformer's callbacks when it has them.
        Func<JsValue> flushAlgorithm = transformer.Flush.IsUndefined()
            ? () => StreamPromises.ResolvedWith(engine, JsValue.Undefined)
            : () => transformer.InvokePromise(transformer.Flush, controller);
        Func<JsValue, JsValue> cancelAlgorithm = transformer.Cancel.IsUndefined()
            ? _ => StreamPromises.ResolvedWith(engine, JsValue.Undefined)
            : reason => transformer.InvokePromise(transformer.Cancel, reason);

        // Step 8: perform ! SetUpTransformStreamDefaultController(stream, controller, ...).
        controller.SetUp(stream, transformAlgorithm, flushAlgorithm, cancelAlgorithm);
        return controller;
    }

    private static JsTransformStream Brand(JsValue thisObj, string member) =>
        thisObj as JsTransformStream ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);
}
