using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.Encodings;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.FileApi;

/// <summary>The shape of <c>Blob.prototype</c>, built once per process.</summary>
/// <remarks>
/// Spec: https://w3c.github.io/FileAPI/#blob-section. The reads (<c>text()</c>, <c>arrayBuffer()</c>, <c>bytes()</c>) settle their promise in a
/// task on the event loop, as a browser's read of the blob's stream does, never inside the call.
/// </remarks>
internal static class BlobPrototype
{
    private const string Interface = BlobConstructor.Interface;

    // The longest string the runtime can hold, in UTF-16 code units (a decoded blob is at most one longer than its bytes).
    private const int MaxStringLength = 0x3FFFFFDF;

    public static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("size", static (t, _) => JsNumber.Create(Brand(t, "size").Length), enumerable: true, configurable: true)
        .Accessor("type", static (t, _) => Brand(t, "type").MediaType, enumerable: true, configurable: true)
        .Method("slice", static (t, a) => Slice(Brand(t, "slice"), a), 0)
        .Method("stream", static (t, _) => BlobStream.Create(Brand(t, "stream")), 0)
        .Method("text", static (t, _) => Read(t, "text", ReadKind.Text), 0)
        .Method("arrayBuffer", static (t, _) => Read(t, "arrayBuffer", ReadKind.ArrayBuffer), 0)
        .Method("bytes", static (t, _) => Read(t, "bytes", ReadKind.Bytes), 0)
        .ToStringTag(Interface)
        .Build();

    private enum ReadKind
    {
        Text,
        ArrayBuffer,
        Bytes,
    }

    /// <summary>Installs the shape on an engine, inheriting from <c>Object.prototype</c>.</summary>
    public static ObjectInstance Instantiate(Engine engine) =>
        Shape.Instantiate(engine, HostIntrinsics.Of(engine).ObjectPrototype);

    private static JsBlob Brand(JsValue thisObj, string member) =>
        thisObj as JsBlob ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);

    // Blob slice(optional [Clamp] long long start, optional [Clamp] long long end, optional DOMString contentType).
    // Spec: https://w3c.github.io/FileAPI/#dfn-slice and https://w3c.github.io/FileAPI/#slice-blob.
    private static JsBlob Slice(JsBlob blob, JsValue[] args)
    {
        // Steps 1-4 of slice(): each argument that is undefined is "not given" (null).
        long? start = args.Length > 0 && !args[0].IsUndefined() ? WebIdlConvert.ToClampedLongLong(args[0]) : null;
        long? end = args.Length > 1 && !args[1].IsUndefined() ? WebIdlConvert.ToClampedLongLong(args[1]) : null;
        var contentType = args.Length > 2 && !args[2].IsUndefined() ? WebIdlConvert.ToDOMString(args[2]) : null;

        // "Slice blob", step 1: let originalSize be blob's size.
        var originalSize = blob.Length;

        // Step 2: relativeStart: 0 if start is null; from the end if negative (at least 0); at most originalSize.
        var relativeStart = start switch
        {
            null => 0,
            < 0 => Math.Max(originalSize + start.Value, 0),
            _ => Math.Min(start.Value, originalSize),
        };

        // Step 3: relativeEnd likewise, with originalSize when end is null.
        var relativeEnd = end switch
        {
            null => originalSize,
            < 0 => Math.Max(originalSize + end.Value, 0),
            _ => Math.Min(end.Value, originalSize),
        };

        // Step 4: relativeContentType: "" if contentType is null, else the type steps (printable ASCII, lowercased).
        var relativeContentType = contentType is null ? "" : BlobPropertyBag.NormalizeType(contentType);

        // Step 5: let span be max((relativeEnd - relativeStart), 0).
        var span = Math.Max(relativeEnd - relativeStart, 0);

        // Step 6: a new Blob of span bytes of blob from relativeStart, with type relativeContentType.
        return blob.Slice(relativeStart, span, relativeContentType);
    }

    // text(), arrayBuffer(), bytes(): read all bytes, then transform them. The bytes are read in a task, as reading
    // the blob's stream takes at least one; a Promise-returning operation reports a failed brand check as a rejection.
    // Spec: https://w3c.github.io/FileAPI/#dom-blob-text, #dom-blob-arraybuffer, #dom-blob-bytes.
    private static JsValue Read(JsValue thisObj, string member, ReadKind kind)
    {
        if (thisObj is not JsBlob blob)
        {
            var error = ScriptErrors.IllegalInvocation(thisObj, Interface, member);
            var (rejected, _, reject) = ScriptErrors.EngineFor(thisObj).Advanced.RegisterPromise();
            reject(error.Error);
            return rejected;
        }

        var (promise, resolve, rejectRead) = blob.Engine.Advanced.RegisterPromise();
        var host = HostIntrinsics.Of(blob.Engine).Host;
        host.PostTask(static state => ((PendingRead)state!).Complete(), new PendingRead(blob, kind, resolve, rejectRead));
        return promise;
    }

    private sealed class PendingRead(JsBlob blob, ReadKind kind, Action<JsValue> resolve, Action<JsValue> reject)
    {
        public void Complete()
        {
            var engine = blob.Engine;
            if (blob.Length > (kind == ReadKind.Text ? MaxStringLength : Array.MaxLength))
            {
                reject(ScriptErrors.RangeError(engine, $"The blob's {blob.Length} bytes are too many to read into one {(kind == ReadKind.Text ? "string" : "ArrayBuffer")}.").Error);
                return;
            }

            switch (kind)
            {
                case ReadKind.Text:
                    // text(): the result of running UTF-8 decode on the bytes.
                    resolve(new JsString(Utf8Decoder.Utf8Decode(blob.Segments, (int)blob.Length)));
                    break;
                case ReadKind.ArrayBuffer:
                    // arrayBuffer(): a new ArrayBuffer whose contents are the bytes (copied once, handed over whole).
                    resolve(BufferSource.NewArrayBuffer(engine, CopyBytes(blob)));
                    break;
                default:
                    // bytes(): a new Uint8Array wrapping an ArrayBuffer containing the bytes.
                    resolve(BufferSource.NewUint8Array(engine, CopyBytes(blob)));
                    break;
            }
        }

        private static byte[] CopyBytes(JsBlob blob)
        {
            var bytes = GC.AllocateUninitializedArray<byte>((int)blob.Length);
            blob.CopyTo(bytes);
            return bytes;
        }
    }
}
