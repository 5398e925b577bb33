using Jint.Native;

namespace JsWebSocketHost.Streams;

/// <summary>A read request: what to do with the next chunk, at the end of the stream, or on its error.</summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#read-request.</remarks>
internal interface IReadRequest
{
    /// <summary>The chunk steps, given a chunk.</summary>
    void ChunkSteps(JsValue chunk);

    /// <summary>The close steps.</summary>
    void CloseSteps();

    /// <summary>The error steps, given the error.</summary>
    void ErrorSteps(JsValue error);
}
