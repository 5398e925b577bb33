using Jint;
using Jint.Native;
using Jint.Native.Object;

namespace JsWebSocketHost.WebSockets;

/// <summary>Moves binary message data between the socket and script values.</summary>
internal static class BinaryData
{
    /// <summary>A Blob (empty type) owning <paramref name="bytes"/>, with no copy.</summary>
    public static JsValue CreateBlob(Engine engine, byte[] bytes)
    {
        var blobConstructor = engine.Global.Get("Blob") as ObjectInstance;
        // Until the File API lands, fall back to an ArrayBuffer wrapped in a one-part Blob constructed from script.
        if (blobConstructor is null)
        {
            return engine.Intrinsics.ArrayBuffer.Construct(bytes);
        }

        var parts = engine.Intrinsics.Array.Construct([engine.Intrinsics.ArrayBuffer.Construct(bytes)]);
        return engine.Construct(blobConstructor, [parts]);
    }
}
