using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>
/// The <c>ReadableStream</c> interface object: <c>new ReadableStream(underlyingSource, strategy)</c> and
/// <c>ReadableStream.from(asyncIterable)</c>. Installs the readable stream interfaces and the queuing strategies.
/// </summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#rs-class.</remarks>
internal sealed class ReadableStreamConstructor : WebIdlConstructor
{
    /// <summary>The interface name.</summary>
    public const string Interface = "ReadableStream";

    private const string Context = "Failed to construct 'ReadableStream'";

    private ReadableStreamConstructor(Engine engine)
        : base(engine, Interface, length: 0, parentInterface: null)
    {
        // static ReadableStream from(any asyncIterable).
        Define.Operation(engine, this, "from", 1, (_, a) =>
            ReadableStreamFromIterable.Create(engine, a.Length > 0 ? a[0] : JsValue.Undefined));
    }

    /// <summary>Installs the Streams Standard's interfaces: readable and writable streams, their readers, writers
    /// and controllers, and the two queuing strategies.</summary>
    public static void Install(Engine engine)
    {
        var constructor = new ReadableStreamConstructor(engine);
        constructor.Install(ReadableStreamPrototype.Instantiate(engine));
        ReadableStreamDefaultReaderConstructor.Install(engine);
        ReadableStreamBYOBReaderConstructor.Install(engine);
        ReadableByteStreamControllerInterface.Install(engine);
        ReadableStreamDefaultControllerInterface.Install(engine);
        ReadableStreamAsyncIterator.Install(engine);
        WritableStreamConstructor.Install(engine);
        WritableStreamDefaultWriterConstructor.Install(engine);
        WritableStreamDefaultControllerInterface.Install(engine);
        TransformStreamConstructor.Install(engine);
        QueuingStrategyConstructor.Install(engine);
    }

    /// <inheritdoc />
    /// <remarks>constructor(optional object underlyingSource, optional QueuingStrategy strategy = {}).</remarks>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        // WebIDL converts the arguments first and makes the object (reading newTarget.prototype) before the
        // constructor steps run. Step 1: if underlyingSource is missing, set it to null.
        var (underlyingSource, strategy) = UnderlyingCallbacks.ConstructorArguments(_engine, arguments, Context);
        var stream = new JsReadableStream(_engine, PrototypeFor(newTarget));

        // Step 2: let underlyingSourceDict be underlyingSource, converted to an IDL value of type UnderlyingSource.
        var source = UnderlyingSource.From(_engine, underlyingSource, Context);

        // Step 3: InitializeReadableStream(this) was done by making the object.

        // Step 4: a byte stream: no size algorithm (a RangeError), a high water mark defaulting to 0, and a byte
        // stream controller set up from the source.
        if (source.IsBytes)
        {
            if (strategy.HasSize)
            {
                throw ScriptErrors.RangeError(_engine, $"{Context}: a readable byte stream's strategy cannot have a size function.");
            }

            SetUpByteControllerFromUnderlyingSource(stream, source, strategy.ExtractHighWaterMark(_engine, 0));
            return stream;
        }

        // Step 5: otherwise, the size algorithm and high water mark of the strategy (default 1), and a default
        // controller set up from the source.
        var sizeAlgorithm = strategy.ExtractSizeAlgorithm(_engine);
        var highWaterMark = strategy.ExtractHighWaterMark(_engine, 1);
        SetUpDefaultControllerFromUnderlyingSource(stream, source, highWaterMark, sizeAlgorithm);
        return stream;
    }

    // SetUpReadableByteStreamControllerFromUnderlyingSource.
    // Spec: https://streams.spec.whatwg.org/#set-up-readable-byte-stream-controller-from-underlying-source.
    private void SetUpByteControllerFromUnderlyingSource(JsReadableStream stream, UnderlyingSource source, double highWaterMark)
    {
        // Step 1: let controller be a new ReadableByteStreamController.
        var controller = new JsReadableByteStreamController(_engine, HostIntrinsics.Of(_engine).Prototypes[ReadableByteStreamControllerInterface.Interface]);

        // Steps 2-7: the algorithms invoke the source's callbacks, as for a default controller.
        var (startAlgorithm, pullAlgorithm, cancelAlgorithm) = source.Algorithms(controller);

        // Steps 8-9: autoAllocateChunkSize, if given, must not be 0.
        if (source.AutoAllocateChunkSize is 0)
        {
            throw ScriptErrors.TypeError(_engine, $"{Context}: autoAllocateChunkSize must be more than 0.");
        }

        // Step 10: perform ? SetUpReadableByteStreamController(...).
        controller.SetUp(stream, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, source.AutoAllocateChunkSize);
    }

    // SetUpReadableStreamDefaultControllerFromUnderlyingSource.
    // Spec: https://streams.spec.whatwg.org/#set-up-readable-stream-default-controller-from-underlying-source.
    private void SetUpDefaultControllerFromUnderlyingSource(
        JsReadableStream stream, UnderlyingSource source, double highWaterMark, Func<JsValue, double> sizeAlgorithm)
    {
        // Step 1: let controller be a new ReadableStreamDefaultController.
        var controller = new JsReadableStreamDefaultController(_engine, HostIntrinsics.Of(_engine).Prototypes[ReadableStreamDefaultControllerInterface.Interface]);

        // Steps 2-7: each algorithm invokes the source's callback when it has one, with controller (or the
        // reason) as argument and the source as this; start's exception is rethrown, pull's and cancel's reject.
        var (startAlgorithm, pullAlgorithm, cancelAlgorithm) = source.Algorithms(controller);

        // Step 8: perform ? SetUpReadableStreamDefaultController(...).
        controller.SetUp(stream, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, sizeAlgorithm);
    }
}
