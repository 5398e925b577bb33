using Jint;
using Jint.Native;

namespace JsWebSocketHost.Streams;

/// <summary>ReadableStreamDefaultTee: two branches that each see every chunk of one stream.</summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#abstract-opdef-readablestreamdefaulttee.</remarks>
internal static class ReadableStreamTee
{
    /// <summary>Tees <paramref name="stream"/> (cloneForBranch2 false).</summary>
    public static (JsReadableStream Branch1, JsReadableStream Branch2) DefaultTee(JsReadableStream stream)
    {
        var engine = stream.Engine;

        // Steps 3-10: a reader on the stream, the flags, the reasons and the cancel promise.
        var reader = JsReadableStreamDefaultReader.Acquire(stream);
        var reading = false;
        var readAgain = false;
        var canceled1 = false;
        var canceled2 = false;
        var reason1 = JsValue.Undefined;
        var reason2 = JsValue.Undefined;
        JsReadableStream branch1 = null!;
        JsReadableStream branch2 = null!;
        var cancelPromise = StreamPromises.New(engine);

        // Step 11: the pull algorithm, shared by both branches.
        JsValue PullAlgorithm()
        {
            // Step 11.1: if reading is true, set readAgain to true and return a promise resolved with undefined.
            if (reading)
            {
                readAgain = true;
                return StreamPromises.ResolvedWith(engine, JsValue.Undefined);
            }

            // Steps 11.2-11.3: set reading to true; a read request whose chunk steps run in a microtask, so that
            // a read the chunk settles sees the branches' state after the enqueue.
            reading = true;
            var readRequest = new ReadRequest(
                chunk => StreamPromises.QueueMicrotask(engine, () =>
                {
                    readAgain = false;
                    if (!canceled1)
                    {
                        branch1.DefaultController!.Enqueue(chunk);
                    }

                    if (!canceled2)
                    {
                        branch2.DefaultController!.Enqueue(chunk);
                    }

                    reading = false;
                    if (readAgain)
                    {
                        PullAlgorithm();
                    }
                }),
                () =>
                {
                    reading = false;
                    if (!canceled1)
                    {
                        branch1.DefaultController!.Close();
                    }

                    if (!canceled2)
                    {
                        branch2.DefaultController!.Close();
                    }

                    if (!canceled1 || !canceled2)
                    {
                        cancelPromise.Resolve(JsValue.Undefined);
                    }
                },
                _ => reading = false);

            // Steps 11.4-11.5: perform ! ReadableStreamDefaultReaderRead(reader, readRequest); resolved undefined.
            reader.Read(readRequest);
            return StreamPromises.ResolvedWith(engine, JsValue.Undefined);
        }

        // Steps 12-13: each branch's cancel algorithm records its reason; the second one to cancel cancels the
        // stream with both reasons.
        JsValue CancelAlgorithm(bool first, JsValue reason)
        {
            if (first)
            {
                canceled1 = true;
                reason1 = reason;
            }
            else
            {
                canceled2 = true;
                reason2 = reason;
            }

            if (canceled1 && canceled2)
            {
                var compositeReason = new JsArray(engine, [reason1, reason2]);
                cancelPromise.Resolve(stream.Cancel(compositeReason));
            }

            return cancelPromise.Promise;
        }

        // Steps 14-16: both branches, with a start algorithm that does nothing.
        branch1 = JsReadableStream.Create(engine, static () => JsValue.Undefined, PullAlgorithm, reason => CancelAlgorithm(true, reason));
        branch2 = JsReadableStream.Create(engine, static () => JsValue.Undefined, PullAlgorithm, reason => CancelAlgorithm(false, reason));

        // Step 17: upon rejection of reader.[[closedPromise]] with r, error both branches and resolve cancelPromise
        // unless both were canceled.
        StreamPromises.React(engine, reader.ClosedPromise, null, r =>
        {
            branch1.DefaultController!.Error(r);
            branch2.DefaultController!.Error(r);
            if (!canceled1 || !canceled2)
            {
                cancelPromise.Resolve(JsValue.Undefined);
            }
        });

        // Step 18: return « branch1, branch2 ».
        return (branch1, branch2);
    }
}
