using System.Diagnostics;
using Jint;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.FileApi;

/// <summary>
/// A <c>Blob</c> platform object: an immutable byte sequence and a type. The bytes are a list of read-only segments
/// that other blobs may share — <c>slice()</c> and <c>new Blob([blob])</c> copy no bytes.
/// </summary>
/// <remarks>
/// Spec: https://w3c.github.io/FileAPI/#blob-section. No segment may be written to once it is in a blob: script can
/// never reach these arrays (reads hand out copies), and host code that passes bytes to <see cref="Create"/> gives
/// up the right to change them.
/// </remarks>
internal class JsBlob : ObjectInstance
{
    private readonly ReadOnlyMemory<byte>[] _segments;

    /// <summary>Creates a blob over <paramref name="segments"/> (none empty) holding <paramref name="length"/> bytes in all.</summary>
    internal JsBlob(Engine engine, ObjectInstance prototype, ReadOnlyMemory<byte>[] segments, long length, string type)
        : base(engine)
    {
        Debug.Assert(length == SumOf(segments), "length is the sum of the segments' lengths");
        Prototype = prototype;
        _segments = segments;
        Length = length;
        MediaType = type;
    }

    /// <summary>The number of bytes (<c>size</c>).</summary>
    public long Length { get; }

    /// <summary>The type: an ASCII-lowercase string of printable ASCII, or empty (<c>type</c>).</summary>
    public string MediaType { get; }

    /// <summary>The bytes, as consecutive read-only segments (none of them empty) that may be shared with other blobs.</summary>
    public ReadOnlySpan<ReadOnlyMemory<byte>> Segments => _segments;

    /// <summary>
    /// Creates a <c>Blob</c> with the realm's <c>Blob.prototype</c> that refers to <paramref name="bytes"/> without
    /// copying them: the caller hands them over and must not change them afterwards.
    /// </summary>
    /// <param name="engine">The engine whose realm the blob belongs to.</param>
    /// <param name="bytes">The blob's bytes, owned by the blob from now on.</param>
    /// <param name="type">The blob's type, already normalised (ASCII lowercase, U+0020 to U+007E), or empty.</param>
    public static JsBlob Create(Engine engine, ReadOnlyMemory<byte> bytes, string type)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(type);
        ReadOnlyMemory<byte>[] segments = bytes.IsEmpty ? [] : [bytes];
        return new JsBlob(engine, HostIntrinsics.Of(engine).Prototypes[BlobConstructor.Interface], segments, bytes.Length, type);
    }

    /// <summary>Copies the blob's bytes to the start of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Length"/>.</exception>
    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the blob has {Length}.", nameof(destination));
        }

        foreach (var segment in _segments)
        {
            segment.Span.CopyTo(destination);
            destination = destination[segment.Length..];
        }
    }

    /// <summary>Copies <paramref name="destination"/>'s length of the blob's bytes from <paramref name="start"/>.</summary>
    public void CopyTo(long start, Span<byte> destination)
    {
        Debug.Assert(start >= 0 && start + destination.Length <= Length, "the range lies inside the blob");
        var skip = start;
        foreach (var segment in _segments)
        {
            if (destination.IsEmpty)
            {
                break;
            }

            if (skip >= segment.Length)
            {
                skip -= segment.Length;
                continue;
            }

            var take = (int)Math.Min(segment.Length - skip, destination.Length);
            segment.Span.Slice((int)skip, take).CopyTo(destination);
            destination = destination[take..];
            skip = 0;
        }
    }

    /// <summary>
    /// A new <c>Blob</c> (never a <c>File</c>) referring to <paramref name="count"/> bytes from
    /// <paramref name="start"/>, sharing this blob's segments.
    /// </summary>
    /// <remarks>Spec: https://w3c.github.io/FileAPI/#slice-blob (step 6).</remarks>
    public JsBlob Slice(long start, long count, string type)
    {
        Debug.Assert(start >= 0 && count >= 0 && start + count <= Length, "the range lies inside the blob");
        var segments = new List<ReadOnlyMemory<byte>>();
        var skip = start;
        var remaining = count;
        foreach (var segment in _segments)
        {
            if (remaining == 0)
            {
                break;
            }

            if (skip >= segment.Length)
            {
                skip -= segment.Length;
                continue;
            }

            var take = (int)Math.Min(segment.Length - skip, remaining);
            segments.Add(segment.Slice((int)skip, take));
            remaining -= take;
            skip = 0;
        }

        var prototype = HostIntrinsics.Of(Engine).Prototypes[BlobConstructor.Interface];
        return new JsBlob(Engine, prototype, [.. segments], count, type);
    }

    private static long SumOf(ReadOnlyMemory<byte>[] segments)
    {
        long sum = 0;
        foreach (var segment in segments)
        {
            Debug.Assert(!segment.IsEmpty, "no empty segments");
            sum += segment.Length;
        }

        return sum;
    }
}
