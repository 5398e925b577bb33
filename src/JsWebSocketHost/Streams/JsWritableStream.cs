using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>A <c>WritableStream</c> platform object: its internal slots and the abstract operations on a stream.</summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#ws-class and https://streams.spec.whatwg.org/#ws-abstract-ops.</remarks>
internal sealed class JsWritableStream : ObjectInstance
{
    private readonly Queue<StreamPromises.Deferred> _writeRequests = new();

    /// <summary>Makes a stream with the given prototype and performs InitializeWritableStream.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#initialize-writable-stream.</remarks>
    public JsWritableStream(Engine engine, ObjectInstance prototype)
        : base(engine)
    {
        Prototype = prototype;
    }

    /// <summary>[[backpressure]].</summary>
    public bool Backpressure { get; private set; }

    /// <summary>[[closeRequest]].</summary>
    public StreamPromises.Deferred? CloseRequest { get; private set; }

    /// <summary>[[controller]].</summary>
    public JsWritableStreamDefaultController? Controller { get; set; }

    /// <summary>[[inFlightWriteRequest]].</summary>
    public StreamPromises.Deferred? InFlightWriteRequest { get; private set; }

    /// <summary>[[inFlightCloseRequest]].</summary>
    public StreamPromises.Deferred? InFlightCloseRequest { get; private set; }

    /// <summary>[[state]].</summary>
    public WritableStreamState State { get; private set; }

    /// <summary>[[storedError]].</summary>
    public JsValue StoredError { get; private set; } = JsValue.Undefined;

    /// <summary>[[writer]].</summary>
    public JsWritableStreamDefaultWriter? Writer { get; set; }

    /// <summary>IsWritableStreamLocked.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#is-writable-stream-locked.</remarks>
    public bool IsLocked => Writer is not null;

    /// <summary>WritableStreamCloseQueuedOrInFlight.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-close-queued-or-in-flight.</remarks>
    public bool CloseQueuedOrInFlight => CloseRequest is not null || InFlightCloseRequest is not null;

    // [[pendingAbortRequest]]: its promise, reason and whether the stream was already erroring.
    private (StreamPromises.Deferred Promise, JsValue Reason, bool WasAlreadyErroring)? PendingAbortRequest { get; set; }

    /// <summary>CreateWritableStream.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#create-writable-stream.</remarks>
    public static JsWritableStream Create(
        Engine engine, Func<JsValue> startAlgorithm, Func<JsValue, JsValue> writeAlgorithm, Func<JsValue> closeAlgorithm,
        Func<JsValue, JsValue> abortAlgorithm, double highWaterMark = 1, Func<JsValue, double>? sizeAlgorithm = null)
    {
        // Steps 1-5: a new stream, initialized; a new controller set up with the algorithms.
        var intrinsics = HostIntrinsics.Of(engine);
        var stream = new JsWritableStream(engine, intrinsics.Prototypes[WritableStreamConstructor.Interface]);
        var controller = new JsWritableStreamDefaultController(engine, intrinsics.Prototypes[WritableStreamDefaultControllerInterface.Interface]);
        controller.SetUp(stream, startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm ?? (static _ => 1));

        // Step 6: return stream.
        return stream;
    }

    /// <summary>WritableStreamAbort.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-abort.</remarks>
    public JsValue Abort(JsValue reason)
    {
        // Step 1: if the state is "closed" or "errored", return a promise resolved with undefined.
        if (State is WritableStreamState.Closed or WritableStreamState.Errored)
        {
            return StreamPromises.ResolvedWith(_engine, JsValue.Undefined);
        }

        // Step 2: signal abort on stream.[[controller]].[[abortController]] with reason.
        Controller!.Signal.SignalAbort(reason);

        // Steps 3-4: the abort algorithms may have closed or errored the stream.
        if (State is WritableStreamState.Closed or WritableStreamState.Errored)
        {
            return StreamPromises.ResolvedWith(_engine, JsValue.Undefined);
        }

        // Step 5: if there is a pending abort request, return its promise.
        if (PendingAbortRequest is { } pending)
        {
            return pending.Promise.Promise;
        }

        // Steps 6-8: an erroring stream keeps its stored error: the request's reason is undefined.
        var wasAlreadyErroring = State == WritableStreamState.Erroring;
        if (wasAlreadyErroring)
        {
            reason = JsValue.Undefined;
        }

        // Steps 9-12: record the request and start erroring, unless already erroring; return its promise.
        var promise = StreamPromises.New(_engine);
        PendingAbortRequest = (promise, reason, wasAlreadyErroring);
        if (!wasAlreadyErroring)
        {
            StartErroring(reason);
        }

        return promise.Promise;
    }

    /// <summary>WritableStreamClose.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-close.</remarks>
    public JsValue Close()
    {
        // Step 2: if the state is "closed" or "errored", return a promise rejected with a TypeError.
        if (State is WritableStreamState.Closed or WritableStreamState.Errored)
        {
            return StreamPromises.RejectedWithTypeError(_engine, "The WritableStream is closed or errored: it cannot be closed.");
        }

        // Steps 5-6: a new promise is the close request.
        var promise = StreamPromises.New(_engine);
        CloseRequest = promise;

        // Step 8: a writer waiting out backpressure on a writable stream is ready now.
        if (Writer is { } writer && Backpressure && State == WritableStreamState.Writable)
        {
            writer.ResolveReady();
        }

        // Steps 9-10: perform ! WritableStreamDefaultControllerClose(stream.[[controller]]); return promise.
        Controller!.Close();
        return promise.Promise;
    }

    /// <summary>WritableStreamAddWriteRequest.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-add-write-request.</remarks>
    public JsValue AddWriteRequest()
    {
        var promise = StreamPromises.New(_engine);
        _writeRequests.Enqueue(promise);
        return promise.Promise;
    }

    /// <summary>WritableStreamDealWithRejection.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-deal-with-rejection.</remarks>
    public void DealWithRejection(JsValue error)
    {
        // Steps 1-2: a writable stream starts erroring; an erroring one finishes.
        if (State == WritableStreamState.Writable)
        {
            StartErroring(error);
            return;
        }

        FinishErroring();
    }

    /// <summary>WritableStreamFinishErroring.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-finish-erroring.</remarks>
    public void FinishErroring()
    {
        // Steps 3-4: the stream is errored; the controller's [[ErrorSteps]] reset its queue.
        State = WritableStreamState.Errored;
        Controller!.ErrorSteps();

        // Steps 5-7: reject every write request with the stored error and empty the list.
        while (_writeRequests.TryDequeue(out var writeRequest))
        {
            writeRequest.Reject(StoredError);
        }

        // Step 8: without a pending abort request, reject the close and closed promises and return.
        if (PendingAbortRequest is not { } abortRequest)
        {
            RejectCloseAndClosedPromiseIfNeeded();
            return;
        }

        // Steps 9-11: take the abort request; if the stream was already erroring, reject it with the stored error.
        PendingAbortRequest = null;
        if (abortRequest.WasAlreadyErroring)
        {
            abortRequest.Promise.Reject(StoredError);
            RejectCloseAndClosedPromiseIfNeeded();
            return;
        }

        // Steps 12-14: run the controller's [[AbortSteps]]; settle the abort request as its promise settles.
        var promise = Controller.AbortSteps(abortRequest.Reason);
        StreamPromises.React(_engine, promise, _ =>
        {
            abortRequest.Promise.Resolve(JsValue.Undefined);
            RejectCloseAndClosedPromiseIfNeeded();
        }, reason =>
        {
            abortRequest.Promise.Reject(reason);
            RejectCloseAndClosedPromiseIfNeeded();
        });
    }

    /// <summary>WritableStreamFinishInFlightClose.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-finish-in-flight-close.</remarks>
    public void FinishInFlightClose()
    {
        // Steps 1-3: resolve the in-flight close request.
        InFlightCloseRequest!.Resolve(JsValue.Undefined);
        InFlightCloseRequest = null;

        // Step 6: an erroring stream drops its stored error, and a pending abort request is resolved.
        if (State == WritableStreamState.Erroring)
        {
            StoredError = JsValue.Undefined;
            if (PendingAbortRequest is { } abortRequest)
            {
                abortRequest.Promise.Resolve(JsValue.Undefined);
                PendingAbortRequest = null;
            }
        }

        // Steps 7-8: the stream is closed; resolve the writer's closed promise.
        State = WritableStreamState.Closed;
        Writer?.ResolveClosed();
    }

    /// <summary>WritableStreamFinishInFlightCloseWithError.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-finish-in-flight-close-with-error.</remarks>
    public void FinishInFlightCloseWithError(JsValue error)
    {
        // Steps 1-3: reject the in-flight close request.
        InFlightCloseRequest!.Reject(error);
        InFlightCloseRequest = null;

        // Step 5: reject a pending abort request with error.
        if (PendingAbortRequest is { } abortRequest)
        {
            abortRequest.Promise.Reject(error);
            PendingAbortRequest = null;
        }

        // Step 6: perform ! WritableStreamDealWithRejection(stream, error).
        DealWithRejection(error);
    }

    /// <summary>WritableStreamFinishInFlightWrite.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-finish-in-flight-write.</remarks>
    public void FinishInFlightWrite()
    {
        InFlightWriteRequest!.Resolve(JsValue.Undefined);
        InFlightWriteRequest = null;
    }

    /// <summary>WritableStreamFinishInFlightWriteWithError.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-finish-in-flight-write-with-error.</remarks>
    public void FinishInFlightWriteWithError(JsValue error)
    {
        InFlightWriteRequest!.Reject(error);
        InFlightWriteRequest = null;
        DealWithRejection(error);
    }

    /// <summary>WritableStreamHasOperationMarkedInFlight.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-has-operation-marked-in-flight.</remarks>
    public bool HasOperationMarkedInFlight => InFlightWriteRequest is not null || InFlightCloseRequest is not null;

    /// <summary>WritableStreamMarkCloseRequestInFlight.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-mark-close-request-in-flight.</remarks>
    public void MarkCloseRequestInFlight()
    {
        InFlightCloseRequest = CloseRequest;
        CloseRequest = null;
    }

    /// <summary>WritableStreamMarkFirstWriteRequestInFlight.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-mark-first-write-request-in-flight.</remarks>
    public void MarkFirstWriteRequestInFlight() => InFlightWriteRequest = _writeRequests.Dequeue();

    /// <summary>WritableStreamStartErroring.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-start-erroring.</remarks>
    public void StartErroring(JsValue reason)
    {
        // Steps 1-6: the stream is erroring, with reason as its stored error.
        var controller = Controller!;
        State = WritableStreamState.Erroring;
        StoredError = reason;

        // Step 7: a writer's ready promise is rejected with reason.
        Writer?.EnsureReadyPromiseRejected(reason);

        // Step 8: with nothing in flight and the controller started, finish erroring now.
        if (!HasOperationMarkedInFlight && controller.Started)
        {
            FinishErroring();
        }
    }

    /// <summary>WritableStreamUpdateBackpressure.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-update-backpressure.</remarks>
    public void UpdateBackpressure(bool backpressure)
    {
        // Step 3: a writer's ready promise is replaced by a pending one when backpressure starts, and resolved
        // when it ends.
        if (Writer is { } writer && backpressure != Backpressure)
        {
            if (backpressure)
            {
                writer.ResetReady();
            }
            else
            {
                writer.ResolveReady();
            }
        }

        // Step 4: set stream.[[backpressure]] to backpressure.
        Backpressure = backpressure;
    }

    // WritableStreamRejectCloseAndClosedPromiseIfNeeded.
    // Spec: https://streams.spec.whatwg.org/#writable-stream-reject-close-and-closed-promise-if-needed.
    private void RejectCloseAndClosedPromiseIfNeeded()
    {
        // Step 2: reject a close request with the stored error.
        if (CloseRequest is { } closeRequest)
        {
            closeRequest.Reject(StoredError);
            CloseRequest = null;
        }

        // Step 3: reject the writer's closed promise with the stored error, marked as handled.
        Writer?.RejectClosed(StoredError);
    }
}
