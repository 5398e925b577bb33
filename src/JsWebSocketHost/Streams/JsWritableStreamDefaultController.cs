using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using JsWebSocketHost.Dom;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>
/// A <c>WritableStreamDefaultController</c> platform object: its internal slots and the abstract operations of a
/// writable stream's default controller.
/// </summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#ws-default-controller-class and
/// https://streams.spec.whatwg.org/#ws-default-controller-abstract-ops.</remarks>
internal sealed class JsWritableStreamDefaultController : ObjectInstance
{
    private readonly QueueWithSizes _queue = new();

    // The close sentinel: the value ControllerClose queues, which no script can hold.
    private readonly JsObject _closeSentinel;
    private Func<JsValue, JsValue>? _abortAlgorithm;
    private Func<JsValue>? _closeAlgorithm;
    private double _strategyHighWaterMark;
    private Func<JsValue, double>? _strategySizeAlgorithm;
    private Func<JsValue, JsValue>? _writeAlgorithm;

    public JsWritableStreamDefaultController(Engine engine, ObjectInstance prototype)
        : base(engine)
    {
        Prototype = prototype;
        _closeSentinel = new JsObject(engine);
    }

    /// <summary>[[abortController]]'s signal.</summary>
    public JsAbortSignal Signal { get; private set; } = null!;

    /// <summary>[[started]].</summary>
    public bool Started { get; private set; }

    /// <summary>[[stream]].</summary>
    public JsWritableStream Stream { get; private set; } = null!;

    /// <summary>WritableStreamDefaultControllerGetDesiredSize.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-default-controller-get-desired-size.</remarks>
    public double DesiredSize => _strategyHighWaterMark - _queue.TotalSize;

    /// <summary>SetUpWritableStreamDefaultController.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#set-up-writable-stream-default-controller.</remarks>
    public void SetUp(
        JsWritableStream stream, Func<JsValue> startAlgorithm, Func<JsValue, JsValue> writeAlgorithm,
        Func<JsValue> closeAlgorithm, Func<JsValue, JsValue> abortAlgorithm, double highWaterMark,
        Func<JsValue, double> sizeAlgorithm)
    {
        // Steps 3-12: link the controller and the stream; an empty queue; a new AbortController; the algorithms.
        Stream = stream;
        stream.Controller = this;
        _queue.Reset();
        Signal = new JsAbortSignal(_engine, HostIntrinsics.Of(_engine).Prototypes["AbortSignal"]);
        Started = false;
        _strategySizeAlgorithm = sizeAlgorithm;
        _strategyHighWaterMark = highWaterMark;
        _writeAlgorithm = writeAlgorithm;
        _closeAlgorithm = closeAlgorithm;
        _abortAlgorithm = abortAlgorithm;

        // Steps 13-14: the stream's backpressure from the desired size.
        stream.UpdateBackpressure(GetBackpressure());

        // Steps 15-16: let startResult be the result of performing startAlgorithm (it may throw); a promise
        // resolved with it.
        var startResult = startAlgorithm();
        var startPromise = StreamPromises.ResolvedWith(_engine, startResult);

        // Steps 17-18: either way the controller has started; fulfillment advances the queue, rejection deals with
        // it as a failed operation.
        StreamPromises.React(_engine, startPromise, _ =>
        {
            Started = true;
            AdvanceQueueIfNeeded();
        }, r =>
        {
            Started = true;
            stream.DealWithRejection(r);
        });
    }

    /// <summary>[[AbortSteps]](reason).</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#ws-default-controller-private-abort.</remarks>
    public JsValue AbortSteps(JsValue reason)
    {
        var result = _abortAlgorithm!(reason);
        ClearAlgorithms();
        return result;
    }

    /// <summary>[[ErrorSteps]]().</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#ws-default-controller-private-error.</remarks>
    public void ErrorSteps() => _queue.Reset();

    /// <summary>WritableStreamDefaultControllerClose.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-default-controller-close.</remarks>
    public void Close()
    {
        // Steps 1-2: queue the close sentinel with size 0; advance the queue.
        _queue.Enqueue(_engine, _closeSentinel, 0);
        AdvanceQueueIfNeeded();
    }

    /// <summary>WritableStreamDefaultControllerError.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-default-controller-error.</remarks>
    public void Error(JsValue error)
    {
        // Steps 1-4: clear the algorithms and start erroring the (writable) stream.
        ClearAlgorithms();
        Stream.StartErroring(error);
    }

    /// <summary>WritableStreamDefaultControllerGetChunkSize.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-default-controller-get-chunk-size.</remarks>
    public double GetChunkSize(JsValue chunk)
    {
        // Step 1: with the algorithms cleared (the stream is no longer writable), the size is 1.
        if (_strategySizeAlgorithm is not { } sizeAlgorithm)
        {
            return 1;
        }

        // Steps 2-4: the size algorithm's result; an exception errors the stream if needed, and the size is 1.
        try
        {
            return sizeAlgorithm(chunk);
        }
        catch (Exception e) when (ScriptErrors.ScriptErrorOf(_engine, e) is { } error)
        {
            ErrorIfNeeded(error);
            return 1;
        }
    }

    /// <summary>WritableStreamDefaultControllerWrite.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-default-controller-write.</remarks>
    public void Write(JsValue chunk, double chunkSize)
    {
        // Steps 1-2: queue the chunk; a bad size errors the stream if needed.
        try
        {
            _queue.Enqueue(_engine, chunk, chunkSize);
        }
        catch (JavaScriptException e)
        {
            ErrorIfNeeded(e.Error);
            return;
        }

        // Step 4: while writable and not closing, update the backpressure.
        var stream = Stream;
        if (!stream.CloseQueuedOrInFlight && stream.State == WritableStreamState.Writable)
        {
            stream.UpdateBackpressure(GetBackpressure());
        }

        // Step 5: perform ! WritableStreamDefaultControllerAdvanceQueueIfNeeded(controller).
        AdvanceQueueIfNeeded();
    }

    /// <summary>WritableStreamDefaultControllerErrorIfNeeded.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-default-controller-error-if-needed.</remarks>
    public void ErrorIfNeeded(JsValue error)
    {
        if (Stream.State == WritableStreamState.Writable)
        {
            Error(error);
        }
    }

    // WritableStreamDefaultControllerAdvanceQueueIfNeeded.
    // Spec: https://streams.spec.whatwg.org/#writable-stream-default-controller-advance-queue-if-needed.
    private void AdvanceQueueIfNeeded()
    {
        // Steps 2-3: nothing before the start, nor while a write is in flight.
        var stream = Stream;
        if (!Started || stream.InFlightWriteRequest is not null)
        {
            return;
        }

        // Step 6: an erroring stream finishes erroring.
        if (stream.State == WritableStreamState.Erroring)
        {
            stream.FinishErroring();
            return;
        }

        // Steps 7-10: take the first queued value: the close sentinel closes, a chunk is written.
        if (_queue.Count == 0)
        {
            return;
        }

        var value = _queue.Peek();
        if (ReferenceEquals(value, _closeSentinel))
        {
            ProcessClose();
        }
        else
        {
            ProcessWrite(value);
        }
    }

    // WritableStreamDefaultControllerClearAlgorithms.
    // Spec: https://streams.spec.whatwg.org/#writable-stream-default-controller-clear-algorithms.
    private void ClearAlgorithms()
    {
        _writeAlgorithm = null;
        _closeAlgorithm = null;
        _abortAlgorithm = null;
        _strategySizeAlgorithm = null;
    }

    // WritableStreamDefaultControllerGetBackpressure: the desired size is at most 0.
    // Spec: https://streams.spec.whatwg.org/#writable-stream-default-controller-get-backpressure.
    private bool GetBackpressure() => DesiredSize <= 0;

    // WritableStreamDefaultControllerProcessClose.
    // Spec: https://streams.spec.whatwg.org/#writable-stream-default-controller-process-close.
    private void ProcessClose()
    {
        // Steps 1-6: the close request is in flight; the sentinel leaves the queue; the sink's close runs and the
        // algorithms are cleared.
        var stream = Stream;
        stream.MarkCloseRequestInFlight();
        _queue.Dequeue();
        var sinkClosePromise = _closeAlgorithm!();
        ClearAlgorithms();

        // Steps 7-8: its settlement finishes the in-flight close.
        StreamPromises.React(_engine, sinkClosePromise, _ => stream.FinishInFlightClose(), stream.FinishInFlightCloseWithError);
    }

    // WritableStreamDefaultControllerProcessWrite.
    // Spec: https://streams.spec.whatwg.org/#writable-stream-default-controller-process-write.
    private void ProcessWrite(JsValue chunk)
    {
        // Steps 1-3: the first write request is in flight; the sink's write runs.
        var stream = Stream;
        stream.MarkFirstWriteRequestInFlight();
        var sinkWritePromise = _writeAlgorithm!(chunk);

        StreamPromises.React(_engine, sinkWritePromise, _ =>
        {
            // Step 4: the write is done; the chunk leaves the queue; backpressure is updated while writable and
            // not closing; the queue advances.
            stream.FinishInFlightWrite();
            _queue.Dequeue();
            if (!stream.CloseQueuedOrInFlight && stream.State == WritableStreamState.Writable)
            {
                stream.UpdateBackpressure(GetBackpressure());
            }

            AdvanceQueueIfNeeded();
        }, reason =>
        {
            // Step 5: a failed write clears the algorithms of a writable stream and fails the in-flight write.
            if (stream.State == WritableStreamState.Writable)
            {
                ClearAlgorithms();
            }

            stream.FinishInFlightWriteWithError(reason);
        });
    }
}
