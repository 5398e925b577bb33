using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>
/// The <c>ReadableStreamGenericReader</c> mixin's slots and operations, shared by the default and the BYOB reader:
/// [[closedPromise]] and [[stream]], generic initialize, release and cancel.
/// </summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#readablestreamgenericreader and
/// https://streams.spec.whatwg.org/#rs-reader-abstract-ops.</remarks>
internal abstract class JsReadableStreamGenericReader : ObjectInstance
{
    private StreamPromises.Deferred? _pendingClosed;

    protected JsReadableStreamGenericReader(Engine engine, ObjectInstance prototype)
        : base(engine)
    {
        Prototype = prototype;
    }

    /// <summary>[[closedPromise]].</summary>
    public JsValue ClosedPromise { get; private set; } = JsValue.Undefined;

    /// <summary>[[stream]].</summary>
    public JsReadableStream? Stream { get; private set; }

    /// <summary>ReadableStreamReaderGenericCancel.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-stream-reader-generic-cancel.</remarks>
    public JsValue GenericCancel(JsValue reason) => Stream!.Cancel(reason);

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

    /// <summary>The reader's release: generic release, then its pending requests fail with a TypeError.</summary>
    public abstract void Release();

    /// <summary>Runs the error steps of every pending read (or read-into) request with <paramref name="e"/>.</summary>
    public abstract void ErrorPendingRequests(JsValue e);

    /// <summary>ReadableStreamReaderGenericInitialize.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-stream-reader-generic-initialize.</remarks>
    protected void GenericInitialize(JsReadableStream stream)
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

    /// <summary>ReadableStreamReaderGenericRelease.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-stream-reader-generic-release.</remarks>
    protected void GenericRelease()
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

        // Steps 7-9: perform ! stream.[[controller]].[[ReleaseSteps]](); unlink.
        stream.Controller!.ReleaseSteps();
        stream.Reader = null;
        Stream = null;
    }
}
