using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>
/// ReadableStream's async iterator: <c>values()</c> and <c>@@asyncIterator</c> make one; its prototype has WebIDL's
/// <c>next()</c> and <c>return()</c>, which chain on the ongoing promise, over the Streams Standard's steps.
/// </summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#rs-asynciterator and
/// https://webidl.spec.whatwg.org/#es-asynchronous-iterator-prototype-object.</remarks>
internal static class ReadableStreamAsyncIterator
{
    private const string Tag = "ReadableStream AsyncIterator";
    private const string PrototypeKey = "ReadableStream AsyncIterator";

    private static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .Method("next", static (t, _) => Next(t), 0)
        .Method("return", static (t, a) => Return(t, a.Length > 0 ? a[0] : JsValue.Undefined), 1)
        .ToStringTag(Tag)
        .Build();

    /// <summary>Makes the iterator prototype object, whose [[Prototype]] is %AsyncIteratorPrototype% (WebIDL's
    /// asynchronous iterator prototype object).</summary>
    /// <remarks>Jint 4.18 keeps %AsyncIteratorPrototype% internal, but has the async iterator helpers' global
    /// <c>AsyncIterator</c>, whose <c>prototype</c> it is; read here before any script can replace the global. Without
    /// that global, an object of the host's with its one member, <c>[Symbol.asyncIterator]() { return this; }</c>,
    /// stands in (evaluating an async generator at start-up would leave its location in early errors' stacks).</remarks>
    public static void Install(Engine engine)
    {
        var intrinsics = HostIntrinsics.Of(engine);
        if (engine.Global.Get("AsyncIterator") is ObjectInstance asyncIterator && asyncIterator.Get("prototype") is ObjectInstance asyncIteratorPrototype)
        {
            intrinsics.Prototypes[PrototypeKey] = Shape.Instantiate(engine, asyncIteratorPrototype);
            return;
        }

        var standIn = new JsObject(engine);
        var returnThis = new ClrFunction(engine, "[Symbol.asyncIterator]", static (t, _) => t, 0, PropertyFlag.Configurable);
        standIn.DefineOwnProperty(intrinsics.SymbolAsyncIterator,
            new PropertyDescriptor(returnThis, writable: true, enumerable: false, configurable: true));
        intrinsics.Prototypes[PrototypeKey] = Shape.Instantiate(engine, standIn);
    }

    /// <summary><c>values(optional ReadableStreamIteratorOptions options = {})</c>: a default asynchronous iterator
    /// object, after the Streams Standard's iterator initialization steps.</summary>
    public static JsValue Create(JsReadableStream stream, JsValue options)
    {
        var engine = stream.Engine;

        // ReadableStreamIteratorOptions { boolean preventCancel = false; }.
        var dictionary = WebIdlConvert.ToDictionary(engine, options, "Failed to execute 'values' on 'ReadableStream'");
        var preventCancel = dictionary is not null && TypeConverter.ToBoolean(dictionary.Get("preventCancel"));

        // Initialization steps 1-4: let reader be ? AcquireReadableStreamDefaultReader(stream); keep it and
        // preventCancel.
        var reader = JsReadableStreamDefaultReader.Acquire(stream);
        return new Iterator(engine, HostIntrinsics.Of(engine).Prototypes[PrototypeKey], reader, preventCancel);
    }

    // next(). Spec: https://webidl.spec.whatwg.org/#es-asynchronous-iterator-prototype-object (the next property).
    private static JsValue Next(JsValue thisObj)
    {
        var engine = ScriptErrors.EngineFor(thisObj);

        // Steps 1-4: anything but such an iterator gives a promise rejected with a TypeError.
        if (thisObj is not Iterator iterator)
        {
            return StreamPromises.RejectedWith(engine, ScriptErrors.IllegalInvocation(thisObj, Tag, "next").Error);
        }

        // Steps 6-9: run the next steps after the ongoing promise settles, or now when there is none.
        iterator.OngoingPromise = iterator.OngoingPromise is { } ongoing
            ? StreamPromises.Transform(engine, ongoing, _ => NextSteps(iterator), _ => NextSteps(iterator))
            : NextSteps(iterator);
        return iterator.OngoingPromise;
    }

    // The next steps (step 5 of next()).
    private static JsValue NextSteps(Iterator iterator)
    {
        var engine = iterator.Engine;

        // Step 5.1: a finished iterator gives { value: undefined, done: true }.
        if (iterator.IsFinished)
        {
            return StreamPromises.ResolvedWith(engine, JintObjects.IteratorResult(engine, JsValue.Undefined, done: true));
        }

        // Steps 5.3-5.9: the next iteration result, turned into an iterator result; the end of iteration or a
        // rejection finishes the iterator.
        var nextPromise = GetNextIterationResult(iterator);
        return StreamPromises.Transform(engine, nextPromise, next =>
        {
            iterator.OngoingPromise = null;
            if (iterator.ReachedEnd)
            {
                iterator.IsFinished = true;
                return JintObjects.IteratorResult(engine, JsValue.Undefined, done: true);
            }

            return JintObjects.IteratorResult(engine, next, done: false);
        }, reason =>
        {
            iterator.OngoingPromise = null;
            iterator.IsFinished = true;
            throw new JavaScriptException(reason);
        });
    }

    // The Streams Standard's "get the next iteration result" steps.
    // Spec: https://streams.spec.whatwg.org/#rs-get-the-next-iteration-result.
    private static JsValue GetNextIterationResult(Iterator iterator)
    {
        // Steps 1-3: the reader still holds the stream; a new promise.
        var reader = iterator.Reader;
        var promise = StreamPromises.New(iterator.Engine);

        // Step 4: a read request that resolves it with the chunk, or ends (or fails) the iteration after releasing
        // the reader.
        var readRequest = new ReadRequest(
            promise.Resolve,
            () =>
            {
                // The spec asserts the reader still holds the stream; a second read queued meanwhile (the
                // ongoing promise is cleared before its read settles) may already have released it.
                ReleaseIfHeld(reader);
                iterator.ReachedEnd = true;
                promise.Resolve(JsValue.Undefined);
            },
            e =>
            {
                ReleaseIfHeld(reader);
                promise.Reject(e);
            });

        // Steps 5-6: perform ! ReadableStreamDefaultReaderRead(this, readRequest); return promise.
        reader.Read(readRequest);
        return promise.Promise;
    }

    // return(value). Spec: https://webidl.spec.whatwg.org/#es-asynchronous-iterator-prototype-object (return).
    private static JsValue Return(JsValue thisObj, JsValue value)
    {
        var engine = ScriptErrors.EngineFor(thisObj);

        // Steps 1-4: anything but such an iterator gives a promise rejected with a TypeError.
        if (thisObj is not Iterator iterator)
        {
            return StreamPromises.RejectedWith(engine, ScriptErrors.IllegalInvocation(thisObj, Tag, "return").Error);
        }

        // Step 5: the return steps: a finished iterator gives { value, done: true }; otherwise it is now finished
        // and the Streams Standard's return steps run.
        JsValue ReturnSteps()
        {
            if (iterator.IsFinished)
            {
                return StreamPromises.ResolvedWith(engine, JintObjects.IteratorResult(engine, value, done: true));
            }

            iterator.IsFinished = true;
            return AsyncIteratorReturn(iterator, value);
        }

        // Steps 6-10: after the ongoing promise settles, or now; the result is the new ongoing promise
        // (whatwg/webidl#1387), so a next() made after return() waits for it.
        var returnPromise = iterator.OngoingPromise is { } ongoing
            ? StreamPromises.Transform(engine, ongoing, _ => ReturnSteps(), _ => ReturnSteps())
            : ReturnSteps();
        iterator.OngoingPromise = returnPromise;

        // Steps 9-12: the result is { value, done: true } once that promise fulfills.
        return StreamPromises.Transform(engine, returnPromise, _ => JintObjects.IteratorResult(engine, value, done: true), null);
    }

    // The Streams Standard's asynchronous iterator return steps.
    // Spec: https://streams.spec.whatwg.org/#rs-asynciterator-prototype-return.
    private static JsValue AsyncIteratorReturn(Iterator iterator, JsValue arg)
    {
        var reader = iterator.Reader;

        // Steps 2-3 assert the reader holds the stream and no read is pending; one that ended meanwhile released it.
        if (reader.Stream is null)
        {
            return StreamPromises.ResolvedWith(iterator.Engine, JsValue.Undefined);
        }

        // Step 4: without preventCancel, cancel the stream with arg, then release the reader.
        if (!iterator.PreventCancel)
        {
            var result = reader.GenericCancel(arg);
            reader.Release();
            return result;
        }

        // Steps 5-6: otherwise release the reader; a promise resolved with undefined.
        reader.Release();
        return StreamPromises.ResolvedWith(iterator.Engine, JsValue.Undefined);
    }

    private static void ReleaseIfHeld(JsReadableStreamDefaultReader reader)
    {
        if (reader.Stream is not null)
        {
            reader.Release();
        }
    }


    // A default asynchronous iterator object for ReadableStream: its target's reader, prevent cancel, is finished
    // and the ongoing promise.
    private sealed class Iterator : ObjectInstance
    {
        public Iterator(Engine engine, ObjectInstance prototype, JsReadableStreamDefaultReader reader, bool preventCancel)
            : base(engine)
        {
            Prototype = prototype;
            Reader = reader;
            PreventCancel = preventCancel;

        }

        public JsReadableStreamDefaultReader Reader { get; }

        public bool PreventCancel { get; }

        public bool IsFinished { get; set; }

        public JsValue? OngoingPromise { get; set; }

        // Set when the read in flight ended the iteration: the next steps run one at a time (each waits for the
        // ongoing promise), so this flag stands for the "end of iteration" value the read resolves with.
        public bool ReachedEnd { get; set; }
    }
}
