using Jint.Native;

namespace JsWebSocketHost.Streams;

/// <summary>A read-into request of a BYOB reader: what to do with the filled view, at the end, or on error.</summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#read-into-request.</remarks>
internal interface IReadIntoRequest
{
    /// <summary>The chunk steps, given the filled view.</summary>
    void ChunkSteps(JsValue chunk);

    /// <summary>The close steps, given a view (or undefined).</summary>
    void CloseSteps(JsValue chunk);

    /// <summary>The error steps, given the error.</summary>
    void ErrorSteps(JsValue error);
}
