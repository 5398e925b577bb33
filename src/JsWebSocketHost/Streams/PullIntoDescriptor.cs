using Jint.Native;
using Jint.Native.Object;

namespace JsWebSocketHost.Streams;

/// <summary>A pull-into descriptor: a pending read into a buffer of a readable byte stream.</summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#pull-into-descriptor.</remarks>
internal sealed class PullIntoDescriptor
{
    /// <summary>buffer: an ArrayBuffer (replaced by its transfer as it moves).</summary>
    public required JsValue Buffer { get; set; }

    /// <summary>buffer byte length.</summary>
    public required int BufferByteLength { get; init; }

    /// <summary>byte offset.</summary>
    public required int ByteOffset { get; init; }

    /// <summary>byte length.</summary>
    public required int ByteLength { get; init; }

    /// <summary>bytes filled.</summary>
    public int BytesFilled { get; set; }

    /// <summary>minimum fill.</summary>
    public required int MinimumFill { get; init; }

    /// <summary>element size.</summary>
    public required int ElementSize { get; init; }

    /// <summary>view constructor.</summary>
    public required ObjectInstance ViewConstructor { get; init; }

    /// <summary>reader type: "default", "byob" or "none".</summary>
    public required PullIntoReaderType ReaderType { get; set; }
}
