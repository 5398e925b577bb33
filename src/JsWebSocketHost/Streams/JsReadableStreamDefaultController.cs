using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>
/// A <c>ReadableStreamDefaultController</c> platform object: its internal slots and the abstract operations of a
/// default controller.
/// </summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#rs-default-controller-class and
/// https://streams.spec.whatwg.org/#rs-default-controller-abstract-ops.</remarks>
internal sealed class JsReadableStreamDefaultController : ObjectInstance, IReadableStreamController
{
    private readonly QueueWithSizes _queue = new();
    private Func<JsValue, JsValue>? _cancelAlgorithm;
    private bool _closeRequested;
    private bool _pullAgain;
    private Func<JsValue>? _pullAlgorithm;
    private bool _pulling;
    private bool _started;
    private double _strategyHighWaterMark;
    private Func<JsValue, double>? _strategySizeAlgorithm;

    public JsReadableStreamDefaultController(Engine engine, ObjectInstance prototype)
        : base(engine)
    {
        Prototype = prototype;
    }

    /// <summary>[[stream]].</summary>
    public JsReadableStream Stream { get; private set; } = null!;

    /// <summary>SetUpReadableStreamDefaultController.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#set-up-readable-stream-default-controller.</remarks>
    public void SetUp(
        JsReadableStream stream, Func<JsValue> startAlgorithm, Func<JsValue> pullAlgorithm,
        Func<JsValue, JsValue> cancelAlgorithm, double highWaterMark, Func<JsValue, double> sizeAlgorithm)
    {
        // Steps 1-7: link the controller and the stream; an empty queue; every flag false; the algorithms.
        Stream = stream;
        _queue.Reset();
        _started = _closeRequested = _pullAgain = _pulling = false;
        _strategySizeAlgorithm = sizeAlgorithm;
        _strategyHighWaterMark = highWaterMark;
        _pullAlgorithm = pullAlgorithm;
        _cancelAlgorithm = cancelAlgorithm;
        stream.Controller = this;

        // Step 8: let startResult be the result of performing startAlgorithm (it may throw).
        var startResult = startAlgorithm();

        // Step 9: let startPromise be a promise resolved with startResult.
        var startPromise = StreamPromises.ResolvedWith(_engine, startResult);

        // Steps 10-11: upon fulfillment, the controller has started and may pull; upon rejection, it errors.
        StreamPromises.React(_engine, startPromise, _ =>
        {
            _started = true;
            CallPullIfNeeded();
        }, Error);
    }

    /// <summary>ReadableStreamDefaultControllerCallPullIfNeeded.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-stream-default-controller-call-pull-if-needed.</remarks>
    public void CallPullIfNeeded()
    {
        // Steps 1-2: if ! ShouldCallPull(controller) is false, return.
        if (!ShouldCallPull())
        {
            return;
        }

        // Step 3: if controller.[[pulling]] is true, set [[pullAgain]] to true and return.
        if (_pulling)
        {
            _pullAgain = true;
            return;
        }

        // Steps 4-6: set [[pulling]] to true; let pullPromise be the result of performing [[pullAlgorithm]].
        _pulling = true;
        var pullPromise = _pullAlgorithm!();

        // Steps 7-8: upon fulfillment, stop pulling and pull again if asked to meanwhile; upon rejection, error.
        StreamPromises.React(_engine, pullPromise, _ =>
        {
            _pulling = false;
            if (_pullAgain)
            {
                _pullAgain = false;
                CallPullIfNeeded();
            }
        }, Error);
    }

    /// <summary>ReadableStreamDefaultControllerCanCloseOrEnqueue.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-stream-default-controller-can-close-or-enqueue.</remarks>
    public bool CanCloseOrEnqueue => !_closeRequested && Stream.State == ReadableStreamState.Readable;

    /// <summary>ReadableStreamDefaultControllerClose.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-stream-default-controller-close.</remarks>
    public void Close()
    {
        // Step 1: if ! ReadableStreamDefaultControllerCanCloseOrEnqueue(controller) is false, return.
        if (!CanCloseOrEnqueue)
        {
            return;
        }

        // Step 3: set controller.[[closeRequested]] to true.
        _closeRequested = true;

        // Step 4: if the queue is empty, clear the algorithms and close the stream.
        if (_queue.Count == 0)
        {
            ClearAlgorithms();
            Stream.Close();
        }
    }

    /// <summary>ReadableStreamDefaultControllerEnqueue.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-stream-default-controller-enqueue.</remarks>
    public void Enqueue(JsValue chunk)
    {
        // Step 1: if ! ReadableStreamDefaultControllerCanCloseOrEnqueue(controller) is false, return.
        if (!CanCloseOrEnqueue)
        {
            return;
        }

        // Step 3: if the stream is locked and has read requests, fulfill the first with chunk.
        var stream = Stream;
        if (stream.IsLocked && stream.NumReadRequests > 0)
        {
            stream.FulfillReadRequest(chunk, done: false);
        }
        else
        {
            // Step 4: otherwise size the chunk and queue it; an exception from either errors the controller and is
            // rethrown.
            try
            {
                var chunkSize = _strategySizeAlgorithm!(chunk);
                _queue.Enqueue(_engine, chunk, chunkSize);
            }
            catch (Exception e) when (ScriptErrors.ScriptErrorOf(_engine, e) is { } error)
            {
                Error(error);
                throw e as JavaScriptException ?? new JavaScriptException(error);
            }
        }

        // Step 5: perform ! ReadableStreamDefaultControllerCallPullIfNeeded(controller).
        CallPullIfNeeded();
    }

    /// <summary>ReadableStreamDefaultControllerError.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-stream-default-controller-error.</remarks>
    public void Error(JsValue e)
    {
        // Steps 1-2: if the stream is not readable, return.
        if (Stream.State != ReadableStreamState.Readable)
        {
            return;
        }

        // Steps 3-5: reset the queue, clear the algorithms, error the stream.
        _queue.Reset();
        ClearAlgorithms();
        Stream.Error(e);
    }

    /// <summary>ReadableStreamDefaultControllerGetDesiredSize; <see langword="null"/> when errored.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-stream-default-controller-get-desired-size.</remarks>
    public double? DesiredSize => Stream.State switch
    {
        ReadableStreamState.Errored => null,
        ReadableStreamState.Closed => 0,
        _ => _strategyHighWaterMark - _queue.TotalSize,
    };


    /// <summary>[[CancelSteps]](reason).</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#rs-default-controller-private-cancel.</remarks>
    public JsValue CancelSteps(JsValue reason)
    {
        // Steps 1-4: reset the queue; run the cancel algorithm; clear the algorithms; return its result.
        _queue.Reset();
        var result = _cancelAlgorithm!(reason);
        ClearAlgorithms();
        return result;
    }

    /// <summary>[[PullSteps]](readRequest).</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#rs-default-controller-private-pull.</remarks>
    public void PullSteps(IReadRequest readRequest)
    {
        // Step 2: if the queue is not empty, take its first chunk; close the stream if that emptied a closing
        // queue, otherwise pull if needed; then run the request's chunk steps.
        if (_queue.Count > 0)
        {
            var chunk = _queue.Dequeue();
            if (_closeRequested && _queue.Count == 0)
            {
                ClearAlgorithms();
                Stream.Close();
            }
            else
            {
                CallPullIfNeeded();
            }

            readRequest.ChunkSteps(chunk);
            return;
        }

        // Step 3: otherwise add the read request to the stream and pull if needed.
        Stream.AddReadRequest(readRequest);
        CallPullIfNeeded();
    }

    /// <summary>ReadableStreamDefaultControllerHasBackpressure: true when pulling is not wanted.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#rs-default-controller-has-backpressure.</remarks>
    public bool HasBackpressure => !ShouldCallPull();

    /// <summary>[[ReleaseSteps]](): nothing to do for a default controller.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#abstract-opdef-readablestreamdefaultcontroller-releasesteps.</remarks>
    public void ReleaseSteps()
    {
    }

    // ReadableStreamDefaultControllerShouldCallPull.
    // Spec: https://streams.spec.whatwg.org/#readable-stream-default-controller-should-call-pull.
    private bool ShouldCallPull()
    {
        // Steps 2-3: not when the controller cannot enqueue, nor before it has started.
        if (!CanCloseOrEnqueue || !_started)
        {
            return false;
        }

        // Step 4: when the stream is locked and a read request waits.
        if (Stream.IsLocked && Stream.NumReadRequests > 0)
        {
            return true;
        }

        // Steps 5-8: when the desired size is positive.
        return DesiredSize > 0;
    }

    // ReadableStreamDefaultControllerClearAlgorithms.
    // Spec: https://streams.spec.whatwg.org/#readable-stream-default-controller-clear-algorithms.
    private void ClearAlgorithms()
    {
        _pullAlgorithm = null;
        _cancelAlgorithm = null;
        _strategySizeAlgorithm = null;
    }
}
