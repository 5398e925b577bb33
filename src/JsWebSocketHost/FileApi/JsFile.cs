using Jint;
using Jint.Native.Object;

namespace JsWebSocketHost.FileApi;

/// <summary>A <c>File</c> platform object: a blob with a name and a last-modified time.</summary>
/// <remarks>Spec: https://w3c.github.io/FileAPI/#file-section.</remarks>
internal sealed class JsFile(
    Engine engine, ObjectInstance prototype, ReadOnlyMemory<byte>[] segments, long length, string type, string name, long lastModified)
    : JsBlob(engine, prototype, segments, length, type)
{
    /// <summary>The file's name (<c>name</c>).</summary>
    public string Name { get; } = name;

    /// <summary>Milliseconds since the Unix epoch (<c>lastModified</c>).</summary>
    public long LastModified { get; } = lastModified;
}
