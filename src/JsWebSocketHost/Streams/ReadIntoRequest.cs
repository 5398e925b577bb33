using Jint.Native;

namespace JsWebSocketHost.Streams;

/// <summary>A read-into request made of three delegates.</summary>
internal sealed class ReadIntoRequest(Action<JsValue> chunkSteps, Action<JsValue> closeSteps, Action<JsValue> errorSteps) : IReadIntoRequest
{
    /// <inheritdoc />
    public void ChunkSteps(JsValue chunk) => chunkSteps(chunk);

    /// <inheritdoc />
    public void CloseSteps(JsValue chunk) => closeSteps(chunk);

    /// <inheritdoc />
    public void ErrorSteps(JsValue error) => errorSteps(error);
}
