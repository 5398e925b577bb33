using Jint;
using Jint.Native;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>
/// A stream controller's [[queue]] and [[queueTotalSize]]: value-with-size records and the sum of their sizes.
/// </summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#queue-with-sizes.</remarks>
internal sealed class QueueWithSizes
{
    private readonly Queue<(JsValue Value, double Size)> _queue = new();

    /// <summary>[[queueTotalSize]].</summary>
    public double TotalSize { get; private set; }

    /// <summary>The number of records in the queue.</summary>
    public int Count => _queue.Count;

    /// <summary>DequeueValue: removes the first record and returns its value.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#dequeue-value.</remarks>
    public JsValue Dequeue()
    {
        // Steps 3-6: remove the first record; subtract its size, rounding errors below zero aside.
        var (value, size) = _queue.Dequeue();
        TotalSize -= size;
        if (TotalSize < 0)
        {
            TotalSize = 0;
        }

        return value;
    }

    /// <summary>EnqueueValueWithSize.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#enqueue-value-with-size.</remarks>
    public void Enqueue(Engine engine, JsValue value, double size)
    {
        // Step 2: if ! IsNonNegativeNumber(size) is false, throw a RangeError exception.
        if (double.IsNaN(size) || size < 0)
        {
            throw ScriptErrors.RangeError(engine, "The size of a chunk must be a non-negative number, as the queuing strategy's size() returns it.");
        }

        // Step 3: if size is +∞, throw a RangeError exception.
        if (double.IsPositiveInfinity(size))
        {
            throw ScriptErrors.RangeError(engine, "The size of a chunk must be finite.");
        }

        // Steps 4-5: append a new value-with-size; add size to [[queueTotalSize]].
        _queue.Enqueue((value, size));
        TotalSize += size;
    }

    /// <summary>PeekQueueValue.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#peek-queue-value.</remarks>
    public JsValue Peek() => _queue.Peek().Value;

    /// <summary>ResetQueue.</summary>
    /// <remarks>Spec: https://streams.spec.whatwg.org/#reset-queue.</remarks>
    public void Reset()
    {
        _queue.Clear();
        TotalSize = 0;
    }
}
