using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace JsWebSocketHost.WebIdl;

/// <summary>
/// WebIDL's buffer source types (<c>BufferSource</c>, <c>AllowSharedBufferSource</c>): recognising an
/// <c>ArrayBuffer</c>, a typed array or a <c>DataView</c>, and reading the bytes it holds without copying them.
/// </summary>
/// <remarks>
/// Spec: https://webidl.spec.whatwg.org/#BufferSource and
/// https://webidl.spec.whatwg.org/#dfn-get-buffer-source-copy. A view is read through the original
/// <c>buffer</c>/<c>byteOffset</c>/<c>byteLength</c> getters and the backing array is sliced; Jint's
/// <c>AsUint8Array()</c> would copy element by element.
/// </remarks>
internal static class BufferSource
{
    /// <summary>
    /// Whether <paramref name="value"/> converts to a buffer source type: an <c>ArrayBuffer</c>, a typed array or a
    /// <c>DataView</c>; a <c>SharedArrayBuffer</c> (or a view on one) only when <paramref name="allowShared"/>.
    /// </summary>
    /// <exception cref="JavaScriptException">
    /// A TypeError: <paramref name="value"/> is a view on a <c>SharedArrayBuffer</c> and shared memory is not allowed
    /// (WebIDL's conversion to a view type without <c>[AllowShared]</c> throws rather than falling through).
    /// </exception>
    public static bool Is(JsValue value, bool allowShared = false)
    {
        if (value is not ObjectInstance obj)
        {
            return false;
        }

        if (value is JsArrayBuffer)
        {
            return allowShared || !IsShared(value);
        }

        var isTypedArray = value is JsTypedArray;
        if (!isTypedArray && !value.IsDataView())
        {
            return false;
        }

        if (!allowShared)
        {
            var intrinsics = HostIntrinsics.Of(obj.Engine);
            var buffer = obj.Engine.Call(isTypedArray ? intrinsics.TypedArrayBuffer : intrinsics.DataViewBuffer, value, Arguments.Empty);
            if (IsShared(buffer))
            {
                throw SharedViewNotAllowed(obj.Engine);
            }
        }

        return true;
    }

    /// <summary>
    /// The bytes a buffer source holds, as a segment of its live backing array (empty when detached or out of
    /// bounds). The segment aliases script-visible memory: copy it before script runs again if it must stay.
    /// </summary>
    /// <returns>False when <paramref name="value"/> is not a buffer source (see <see cref="Is"/>).</returns>
    /// <exception cref="JavaScriptException">As <see cref="Is"/>.</exception>
    public static bool TryGetBytes(JsValue value, out ArraySegment<byte> bytes, bool allowShared = false)
    {
        bytes = ArraySegment<byte>.Empty;
        if (value is JsArrayBuffer)
        {
            if (!allowShared && IsShared(value))
            {
                return false;
            }

            // A detached buffer holds no bytes (its backing array is null); a resizable one may hold more than byteLength.
            if (value.AsArrayBuffer() is { } data)
            {
                var engine = ((ObjectInstance)value).Engine;
                var lengthGetter = IsShared(value)
                    ? HostIntrinsics.Of(engine).SharedArrayBufferByteLength
                    : HostIntrinsics.Of(engine).ArrayBufferByteLength;
                bytes = new ArraySegment<byte>(data, 0, Math.Min(data.Length, ReadLength(engine, lengthGetter, value)));
            }

            return true;
        }

        var isTypedArray = value is JsTypedArray;
        if (!isTypedArray && !value.IsDataView())
        {
            return false;
        }

        var obj = (ObjectInstance)value;
        var intrinsics = HostIntrinsics.Of(obj.Engine);
        var buffer = obj.Engine.Call(isTypedArray ? intrinsics.TypedArrayBuffer : intrinsics.DataViewBuffer, value, Arguments.Empty);
        if (!allowShared && IsShared(buffer))
        {
            throw SharedViewNotAllowed(obj.Engine);
        }

        if (buffer.AsArrayBuffer() is not { } backing)
        {
            // Detached: "get a copy of the bytes held by the buffer source" gives an empty byte sequence.
            return true;
        }

        int offset, length;
        if (isTypedArray)
        {
            // A typed array that is out of bounds (its resizable buffer shrank) reports 0 for both.
            offset = ReadLength(obj.Engine, intrinsics.TypedArrayByteOffset, value);
            length = ReadLength(obj.Engine, intrinsics.TypedArrayByteLength, value);
        }
        else
        {
            try
            {
                offset = ReadLength(obj.Engine, intrinsics.DataViewByteOffset, value);
                length = ReadLength(obj.Engine, intrinsics.DataViewByteLength, value);
            }
            catch (JavaScriptException)
            {
                // A DataView that is out of bounds throws from its getters; it views no bytes.
                return true;
            }
        }

        if ((uint)offset <= (uint)backing.Length && (uint)length <= (uint)(backing.Length - offset))
        {
            bytes = new ArraySegment<byte>(backing, offset, length);
        }

        return true;
    }

    /// <summary>A new <c>ArrayBuffer</c> that takes <paramref name="bytes"/> as its data block, without copying it.</summary>
    /// <remarks>The caller gives up <paramref name="bytes"/>: script may now change them.</remarks>
    public static JsArrayBuffer NewArrayBuffer(Engine engine, byte[] bytes) => engine.Intrinsics.ArrayBuffer.Construct(bytes);

    /// <summary>A new <c>Uint8Array</c> over a new <c>ArrayBuffer</c> that takes <paramref name="bytes"/> without copying.</summary>
    /// <remarks>The caller gives up <paramref name="bytes"/>: script may now change them.</remarks>
    public static JsTypedArray NewUint8Array(Engine engine, byte[] bytes) =>
        engine.Intrinsics.Uint8Array.Construct(NewArrayBuffer(engine, bytes), 0, bytes.Length);

    private static JavaScriptException SharedViewNotAllowed(Engine engine) =>
        ScriptErrors.TypeError(engine, "The provided ArrayBufferView is backed by a SharedArrayBuffer, which is not allowed here.");

    // Jint's SharedArrayBuffer is a subclass of JsArrayBuffer (internal, so compare the exact type).
    private static bool IsShared(JsValue buffer) => buffer is JsArrayBuffer && buffer.GetType() != typeof(JsArrayBuffer);

    private static int ReadLength(Engine engine, JsValue getter, JsValue target) =>
        (int)TypeConverter.ToNumber(engine.Call(getter, target, Arguments.Empty));
}
