using System.Security.Cryptography;

namespace JsWebSocketHost.TestServer;

/// <summary>
/// Documents that a runner puts on the server's origin (the pages and scripts <c>jsws test --browser</c> loads), by
/// path, and optionally query. A behaviour's path always wins over content at the same path. Only a request that
/// carries the cookie <see cref="CookieName"/> with <see cref="Token"/> is given a document, so other local
/// processes cannot read what is served; the runner sets that cookie in the browser contexts it starts.
/// </summary>
internal sealed class ServedContent
{
    /// <summary>The cookie that carries <see cref="Token"/>.</summary>
    public const string CookieName = "jsws-served-content";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>A random value, new for each server, that a request must carry to read served content.</summary>
    public string Token { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// Serves <paramref name="body"/> at <paramref name="key"/> (a path as the server sees it, decoded but for
    /// <c>%2F</c>; or that path, <c>?</c> and a query as sent), or takes one more reference to the same body there.
    /// </summary>
    /// <returns>False when another body is served there (nothing changes).</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> does not start with '/'.</exception>
    public bool TryAdd(string key, string contentType, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(contentType);
        ArgumentNullException.ThrowIfNull(body);
        if (!key.StartsWith('/'))
        {
            throw new ArgumentException("A served path starts with '/'.", nameof(key));
        }

        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                _entries[key] = new Entry(contentType, body);
                return true;
            }

            if (!entry.Body.AsSpan().SequenceEqual(body))
            {
                return false;
            }

            entry.References++;
            return true;
        }
    }

    /// <summary>Drops one reference to <paramref name="key"/>; the last one stops serving it.</summary>
    public void Release(string key)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry) && --entry.References == 0)
            {
                _entries.Remove(key);
            }
        }
    }

    /// <summary>The document for a request to <paramref name="path"/> with <paramref name="query"/> (empty or starting
    /// with '?') carrying <paramref name="token"/>: the one at path and query, else the one at the path alone.</summary>
    public bool TryGet(string path, string query, string? token, out string contentType, out byte[] body)
    {
        (contentType, body) = ("", []);
        if (token is null || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(token), System.Text.Encoding.ASCII.GetBytes(Token)))
        {
            return false;
        }

        lock (_gate)
        {
            if ((query.Length > 0 && _entries.TryGetValue(path + query, out var entry)) || _entries.TryGetValue(path, out entry))
            {
                (contentType, body) = (entry.ContentType, entry.Body);
                return true;
            }
        }

        return false;
    }

    private sealed class Entry(string contentType, byte[] body)
    {
        public string ContentType { get; } = contentType;

        public byte[] Body { get; } = body;

        public int References { get; set; } = 1;
    }
}
