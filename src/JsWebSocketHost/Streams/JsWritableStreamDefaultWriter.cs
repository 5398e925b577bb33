using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>A <c>WritableStreamDefaultWriter</c> platform object: its internal slots and the writer operations.</summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#default-writer-class and
/// https://streams.spec.whatwg.org/#ws-default-writer-abstract-ops.</remarks>
internal sealed class JsWritableStreamDefaultWriter : ObjectInstance
{
    private StreamPromises.Deferred _closedPromise = null!;
    private StreamPromises.Deferred _readyPromise = null!;

    public JsWritableStreamDefaultWriter(Engine engine, ObjectInstance prototype)
        : base(engine)
    {
        Prototype = prototype;
    }

    /// <summary>[[closedPromise]].</summary>
    public JsValue ClosedPromise => _closedPromise.Promise;

    /// <summary>[[readyPromise]].</summary>
    public JsValue ReadyPromise => _readyPromise.Promise;

    /// <summary>[[stream]].</summary>
    public JsWritableStream? Stream { get; private set; }

    /// <summary>AcquireWritableStreamDefaultWriter.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#acquire-writable-stream-default-writer.</remarks>
    public static JsWritableStreamDefaultWriter Acquire(JsWritableStream stream)
    {
        var engine = stream.Engine;
        var writer = new JsWritableStreamDefaultWriter(engine, HostIntrinsics.Of(engine).Prototypes[WritableStreamDefaultWriterConstructor.Interface]);
        writer.SetUp(stream);
        return writer;
    }

    /// <summary>SetUpWritableStreamDefaultWriter.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#set-up-writable-stream-default-writer.</remarks>
    public void SetUp(JsWritableStream stream)
    {
        // Step 1: if ! IsWritableStreamLocked(stream) is true, throw a TypeError exception.
        if (stream.IsLocked)
        {
            throw ScriptErrors.TypeError(_engine, "This WritableStream is locked to a writer: release its lock first.");
        }

        // Steps 2-4: link the writer and the stream.
        Stream = stream;
        stream.Writer = this;

        switch (stream.State)
        {
            case WritableStreamState.Writable:
                // Step 5: ready is pending while there is backpressure and no close; closed is pending.
                _readyPromise = !stream.CloseQueuedOrInFlight && stream.Backpressure
                    ? StreamPromises.New(_engine)
                    : Settled(resolve: true, JsValue.Undefined);
                _closedPromise = StreamPromises.New(_engine);
                break;
            case WritableStreamState.Erroring:
                // Step 6: ready is rejected with the stored error (handled); closed is pending.
                _readyPromise = Settled(resolve: false, stream.StoredError);
                _closedPromise = StreamPromises.New(_engine);
                break;
            case WritableStreamState.Closed:
                // Step 7: both are resolved with undefined.
                _readyPromise = Settled(resolve: true, JsValue.Undefined);
                _closedPromise = Settled(resolve: true, JsValue.Undefined);
                break;
            default:
                // Step 8: both are rejected with the stored error, and handled.
                _readyPromise = Settled(resolve: false, stream.StoredError);
                _closedPromise = Settled(resolve: false, stream.StoredError);
                break;
        }
    }

    /// <summary>WritableStreamDefaultWriterGetDesiredSize; <see langword="null"/> when errored or erroring.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-default-writer-get-desired-size.</remarks>
    public double? DesiredSize => Stream!.State switch
    {
        WritableStreamState.Errored or WritableStreamState.Erroring => null,
        WritableStreamState.Closed => 0,
        _ => Stream.Controller!.DesiredSize,
    };

    /// <summary>WritableStreamDefaultWriterRelease.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-default-writer-release.</remarks>
    public void Release()
    {
        // Steps 1-6: a new TypeError rejects (or replaces) both promises.
        var stream = Stream!;
        var releasedError = ScriptErrors.TypeError(_engine, "The writer's lock on the stream was released.").Error;
        EnsureReadyPromiseRejected(releasedError);
        EnsureClosedPromiseRejected(releasedError);

        // Steps 7-8: unlink.
        stream.Writer = null;
        Stream = null;
    }

    /// <summary>WritableStreamDefaultWriterWrite.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-default-writer-write.</remarks>
    public JsValue Write(JsValue chunk)
    {
        // Steps 1-4: the chunk's size (the size algorithm may run script, even release this writer).
        var stream = Stream!;
        var controller = stream.Controller!;
        var chunkSize = controller.GetChunkSize(chunk);

        // Step 5: if stream is not equal to writer.[[stream]], return a promise rejected with a TypeError.
        if (!ReferenceEquals(stream, Stream))
        {
            return Rejected(ScriptErrors.TypeError(_engine, "The writer's lock was released while the chunk was measured.").Error);
        }

        // Steps 6-9: an errored stream rejects with its error; a closing or closed one with a TypeError; an erroring
        // one with its stored error.
        if (stream.State == WritableStreamState.Errored)
        {
            return Rejected(stream.StoredError);
        }

        if (stream.CloseQueuedOrInFlight || stream.State == WritableStreamState.Closed)
        {
            return Rejected(ScriptErrors.TypeError(_engine, "The WritableStream is closing or closed: nothing more can be written.").Error);
        }

        if (stream.State == WritableStreamState.Erroring)
        {
            return Rejected(stream.StoredError);
        }

        // Steps 11-13: a write request, and the chunk queued with the controller.
        var promise = stream.AddWriteRequest();
        controller.Write(chunk, chunkSize);
        return promise;
    }

    /// <summary>WritableStreamDefaultWriterCloseWithErrorPropagation.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-default-writer-close-with-error-propagation.</remarks>
    public JsValue CloseWithErrorPropagation()
    {
        // Steps 1-4: a stream closing or closed already gives a promise resolved with undefined.
        var stream = Stream!;
        if (stream.CloseQueuedOrInFlight || stream.State == WritableStreamState.Closed)
        {
            return StreamPromises.ResolvedWith(_engine, JsValue.Undefined);
        }

        // Step 5: an errored stream gives a promise rejected with its stored error.
        if (stream.State == WritableStreamState.Errored)
        {
            return Rejected(stream.StoredError);
        }

        // Step 7: return ! WritableStreamDefaultWriterClose(writer).
        return stream.Close();
    }

    /// <summary>Resolves [[readyPromise]] with undefined.</summary>
    public void ResolveReady() => _readyPromise.Resolve(JsValue.Undefined);

    /// <summary>Sets [[readyPromise]] to a new pending promise.</summary>
    public void ResetReady() => _readyPromise = StreamPromises.New(_engine);

    /// <summary>Resolves [[closedPromise]] with undefined.</summary>
    public void ResolveClosed() => _closedPromise.Resolve(JsValue.Undefined);

    /// <summary>Rejects [[closedPromise]] with <paramref name="error"/> and marks it as handled.</summary>
    public void RejectClosed(JsValue error)
    {
        _closedPromise.Reject(error);
        StreamPromises.MarkAsHandled(_engine, _closedPromise.Promise);
    }

    /// <summary>WritableStreamDefaultWriterEnsureReadyPromiseRejected.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-default-writer-ensure-ready-promise-rejected.</remarks>
    public void EnsureReadyPromiseRejected(JsValue error) => _readyPromise = EnsureRejected(_readyPromise, error);

    /// <summary>WritableStreamDefaultWriterEnsureClosedPromiseRejected.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#writable-stream-default-writer-ensure-closed-promise-rejected.</remarks>
    public void EnsureClosedPromiseRejected(JsValue error) => _closedPromise = EnsureRejected(_closedPromise, error);

    // A pending promise is rejected; a settled one is replaced by a rejected one. Either way it is marked handled.
    private StreamPromises.Deferred EnsureRejected(StreamPromises.Deferred promise, JsValue error)
    {
        var result = promise.IsSettled ? StreamPromises.New(_engine) : promise;
        result.Reject(error);
        StreamPromises.MarkAsHandled(_engine, result.Promise);
        return result;
    }

    private StreamPromises.Deferred Settled(bool resolve, JsValue value)
    {
        var promise = StreamPromises.New(_engine);
        if (resolve)
        {
            promise.Resolve(value);
        }
        else
        {
            promise.Reject(value);
            StreamPromises.MarkAsHandled(_engine, promise.Promise);
        }

        return promise;
    }

    private JsValue Rejected(JsValue reason) => StreamPromises.RejectedWith(_engine, reason);
}
