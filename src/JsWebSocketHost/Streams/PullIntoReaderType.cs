namespace JsWebSocketHost.Streams;

/// <summary>A pull-into descriptor's reader type.</summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#pull-into-descriptor-reader-type.</remarks>
internal enum PullIntoReaderType
{
    /// <summary>"default": made for a default reader's read (autoAllocateChunkSize).</summary>
    Default,

    /// <summary>"byob": made for a BYOB reader's read.</summary>
    Byob,

    /// <summary>"none": its reader was released.</summary>
    None,
}
