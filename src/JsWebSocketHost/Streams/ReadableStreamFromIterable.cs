using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>ReadableStreamFromIterable: <c>ReadableStream.from(asyncIterable)</c>.</summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#readable-stream-from-iterable.</remarks>
internal static class ReadableStreamFromIterable
{
    /// <summary>Makes a stream that pulls from the async (or sync) iterator of <paramref name="asyncIterable"/>.</summary>
    public static JsReadableStream Create(Engine engine, JsValue asyncIterable)
    {
        // WebIDL's async_sequence<any> (whatwg/streams#1372, 2026): only an object converts, so a string, whose
        // iterator would give its code points, is a TypeError.
        if (asyncIterable is not ObjectInstance)
        {
            throw ScriptErrors.TypeError(engine, "Failed to execute 'from' on 'ReadableStream': parameter 1 is not an async iterable or iterable object.");
        }

        // Step 2: let iteratorRecord be ? GetIterator(asyncIterable, async).
        var iterator = GetAsyncIterator(engine, asyncIterable);
        JsReadableStream stream = null!;

        // Step 4: the pull algorithm.
        JsValue PullAlgorithm()
        {
            // Steps 4.1-4.3: let nextResult be IteratorNext(iteratorRecord); an abrupt completion gives a rejected
            // promise; let nextPromise be a promise resolved with nextResult.
            JsValue nextResult;
            try
            {
                nextResult = iterator.Next();
            }
            catch (JavaScriptException e)
            {
                return StreamPromises.RejectedWith(engine, e.Error);
            }

            var nextPromise = StreamPromises.ResolvedWith(engine, nextResult);

            // Step 4.4: react: the result must be an object; done closes the stream, otherwise its value is
            // enqueued.
            return StreamPromises.Transform(engine, nextPromise, iterResult =>
            {
                if (iterResult is not ObjectInstance result)
                {
                    throw ScriptErrors.TypeError(engine, "ReadableStream.from: the iterator's next() result is not an object.");
                }

                if (TypeConverter.ToBoolean(result.Get("done")))
                {
                    stream.DefaultController!.Close();
                }
                else
                {
                    stream.DefaultController!.Enqueue(result.Get("value"));
                }

                return JsValue.Undefined;
            }, null);
        }

        // Step 5: the cancel algorithm calls the iterator's return method, if it has one, with reason.
        JsValue CancelAlgorithm(JsValue reason)
        {
            JsValue returnResult;
            try
            {
                if (!iterator.TryReturn(reason, out returnResult))
                {
                    return StreamPromises.ResolvedWith(engine, JsValue.Undefined);
                }
            }
            catch (JavaScriptException e)
            {
                return StreamPromises.RejectedWith(engine, e.Error);
            }

            var returnPromise = StreamPromises.ResolvedWith(engine, returnResult);
            return StreamPromises.Transform(engine, returnPromise, iterResult =>
                iterResult is ObjectInstance
                    ? JsValue.Undefined
                    : throw ScriptErrors.TypeError(engine, "ReadableStream.from: the iterator's return() result is not an object."), null);
        }

        // Step 6: set stream to ! CreateReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, 0).
        stream = JsReadableStream.Create(engine, static () => JsValue.Undefined, PullAlgorithm, CancelAlgorithm, highWaterMark: 0);
        return stream;
    }

    // GetIterator(obj, async). Spec: https://tc39.es/ecma262/#sec-getiterator.
    private static AsyncIteration GetAsyncIterator(Engine engine, JsValue obj)
    {
        var intrinsics = HostIntrinsics.Of(engine);

        // Steps 1.a-1.b: method is GetMethod(obj, @@asyncIterator); without one, the sync iterator, wrapped by
        // CreateAsyncFromSyncIterator.
        var method = GetMethod(engine, obj, HostIntrinsics.Of(engine).SymbolAsyncIterator);
        if (method.IsUndefined())
        {
            var syncMethod = GetMethod(engine, obj, intrinsics.SymbolIterator);
            if (syncMethod.IsUndefined())
            {
                throw ScriptErrors.TypeError(engine, "ReadableStream.from: the argument is neither async iterable nor iterable.");
            }

            return new AsyncIteration(engine, IteratorFromMethod(engine, obj, syncMethod), fromSync: true);
        }

        // Steps 3-4: GetIteratorFromMethod(obj, method).
        return new AsyncIteration(engine, IteratorFromMethod(engine, obj, method), fromSync: false);
    }

    // GetIteratorFromMethod: the iterator must be an object; its next method is read once.
    private static (ObjectInstance Iterator, JsValue Next) IteratorFromMethod(Engine engine, JsValue obj, JsValue method)
    {
        var iterator = engine.Call(method, obj, Arguments.Empty) as ObjectInstance
            ?? throw ScriptErrors.TypeError(engine, "ReadableStream.from: the iterator method did not return an object.");
        return (iterator, iterator.Get("next"));
    }

    // GetMethod(V, P): GetV, then undefined or null is none and anything else must be callable.
    private static JsValue GetMethod(Engine engine, JsValue value, JsValue key)
    {
        if (value.IsNull() || value.IsUndefined())
        {
            throw ScriptErrors.TypeError(engine, $"ReadableStream.from: {value} is not iterable.");
        }

        var target = value as ObjectInstance ?? (ObjectInstance)engine.Intrinsics.Object.Call(JsValue.Undefined, [value]);
        var method = target.Get(key, value);
        if (method.IsNull() || method.IsUndefined())
        {
            return JsValue.Undefined;
        }

        return method.IsCallable()
            ? method
            : throw ScriptErrors.TypeError(engine, "ReadableStream.from: the argument's iterator method is not a function.");
    }

    // An iterator record for async iteration: an async iterator's own, or a sync one as %AsyncFromSyncIteratorPrototype%
    // would wrap it. Spec: https://tc39.es/ecma262/#sec-async-from-sync-iterator-objects.
    private sealed class AsyncIteration(Engine engine, (ObjectInstance Iterator, JsValue Next) record, bool fromSync)
    {
        // IteratorNext: the next method's result (a promise of an iterator result, for the wrapped sync iterator).
        public JsValue Next()
        {
            // Call(next, iterator) throws a TypeError when next is not callable.
            if (!record.Next.IsCallable())
            {
                throw ScriptErrors.TypeError(engine, "ReadableStream.from: the iterator's next is not a function.");
            }

            if (!fromSync)
            {
                return engine.Call(record.Next, record.Iterator, Arguments.Empty);
            }

            // %AsyncFromSyncIteratorPrototype%.next: the sync result, its value awaited.
            var result = engine.Call(record.Next, record.Iterator, Arguments.Empty) as ObjectInstance
                ?? throw ScriptErrors.TypeError(engine, "ReadableStream.from: the iterator's next() result is not an object.");
            return Continuation(result, closeOnRejection: true);
        }

        // GetMethod(iterator, "return") and its call with reason; false when there is no return method.
        public bool TryReturn(JsValue reason, out JsValue result)
        {
            if (!fromSync)
            {
                var returnMethod = GetMethod(engine, record.Iterator, "return");
                result = returnMethod.IsUndefined() ? JsValue.Undefined : engine.Call(returnMethod, record.Iterator, [reason]);
                return !returnMethod.IsUndefined();
            }

            // %AsyncFromSyncIteratorPrototype%.return always exists: without a sync return method it gives
            // { value: reason, done: true }; otherwise the sync result, its value awaited.
            var syncReturn = GetMethod(engine, record.Iterator, "return");
            if (syncReturn.IsUndefined())
            {
                result = StreamPromises.ResolvedWith(engine, JintObjects.IteratorResult(engine, reason, done: true));
                return true;
            }

            var syncResult = engine.Call(syncReturn, record.Iterator, [reason]) as ObjectInstance
                ?? throw ScriptErrors.TypeError(engine, "ReadableStream.from: the iterator's return() result is not an object.");
            result = Continuation(syncResult, closeOnRejection: false);
            return true;
        }

        // AsyncFromSyncIteratorContinuation(result, promiseCapability, syncIteratorRecord, closeOnRejection).
        private JsValue Continuation(ObjectInstance result, bool closeOnRejection)
        {
            var done = TypeConverter.ToBoolean(result.Get("done"));
            var value = result.Get("value");

            // Steps 6-7: let valueWrapper be PromiseResolve(%Promise%, value); if that throws while the iterator is
            // not done and should be closed on rejection, close it and rethrow.
            JsValue valueWrapper;
            try
            {
                valueWrapper = StreamPromises.PromiseResolve(engine, value);
            }
            catch (JavaScriptException) when (!done && closeOnRejection)
            {
                CloseKeepingReason();
                throw;
            }

            // Steps 8-12: fulfill with { value: v, done }; a rejected value closes the iterator, keeping the reason.
            return StreamPromises.Transform(engine, valueWrapper, v => JintObjects.IteratorResult(engine, v, done), done || !closeOnRejection ? null : reason =>
            {
                CloseKeepingReason();
                throw new JavaScriptException(reason);
            });
        }

        // IteratorClose(syncIteratorRecord, a throw completion): the iterator's return() runs, but what it throws
        // (or returns) gives way to the original completion.
        private void CloseKeepingReason()
        {
            try
            {
                var returnMethod = GetMethod(engine, record.Iterator, "return");
                if (!returnMethod.IsUndefined())
                {
                    engine.Call(returnMethod, record.Iterator, Arguments.Empty);
                }
            }
            catch (JavaScriptException)
            {
                // The original completion wins.
            }
        }

    }
}
