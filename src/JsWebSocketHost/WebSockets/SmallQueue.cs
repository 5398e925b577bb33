namespace JsWebSocketHost.WebSockets;

/// <summary>
/// A thread-safe FIFO that starts small: an idle socket's queues cost a few dozen bytes, not the kilobytes of a
/// <see cref="System.Collections.Concurrent.ConcurrentQueue{T}"/> segment, and grow only under load.
/// </summary>
internal sealed class SmallQueue<T>
{
    private readonly Lock _gate = new();
    private Queue<T>? _items;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items?.Count ?? 0;
            }
        }
    }

    public bool IsEmpty => Count == 0;

    public void Enqueue(in T item)
    {
        lock (_gate)
        {
            (_items ??= new Queue<T>(2)).Enqueue(item);
        }
    }

    public bool TryDequeue(out T item)
    {
        lock (_gate)
        {
            if (_items is { Count: > 0 })
            {
                item = _items.Dequeue();
                return true;
            }
        }

        item = default!;
        return false;
    }
}
