using System.Text;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.FileApi;

/// <summary>Converting <c>sequence&lt;BlobPart&gt;</c> and "process blob parts", shared by <c>Blob</c> and <c>File</c>.</summary>
/// <remarks>Spec: https://w3c.github.io/FileAPI/#process-blob-parts.</remarks>
internal static class BlobParts
{
    /// <summary>
    /// Converts a script value to <c>sequence&lt;BlobPart&gt;</c> through the iterator protocol. Each element becomes a
    /// Blob, a buffer source (whose bytes are read later, by <see cref="Process"/>) or a USVString.
    /// </summary>
    public static List<BlobPart> ToSequence(Engine engine, JsValue value, string context) =>
        WebIdlConvert.ToSequence(engine, value, static element =>
        {
            // The union's conversion: a Blob platform object, then a (non-shared) buffer source, else USVString.
            if (element is JsBlob blob)
            {
                return new BlobPart(blob, null, null);
            }

            if (BufferSource.Is(element))
            {
                return new BlobPart(null, (ObjectInstance)element, null);
            }

            return new BlobPart(null, null, WebIdlConvert.ToUSVString(element));
        }, context);

    /// <summary>
    /// "Process blob parts": the bytes of the parts, in order, as segments. A Blob part's segments are shared; each run
    /// of string and buffer parts is written into one new array of exactly its size, so bytes are copied once.
    /// </summary>
    /// <param name="engine">The engine to throw in.</param>
    /// <param name="parts">The converted parts, or null when none were given.</param>
    /// <param name="nativeEndings">Whether <c>endings</c> is "native".</param>
    /// <param name="length">The total number of bytes.</param>
    public static ReadOnlyMemory<byte>[] Process(Engine engine, List<BlobPart>? parts, bool nativeEndings, out long length)
    {
        // Step 1: let bytes be an empty sequence of bytes.
        length = 0;
        if (parts is null || parts.Count == 0)
        {
            return [];
        }

        var segments = new List<ReadOnlyMemory<byte>>(1);

        // Step 2: for each element in parts:
        var i = 0;
        while (i < parts.Count)
        {
            // Step 2.3: if element is a Blob, append the bytes it represents to bytes (sharing them).
            if (parts[i].Blob is { } blob)
            {
                foreach (var segment in blob.Segments)
                {
                    segments.Add(segment);
                }

                length += blob.Length;
                i++;
                continue;
            }

            // Steps 2.1-2.2 for a run of strings and buffer sources: measure, then write them into one array.
            var runEnd = i;
            long runLength = 0;
            for (; runEnd < parts.Count && parts[runEnd].Blob is null; runEnd++)
            {
                var part = parts[runEnd];
                if (part.Text is { } text)
                {
                    // Step 2.1: a string: if endings is "native", convert its line endings; then UTF-8 encode it.
                    if (nativeEndings)
                    {
                        text = ConvertLineEndingsToNative(text);
                        parts[runEnd] = part with { Text = text };
                    }

                    runLength += Encoding.UTF8.GetByteCount(text);
                }
                else
                {
                    // Step 2.2: a buffer source: get a copy of the bytes it holds (copied below; nothing runs between).
                    BufferSource.TryGetBytes(part.Buffer!, out var bytes);
                    parts[runEnd] = part with { Bytes = bytes };
                    runLength += bytes.Count;
                }
            }

            if (runLength > Array.MaxLength)
            {
                throw ScriptErrors.RangeError(engine, $"The blob parts hold {runLength} bytes, more than the {Array.MaxLength} this host can keep in one buffer.");
            }

            if (runLength > 0)
            {
                var buffer = GC.AllocateUninitializedArray<byte>((int)runLength);
                var offset = 0;
                for (var j = i; j < runEnd; j++)
                {
                    offset += parts[j].Text is { } text
                        ? Encoding.UTF8.GetBytes(text, buffer.AsSpan(offset))
                        : Copy(parts[j].Bytes, buffer.AsSpan(offset));
                }

                segments.Add(buffer);
                length += runLength;
            }

            i = runEnd;
        }

        // Step 3: return bytes.
        return [.. segments];
    }

    /// <summary>"Convert line endings to native": CR LF and lone CR become the platform's line ending (LF here).</summary>
    /// <remarks>Spec: https://w3c.github.io/FileAPI/#convert-line-endings-to-native.</remarks>
    public static string ConvertLineEndingsToNative(string text)
    {
        // Steps 1-2: the native line ending is LF, or CR LF on a platform whose convention that is.
        var native = OperatingSystem.IsWindows() ? "\r\n" : "\n";
        if (!text.Contains('\r', StringComparison.Ordinal) && (native == "\n" || !text.Contains('\n', StringComparison.Ordinal)))
        {
            return text;
        }

        // Steps 3-5: copy runs of other code points; each CR LF, CR or LF becomes the native line ending.
        var result = new StringBuilder(text.Length);
        var position = 0;
        while (position < text.Length)
        {
            var next = text.AsSpan(position).IndexOfAny('\r', '\n');
            if (next < 0)
            {
                result.Append(text, position, text.Length - position);
                break;
            }

            result.Append(text, position, next);
            position += next;
            if (text[position] == '\r' && position + 1 < text.Length && text[position + 1] == '\n')
            {
                position++;
            }

            position++;
            result.Append(native);
        }

        // Step 6: return result.
        return result.ToString();
    }

    private static int Copy(ArraySegment<byte> source, Span<byte> destination)
    {
        source.AsSpan().CopyTo(destination);
        return source.Count;
    }
}
