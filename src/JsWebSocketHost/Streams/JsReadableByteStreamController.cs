using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>
/// A <c>ReadableByteStreamController</c> platform object: its internal slots and the abstract operations of a
/// readable byte stream's controller (the queue of byte chunks, pull-into descriptors, the BYOB request).
/// </summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#rbs-controller-class and
/// https://streams.spec.whatwg.org/#rbs-controller-abstract-ops.</remarks>
internal sealed class JsReadableByteStreamController : ObjectInstance, IReadableStreamController
{
    // [[queue]]: readable byte stream queue entries (buffer, byte offset, byte length), and [[queueTotalSize]].
    private readonly LinkedList<(JsValue Buffer, int ByteOffset, int ByteLength)> _queue = new();
    private double _queueTotalSize;
    private List<PullIntoDescriptor> _pendingPullIntos = [];
    private double? _autoAllocateChunkSize;
    private Func<JsValue, JsValue>? _cancelAlgorithm;
    private bool _closeRequested;
    private bool _pullAgain;
    private Func<JsValue>? _pullAlgorithm;
    private bool _pulling;
    private bool _started;
    private double _strategyHighWaterMark;

    public JsReadableByteStreamController(Engine engine, ObjectInstance prototype)
        : base(engine)
    {
        Prototype = prototype;
    }

    /// <summary>[[byobRequest]].</summary>
    public JsReadableStreamBYOBRequest? ByobRequest { get; private set; }

    /// <summary>[[closeRequested]].</summary>
    public bool CloseRequested => _closeRequested;

    /// <summary>[[stream]].</summary>
    public JsReadableStream Stream { get; private set; } = null!;

    /// <summary>Whether [[pendingPullIntos]] is not empty.</summary>
    public bool HasPendingPullIntos => _pendingPullIntos.Count > 0;

    /// <summary>SetUpReadableByteStreamController.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#set-up-readable-byte-stream-controller.</remarks>
    public void SetUp(
        JsReadableStream stream, Func<JsValue> startAlgorithm, Func<JsValue> pullAlgorithm,
        Func<JsValue, JsValue> cancelAlgorithm, double highWaterMark, double? autoAllocateChunkSize)
    {
        // Steps 3-12: link; flags false; no BYOB request; an empty queue; the strategy, algorithms, auto-allocate
        // size and an empty list of pending pull-intos.
        Stream = stream;
        _pullAgain = _pulling = _closeRequested = _started = false;
        ByobRequest = null;
        ResetQueue();
        _strategyHighWaterMark = highWaterMark;
        _pullAlgorithm = pullAlgorithm;
        _cancelAlgorithm = cancelAlgorithm;
        _autoAllocateChunkSize = autoAllocateChunkSize;
        _pendingPullIntos = [];
        stream.Controller = this;

        // Steps 13-16: start (it may throw); its promise starts the pulling, or errors the controller.
        var startResult = startAlgorithm();
        StreamPromises.React(_engine, StreamPromises.ResolvedWith(_engine, startResult), _ =>
        {
            _started = true;
            CallPullIfNeeded();
        }, Error);
    }

    /// <summary>ReadableByteStreamControllerGetDesiredSize; null when errored.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-byte-stream-controller-get-desired-size.</remarks>
    public double? DesiredSize => Stream.State switch
    {
        ReadableStreamState.Errored => null,
        ReadableStreamState.Closed => 0,
        _ => _strategyHighWaterMark - _queueTotalSize,
    };

    /// <summary>ReadableByteStreamControllerCallPullIfNeeded.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-byte-stream-controller-call-pull-if-needed.</remarks>
    public void CallPullIfNeeded()
    {
        // Steps 1-2: only when pulling is wanted.
        if (!ShouldCallPull())
        {
            return;
        }

        // Step 3: one pull at a time; another is asked for once it settles.
        if (_pulling)
        {
            _pullAgain = true;
            return;
        }

        // Steps 5-8: pull; on fulfillment pull again if asked meanwhile; on rejection error the controller.
        _pulling = true;
        StreamPromises.React(_engine, _pullAlgorithm!(), _ =>
        {
            _pulling = false;
            if (_pullAgain)
            {
                _pullAgain = false;
                CallPullIfNeeded();
            }
        }, Error);
    }

    /// <summary>ReadableByteStreamControllerClose.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-byte-stream-controller-close.</remarks>
    public void Close()
    {
        // Step 2: nothing once closing or not readable.
        var stream = Stream;
        if (_closeRequested || stream.State != ReadableStreamState.Readable)
        {
            return;
        }

        // Step 3: with bytes queued, the stream closes when they are read.
        if (_queueTotalSize > 0)
        {
            _closeRequested = true;
            return;
        }

        // Step 4: a pending BYOB read holding part of an element cannot be completed: a TypeError.
        if (_pendingPullIntos.Count > 0 && _pendingPullIntos[0].BytesFilled % _pendingPullIntos[0].ElementSize != 0)
        {
            var e = ScriptErrors.TypeError(_engine, "The byte stream was closed with part of an element filled in the pending read.");
            Error(e.Error);
            throw e;
        }

        // Steps 5-6: clear the algorithms and close the stream.
        ClearAlgorithms();
        stream.Close();
    }

    /// <summary>
    /// "Close a ReadableStream" for another specification (Blob.stream()): close, then complete a pending BYOB read
    /// with what it has (respond with 0). A partial element errors the stream, as Close does, without throwing into
    /// the host's task.
    /// </summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readablestream-close.</remarks>
    public void CloseForSpecification()
    {
        try
        {
            Close();
            if (_pendingPullIntos.Count > 0)
            {
                Respond(0);
            }
        }
        catch (JavaScriptException)
        {
            // Close errored the stream with it already: the reads see the error.
        }
    }

    /// <summary>ReadableByteStreamControllerEnqueue.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-byte-stream-controller-enqueue.</remarks>
    public void Enqueue(JsValue chunk)
    {
        // Step 2: nothing once closing or not readable.
        var stream = Stream;
        if (_closeRequested || stream.State != ReadableStreamState.Readable)
        {
            return;
        }

        // Steps 3-5: the chunk's buffer, offset and length; a detached buffer is a TypeError; the buffer is
        // transferred (the script's view is detached).
        var (buffer, byteOffset, byteLength) = ArrayBuffers.ViewBytes(_engine, chunk);
        if (ArrayBuffers.IsDetached(buffer))
        {
            throw ScriptErrors.TypeError(_engine, "The chunk's buffer is detached.");
        }

        var transferredBuffer = ArrayBuffers.Transfer(_engine, buffer);

        // Step 6: a pending pull-into's buffer is transferred too; one whose reader was released goes to the queue.
        if (_pendingPullIntos.Count > 0)
        {
            var firstPendingPullInto = _pendingPullIntos[0];
            if (ArrayBuffers.IsDetached(firstPendingPullInto.Buffer))
            {
                throw ScriptErrors.TypeError(_engine, "The pending read's buffer is detached.");
            }

            InvalidateBYOBRequest();
            firstPendingPullInto.Buffer = ArrayBuffers.Transfer(_engine, firstPendingPullInto.Buffer);
            if (firstPendingPullInto.ReaderType == PullIntoReaderType.None)
            {
                EnqueueDetachedPullIntoToQueue(firstPendingPullInto);
            }
        }

        if (stream.HasDefaultReader)
        {
            // Step 7: a default reader takes what is queued; the chunk is queued, or goes to a waiting read.
            ProcessReadRequestsUsingQueue();
            if (stream.NumReadRequests == 0)
            {
                EnqueueChunkToQueue(transferredBuffer, byteOffset, byteLength);
            }
            else
            {
                if (_pendingPullIntos.Count > 0)
                {
                    ShiftPendingPullInto();
                }

                var transferredView = ArrayBuffers.NewUint8Array(_engine, transferredBuffer, byteOffset, byteLength);
                stream.FulfillReadRequest(transferredView, done: false);
            }
        }
        else if (stream.HasBYOBReader)
        {
            // Step 8: a BYOB reader's pending reads are filled from the queue.
            EnqueueChunkToQueue(transferredBuffer, byteOffset, byteLength);
            foreach (var filledPullInto in ProcessPullIntoDescriptorsUsingQueue())
            {
                CommitPullIntoDescriptor(filledPullInto);
            }
        }
        else
        {
            // Step 9: not locked: queue it.
            EnqueueChunkToQueue(transferredBuffer, byteOffset, byteLength);
        }

        // Step 10: perform ! ReadableByteStreamControllerCallPullIfNeeded(controller).
        CallPullIfNeeded();
    }

    /// <summary>ReadableByteStreamControllerError.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-byte-stream-controller-error.</remarks>
    public void Error(JsValue e)
    {
        // Steps 1-6: only a readable stream: no pending pull-intos, an empty queue, no algorithms, then error it.
        if (Stream.State != ReadableStreamState.Readable)
        {
            return;
        }

        ClearPendingPullIntos();
        ResetQueue();
        ClearAlgorithms();
        Stream.Error(e);
    }

    /// <summary>ReadableByteStreamControllerGetBYOBRequest.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#abstract-opdef-readablebytestreamcontrollergetbyobrequest.</remarks>
    public JsReadableStreamBYOBRequest? GetBYOBRequest()
    {
        // Step 1: made on demand for the first pending pull-into: a Uint8Array over its unfilled part.
        if (ByobRequest is null && _pendingPullIntos.Count > 0)
        {
            var firstDescriptor = _pendingPullIntos[0];
            var view = ArrayBuffers.NewUint8Array(_engine, firstDescriptor.Buffer,
                firstDescriptor.ByteOffset + firstDescriptor.BytesFilled, firstDescriptor.ByteLength - firstDescriptor.BytesFilled);
            ByobRequest = new JsReadableStreamBYOBRequest(_engine, HostIntrinsics.Of(_engine).Prototypes[ReadableStreamBYOBRequestInterface.Interface]).Init();
            ByobRequest.Controller = this;
            ByobRequest.View = view;
        }

        // Step 2: return controller.[[byobRequest]].
        return ByobRequest;
    }

    /// <summary>ReadableByteStreamControllerPullInto.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-byte-stream-controller-pull-into.</remarks>
    public void PullInto(JsValue view, int min, IReadIntoRequest readIntoRequest)
    {
        // Steps 2-8: the view's element size and constructor, the minimum fill in bytes, its bytes.
        var stream = Stream;
        var (elementSize, constructor) = ArrayBuffers.ElementInfo(_engine, view);
        var minimumFill = min * elementSize;
        var (viewBuffer, byteOffset, byteLength) = ArrayBuffers.ViewBytes(_engine, view);

        // Steps 9-11: transfer the view's buffer; a failure runs the error steps.
        JsValue buffer;
        try
        {
            buffer = ArrayBuffers.Transfer(_engine, viewBuffer);
        }
        catch (Exception ex) when (ScriptErrors.ScriptErrorOf(_engine, ex) is { } error)
        {
            readIntoRequest.ErrorSteps(error);
            return;
        }

        // Step 12: the descriptor.
        var pullIntoDescriptor = new PullIntoDescriptor
        {
            Buffer = buffer,
            BufferByteLength = ArrayBuffers.ByteLength(_engine, buffer),
            ByteOffset = byteOffset,
            ByteLength = byteLength,
            BytesFilled = 0,
            MinimumFill = minimumFill,
            ElementSize = elementSize,
            ViewConstructor = constructor,
            ReaderType = PullIntoReaderType.Byob,
        };

        // Step 13: behind other pending pull-intos, it waits its turn.
        if (_pendingPullIntos.Count > 0)
        {
            _pendingPullIntos.Add(pullIntoDescriptor);
            stream.AddReadIntoRequest(readIntoRequest);
            return;
        }

        // Step 14: a closed stream gives an empty view of the buffer, done.
        if (stream.State == ReadableStreamState.Closed)
        {
            readIntoRequest.CloseSteps(ArrayBuffers.NewView(_engine, constructor, pullIntoDescriptor.Buffer, pullIntoDescriptor.ByteOffset, 0));
            return;
        }

        // Step 15: queued bytes fill it now if they can; a closing stream that cannot fill it is a TypeError.
        if (_queueTotalSize > 0)
        {
            if (FillPullIntoDescriptorFromQueue(pullIntoDescriptor))
            {
                var filledView = ConvertPullIntoDescriptor(pullIntoDescriptor);
                HandleQueueDrain();
                readIntoRequest.ChunkSteps(filledView);
                return;
            }

            if (_closeRequested)
            {
                var e = ScriptErrors.TypeError(_engine, "The byte stream is closing with too few bytes to fill the read.").Error;
                Error(e);
                readIntoRequest.ErrorSteps(e);
                return;
            }
        }

        // Steps 16-18: wait for the source, and pull.
        _pendingPullIntos.Add(pullIntoDescriptor);
        stream.AddReadIntoRequest(readIntoRequest);
        CallPullIfNeeded();
    }

    /// <summary>ReadableByteStreamControllerRespond.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-byte-stream-controller-respond.</remarks>
    public void Respond(double bytesWritten)
    {
        // Steps 2-5: a closed stream takes 0 bytes only; a readable one more than 0, and no more than the view holds.
        var firstDescriptor = _pendingPullIntos[0];
        if (Stream.State == ReadableStreamState.Closed)
        {
            if (bytesWritten != 0)
            {
                throw ScriptErrors.TypeError(_engine, "bytesWritten must be 0 once the stream is closed.");
            }
        }
        else
        {
            if (bytesWritten == 0)
            {
                throw ScriptErrors.TypeError(_engine, "bytesWritten must be more than 0 while the stream is readable.");
            }

            if (firstDescriptor.BytesFilled + bytesWritten > firstDescriptor.ByteLength)
            {
                throw ScriptErrors.RangeError(_engine, "bytesWritten is more than the view's length.");
            }
        }

        // Steps 6-7: transfer the buffer, then respond.
        firstDescriptor.Buffer = ArrayBuffers.Transfer(_engine, firstDescriptor.Buffer);
        RespondInternal((int)bytesWritten);
    }

    /// <summary>ReadableByteStreamControllerRespondWithNewView.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#readable-byte-stream-controller-respond-with-new-view.</remarks>
    public void RespondWithNewView(JsValue view)
    {
        // Steps 3-9: the view must fit the pending pull-into exactly where it left off.
        var firstDescriptor = _pendingPullIntos[0];
        var (viewBuffer, viewByteOffset, viewByteLength) = ArrayBuffers.ViewBytes(_engine, view);
        if (Stream.State == ReadableStreamState.Closed)
        {
            if (viewByteLength != 0)
            {
                throw ScriptErrors.TypeError(_engine, "The view must be empty once the stream is closed.");
            }
        }
        else if (viewByteLength == 0)
        {
            throw ScriptErrors.TypeError(_engine, "The view must not be empty while the stream is readable.");
        }

        if (firstDescriptor.ByteOffset + firstDescriptor.BytesFilled != viewByteOffset)
        {
            throw ScriptErrors.RangeError(_engine, "The view's offset does not match the pending read's.");
        }

        if (firstDescriptor.BufferByteLength != ArrayBuffers.ByteLength(_engine, viewBuffer))
        {
            throw ScriptErrors.RangeError(_engine, "The view's buffer is not the length of the pending read's.");
        }

        if (firstDescriptor.BytesFilled + viewByteLength > firstDescriptor.ByteLength)
        {
            throw ScriptErrors.RangeError(_engine, "The view is longer than the pending read.");
        }

        // Steps 10-12: take the view's buffer and respond with its length.
        firstDescriptor.Buffer = ArrayBuffers.Transfer(_engine, viewBuffer);
        RespondInternal(viewByteLength);
    }

    /// <summary>[[CancelSteps]](reason).</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#rbs-controller-private-cancel.</remarks>
    public JsValue CancelSteps(JsValue reason)
    {
        // Steps 1-5: no pending pull-intos, an empty queue; the cancel algorithm; clear the algorithms.
        ClearPendingPullIntos();
        ResetQueue();
        var result = _cancelAlgorithm!(reason);
        ClearAlgorithms();
        return result;
    }

    /// <summary>[[PullSteps]](readRequest): a default reader's read.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#rbs-controller-private-pull.</remarks>
    public void PullSteps(IReadRequest readRequest)
    {
        // Step 3: queued bytes answer at once.
        var stream = Stream;
        if (_queueTotalSize > 0)
        {
            FillReadRequestFromQueue(readRequest);
            return;
        }

        // Steps 4-5: with autoAllocateChunkSize, the source gets a buffer to fill (a BYOB request).
        if (_autoAllocateChunkSize is { } requested)
        {
            // Step 5.2: a buffer that cannot be allocated (past .NET's array limit, or out of memory) runs the read
            // request's error steps with a RangeError, as ArrayBuffer's constructor would throw.
            JsValue? buffer = null;
            var size = (int)Math.Min(requested, Array.MaxLength);
            try
            {
                if (requested <= Array.MaxLength)
                {
                    buffer = BufferSource.NewArrayBuffer(_engine, new byte[size]);
                }
            }
            catch (OutOfMemoryException)
            {
                buffer = null;
            }

            if (buffer is null)
            {
                readRequest.ErrorSteps(ScriptErrors.RangeError(_engine, $"Array buffer allocation failed: autoAllocateChunkSize is {requested} bytes.").Error);
                return;
            }

            _pendingPullIntos.Add(new PullIntoDescriptor
            {
                Buffer = buffer,
                BufferByteLength = size,
                ByteOffset = 0,
                ByteLength = size,
                BytesFilled = 0,
                MinimumFill = 1,
                ElementSize = 1,
                ViewConstructor = _engine.Intrinsics.Uint8Array,
                ReaderType = PullIntoReaderType.Default,
            });
        }

        // Steps 6-7: wait for the source, and pull.
        stream.AddReadRequest(readRequest);
        CallPullIfNeeded();
    }

    /// <summary>[[ReleaseSteps]](): a pending pull-into keeps its place, its reader gone ("none").</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#abstract-opdef-readablebytestreamcontroller-releasesteps.</remarks>
    public void ReleaseSteps()
    {
        if (_pendingPullIntos.Count > 0)
        {
            var firstPendingPullInto = _pendingPullIntos[0];
            firstPendingPullInto.ReaderType = PullIntoReaderType.None;
            _pendingPullIntos = [firstPendingPullInto];
        }
    }

    // ReadableByteStreamControllerShouldCallPull.
    // Spec: https://streams.spec.whatwg.org/#readable-byte-stream-controller-should-call-pull.
    private bool ShouldCallPull()
    {
        var stream = Stream;
        if (stream.State != ReadableStreamState.Readable || _closeRequested || !_started)
        {
            return false;
        }

        if (stream.HasDefaultReader && stream.NumReadRequests > 0)
        {
            return true;
        }

        if (stream.HasBYOBReader && stream.NumReadIntoRequests > 0)
        {
            return true;
        }

        return DesiredSize > 0;
    }

    // ReadableByteStreamControllerClearAlgorithms.
    private void ClearAlgorithms()
    {
        _pullAlgorithm = null;
        _cancelAlgorithm = null;
    }

    // ReadableByteStreamControllerClearPendingPullIntos.
    private void ClearPendingPullIntos()
    {
        InvalidateBYOBRequest();
        _pendingPullIntos = [];
    }

    // ReadableByteStreamControllerInvalidateBYOBRequest.
    private void InvalidateBYOBRequest()
    {
        if (ByobRequest is not { } request)
        {
            return;
        }

        request.Controller = null;
        request.View = JsValue.Null;
        ByobRequest = null;
    }

    // ResetQueue.
    private void ResetQueue()
    {
        _queue.Clear();
        _queueTotalSize = 0;
    }

    // ReadableByteStreamControllerEnqueueChunkToQueue.
    private void EnqueueChunkToQueue(JsValue buffer, int byteOffset, int byteLength)
    {
        _queue.AddLast((buffer, byteOffset, byteLength));
        _queueTotalSize += byteLength;
    }

    // ReadableByteStreamControllerEnqueueClonedChunkToQueue.
    private void EnqueueClonedChunkToQueue(JsValue buffer, int byteOffset, int byteLength)
    {
        JsValue clone;
        try
        {
            clone = ArrayBuffers.Clone(_engine, buffer, byteOffset, byteLength);
        }
        catch (Exception e) when (ScriptErrors.ScriptErrorOf(_engine, e) is { } error)
        {
            Error(error);
            throw new JavaScriptException(error);
        }

        EnqueueChunkToQueue(clone, 0, byteLength);
    }

    // ReadableByteStreamControllerEnqueueDetachedPullIntoToQueue.
    private void EnqueueDetachedPullIntoToQueue(PullIntoDescriptor pullIntoDescriptor)
    {
        if (pullIntoDescriptor.BytesFilled > 0)
        {
            EnqueueClonedChunkToQueue(pullIntoDescriptor.Buffer, pullIntoDescriptor.ByteOffset, pullIntoDescriptor.BytesFilled);
        }

        ShiftPendingPullInto();
    }

    // ReadableByteStreamControllerFillHeadPullIntoDescriptor.
    private void FillHeadPullIntoDescriptor(int size, PullIntoDescriptor pullIntoDescriptor)
    {
        InvalidateBYOBRequest();
        pullIntoDescriptor.BytesFilled += size;
    }

    // ReadableByteStreamControllerFillPullIntoDescriptorFromQueue.
    // Spec: https://streams.spec.whatwg.org/#readable-byte-stream-controller-fill-pull-into-descriptor-from-queue.
    private bool FillPullIntoDescriptorFromQueue(PullIntoDescriptor pullIntoDescriptor)
    {
        // Steps 1-8: copy what the queue holds, up to the descriptor's length, aligned to whole elements once the
        // minimum fill is reached.
        var maxBytesToCopy = (int)Math.Min(_queueTotalSize, pullIntoDescriptor.ByteLength - pullIntoDescriptor.BytesFilled);
        var maxBytesFilled = pullIntoDescriptor.BytesFilled + maxBytesToCopy;
        var totalBytesToCopyRemaining = maxBytesToCopy;
        var ready = false;
        var remainderBytes = maxBytesFilled % pullIntoDescriptor.ElementSize;
        var maxAlignedBytes = maxBytesFilled - remainderBytes;
        if (maxAlignedBytes >= pullIntoDescriptor.MinimumFill)
        {
            totalBytesToCopyRemaining = maxAlignedBytes - pullIntoDescriptor.BytesFilled;
            ready = true;
        }

        // Step 10: copy from the head of the queue, entry by entry.
        while (totalBytesToCopyRemaining > 0)
        {
            var head = _queue.First!;
            var (queueBuffer, queueByteOffset, queueByteLength) = head.Value;
            var bytesToCopy = Math.Min(totalBytesToCopyRemaining, queueByteLength);
            var destStart = pullIntoDescriptor.ByteOffset + pullIntoDescriptor.BytesFilled;
            ArrayBuffers.Copy(pullIntoDescriptor.Buffer, destStart, queueBuffer, queueByteOffset, bytesToCopy);
            if (queueByteLength == bytesToCopy)
            {
                _queue.RemoveFirst();
            }
            else
            {
                head.Value = (queueBuffer, queueByteOffset + bytesToCopy, queueByteLength - bytesToCopy);
            }

            _queueTotalSize -= bytesToCopy;
            FillHeadPullIntoDescriptor(bytesToCopy, pullIntoDescriptor);
            totalBytesToCopyRemaining -= bytesToCopy;
        }

        // Step 12: return ready.
        return ready;
    }

    // ReadableByteStreamControllerFillReadRequestFromQueue.
    private void FillReadRequestFromQueue(IReadRequest readRequest)
    {
        // Steps 1-6: the head entry, whole, as a Uint8Array; the queue may drain.
        var (buffer, byteOffset, byteLength) = _queue.First!.Value;
        _queue.RemoveFirst();
        _queueTotalSize -= byteLength;
        HandleQueueDrain();
        readRequest.ChunkSteps(ArrayBuffers.NewUint8Array(_engine, buffer, byteOffset, byteLength));
    }

    // ReadableByteStreamControllerHandleQueueDrain.
    private void HandleQueueDrain()
    {
        if (_queueTotalSize == 0 && _closeRequested)
        {
            ClearAlgorithms();
            Stream.Close();
        }
        else
        {
            CallPullIfNeeded();
        }
    }

    // ReadableByteStreamControllerProcessPullIntoDescriptorsUsingQueue.
    private List<PullIntoDescriptor> ProcessPullIntoDescriptorsUsingQueue()
    {
        var filledPullIntos = new List<PullIntoDescriptor>();
        while (_pendingPullIntos.Count > 0 && _queueTotalSize > 0)
        {
            var pullIntoDescriptor = _pendingPullIntos[0];
            if (FillPullIntoDescriptorFromQueue(pullIntoDescriptor))
            {
                ShiftPendingPullInto();
                filledPullIntos.Add(pullIntoDescriptor);
            }
        }

        return filledPullIntos;
    }

    // ReadableByteStreamControllerProcessReadRequestsUsingQueue.
    private void ProcessReadRequestsUsingQueue()
    {
        var reader = (JsReadableStreamDefaultReader)Stream.Reader!;
        while (reader.ReadRequests.Count > 0)
        {
            if (_queueTotalSize == 0)
            {
                return;
            }

            FillReadRequestFromQueue(reader.ReadRequests.Dequeue());
        }
    }

    // ReadableByteStreamControllerRespondInClosedState.
    private void RespondInClosedState(PullIntoDescriptor firstDescriptor)
    {
        // Step 2: a descriptor without a reader is dropped.
        if (firstDescriptor.ReaderType == PullIntoReaderType.None)
        {
            ShiftPendingPullInto();
        }

        // Step 4: each waiting BYOB read gets its descriptor back, done.
        var stream = Stream;
        if (stream.HasBYOBReader)
        {
            var filledPullIntos = new List<PullIntoDescriptor>();
            while (filledPullIntos.Count < stream.NumReadIntoRequests)
            {
                filledPullIntos.Add(ShiftPendingPullInto());
            }

            foreach (var filledPullInto in filledPullIntos)
            {
                CommitPullIntoDescriptor(filledPullInto);
            }
        }
    }

    // ReadableByteStreamControllerRespondInReadableState.
    private void RespondInReadableState(int bytesWritten, PullIntoDescriptor pullIntoDescriptor)
    {
        // Step 2: count the bytes written.
        FillHeadPullIntoDescriptor(bytesWritten, pullIntoDescriptor);

        // Step 3: a descriptor without a reader goes to the queue, which then fills the others.
        if (pullIntoDescriptor.ReaderType == PullIntoReaderType.None)
        {
            EnqueueDetachedPullIntoToQueue(pullIntoDescriptor);
            foreach (var filledPullInto in ProcessPullIntoDescriptorsUsingQueue())
            {
                CommitPullIntoDescriptor(filledPullInto);
            }

            return;
        }

        // Step 4: not yet the minimum: wait for more.
        if (pullIntoDescriptor.BytesFilled < pullIntoDescriptor.MinimumFill)
        {
            return;
        }

        // Steps 5-8: done with it; a partial element at its end goes back to the queue.
        ShiftPendingPullInto();
        var remainderSize = pullIntoDescriptor.BytesFilled % pullIntoDescriptor.ElementSize;
        if (remainderSize > 0)
        {
            var end = pullIntoDescriptor.ByteOffset + pullIntoDescriptor.BytesFilled;
            EnqueueClonedChunkToQueue(pullIntoDescriptor.Buffer, end - remainderSize, remainderSize);
        }

        pullIntoDescriptor.BytesFilled -= remainderSize;

        // Steps 9-11: the queue fills the next ones; commit this one, then those.
        var filledPullIntos = ProcessPullIntoDescriptorsUsingQueue();
        CommitPullIntoDescriptor(pullIntoDescriptor);
        foreach (var filledPullInto in filledPullIntos)
        {
            CommitPullIntoDescriptor(filledPullInto);
        }
    }

    // ReadableByteStreamControllerRespondInternal.
    private void RespondInternal(int bytesWritten)
    {
        // Steps 1-6: invalidate the BYOB request; respond as the stream's state says.
        var firstDescriptor = _pendingPullIntos[0];
        InvalidateBYOBRequest();
        if (Stream.State == ReadableStreamState.Closed)
        {
            RespondInClosedState(firstDescriptor);
        }
        else
        {
            RespondInReadableState(bytesWritten, firstDescriptor);
        }

        // Step 7: perform ! ReadableByteStreamControllerCallPullIfNeeded(controller).
        CallPullIfNeeded();
    }

    // ReadableByteStreamControllerShiftPendingPullInto.
    private PullIntoDescriptor ShiftPendingPullInto()
    {
        var descriptor = _pendingPullIntos[0];
        _pendingPullIntos.RemoveAt(0);
        return descriptor;
    }

    // ReadableByteStreamControllerCommitPullIntoDescriptor.
    private void CommitPullIntoDescriptor(PullIntoDescriptor pullIntoDescriptor)
    {
        // Steps 3-7: done once the stream is closed; the filled view goes to a default or a BYOB read.
        var stream = Stream;
        var done = stream.State == ReadableStreamState.Closed;
        var filledView = ConvertPullIntoDescriptor(pullIntoDescriptor);
        if (pullIntoDescriptor.ReaderType == PullIntoReaderType.Default)
        {
            stream.FulfillReadRequest(filledView, done);
        }
        else
        {
            stream.FulfillReadIntoRequest(filledView, done);
        }
    }

    // ReadableByteStreamControllerConvertPullIntoDescriptor.
    private JsValue ConvertPullIntoDescriptor(PullIntoDescriptor pullIntoDescriptor)
    {
        // Steps 1-6: a new view of the filled elements over the transferred buffer.
        var buffer = ArrayBuffers.Transfer(_engine, pullIntoDescriptor.Buffer);
        return ArrayBuffers.NewView(_engine, pullIntoDescriptor.ViewConstructor, buffer, pullIntoDescriptor.ByteOffset,
            pullIntoDescriptor.BytesFilled / pullIntoDescriptor.ElementSize);
    }
}
