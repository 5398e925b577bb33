using Jint.Native;

namespace JsWebSocketHost.Streams;

/// <summary>A read request made of three delegates, for the algorithms that define theirs inline.</summary>
internal sealed class ReadRequest(Action<JsValue> chunkSteps, Action closeSteps, Action<JsValue> errorSteps) : IReadRequest
{
    /// <inheritdoc />
    public void ChunkSteps(JsValue chunk) => chunkSteps(chunk);

    /// <inheritdoc />
    public void CloseSteps() => closeSteps();

    /// <inheritdoc />
    public void ErrorSteps(JsValue error) => errorSteps(error);
}
