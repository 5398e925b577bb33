using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>
/// A <c>ReadableStreamDefaultReader</c> platform object: its internal slots and the abstract operations of readers.
/// </summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#default-reader-class and
/// https://streams.spec.whatwg.org/#abstract-ops (readers).</remarks>
internal sealed class JsReadableStreamDefaultReader : ObjectInstance
{
    private StreamPromises.Deferred? _pendingClosed;

    public JsReadableStreamDefaultReader(Engine engine, ObjectInstance prototype)
        : base(engine)
    {
        Prototype = prototype;
    }

    /// <summary>[[closedPromise]].</summary>
    public JsValue ClosedPromise { get; private set; } = JsValue.Undefined;

    /// <summary>[[stream]].</summary>
    public JsReadableStream? Stream { get; private set; }

    /// <summary>[[readRequests]].</summary>
    public Queue<IReadRequest> ReadRequests { get; private set; } = new();

    /// <summary>AcquireReadableStreamDefaultReader.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#acquire-readable-stream-reader.</remarks>
    public static JsReadableStreamDefaultReader Acquire(JsReadableStream stream)
    {
        var engine = stream.Engine;
        var reader = new JsReadableStreamDefaultReader(engine, HostIntrinsics.Of(engine).Prototypes[ReadableStreamDefaultReaderConstructor.Interface]);
        reader.SetUp(stream);
        return reader;
    }

    /// <summary>SetUpReadableStreamDefaultReader.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#set-up-readable-stream-default-reader.</remarks>
    public void SetUp(JsReadableStream stream)
    {
        // Step 1: if ! IsReadableStreamLocked(stream) is true, throw a TypeError exception.
        if (stream.IsLocked)
        {
            throw ScriptErrors.TypeError(_engine, "This ReadableStream is locked to a reader: release its lock first.");
        }

        // Steps 2-3: ReadableStreamReaderGenericInitialize(reader, stream); an empty [[readRequests]].
        GenericInitialize(stream);
        ReadRequests = new Queue<IReadRequest>();
    }

    /// <summary>ReadableStreamDefaultReaderRead.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-stream-default-reader-read.</remarks>
    public void Read(IReadRequest readRequest)
    {
        // Steps 1-3: the reader has a stream, which is now disturbed.
        var stream = Stream!;
        stream.Disturbed = true;

        // Steps 4-6: closed runs the close steps; errored the error steps; readable asks the controller.
        switch (stream.State)
        {
            case ReadableStreamState.Closed:
                readRequest.CloseSteps();
                break;
            case ReadableStreamState.Errored:
                readRequest.ErrorSteps(stream.StoredError);
                break;
            default:
                stream.Controller!.PullSteps(readRequest);
                break;
        }
    }

    /// <summary>ReadableStreamReaderGenericCancel.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-stream-reader-generic-cancel.</remarks>
    public JsValue GenericCancel(JsValue reason) => Stream!.Cancel(reason);

    /// <summary>ReadableStreamDefaultReaderRelease.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#abstract-opdef-readablestreamdefaultreaderrelease.</remarks>
    public void Release()
    {
        // Step 1: perform ! ReadableStreamReaderGenericRelease(reader).
        GenericRelease();

        // Steps 2-3: let e be a new TypeError; perform ! ReadableStreamDefaultReaderErrorReadRequests(reader, e).
        ErrorReadRequests(ScriptErrors.TypeError(_engine, "The reader's lock on the stream was released.").Error);
    }

    /// <summary>ReadableStreamDefaultReaderErrorReadRequests.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#abstract-opdef-readablestreamdefaultreadererrorreadrequests.</remarks>
    public void ErrorReadRequests(JsValue e)
    {
        // Steps 1-3: take the read requests, leaving an empty list, and run each one's error steps with e.
        foreach (var readRequest in TakeReadRequests())
        {
            readRequest.ErrorSteps(e);
        }
    }

    /// <summary>Empties [[readRequests]], returning what it held.</summary>
    public Queue<IReadRequest> TakeReadRequests()
    {
        var readRequests = ReadRequests;
        ReadRequests = new Queue<IReadRequest>();
        return readRequests;
    }

    /// <summary>Resolves [[closedPromise]] with undefined.</summary>
    public void ResolveClosed()
    {
        _pendingClosed?.Resolve(JsValue.Undefined);
        _pendingClosed = null;
    }

    /// <summary>Rejects [[closedPromise]] with <paramref name="e"/> and marks it as handled.</summary>
    public void RejectClosed(JsValue e)
    {
        _pendingClosed?.Reject(e);
        _pendingClosed = null;
        StreamPromises.MarkAsHandled(_engine, ClosedPromise);
    }

    // ReadableStreamReaderGenericInitialize.
    // Spec: https://streams.spec.whatwg.org/#readable-stream-reader-generic-initialize.
    private void GenericInitialize(JsReadableStream stream)
    {
        // Steps 1-2: link the reader and the stream.
        Stream = stream;
        stream.Reader = this;

        // Steps 3-5: the closed promise is pending, resolved or rejected (and handled) as the stream's state says.
        switch (stream.State)
        {
            case ReadableStreamState.Readable:
                _pendingClosed = StreamPromises.New(_engine);
                ClosedPromise = _pendingClosed.Promise;
                break;
            case ReadableStreamState.Closed:
                ClosedPromise = StreamPromises.ResolvedWith(_engine, JsValue.Undefined);
                break;
            default:
                ClosedPromise = StreamPromises.RejectedWith(_engine, stream.StoredError);
                StreamPromises.MarkAsHandled(_engine, ClosedPromise);
                break;
        }
    }

    // ReadableStreamReaderGenericRelease.
    // Spec: https://streams.spec.whatwg.org/#readable-stream-reader-generic-release.
    private void GenericRelease()
    {
        var stream = Stream!;
        var releasedError = ScriptErrors.TypeError(_engine, "The reader's lock on the stream was released.").Error;

        // Step 4: if the stream is readable, reject reader.[[closedPromise]] with a TypeError.
        if (stream.State == ReadableStreamState.Readable && _pendingClosed is { } pending)
        {
            pending.Reject(releasedError);
            _pendingClosed = null;
        }
        else
        {
            // Step 5: otherwise set reader.[[closedPromise]] to a promise rejected with a TypeError.
            ClosedPromise = StreamPromises.RejectedWith(_engine, releasedError);
        }

        // Step 6: set reader.[[closedPromise]].[[PromiseIsHandled]] to true.
        StreamPromises.MarkAsHandled(_engine, ClosedPromise);

        // Steps 7-9: the controller's [[ReleaseSteps]] do nothing for a default controller; unlink.
        stream.Reader = null;
        Stream = null;
    }
}
