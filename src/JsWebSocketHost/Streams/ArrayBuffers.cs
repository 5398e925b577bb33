using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>The ECMAScript ArrayBuffer and view operations byte streams use, through the original intrinsics.</summary>
/// <remarks>Spec: https://tc39.es/ecma262/#sec-arraybuffer-objects and
/// https://streams.spec.whatwg.org/#transfer-array-buffer.</remarks>
internal static class ArrayBuffers
{
    /// <summary>IsDetachedBuffer.</summary>
    public static bool IsDetached(JsValue buffer) => buffer.AsArrayBuffer() is null;

    /// <summary>IsResizableArrayBuffer (false for a SharedArrayBuffer, which views here never reach).</summary>
    public static bool IsResizable(Engine engine, JsValue buffer) =>
        buffer is JsArrayBuffer && Jint.Runtime.TypeConverter.ToBoolean(engine.Call(HostIntrinsics.Of(engine).ArrayBufferResizable, buffer, []));

    /// <summary>
    /// Converts <paramref name="value"/> to WebIDL's <c>ArrayBufferView</c> (no [AllowShared], no [AllowResizable]):
    /// a typed array or DataView whose buffer is neither shared nor resizable; null when it is not one.
    /// </summary>
    /// <exception cref="Jint.Runtime.JavaScriptException">A TypeError for a view on a shared or resizable buffer.</exception>
    public static bool IsArrayBufferView(Engine engine, JsValue value, string context)
    {
        if (value is not JsTypedArray && !value.IsDataView())
        {
            return false;
        }

        // BufferSource.Is throws the TypeError for a shared buffer.
        BufferSource.Is(value);
        if (IsResizable(engine, ViewBytes(engine, value).Buffer))
        {
            throw ScriptErrors.TypeError(engine, $"{context}: the view's ArrayBuffer must not be resizable.");
        }

        return true;
    }

    /// <summary>TransferArrayBuffer: a new ArrayBuffer with the bytes of <paramref name="buffer"/>, which is detached.</summary>
    public static JsValue Transfer(Engine engine, JsValue buffer) =>
        engine.Call(HostIntrinsics.Of(engine).ArrayBufferTransfer, buffer, []);

    /// <summary>[[ArrayBufferByteLength]].</summary>
    public static int ByteLength(Engine engine, JsValue buffer) =>
        (int)Jint.Runtime.TypeConverter.ToNumber(engine.Call(HostIntrinsics.Of(engine).ArrayBufferByteLength, buffer, []));

    /// <summary>A view's [[ViewedArrayBuffer]], [[ByteOffset]] and [[ByteLength]].</summary>
    public static (JsValue Buffer, int ByteOffset, int ByteLength) ViewBytes(Engine engine, JsValue view)
    {
        var intrinsics = HostIntrinsics.Of(engine);
        var typed = view is JsTypedArray;
        var buffer = engine.Call(typed ? intrinsics.TypedArrayBuffer : intrinsics.DataViewBuffer, view, []);
        if (IsDetached(buffer))
        {
            return (buffer, 0, 0);
        }

        var offset = engine.Call(typed ? intrinsics.TypedArrayByteOffset : intrinsics.DataViewByteOffset, view, []);
        var length = engine.Call(typed ? intrinsics.TypedArrayByteLength : intrinsics.DataViewByteLength, view, []);
        return (buffer, (int)Jint.Runtime.TypeConverter.ToNumber(offset), (int)Jint.Runtime.TypeConverter.ToNumber(length));
    }

    /// <summary>A typed array's [[ArrayLength]].</summary>
    public static int ArrayLength(Engine engine, JsValue view) =>
        (int)Jint.Runtime.TypeConverter.ToNumber(engine.Call(HostIntrinsics.Of(engine).TypedArrayLength, view, []));

    /// <summary>The element size and the constructor of a view: its typed array kind's, or 1 and %DataView%.</summary>
    public static (int ElementSize, ObjectInstance Constructor) ElementInfo(Engine engine, JsValue view)
    {
        var intrinsics = engine.Intrinsics;
        if (view is not JsTypedArray)
        {
            return (1, HostIntrinsics.Of(engine).DataViewConstructor);
        }

        var name = Jint.Runtime.TypeConverter.ToString(engine.Call(HostIntrinsics.Of(engine).TypedArrayName, view, []));
        return name switch
        {
            "Int8Array" => (1, intrinsics.Int8Array),
            "Uint8Array" => (1, intrinsics.Uint8Array),
            "Uint8ClampedArray" => (1, intrinsics.Uint8ClampedArray),
            "Int16Array" => (2, intrinsics.Int16Array),
            "Uint16Array" => (2, intrinsics.Uint16Array),
            "Float16Array" => (2, intrinsics.Float16Array),
            "Int32Array" => (4, intrinsics.Int32Array),
            "Uint32Array" => (4, intrinsics.Uint32Array),
            "Float32Array" => (4, intrinsics.Float32Array),
            "Float64Array" => (8, intrinsics.Float64Array),
            "BigInt64Array" => (8, intrinsics.BigInt64Array),
            _ => (8, intrinsics.BigUint64Array),
        };
    }

    /// <summary>Construct(constructor, « buffer, byteOffset, length »): a view of that kind.</summary>
    public static JsValue NewView(Engine engine, ObjectInstance constructor, JsValue buffer, int byteOffset, int length) =>
        constructor is Jint.Native.Constructor c
            ? c.Construct([buffer, byteOffset, length], c)
            : throw new InvalidOperationException("A view constructor is not a constructor.");

    /// <summary>A new Uint8Array over <paramref name="buffer"/>.</summary>
    public static JsValue NewUint8Array(Engine engine, JsValue buffer, int byteOffset, int byteLength) =>
        NewView(engine, engine.Intrinsics.Uint8Array, buffer, byteOffset, byteLength);

    /// <summary>CopyDataBlockBytes between two ArrayBuffers.</summary>
    public static void Copy(JsValue to, int toIndex, JsValue from, int fromIndex, int count) =>
        from.AsArrayBuffer()!.AsSpan(fromIndex, count).CopyTo(to.AsArrayBuffer()!.AsSpan(toIndex, count));

    /// <summary>CloneArrayBuffer(buffer, byteOffset, byteLength, %ArrayBuffer%).</summary>
    public static JsValue Clone(Engine engine, JsValue buffer, int byteOffset, int byteLength) =>
        BufferSource.NewArrayBuffer(engine, buffer.AsArrayBuffer()!.AsSpan(byteOffset, byteLength).ToArray());
}
