using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace JsWebSocketHost.WebSockets;

/// <summary>Reads the bytes of a BufferSource (ArrayBuffer, typed array, DataView) or a Blob without extra copies.</summary>
internal static class BufferSourceBytes
{
    /// <summary>The bytes an ArrayBuffer or ArrayBufferView covers; an empty span for a detached buffer.</summary>
    public static bool TryGet(JsValue value, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        if (value is JsArrayBuffer)
        {
            var backing = value.AsArrayBuffer();
            if (backing is not null)
            {
                var length = (int)TypeConverter.ToNumber(((ObjectInstance)value).Get("byteLength"));
                bytes = backing.AsSpan(0, Math.Min(length, backing.Length));
            }

            return true;
        }

        if (value is JsTypedArray || value.IsDataView())
        {
            // Read the view through its intrinsic-like properties: never AsUint8Array() on a view with an offset.
            var view = (ObjectInstance)value;
            var buffer = view.Get("buffer");
            var backing = buffer.AsArrayBuffer();
            if (backing is not null)
            {
                var offset = (int)TypeConverter.ToNumber(view.Get("byteOffset"));
                var length = (int)TypeConverter.ToNumber(view.Get("byteLength"));
                bytes = backing.AsSpan(offset, length);
            }

            return true;
        }

        return false;
    }

    /// <summary>The bytes of a Blob, shared (a Blob is immutable).</summary>
    public static bool TryGetBlob(JsValue value, out ReadOnlyMemory<byte> bytes)
    {
        bytes = default;
        _ = value;
        return false;
    }
}
