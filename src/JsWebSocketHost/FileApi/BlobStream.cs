using Jint;
using Jint.Native;
using JsWebSocketHost.Streams;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.FileApi;

/// <summary>
/// <c>Blob.prototype.stream()</c>: "get stream" of a blob, a readable byte stream of its bytes in <c>Uint8Array</c>
/// chunks of at most 64 KiB, each read in a task of its own when the stream is pulled.
/// </summary>
/// <remarks>
/// Spec: https://w3c.github.io/FileAPI/#blob-get-stream. The stream is set up with byte reading support (a BYOB reader
/// reads into its own buffer); its high water mark is 0, so no chunk is read before a read asks for one.
/// </remarks>
internal static class BlobStream
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>A new stream of <paramref name="blob"/>'s bytes.</summary>
    public static JsReadableStream Create(JsBlob blob)
    {
        var engine = blob.Engine;
        var host = HostIntrinsics.Of(engine).Host;
        long position = 0;
        JsReadableStream? stream = null;

        // Step 4: each pull reads the next chunk in a task of the file reading task source, enqueues it as a new
        // Uint8Array, and closes the stream after the last one.
        JsValue Pull()
        {
            var pulled = StreamPromises.New(engine);
            host.PostTask(_ =>
            {
                var controller = (JsReadableByteStreamController)stream!.Controller!;
                if (!controller.CloseRequested && stream.State == ReadableStreamState.Readable)
                {
                    var count = (int)Math.Min(ChunkSize, blob.Length - position);
                    if (count > 0)
                    {
                        var bytes = new byte[count];
                        blob.CopyTo(position, bytes);
                        position += count;
                        controller.Enqueue(BufferSource.NewUint8Array(engine, bytes));
                    }

                    if (position >= blob.Length)
                    {
                        controller.CloseForSpecification();
                    }
                }

                pulled.Resolve(JsValue.Undefined);
            }, null);
            return pulled.Promise;
        }

        // Steps 1-2: a new ReadableStream, set up with byte reading support.
        stream = JsReadableStream.CreateWithByteReadingSupport(engine, Pull,
            _ => StreamPromises.ResolvedWith(engine, JsValue.Undefined));
        return stream;
    }
}
