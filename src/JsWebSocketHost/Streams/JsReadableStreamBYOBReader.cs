using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>A <c>ReadableStreamBYOBReader</c> platform object: its read-into requests and the BYOB reader's
/// operations.</summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#byob-reader-class.</remarks>
internal sealed class JsReadableStreamBYOBReader : JsReadableStreamGenericReader
{
    public JsReadableStreamBYOBReader(Engine engine, ObjectInstance prototype)
        : base(engine, prototype)
    {
    }

    /// <summary>[[readIntoRequests]].</summary>
    public Queue<IReadIntoRequest> ReadIntoRequests { get; private set; } = new();

    /// <summary>AcquireReadableStreamBYOBReader.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#acquire-readable-stream-byob-reader.</remarks>
    public static JsReadableStreamBYOBReader Acquire(JsReadableStream stream)
    {
        var engine = stream.Engine;
        var reader = new JsReadableStreamBYOBReader(engine, HostIntrinsics.Of(engine).Prototypes[ReadableStreamBYOBReaderConstructor.Interface]);
        reader.SetUp(stream);
        return reader;
    }

    /// <summary>SetUpReadableStreamBYOBReader.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#set-up-readable-stream-byob-reader.</remarks>
    public void SetUp(JsReadableStream stream)
    {
        // Step 1: a locked stream is a TypeError.
        if (stream.IsLocked)
        {
            throw ScriptErrors.TypeError(_engine, "This ReadableStream is locked to a reader: release its lock first.");
        }

        // Step 2: so is a stream that is not a readable byte stream.
        if (stream.Controller is not JsReadableByteStreamController)
        {
            throw ScriptErrors.TypeError(_engine, "A BYOB reader needs a readable byte stream (type: \"bytes\").");
        }

        // Steps 3-4: ReadableStreamReaderGenericInitialize(reader, stream); an empty [[readIntoRequests]].
        GenericInitialize(stream);
        ReadIntoRequests = new Queue<IReadIntoRequest>();
    }

    /// <summary>ReadableStreamBYOBReaderRead.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-stream-byob-reader-read.</remarks>
    public void Read(JsValue view, int min, IReadIntoRequest readIntoRequest)
    {
        // Steps 1-5: the stream is disturbed; an errored one runs the error steps; otherwise the controller pulls
        // into the view.
        var stream = Stream!;
        stream.Disturbed = true;
        if (stream.State == ReadableStreamState.Errored)
        {
            readIntoRequest.ErrorSteps(stream.StoredError);
        }
        else
        {
            ((JsReadableByteStreamController)stream.Controller!).PullInto(view, min, readIntoRequest);
        }
    }

    /// <summary>ReadableStreamBYOBReaderRelease.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#abstract-opdef-readablestreambyobreaderrelease.</remarks>
    public override void Release()
    {
        // Steps 1-3: generic release; the pending read-into requests fail with a TypeError.
        GenericRelease();
        ErrorPendingRequests(ScriptErrors.TypeError(_engine, "The reader's lock on the stream was released.").Error);
    }

    /// <summary>ReadableStreamBYOBReaderErrorReadIntoRequests.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#abstract-opdef-readablestreambyobreadererrorreadintorequests.</remarks>
    public override void ErrorPendingRequests(JsValue e)
    {
        foreach (var readIntoRequest in TakeReadIntoRequests())
        {
            readIntoRequest.ErrorSteps(e);
        }
    }

    /// <summary>Empties [[readIntoRequests]], returning what it held.</summary>
    public Queue<IReadIntoRequest> TakeReadIntoRequests()
    {
        var requests = ReadIntoRequests;
        ReadIntoRequests = new Queue<IReadIntoRequest>();
        return requests;
    }
}
