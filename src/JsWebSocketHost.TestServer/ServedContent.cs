using System.Collections.Concurrent;

namespace JsWebSocketHost.TestServer;

/// <summary>
/// Documents that a runner puts on the server's origin (the pages and scripts <c>jsws test --browser</c> loads), by
/// exact path and query. A behaviour's path always wins over content at the same path.
/// </summary>
internal sealed class ServedContent
{
    private readonly ConcurrentDictionary<string, (string ContentType, byte[] Body)> _entries = new(StringComparer.Ordinal);

    /// <summary>Serves <paramref name="body"/> at <paramref name="pathAndQuery"/> (which starts with '/').</summary>
    /// <returns>False when another body is already served there (the first stays).</returns>
    /// <exception cref="ArgumentException"><paramref name="pathAndQuery"/> does not start with '/'.</exception>
    public bool TryAdd(string pathAndQuery, string contentType, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        ArgumentNullException.ThrowIfNull(contentType);
        ArgumentNullException.ThrowIfNull(body);
        if (!pathAndQuery.StartsWith('/'))
        {
            throw new ArgumentException("A served path starts with '/'.", nameof(pathAndQuery));
        }

        var entry = _entries.GetOrAdd(pathAndQuery, (contentType, body));
        return ReferenceEquals(entry.Body, body) || entry.Body.AsSpan().SequenceEqual(body);
    }

    /// <summary>Stops serving <paramref name="pathAndQuery"/>.</summary>
    public void Remove(string pathAndQuery) => _entries.TryRemove(pathAndQuery, out _);

    /// <summary>The document at exactly this path and query, if any.</summary>
    public bool TryGet(string pathAndQuery, out string contentType, out byte[] body)
    {
        var found = _entries.TryGetValue(pathAndQuery, out var entry);
        (contentType, body) = found ? entry : ("", []);
        return found;
    }
}
