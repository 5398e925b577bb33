using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>A <c>TransformStream</c> platform object: its internal slots and the abstract operations on a transform
/// stream, including the algorithms of its writable side (the sink) and its readable side (the source).</summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#ts-class and https://streams.spec.whatwg.org/#ts-abstract-ops.</remarks>
internal sealed class JsTransformStream : ObjectInstance
{
    public JsTransformStream(Engine engine, ObjectInstance prototype)
        : base(engine)
    {
        Prototype = prototype;
    }

    /// <summary>[[backpressure]]; null until InitializeTransformStream sets it.</summary>
    public bool? Backpressure { get; private set; }

    /// <summary>[[backpressureChangePromise]].</summary>
    public StreamPromises.Deferred? BackpressureChangePromise { get; private set; }

    /// <summary>[[controller]].</summary>
    public JsTransformStreamDefaultController Controller { get; set; } = null!;

    /// <summary>[[readable]].</summary>
    public JsReadableStream Readable { get; private set; } = null!;

    /// <summary>[[writable]].</summary>
    public JsWritableStream Writable { get; private set; } = null!;

    /// <summary>
    /// "Set up" a TransformStream for another specification (TextEncoderStream, TextDecoderStream): the steps run
    /// with the controller; an exception from them becomes a rejected promise. Not reachable from script except
    /// through the object that holds it.
    /// </summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#transformstream-set-up.</remarks>
    public static JsTransformStream SetUp(
        Engine engine, Action<JsTransformStreamDefaultController, JsValue> transformAlgorithm,
        Action<JsTransformStreamDefaultController> flushAlgorithm)
    {
        var intrinsics = HostIntrinsics.Of(engine);
        var stream = new JsTransformStream(engine, intrinsics.Prototypes[TransformStreamConstructor.Interface]);
        var controller = new JsTransformStreamDefaultController(engine, intrinsics.Prototypes[TransformStreamDefaultControllerInterface.Interface]);

        // Steps 1-4: the writable side's high water mark is 1, the readable side's 0; each chunk counts 1. The
        // wrappers turn an exception into a rejected promise, and anything else into a promise resolved with undefined.
        JsValue Wrap(Action steps)
        {
            try
            {
                steps();
                return StreamPromises.ResolvedWith(engine, JsValue.Undefined);
            }
            catch (Exception e) when (ScriptErrors.ScriptErrorOf(engine, e) is { } error)
            {
                return StreamPromises.RejectedWith(engine, error);
            }
        }

        // Steps 5-9: a start promise resolved with undefined; initialize; set up the controller.
        stream.Initialize(StreamPromises.ResolvedWith(engine, JsValue.Undefined), 1, static _ => 1, 0, static _ => 1);
        controller.SetUp(stream,
            chunk => Wrap(() => transformAlgorithm(controller, chunk)),
            () => Wrap(() => flushAlgorithm(controller)),
            _ => StreamPromises.ResolvedWith(engine, JsValue.Undefined));
        return stream;
    }

    /// <summary>InitializeTransformStream.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#initialize-transform-stream.</remarks>
    public void Initialize(
        JsValue startPromise, double writableHighWaterMark, Func<JsValue, double> writableSizeAlgorithm,
        double readableHighWaterMark, Func<JsValue, double> readableSizeAlgorithm)
    {
        // Step 1: the start algorithm of both sides returns startPromise.
        JsValue StartAlgorithm() => startPromise;

        // Steps 2-5: the writable side, whose algorithms are the sink algorithms.
        Writable = JsWritableStream.Create(_engine, StartAlgorithm, SinkWriteAlgorithm, SinkCloseAlgorithm, SinkAbortAlgorithm,
            writableHighWaterMark, writableSizeAlgorithm);

        // Steps 6-8: the readable side, whose algorithms are the source algorithms.
        Readable = JsReadableStream.Create(_engine, StartAlgorithm, SourcePullAlgorithm, SourceCancelAlgorithm,
            readableHighWaterMark, readableSizeAlgorithm);

        // Steps 9-10: no backpressure yet, then backpressure set to true.
        Backpressure = null;
        BackpressureChangePromise = null;
        SetBackpressure(true);
    }

    /// <summary>TransformStreamError.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#transform-stream-error.</remarks>
    public void Error(JsValue e)
    {
        // Steps 1-2: error the readable side, then the writable side, unblocking a write.
        Readable.DefaultController!.Error(e);
        ErrorWritableAndUnblockWrite(e);
    }

    /// <summary>TransformStreamErrorWritableAndUnblockWrite.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#transform-stream-error-writable-and-unblock-write.</remarks>
    public void ErrorWritableAndUnblockWrite(JsValue e)
    {
        // Steps 1-3: clear the controller's algorithms, error the writable side if needed, unblock a write.
        Controller.ClearAlgorithms();
        Writable.Controller!.ErrorIfNeeded(e);
        UnblockWrite();
    }

    /// <summary>TransformStreamSetBackpressure.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#transform-stream-set-backpressure.</remarks>
    public void SetBackpressure(bool backpressure)
    {
        // Steps 2-4: resolve the old change promise, make a new one, record the value.
        BackpressureChangePromise?.Resolve(JsValue.Undefined);
        BackpressureChangePromise = StreamPromises.New(_engine);
        Backpressure = backpressure;
    }

    // TransformStreamUnblockWrite. Spec: https://streams.spec.whatwg.org/#transform-stream-unblock-write.
    private void UnblockWrite()
    {
        // Step 1: if stream.[[backpressure]] is true, perform ! TransformStreamSetBackpressure(stream, false).
        if (Backpressure == true)
        {
            SetBackpressure(false);
        }
    }

    // TransformStreamDefaultSinkWriteAlgorithm.
    // Spec: https://streams.spec.whatwg.org/#transform-stream-default-sink-write-algorithm.
    private JsValue SinkWriteAlgorithm(JsValue chunk)
    {
        // Step 2: let controller be stream.[[controller]].
        var controller = Controller;

        // Step 3: under backpressure, transform once the backpressure changes, unless the writable side is erroring.
        if (Backpressure == true)
        {
            return StreamPromises.Transform(_engine, BackpressureChangePromise!.Promise, _ =>
            {
                if (Writable.State == WritableStreamState.Erroring)
                {
                    throw new Jint.Runtime.JavaScriptException(Writable.StoredError);
                }

                return controller.PerformTransform(chunk);
            }, null);
        }

        // Step 4: return ! TransformStreamDefaultControllerPerformTransform(controller, chunk).
        return controller.PerformTransform(chunk);
    }

    // TransformStreamDefaultSinkAbortAlgorithm.
    // Spec: https://streams.spec.whatwg.org/#transform-stream-default-sink-abort-algorithm.
    private JsValue SinkAbortAlgorithm(JsValue reason)
    {
        // Steps 1-2: a finish already under way is the answer.
        var controller = Controller;
        if (controller.FinishPromise is { } finishing)
        {
            return finishing.Promise;
        }

        // Steps 3-6: a new finish promise; the cancel algorithm runs, then the algorithms are cleared.
        var readable = Readable;
        var finish = controller.FinishPromise = StreamPromises.New(_engine);
        var cancelPromise = controller.CancelAlgorithm(reason);
        controller.ClearAlgorithms();

        // Step 7: the readable side is errored with the reason (or the cancel algorithm's error).
        StreamPromises.React(_engine, cancelPromise, _ =>
        {
            if (readable.State == ReadableStreamState.Errored)
            {
                finish.Reject(readable.StoredError);
            }
            else
            {
                readable.DefaultController!.Error(reason);
                finish.Resolve(JsValue.Undefined);
            }
        }, r =>
        {
            readable.DefaultController!.Error(r);
            finish.Reject(r);
        });

        // Step 8: return controller.[[finishPromise]].
        return finish.Promise;
    }

    // TransformStreamDefaultSinkCloseAlgorithm.
    // Spec: https://streams.spec.whatwg.org/#transform-stream-default-sink-close-algorithm.
    private JsValue SinkCloseAlgorithm()
    {
        // Steps 1-2: a finish already under way is the answer.
        var controller = Controller;
        if (controller.FinishPromise is { } finishing)
        {
            return finishing.Promise;
        }

        // Steps 3-6: a new finish promise; the flush algorithm runs, then the algorithms are cleared.
        var readable = Readable;
        var finish = controller.FinishPromise = StreamPromises.New(_engine);
        var flushPromise = controller.FlushAlgorithm();
        controller.ClearAlgorithms();

        // Step 7: a flush that succeeds closes the readable side (unless it errored meanwhile); one that fails
        // errors it.
        StreamPromises.React(_engine, flushPromise, _ =>
        {
            if (readable.State == ReadableStreamState.Errored)
            {
                finish.Reject(readable.StoredError);
            }
            else
            {
                readable.DefaultController!.Close();
                finish.Resolve(JsValue.Undefined);
            }
        }, r =>
        {
            readable.DefaultController!.Error(r);
            finish.Reject(r);
        });

        // Step 8: return controller.[[finishPromise]].
        return finish.Promise;
    }

    // TransformStreamDefaultSourcePullAlgorithm.
    // Spec: https://streams.spec.whatwg.org/#transform-stream-default-source-pull.
    private JsValue SourcePullAlgorithm()
    {
        // Steps 3-4: release backpressure and return the new change promise.
        SetBackpressure(false);
        return BackpressureChangePromise!.Promise;
    }

    // TransformStreamDefaultSourceCancelAlgorithm.
    // Spec: https://streams.spec.whatwg.org/#transform-stream-default-source-cancel.
    private JsValue SourceCancelAlgorithm(JsValue reason)
    {
        // Steps 1-2: a finish already under way is the answer.
        var controller = Controller;
        if (controller.FinishPromise is { } finishing)
        {
            return finishing.Promise;
        }

        // Steps 3-6: a new finish promise; the cancel algorithm runs, then the algorithms are cleared.
        var writable = Writable;
        var finish = controller.FinishPromise = StreamPromises.New(_engine);
        var cancelPromise = controller.CancelAlgorithm(reason);
        controller.ClearAlgorithms();

        // Step 7: the writable side is errored with the reason (or the cancel algorithm's error), and a blocked
        // write is released.
        StreamPromises.React(_engine, cancelPromise, _ =>
        {
            if (writable.State == WritableStreamState.Errored)
            {
                finish.Reject(writable.StoredError);
            }
            else
            {
                writable.Controller!.ErrorIfNeeded(reason);
                UnblockWrite();
                finish.Resolve(JsValue.Undefined);
            }
        }, r =>
        {
            writable.Controller!.ErrorIfNeeded(r);
            UnblockWrite();
            finish.Reject(r);
        });

        // Step 8: return controller.[[finishPromise]].
        return finish.Promise;
    }
}
