using Jint;
using Jint.Native;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>ReadableByteStreamTee: two readable byte streams that each get every byte of one, the second a copy; a
/// branch read with a BYOB reader reads straight into its view.</summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#abstract-opdef-readablebytestreamtee.</remarks>
internal static class ReadableByteStreamTee
{
    /// <summary>Tees the byte stream <paramref name="stream"/>.</summary>
    public static (JsReadableStream Branch1, JsReadableStream Branch2) Tee(JsReadableStream stream)
    {
        var engine = stream.Engine;

        // Steps 2-12: a default reader, the flags, the reasons and the cancel promise.
        JsReadableStreamGenericReader reader = JsReadableStreamDefaultReader.Acquire(stream);
        var reading = false;
        var readAgainForBranch1 = false;
        var readAgainForBranch2 = false;
        var canceled1 = false;
        var canceled2 = false;
        var reason1 = JsValue.Undefined;
        var reason2 = JsValue.Undefined;
        JsReadableStream branch1 = null!;
        JsReadableStream branch2 = null!;
        var cancelPromise = StreamPromises.New(engine);
        JsReadableByteStreamController Controller1() => (JsReadableByteStreamController)branch1.Controller!;
        JsReadableByteStreamController Controller2() => (JsReadableByteStreamController)branch2.Controller!;

        // A branch's close (marked ! in the spec): a partial element errors the branch instead of throwing here.
        static void CloseBranch(JsReadableByteStreamController controller)
        {
            try
            {
                controller.Close();
            }
            catch (Jint.Runtime.JavaScriptException)
            {
                // The branch is errored with it already.
            }
        }

        // Step 13: forwardReaderError: the current reader's error errors both branches.
        void ForwardReaderError(JsReadableStreamGenericReader thisReader) =>
            StreamPromises.React(engine, thisReader.ClosedPromise, null, r =>
            {
                if (!ReferenceEquals(thisReader, reader))
                {
                    return;
                }

                Controller1().Error(r);
                Controller2().Error(r);
                if (!canceled1 || !canceled2)
                {
                    cancelPromise.Resolve(JsValue.Undefined);
                }
            });

        // A chunk that cannot be cloned errors both branches and cancels the stream.
        bool TryClone(JsValue chunk, out JsValue clone)
        {
            try
            {
                var (buffer, byteOffset, byteLength) = ArrayBuffers.ViewBytes(engine, chunk);
                clone = ArrayBuffers.NewUint8Array(engine, ArrayBuffers.Clone(engine, buffer, byteOffset, byteLength), 0, byteLength);
                return true;
            }
            catch (Exception e) when (ScriptErrors.ScriptErrorOf(engine, e) is { } error)
            {
                Controller1().Error(error);
                Controller2().Error(error);
                cancelPromise.Resolve(stream.Cancel(error));
                clone = JsValue.Undefined;
                return false;
            }
        }

        void ReadAgainIfAsked()
        {
            if (readAgainForBranch1)
            {
                Pull1Algorithm();
            }
            else if (readAgainForBranch2)
            {
                Pull2Algorithm();
            }
        }

        // Step 14: pullWithDefaultReader.
        void PullWithDefaultReader()
        {
            // Step 14.1: a BYOB reader in the way is swapped for a default one.
            if (reader is JsReadableStreamBYOBReader byobReader)
            {
                byobReader.Release();
                reader = JsReadableStreamDefaultReader.Acquire(stream);
                ForwardReaderError(reader);
            }

            // Step 14.2: the chunk goes to both branches (the second a copy), in a microtask.
            var readRequest = new ReadRequest(
                chunk => StreamPromises.QueueMicrotask(engine, () =>
                {
                    readAgainForBranch1 = readAgainForBranch2 = false;
                    var chunk1 = chunk;
                    var chunk2 = chunk;
                    if (!canceled1 && !canceled2)
                    {
                        if (!TryClone(chunk, out chunk2))
                        {
                            return;
                        }
                    }

                    if (!canceled1)
                    {
                        Controller1().Enqueue(chunk1);
                    }

                    if (!canceled2)
                    {
                        Controller2().Enqueue(chunk2);
                    }

                    reading = false;
                    ReadAgainIfAsked();
                }),
                () =>
                {
                    reading = false;
                    if (!canceled1)
                    {
                        CloseBranch(Controller1());
                    }

                    if (!canceled2)
                    {
                        CloseBranch(Controller2());
                    }

                    if (Controller1().HasPendingPullIntos)
                    {
                        Controller1().Respond(0);
                    }

                    if (Controller2().HasPendingPullIntos)
                    {
                        Controller2().Respond(0);
                    }

                    if (!canceled1 || !canceled2)
                    {
                        cancelPromise.Resolve(JsValue.Undefined);
                    }
                },
                _ => reading = false);

            // Step 14.3: perform ! ReadableStreamDefaultReaderRead(reader, readRequest).
            ((JsReadableStreamDefaultReader)reader).Read(readRequest);
        }

        // Step 15: pullWithBYOBReader.
        void PullWithBYOBReader(JsValue view, bool forBranch2)
        {
            // Step 15.1: a default reader in the way is swapped for a BYOB one.
            if (reader is JsReadableStreamDefaultReader defaultReader)
            {
                defaultReader.Release();
                reader = JsReadableStreamBYOBReader.Acquire(stream);
                ForwardReaderError(reader);
            }

            // Steps 15.2-15.4: the BYOB branch gets the filled view; the other branch a copy.
            JsReadableByteStreamController ByobController() => forBranch2 ? Controller2() : Controller1();
            JsReadableByteStreamController OtherController() => forBranch2 ? Controller1() : Controller2();
            var readIntoRequest = new ReadIntoRequest(
                chunk => StreamPromises.QueueMicrotask(engine, () =>
                {
                    readAgainForBranch1 = readAgainForBranch2 = false;
                    var byobCanceled = forBranch2 ? canceled2 : canceled1;
                    var otherCanceled = forBranch2 ? canceled1 : canceled2;
                    if (!otherCanceled)
                    {
                        if (!TryClone(chunk, out var clonedChunk))
                        {
                            return;
                        }

                        if (!byobCanceled)
                        {
                            ByobController().RespondWithNewView(chunk);
                        }

                        OtherController().Enqueue(clonedChunk);
                    }
                    else if (!byobCanceled)
                    {
                        ByobController().RespondWithNewView(chunk);
                    }

                    reading = false;
                    ReadAgainIfAsked();
                }),
                chunk =>
                {
                    reading = false;
                    var byobCanceled = forBranch2 ? canceled2 : canceled1;
                    var otherCanceled = forBranch2 ? canceled1 : canceled2;
                    if (!byobCanceled)
                    {
                        CloseBranch(ByobController());
                    }

                    if (!otherCanceled)
                    {
                        CloseBranch(OtherController());
                    }

                    if (!chunk.IsUndefined())
                    {
                        if (!byobCanceled)
                        {
                            ByobController().RespondWithNewView(chunk);
                        }

                        if (!otherCanceled && OtherController().HasPendingPullIntos)
                        {
                            OtherController().Respond(0);
                        }
                    }

                    if (!byobCanceled || !otherCanceled)
                    {
                        cancelPromise.Resolve(JsValue.Undefined);
                    }
                },
                _ => reading = false);

            // Step 15.5: perform ! ReadableStreamBYOBReaderRead(reader, view, 1, readIntoRequest).
            ((JsReadableStreamBYOBReader)reader).Read(view, 1, readIntoRequest);
        }

        // Steps 16-17: a branch's pull reads into its BYOB request's view if it has one, else with the default reader.
        JsValue Pull(bool forBranch2)
        {
            if (reading)
            {
                if (forBranch2)
                {
                    readAgainForBranch2 = true;
                }
                else
                {
                    readAgainForBranch1 = true;
                }

                return StreamPromises.ResolvedWith(engine, JsValue.Undefined);
            }

            reading = true;
            var byobRequest = (forBranch2 ? Controller2() : Controller1()).GetBYOBRequest();
            if (byobRequest is null)
            {
                PullWithDefaultReader();
            }
            else
            {
                PullWithBYOBReader(byobRequest.View, forBranch2);
            }

            return StreamPromises.ResolvedWith(engine, JsValue.Undefined);
        }

        JsValue Pull1Algorithm() => Pull(forBranch2: false);
        JsValue Pull2Algorithm() => Pull(forBranch2: true);

        // Steps 18-19: a branch's cancel; once both are canceled, the stream is, with both reasons.
        JsValue CancelAlgorithm(bool forBranch1, JsValue reason)
        {
            if (forBranch1)
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
                cancelPromise.Resolve(stream.Cancel(new JsArray(engine, [reason1, reason2])));
            }

            return cancelPromise.Promise;
        }

        // Steps 20-23: both branches are byte streams; the reader's errors reach them.
        branch1 = JsReadableStream.CreateWithByteReadingSupport(engine, Pull1Algorithm, reason => CancelAlgorithm(true, reason));
        branch2 = JsReadableStream.CreateWithByteReadingSupport(engine, Pull2Algorithm, reason => CancelAlgorithm(false, reason));
        ForwardReaderError(reader);

        // Step 24: return « branch1, branch2 ».
        return (branch1, branch2);
    }
}
