using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>
/// A <c>TransformStreamDefaultController</c> platform object: its internal slots and the abstract operations of a
/// transform stream's default controller.
/// </summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#ts-default-controller-class and
/// https://streams.spec.whatwg.org/#ts-default-controller-abstract-ops.</remarks>
internal sealed class JsTransformStreamDefaultController : ObjectInstance
{
    private Func<JsValue, JsValue>? _cancelAlgorithm;
    private Func<JsValue>? _flushAlgorithm;
    private Func<JsValue, JsValue>? _transformAlgorithm;

    public JsTransformStreamDefaultController(Engine engine, ObjectInstance prototype)
        : base(engine)
    {
        Prototype = prototype;
    }

    /// <summary>[[finishPromise]]: set once the stream is closing, aborted or canceled.</summary>
    public StreamPromises.Deferred? FinishPromise { get; set; }

    /// <summary>[[stream]].</summary>
    public JsTransformStream Stream { get; private set; } = null!;

    /// <summary>ReadableStreamDefaultControllerGetDesiredSize of the readable side; null when errored.</summary>
    public double? DesiredSize => Stream.Readable.DefaultController!.DesiredSize;

    /// <summary>SetUpTransformStreamDefaultController.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#set-up-transform-stream-default-controller.</remarks>
    public void SetUp(
        JsTransformStream stream, Func<JsValue, JsValue> transformAlgorithm, Func<JsValue> flushAlgorithm,
        Func<JsValue, JsValue> cancelAlgorithm)
    {
        // Steps 2-6: link the controller and the stream; the algorithms.
        Stream = stream;
        stream.Controller = this;
        _transformAlgorithm = transformAlgorithm;
        _flushAlgorithm = flushAlgorithm;
        _cancelAlgorithm = cancelAlgorithm;
    }

    /// <summary>[[cancelAlgorithm]]; after the algorithms were cleared, a promise resolved with undefined.</summary>
    public JsValue CancelAlgorithm(JsValue reason) =>
        _cancelAlgorithm is { } cancel ? cancel(reason) : StreamPromises.ResolvedWith(_engine, JsValue.Undefined);

    /// <summary>[[flushAlgorithm]]; after the algorithms were cleared, a promise resolved with undefined.</summary>
    public JsValue FlushAlgorithm() =>
        _flushAlgorithm is { } flush ? flush() : StreamPromises.ResolvedWith(_engine, JsValue.Undefined);

    /// <summary>TransformStreamDefaultControllerClearAlgorithms.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#transform-stream-default-controller-clear-algorithms.</remarks>
    public void ClearAlgorithms()
    {
        _transformAlgorithm = null;
        _flushAlgorithm = null;
        _cancelAlgorithm = null;
    }

    /// <summary>TransformStreamDefaultControllerEnqueue.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#transform-stream-default-controller-enqueue.</remarks>
    public void Enqueue(JsValue chunk)
    {
        // Steps 1-3: a readable side that cannot take a chunk is a TypeError.
        var stream = Stream;
        var readableController = stream.Readable.DefaultController!;
        if (!readableController.CanCloseOrEnqueue)
        {
            throw ScriptErrors.TypeError(_engine, "The TransformStream's readable side is closed or errored: no chunk can be enqueued.");
        }

        // Steps 4-5: enqueue; an exception (from the size algorithm) errors the writable side, and the readable
        // side's stored error is thrown.
        try
        {
            readableController.Enqueue(chunk);
        }
        catch (Exception e) when (ScriptErrors.ScriptErrorOf(_engine, e) is { } error)
        {
            stream.ErrorWritableAndUnblockWrite(error);
            throw new JavaScriptException(stream.Readable.StoredError);
        }

        // Steps 6-7: a readable side that now has backpressure puts the stream under backpressure.
        var backpressure = readableController.HasBackpressure;
        if (backpressure != stream.Backpressure)
        {
            stream.SetBackpressure(true);
        }
    }

    /// <summary>TransformStreamDefaultControllerError: TransformStreamError(controller.[[stream]], e).</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#transform-stream-default-controller-error.</remarks>
    public void Error(JsValue e) => Stream.Error(e);

    /// <summary>TransformStreamDefaultControllerPerformTransform.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#transform-stream-default-controller-perform-transform.</remarks>
    public JsValue PerformTransform(JsValue chunk)
    {
        // Step 1: let transformPromise be the result of performing controller.[[transformAlgorithm]], passing chunk.
        var transformPromise = _transformAlgorithm is { } transform
            ? transform(chunk)
            : StreamPromises.ResolvedWith(_engine, JsValue.Undefined);

        // Step 2: a rejection errors the stream and is passed on.
        return StreamPromises.Transform(_engine, transformPromise, null, r =>
        {
            Stream.Error(r);
            throw new JavaScriptException(r);
        });
    }

    /// <summary>TransformStreamDefaultControllerTerminate.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#transform-stream-default-controller-terminate.</remarks>
    public void Terminate()
    {
        // Steps 1-4: close the readable side; error the writable side with a TypeError.
        var stream = Stream;
        stream.Readable.DefaultController!.Close();
        var error = ScriptErrors.TypeError(_engine, "The TransformStream was terminated.").Error;
        stream.ErrorWritableAndUnblockWrite(error);
    }
}
