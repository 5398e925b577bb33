using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace JsWebSocketHost.TestServer;

/// <summary>An HTTP/1.1 request head read straight off the connection by the raw handler.</summary>
internal sealed class RawHttpRequest
{
    /// <summary>A longer head is refused: the raw handler only needs a handshake.</summary>
    public const int MaxHeadBytes = 16 * 1024;

    private RawHttpRequest(string method, string target, Dictionary<string, string> headers)
    {
        Method = method;
        Target = target;
        Headers = headers;
        var query = target.IndexOf('?', StringComparison.Ordinal);
        Path = query < 0 ? target : target[..query];
        Query = query < 0 ? string.Empty : target[query..];
    }

    public string Method { get; }

    /// <summary>The request target as sent: path and query.</summary>
    public string Target { get; }

    public string Path { get; }

    /// <summary>The query with its leading '?', or empty.</summary>
    public string Query { get; }

    /// <summary>Header values by case-insensitive name; repeated headers joined with ", ".</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>Whether a comma-separated header holds <paramref name="token"/> (case-insensitive).</summary>
    public bool HeaderHasToken(string name, string token) =>
        Header(name)?.Split(',', StringSplitOptions.TrimEntries).Contains(token, StringComparer.OrdinalIgnoreCase) == true;

    /// <summary>Gets the path of a request line such as <c>GET /echo?x=1 HTTP/1.1</c>, or null when it is not one.</summary>
    public static string? PathOfRequestLine(ReadOnlySpan<byte> line)
    {
        var firstSpace = line.IndexOf((byte)' ');
        if (firstSpace <= 0)
        {
            return null;
        }

        var rest = line[(firstSpace + 1)..];
        var secondSpace = rest.IndexOf((byte)' ');
        var target = secondSpace < 0 ? rest : rest[..secondSpace];
        var query = target.IndexOf((byte)'?');
        return Encoding.Latin1.GetString(query < 0 ? target : target[..query]);
    }

    /// <summary>Reads and consumes the request head (through the empty line); null when it is malformed or too long.</summary>
    public static async Task<RawHttpRequest?> ReadAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var reader = new SequenceReader<byte>(buffer);
            if (reader.TryReadTo(out ReadOnlySequence<byte> head, "\r\n\r\n"u8))
            {
                // Decode before AdvanceTo: the pipe may reuse the memory once it is consumed.
                var text = head.Length <= MaxHeadBytes ? Encoding.Latin1.GetString(head) : null;
                input.AdvanceTo(reader.Position);
                return text is null ? null : Parse(text);
            }

            if (result.IsCompleted || buffer.Length > MaxHeadBytes)
            {
                input.AdvanceTo(buffer.End);
                return null;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static RawHttpRequest? Parse(string head)
    {
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            return null;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return null;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }

        return new RawHttpRequest(requestLine[0], requestLine[1], headers);
    }
}
