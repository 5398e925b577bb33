using Jint.Native.Object;

namespace JsWebSocketHost.FileApi;

/// <summary>
/// One converted <c>BlobPart</c>, the union <c>(BufferSource or Blob or USVString)</c>: exactly one of
/// <see cref="Blob"/>, <see cref="Buffer"/> and <see cref="Text"/> is set. <see cref="Bytes"/> holds a buffer's bytes
/// once they are read.
/// </summary>
/// <remarks>Spec: https://w3c.github.io/FileAPI/#typedefdef-blobpart.</remarks>
internal readonly record struct BlobPart(JsBlob? Blob, ObjectInstance? Buffer, string? Text)
{
    /// <summary>The bytes of <see cref="Buffer"/> (aliasing script memory), once read by "process blob parts".</summary>
    public ArraySegment<byte> Bytes { get; init; }
}
