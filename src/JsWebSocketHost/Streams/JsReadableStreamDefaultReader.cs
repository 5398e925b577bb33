using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>
/// A <c>ReadableStreamDefaultReader</c> platform object: its read requests and the default reader's operations.
/// </summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#default-reader-class and
/// https://streams.spec.whatwg.org/#abstract-ops (readers).</remarks>
internal sealed class JsReadableStreamDefaultReader : JsReadableStreamGenericReader
{
    public JsReadableStreamDefaultReader(Engine engine, ObjectInstance prototype)
        : base(engine, prototype)
    {
    }

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

    /// <summary>ReadableStreamDefaultReaderRelease.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#abstract-opdef-readablestreamdefaultreaderrelease.</remarks>
    public override void Release()
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

    /// <inheritdoc />
    public override void ErrorPendingRequests(JsValue e) => ErrorReadRequests(e);
}
