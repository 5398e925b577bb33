using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>A <c>ReadableStream</c> platform object: its internal slots and the abstract operations on a stream.</summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#rs-class and https://streams.spec.whatwg.org/#rs-abstract-ops.</remarks>
internal sealed class JsReadableStream : ObjectInstance
{
    /// <summary>Makes a stream with the given prototype and performs InitializeReadableStream.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#initialize-readable-stream.</remarks>
    public JsReadableStream(Engine engine, ObjectInstance prototype)
        : base(engine)
    {
        Prototype = prototype;
    }

    /// <summary>[[controller]].</summary>
    public IReadableStreamController? Controller { get; set; }

    /// <summary>[[controller]] when it is a ReadableStreamDefaultController (every stream host code makes).</summary>
    public JsReadableStreamDefaultController? DefaultController => Controller as JsReadableStreamDefaultController;

    /// <summary>[[disturbed]].</summary>
    public bool Disturbed { get; set; }

    /// <summary>[[reader]].</summary>
    public JsReadableStreamGenericReader? Reader { get; set; }

    /// <summary>[[state]].</summary>
    public ReadableStreamState State { get; private set; }

    /// <summary>[[storedError]].</summary>
    public JsValue StoredError { get; private set; } = JsValue.Undefined;

    /// <summary>IsReadableStreamLocked.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#is-readable-stream-locked.</remarks>
    public bool IsLocked => Reader is not null;

    /// <summary>CreateReadableStream, with the default strategy unless one is given.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#create-readable-stream.</remarks>
    public static JsReadableStream Create(
        Engine engine, Func<JsValue> startAlgorithm, Func<JsValue> pullAlgorithm, Func<JsValue, JsValue> cancelAlgorithm,
        double highWaterMark = 1, Func<JsValue, double>? sizeAlgorithm = null)
    {
        // Steps 1-5: a new stream, initialized; a new controller set up with the algorithms.
        var intrinsics = HostIntrinsics.Of(engine);
        var stream = new JsReadableStream(engine, intrinsics.Prototypes[ReadableStreamConstructor.Interface]);
        var controller = new JsReadableStreamDefaultController(engine, intrinsics.Prototypes[ReadableStreamDefaultControllerInterface.Interface]);
        controller.SetUp(stream, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, sizeAlgorithm ?? (static _ => 1));

        // Step 6: return stream.
        return stream;
    }

    /// <summary>"Set up with byte reading support" for another specification (Blob.stream()): a readable byte stream
    /// whose pull and cancel are the given algorithms, with no autoAllocateChunkSize.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readablestream-set-up-with-byte-reading-support.</remarks>
    public static JsReadableStream CreateWithByteReadingSupport(
        Engine engine, Func<JsValue> pullAlgorithm, Func<JsValue, JsValue> cancelAlgorithm, double highWaterMark = 0)
    {
        // Steps 1-7: a new stream, and a byte stream controller set up with an empty start algorithm.
        var intrinsics = HostIntrinsics.Of(engine);
        var stream = new JsReadableStream(engine, intrinsics.Prototypes[ReadableStreamConstructor.Interface]);
        var controller = new JsReadableByteStreamController(engine, intrinsics.Prototypes[ReadableByteStreamControllerInterface.Interface]);
        controller.SetUp(stream, static () => JsValue.Undefined, pullAlgorithm, cancelAlgorithm, highWaterMark, autoAllocateChunkSize: null);
        return stream;
    }

    /// <summary>ReadableStreamAddReadRequest.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-stream-add-read-request.</remarks>
    public void AddReadRequest(IReadRequest readRequest)
    {
        // Steps 1-3: the reader is a default reader and the stream readable; append the request.
        ((JsReadableStreamDefaultReader)Reader!).ReadRequests.Enqueue(readRequest);
    }

    /// <summary>ReadableStreamCancel.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-stream-cancel.</remarks>
    public JsValue Cancel(JsValue reason)
    {
        // Step 1: set stream.[[disturbed]] to true.
        Disturbed = true;

        // Step 2: if stream.[[state]] is "closed", return a promise resolved with undefined.
        if (State == ReadableStreamState.Closed)
        {
            return StreamPromises.ResolvedWith(_engine, JsValue.Undefined);
        }

        // Step 3: if stream.[[state]] is "errored", return a promise rejected with stream.[[storedError]].
        if (State == ReadableStreamState.Errored)
        {
            return StreamPromises.RejectedWith(_engine, StoredError);
        }

        // Step 4: perform ! ReadableStreamClose(stream).
        Close();

        // Steps 5-6: a BYOB reader's read-into requests get their close steps with undefined.
        if (Reader is JsReadableStreamBYOBReader byobReader)
        {
            foreach (var readIntoRequest in byobReader.TakeReadIntoRequests())
            {
                readIntoRequest.CloseSteps(JsValue.Undefined);
            }
        }

        // Step 7: let sourceCancelPromise be ! stream.[[controller]].[[CancelSteps]](reason).
        var sourceCancelPromise = Controller!.CancelSteps(reason);

        // Step 8: return the result of reacting to sourceCancelPromise with a fulfillment step that returns undefined.
        return StreamPromises.Transform(_engine, sourceCancelPromise, static _ => JsValue.Undefined, null);
    }

    /// <summary>ReadableStreamClose.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-stream-close.</remarks>
    public void Close()
    {
        // Steps 1-2: assert the stream is readable; set [[state]] to "closed".
        State = ReadableStreamState.Closed;

        // Steps 3-4: let reader be stream.[[reader]]; if it is undefined, return.
        if (Reader is not { } reader)
        {
            return;
        }

        // Step 5: resolve reader.[[closedPromise]] with undefined.
        reader.ResolveClosed();

        // Step 6: for a default reader, run the close steps of every read request, after emptying the list.
        if (reader is JsReadableStreamDefaultReader defaultReader)
        {
            foreach (var readRequest in defaultReader.TakeReadRequests())
            {
                readRequest.CloseSteps();
            }
        }
    }

    /// <summary>ReadableStreamError.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-stream-error.</remarks>
    public void Error(JsValue e)
    {
        // Steps 1-3: assert the stream is readable; set [[state]] to "errored" and [[storedError]] to e.
        State = ReadableStreamState.Errored;
        StoredError = e;

        // Steps 4-5: let reader be stream.[[reader]]; if it is undefined, return.
        if (Reader is not { } reader)
        {
            return;
        }

        // Steps 6-7: reject reader.[[closedPromise]] with e and mark it as handled.
        reader.RejectClosed(e);

        // Steps 8-9: the reader's read requests (default) or read-into requests (BYOB) get the error.
        reader.ErrorPendingRequests(e);
    }

    /// <summary>ReadableStreamFulfillReadRequest.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-stream-fulfill-read-request.</remarks>
    public void FulfillReadRequest(JsValue chunk, bool done)
    {
        // Steps 1-5: take the first read request of the (default) reader.
        var readRequest = ((JsReadableStreamDefaultReader)Reader!).ReadRequests.Dequeue();

        // Steps 6-7: if done, run its close steps; otherwise its chunk steps with chunk.
        if (done)
        {
            readRequest.CloseSteps();
        }
        else
        {
            readRequest.ChunkSteps(chunk);
        }
    }

    /// <summary>ReadableStreamGetNumReadRequests.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-stream-get-num-read-requests.</remarks>
    public int NumReadRequests => ((JsReadableStreamDefaultReader)Reader!).ReadRequests.Count;

    /// <summary>ReadableStreamHasDefaultReader.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-stream-has-default-reader.</remarks>
    public bool HasDefaultReader => Reader is JsReadableStreamDefaultReader;

    /// <summary>ReadableStreamHasBYOBReader.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-stream-has-byob-reader.</remarks>
    public bool HasBYOBReader => Reader is JsReadableStreamBYOBReader;

    /// <summary>ReadableStreamGetNumReadIntoRequests.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-stream-get-num-read-into-requests.</remarks>
    public int NumReadIntoRequests => ((JsReadableStreamBYOBReader)Reader!).ReadIntoRequests.Count;

    /// <summary>ReadableStreamAddReadIntoRequest.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-stream-add-read-into-request.</remarks>
    public void AddReadIntoRequest(IReadIntoRequest readIntoRequest) =>
        ((JsReadableStreamBYOBReader)Reader!).ReadIntoRequests.Enqueue(readIntoRequest);

    /// <summary>ReadableStreamFulfillReadIntoRequest.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-stream-fulfill-read-into-request.</remarks>
    public void FulfillReadIntoRequest(JsValue chunk, bool done)
    {
        // Steps 1-5: take the first read-into request of the BYOB reader; steps 6-7: close or chunk steps.
        var readIntoRequest = ((JsReadableStreamBYOBReader)Reader!).ReadIntoRequests.Dequeue();
        if (done)
        {
            readIntoRequest.CloseSteps(chunk);
        }
        else
        {
            readIntoRequest.ChunkSteps(chunk);
        }
    }
}
