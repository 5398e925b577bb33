using Jint;
using Jint.Native;
using JsWebSocketHost.Dom;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>
/// ReadableStreamPipeTo: one pipe from a readable stream to a writable stream, through a reader and a writer it holds
/// until the pipe is finalized. Reads wait for the writer's ready promise (backpressure); every read chunk is written;
/// errors and closing are propagated forward and backward as the spec orders them.
/// </summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#readable-stream-pipe-to. The "in parallel" read-write loop is
/// run with promise reactions on the event loop, which the spec allows: with both streams locked, no script can
/// tell.</remarks>
internal sealed class ReadableStreamPipeTo
{
    private readonly Engine _engine;
    private readonly JsReadableStream _source;
    private readonly JsWritableStream _dest;
    private readonly bool _preventClose;
    private readonly bool _preventAbort;
    private readonly bool _preventCancel;
    private readonly JsAbortSignal? _signal;
    private readonly JsReadableStreamDefaultReader _reader;
    private readonly JsWritableStreamDefaultWriter _writer;
    private readonly StreamPromises.Deferred _promise;
    private Action? _abortAlgorithm;
    private bool _shuttingDown;

    // The promise of the last write: shutdown waits until every chunk read has been written.
    private JsValue _currentWrite;

    private ReadableStreamPipeTo(
        JsReadableStream source, JsWritableStream dest, bool preventClose, bool preventAbort, bool preventCancel, JsAbortSignal? signal)
    {
        _engine = source.Engine;
        _source = source;
        _dest = dest;
        _preventClose = preventClose;
        _preventAbort = preventAbort;
        _preventCancel = preventCancel;
        _signal = signal;

        // Steps 6-7: a default reader of source and a default writer of dest.
        _reader = JsReadableStreamDefaultReader.Acquire(source);
        _writer = JsWritableStreamDefaultWriter.Acquire(dest);

        // Steps 8-10: source is disturbed; not shutting down; a new promise.
        source.Disturbed = true;
        _promise = StreamPromises.New(_engine);
        _currentWrite = StreamPromises.ResolvedWith(_engine, JsValue.Undefined);
    }

    /// <summary>Starts piping <paramref name="source"/> to <paramref name="dest"/>; returns the pipe's promise.</summary>
    public static JsValue Start(
        JsReadableStream source, JsWritableStream dest, bool preventClose, bool preventAbort, bool preventCancel, JsAbortSignal? signal)
    {
        var pipe = new ReadableStreamPipeTo(source, dest, preventClose, preventAbort, preventCancel, signal);
        pipe.Run();

        // Step 13: return promise.
        return pipe._promise.Promise;
    }

    private void Run()
    {
        // Step 11: with a signal, its abort shuts the pipe down (an aborted one at once).
        if (_signal is { } signal)
        {
            _abortAlgorithm = AbortAlgorithm;
            if (signal.Aborted)
            {
                AbortAlgorithm();
                return;
            }

            signal.AddAlgorithm(_abortAlgorithm);
        }

        // Step 12: errors must be propagated forward: an errored source aborts dest (unless preventAbort).
        IsOrBecomesErrored(_source.State == ReadableStreamState.Errored, () => _source.StoredError, _reader.ClosedPromise, storedError =>
        {
            if (!_preventAbort)
            {
                ShutdownWithAnAction(() => _dest.Abort(storedError), storedError);
            }
            else
            {
                Shutdown(storedError);
            }
        });

        // Errors must be propagated backward: an errored dest cancels source (unless preventCancel).
        IsOrBecomesErrored(_dest.State == WritableStreamState.Errored, () => _dest.StoredError, _writer.ClosedPromise, storedError =>
        {
            if (!_preventCancel)
            {
                ShutdownWithAnAction(() => _source.Cancel(storedError), storedError);
            }
            else
            {
                Shutdown(storedError);
            }
        });

        // Closing must be propagated forward: a closed source closes dest (unless preventClose).
        if (_source.State == ReadableStreamState.Closed)
        {
            OnSourceClosed();
        }
        else
        {
            StreamPromises.React(_engine, _reader.ClosedPromise, _ => OnSourceClosed(), null);
        }

        // Closing must be propagated backward: a closing or closed dest cancels source (unless preventCancel).
        if (_dest.CloseQueuedOrInFlight || _dest.State == WritableStreamState.Closed)
        {
            var destClosed = ScriptErrors.TypeError(_engine, "The destination WritableStream closed before all data could be piped to it.").Error;
            if (!_preventCancel)
            {
                ShutdownWithAnAction(() => _source.Cancel(destClosed), destClosed);
            }
            else
            {
                Shutdown(destClosed);
            }
        }

        PipeStep();
    }

    private void OnSourceClosed()
    {
        if (!_preventClose)
        {
            ShutdownWithAnAction(_writer.CloseWithErrorPropagation, null);
        }
        else
        {
            Shutdown(null);
        }
    }

    // Step 11.1: the abort algorithm aborts dest and cancels source (each unless prevented) with the signal's reason.
    private void AbortAlgorithm()
    {
        var error = _signal!.Reason;
        ShutdownWithAnAction(() =>
        {
            var actions = new List<JsValue>(2);
            if (!_preventAbort)
            {
                actions.Add(_dest.State == WritableStreamState.Writable
                    ? _dest.Abort(error)
                    : StreamPromises.ResolvedWith(_engine, JsValue.Undefined));
            }

            if (!_preventCancel)
            {
                actions.Add(_source.State == ReadableStreamState.Readable
                    ? _source.Cancel(error)
                    : StreamPromises.ResolvedWith(_engine, JsValue.Undefined));
            }

            return WaitForAll(actions);
        }, error);
    }

    // "Getting a promise to wait for all": fulfilled when every promise is, rejected with the first rejection.
    private JsValue WaitForAll(List<JsValue> promises)
    {
        var all = StreamPromises.New(_engine);
        var remaining = promises.Count;
        if (remaining == 0)
        {
            // WebIDL "wait for all", step 6: with nothing to wait for, success comes in a microtask.
            StreamPromises.QueueMicrotask(_engine, () => all.Resolve(JsValue.Undefined));
        }

        foreach (var promise in promises)
        {
            StreamPromises.React(_engine, promise, _ =>
            {
                if (--remaining == 0)
                {
                    all.Resolve(JsValue.Undefined);
                }
            }, all.Reject);
        }

        return all.Promise;
    }

    // One step of the read-write loop: once dest is ready (backpressure), read a chunk and write it.
    private void PipeStep()
    {
        if (_shuttingDown)
        {
            return;
        }

        StreamPromises.React(_engine, _writer.ReadyPromise, _ =>
        {
            // Shutdown must stop activity: no read once shutting down; and backpressure must be enforced: none while
            // the desired size is null (dest erroring or errored, its ready promise replaced after this reaction was
            // attached) or dest is closing.
            if (_shuttingDown || _dest.State != WritableStreamState.Writable || _dest.CloseQueuedOrInFlight)
            {
                return;
            }

            _reader.Read(new ReadRequest(
                chunk =>
                {
                    // The write's rejection is handled here: dest's error reaches the pipe through its closed promise.
                    _currentWrite = StreamPromises.Transform(_engine, _writer.Write(chunk), null, static _ => JsValue.Undefined);
                    PipeStep();
                },
                static () => { },
                static _ => { }));
        }, null);
    }

    private void IsOrBecomesErrored(bool isErrored, Func<JsValue> storedError, JsValue closedPromise, Action<JsValue> action)
    {
        if (isErrored)
        {
            action(storedError());
        }
        else
        {
            StreamPromises.React(_engine, closedPromise, null, action);
        }
    }

    // Waits until every chunk read has been written: the last write settles with no newer one behind it.
    private void WaitForWritesToFinish(Action then)
    {
        var oldCurrentWrite = _currentWrite;
        StreamPromises.React(_engine, _currentWrite, _ =>
        {
            if (!ReferenceEquals(oldCurrentWrite, _currentWrite))
            {
                WaitForWritesToFinish(then);
            }
            else
            {
                then();
            }
        }, null);
    }

    // "Shutdown with an action": once writes are done, perform the action, then finalize with its error or the
    // original one.
    private void ShutdownWithAnAction(Func<JsValue> action, JsValue? originalError)
    {
        // Steps 1-2: only once.
        if (_shuttingDown)
        {
            return;
        }

        _shuttingDown = true;

        // Steps 4-6: perform the action; finalize with the original error, or the action's own.
        void DoTheRest() => StreamPromises.React(_engine, action(), _ => Finalize(originalError), Finalize);

        // Step 3: a writable dest first gets every chunk already read.
        if (_dest.State == WritableStreamState.Writable && !_dest.CloseQueuedOrInFlight)
        {
            WaitForWritesToFinish(DoTheRest);
        }
        else
        {
            DoTheRest();
        }
    }

    // "Shutdown": as with an action, without one.
    private void Shutdown(JsValue? error)
    {
        if (_shuttingDown)
        {
            return;
        }

        _shuttingDown = true;
        if (_dest.State == WritableStreamState.Writable && !_dest.CloseQueuedOrInFlight)
        {
            WaitForWritesToFinish(() => Finalize(error));
        }
        else
        {
            Finalize(error);
        }
    }

    // "Finalize": release the writer and the reader, forget the signal, settle the promise.
    private void Finalize(JsValue? error)
    {
        // Steps 1-3.
        _writer.Release();
        _reader.Release();
        if (_abortAlgorithm is not null)
        {
            _signal!.RemoveAlgorithm(_abortAlgorithm);
        }

        // Steps 4-5: reject with the error if one was given, otherwise resolve with undefined.
        if (error is not null)
        {
            _promise.Reject(error);
        }
        else
        {
            _promise.Resolve(JsValue.Undefined);
        }
    }
}
