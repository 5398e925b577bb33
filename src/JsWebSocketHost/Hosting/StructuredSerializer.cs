using System.Runtime.CompilerServices;
using Jint;
using Jint.Native;
using Jint.Native.Error;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using JsWebSocketHost.FileApi;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// HTML's structured serialization within one realm: <see cref="SerializeWithTransfer"/> turns a value into records
/// (running the script's getters as it goes, as the spec orders them), <see cref="DeserializeWithTransfer"/> builds
/// the copy from them. Cycles and shared references come out as they went in.
/// </summary>
/// <remarks>
/// Spec: https://html.spec.whatwg.org/multipage/structured-data.html#safe-passing-of-structured-data. Known gap: a
/// typed array or DataView that tracks the length of a resizable buffer is copied with its current, fixed length:
/// Jint 4.18 does not expose whether a view tracks its buffer's length.
/// </remarks>
internal sealed class StructuredSerializer(Engine engine, StructuredCloneIntrinsics intrinsics, string context)
{
    // Every so many serialized values the engine's constraints are checked, so a huge clone still honours the
    // task's time, statement and memory limits.
    private const int ValuesPerConstraintCheck = 1024;

    private readonly Dictionary<ObjectInstance, Serialized> _memory = new(ReferenceEqualityComparer.Instance);
    private int _valuesToConstraintCheck = ValuesPerConstraintCheck;

    /// <summary>The result of <see cref="SerializeWithTransfer"/>: the records, and the buffers moved out of the original.</summary>
    public sealed class WithTransfer(Serialized serialized, List<TransferRecord> transferDataHolders)
    {
        public Serialized Serialized { get; } = serialized;

        public List<TransferRecord> TransferDataHolders { get; } = transferDataHolders;
    }

    /// <summary>StructuredSerializeWithTransfer(value, transferList).</summary>
    /// <remarks>Spec: https://html.spec.whatwg.org/multipage/structured-data.html#structuredserializewithtransfer.</remarks>
    public WithTransfer SerializeWithTransfer(JsValue value, List<ObjectInstance> transferList)
    {
        // Step 1: let memory be an empty map (this serializer's).
        // Step 2: check each transferable and hold its place in memory.
        var holders = new List<TransferRecord>(transferList.Count);
        foreach (var transferable in transferList)
        {
            // Steps 2.1-2.2: the transferables are ArrayBuffers (never a SharedArrayBuffer) and MessagePorts.
            if (transferable is not (JsArrayBuffer or JsMessagePort) || (transferable is JsArrayBuffer shared && IsShared(shared)))
            {
                throw DataCloneError("a value in 'transfer' is neither an ArrayBuffer nor a MessagePort");
            }

            // Step 2.3: a value may be listed once.
            if (_memory.ContainsKey(transferable))
            {
                throw DataCloneError("a value is listed in 'transfer' more than once");
            }

            // Step 2.4: memory[transferable] = { [[Type]]: uninitialized }.
            var holder = new TransferRecord(transferable);
            _memory[transferable] = holder;
            holders.Add(holder);
        }

        // Step 3: let serialized be ? StructuredSerializeInternal(value, false, memory).
        var serialized = Serialize(value);

        // Step 5: for each transferable, in order: check it, then move it to its data holder.
        var moved = new List<TransferRecord>(holders.Count);
        try
        {
            Transfer(holders, moved);
        }
        catch (JavaScriptException)
        {
            // The ports this call moved before the error are gone with the value: their partners must not queue for
            // them. (A port listed that was sent before is not this call's to discard.)
            JsMessagePort.Discard(new WithTransfer(serialized, moved));
            throw;
        }

        // Step 6.
        return new WithTransfer(serialized, holders);
    }

    private void Transfer(List<TransferRecord> holders, List<TransferRecord> moved)
    {
        foreach (var holder in holders)
        {
            // Steps 5.1-5.2: one detached before or meanwhile (by a getter) cannot be transferred.
            if (holder.Source is JsMessagePort port)
            {
                if (port.Detached)
                {
                    throw DataCloneError("a MessagePort in 'transfer' is closed or was sent already");
                }

                // Steps 5.4-5.5 (the MessagePort transfer steps) and 5.3: the data holder keeps its port message queue
                // and the port it is entangled with; the port is detached.
                port.Ship();
                moved.Add(holder);
                continue;
            }

            if (holder.Source.AsArrayBuffer() is null)
            {
                throw DataCloneError("an ArrayBuffer in 'transfer' is detached");
            }

            // Steps 5.4.1-5.4.3: the data holder gets the bytes, length and (if resizable) maximum length, and the
            // buffer is detached (? DetachArrayBuffer): ArrayBuffer.prototype.transfer does exactly that, into a
            // new buffer of this realm that deserialization hands out.
            holder.Moved = (JsArrayBuffer)engine.Call(intrinsics.ArrayBufferTransfer, holder.Source, Arguments.Empty);
        }
    }

    /// <summary>StructuredDeserializeWithTransfer(serializeWithTransferResult, targetRealm): the copy.</summary>
    /// <remarks>Spec: https://html.spec.whatwg.org/multipage/structured-data.html#structureddeserializewithtransfer.</remarks>
    /// <param name="result">What <see cref="SerializeWithTransfer"/> gave.</param>
    /// <param name="transferredPorts">When given, gets the new MessagePorts, in the order of the transfer list.</param>
    public JsValue DeserializeWithTransfer(WithTransfer result, List<ObjectInstance>? transferredPorts = null)
    {
        // Steps 1-3: memory maps each transfer data holder to the value made for it: the buffer now holding its
        // bytes, or a new port (the MessagePort transfer-receiving steps) that takes over the shipped one's queue
        // and entanglement.
        var memory = new Dictionary<Serialized, JsValue>(ReferenceEqualityComparer.Instance);
        foreach (var holder in result.TransferDataHolders)
        {
            if (holder.Source is JsMessagePort shipped)
            {
                var port = new JsMessagePort(engine, HostIntrinsics.Of(engine).Prototypes["MessagePort"], intrinsics);
                port.ReceiveFrom(shipped);
                memory[holder] = port;
                transferredPorts?.Add(port);
            }
            else
            {
                memory[holder] = holder.Moved!;
            }
        }

        // Steps 4-5: let deserialized be ? StructuredDeserialize(serialized, targetRealm, memory).
        return Deserialize(result.Serialized, memory);
    }

    /// <summary>StructuredSerializeInternal(value, forStorage = false, memory).</summary>
    /// <remarks>Spec: https://html.spec.whatwg.org/multipage/structured-data.html#structuredserializeinternal.</remarks>
    private Serialized Serialize(JsValue value)
    {
        CheckConstraintsNow();

        // Step 4: primitives other than symbols are their own serialization.
        if (value is not ObjectInstance obj)
        {
            // Step 5: a symbol cannot be cloned.
            return value.IsSymbol() ? throw DataCloneError("a Symbol could not be cloned") : new PrimitiveRecord(value);
        }

        // Step 2: a value met before is the record made for it then (cycles, shared references, transferables).
        if (_memory.TryGetValue(obj, out var known))
        {
            return known;
        }

        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw ScriptErrors.RangeError(engine, $"{context}: the value is nested too deeply to clone (maximum call stack size exceeded).");
        }

        // Steps 3, 6-7: the record for obj, by the internal slots it has; deep ones are filled in below.
        var serialized = SerializeShallow(obj, out var deep);

        // Step 8: memory[value] = serialized, before the contents, so a cycle finds it.
        _memory[obj] = serialized;

        // Step 9: the contents.
        if (deep)
        {
            SerializeContents(obj, serialized);
        }

        return serialized;
    }

    // Step 7 of StructuredSerializeInternal: which kind of object value is, and its shallow record.
    private Serialized SerializeShallow(ObjectInstance value, out bool deep)
    {
        deep = false;
        switch (value)
        {
            // [[DateValue]]: the time value.
            case JsDate:
                return new DateRecord(TypeConverter.ToNumber(engine.Call(intrinsics.DateValueOf, value, Arguments.Empty)));

            // [[RegExpMatcher]]: the original source and flags.
            case JsRegExp regExp:
                return new RegExpRecord(regExp.Source, regExp.Flags);

            // [[BooleanData]], [[NumberData]], [[BigIntData]], [[StringData]]: the wrapped primitive. A Symbol
            // wrapper has [[SymbolData]], an internal slot no serialization knows.
            case IJsPrimitive { PrimitiveValue: JsBoolean or JsNumber or JsBigInt or JsString } wrapper:
                return new WrapperRecord(wrapper.PrimitiveValue);

            // [[ArrayBufferData]]: a SharedArrayBuffer needs cross-origin isolation, which this global lacks.
            case JsArrayBuffer shared when IsShared(shared):
                throw DataCloneError("a SharedArrayBuffer could not be cloned: the global is not cross-origin isolated");

            case JsArrayBuffer buffer:
                return SerializeArrayBuffer(buffer);

            // [[ViewedArrayBuffer]]: the view's kind, position and length, and its buffer serialized (once, however
            // many views share it).
            case JsTypedArray:
            case ObjectInstance when IsDataView(value):
                return SerializeView(value);

            // [[MapData]], [[SetData]]: entries come in step 9.
            case JsMap:
                deep = true;
                return new MapRecord();

            case JsSet:
                deep = true;
                return new SetRecord();

            // [[ErrorData]], not a platform object (a DOMException is one, below); Jint's Error.prototype objects are
            // ErrorInstances too, but the spec's are ordinary objects. The cause comes in step 9, so a cause that
            // leads back to the error is a cycle like any other.
            case ErrorInstance when !intrinsics.IsBuiltInPrototypeOrNamespace(value):
                deep = true;
                return SerializeError(value);

            // An Array exotic object (Array.prototype is one too): its length now, its properties in step 9.
            case Jint.Native.Array.ArrayInstance:
                deep = true;
                return new ArrayRecord((uint)TypeConverter.ToNumber(value.GetOwnProperty("length").Value));

            // Serializable platform objects, by their interfaces' serialization steps.
            case JsBlob blob:
                return new BlobRecord(blob);

            // DOMException itself, not an interface that inherits from it (WebSocketError is not [Serializable]).
            case JsDOMException exception when exception.GetType() == typeof(JsDOMException):
                return new DOMExceptionRecord(exception.Name, exception.Message);
        }

        // Any other platform object, a function, or an exotic object or one with other internal slots (a Proxy, a
        // Promise, a WeakMap, an arguments object, the global...) cannot be cloned; an ordinary object can.
        if (value.GetType().Assembly == typeof(StructuredSerializer).Assembly)
        {
            throw DataCloneError($"{Describe(value)} could not be cloned: it is not a serializable platform object");
        }

        if (value.IsCallable())
        {
            throw DataCloneError($"{Describe(value)} could not be cloned: a function is not serializable");
        }

        if (value.GetType() != typeof(JsObject) && !intrinsics.IsBuiltInPrototypeOrNamespace(value))
        {
            throw DataCloneError($"{Describe(value)} could not be cloned");
        }

        deep = true;
        return new ObjectRecord();
    }

    private ArrayBufferRecord SerializeArrayBuffer(JsArrayBuffer buffer)
    {
        // A detached buffer has no bytes to clone.
        if (buffer.AsArrayBuffer() is not { } data)
        {
            throw DataCloneError("a detached ArrayBuffer could not be cloned");
        }

        // Let size be value.[[ArrayBufferByteLength]]; dataCopy is ? CreateByteDataBlock(size) holding its bytes.
        var size = (int)TypeConverter.ToNumber(engine.Call(intrinsics.ArrayBufferByteLength, buffer, Arguments.Empty));
        byte[] copy;
        try
        {
            copy = data.AsSpan(0, size).ToArray();
        }
        catch (OutOfMemoryException)
        {
            throw ScriptErrors.RangeError(engine, $"{context}: an ArrayBuffer of {size} bytes could not be allocated.");
        }

        // A resizable buffer keeps its maximum length.
        long? maxByteLength = TypeConverter.ToBoolean(engine.Call(intrinsics.ArrayBufferResizable, buffer, Arguments.Empty))
            ? (long)TypeConverter.ToNumber(engine.Call(intrinsics.ArrayBufferMaxByteLength, buffer, Arguments.Empty))
            : null;
        return new ArrayBufferRecord(copy, maxByteLength);
    }

    private ViewRecord SerializeView(ObjectInstance view)
    {
        string constructor;
        JsValue buffer;
        long byteOffset, length;
        if (IsDataView(view))
        {
            // The DataView getters throw for a view that is out of bounds (or on a detached buffer).
            try
            {
                buffer = engine.Call(intrinsics.DataViewBuffer, view, Arguments.Empty);
                byteOffset = (long)TypeConverter.ToNumber(engine.Call(intrinsics.DataViewByteOffset, view, Arguments.Empty));
                length = (long)TypeConverter.ToNumber(engine.Call(intrinsics.DataViewByteLength, view, Arguments.Empty));
            }
            catch (JavaScriptException)
            {
                throw DataCloneError("a DataView that is out of bounds of its buffer could not be cloned");
            }

            constructor = "DataView";
        }
        else
        {
            constructor = TypeConverter.ToString(engine.Call(intrinsics.TypedArrayName, view, Arguments.Empty));

            // Jint's typed array getters answer 0 for a view that is out of bounds; its keys() throws instead.
            try
            {
                engine.Call(intrinsics.TypedArrayKeys, view, Arguments.Empty);
            }
            catch (JavaScriptException)
            {
                throw DataCloneError($"{constructor} that is out of bounds of its buffer could not be cloned");
            }

            buffer = engine.Call(intrinsics.TypedArrayBuffer, view, Arguments.Empty);
            byteOffset = (long)TypeConverter.ToNumber(engine.Call(intrinsics.TypedArrayByteOffset, view, Arguments.Empty));
            length = (long)TypeConverter.ToNumber(engine.Call(intrinsics.TypedArrayLength, view, Arguments.Empty));
        }

        // If IsArrayBufferViewOutOfBounds(value) is true, throw a DataCloneError (a detached buffer is out of bounds).
        if (buffer is not JsArrayBuffer arrayBuffer || arrayBuffer.AsArrayBuffer() is null)
        {
            throw DataCloneError($"{constructor} on a detached ArrayBuffer could not be cloned");
        }

        // Let bufferSerialized be ? StructuredSerializeInternal(buffer, forStorage, memory).
        var bufferSerialized = Serialize(buffer);
        return new ViewRecord(constructor, bufferSerialized, byteOffset, length);
    }

    private ErrorRecord SerializeError(ObjectInstance value)
    {
        // Let name be ? Get(value, "name"); a name that is not one of the seven error types becomes "Error".
        var nameValue = value.Get("name");
        var name = nameValue is JsString s && intrinsics.ErrorConstructors.ContainsKey(s.ToString()) ? s.ToString() : "Error";

        // Let valueMessageDesc be ? value.[[GetOwnProperty]]("message"); message is ? ToString of its value when it
        // is a data property, else undefined.
        var messageDescriptor = value.GetOwnProperty("message");
        var message = messageDescriptor != PropertyDescriptor.Undefined && messageDescriptor.IsDataDescriptor()
            ? TypeConverter.ToString(messageDescriptor.Value)
            : null;

        // "User agents should attach a serialized representation of any interesting accompanying data which are
        // not yet specified, notably the stack property": the stack text, and an own cause (as Firefox keeps it).
        return new ErrorRecord(name, message, StackOf(value));
    }

    // An own string stack, else what Jint's Error.prototype.stack getter gives for it.
    private string? StackOf(ObjectInstance error)
    {
        var own = error.GetOwnProperty("stack");
        if (own != PropertyDescriptor.Undefined)
        {
            return own.IsDataDescriptor() && own.Value is JsString text ? text.ToString() : null;
        }

        return intrinsics.ErrorStackGetter is { } getter && engine.Call(getter, error, Arguments.Empty) is JsString stack
            ? stack.ToString()
            : null;
    }

    // Step 9 of StructuredSerializeInternal.
    private void SerializeContents(ObjectInstance value, Serialized serialized)
    {
        switch (serialized)
        {
            case ErrorRecord error:
            {
                var causeDescriptor = value.GetOwnProperty("cause");
                if (causeDescriptor != PropertyDescriptor.Undefined && causeDescriptor.IsDataDescriptor())
                {
                    error.Cause = Serialize(causeDescriptor.Value);
                }

                break;
            }

            case MapRecord map:
            {
                // Copy the entries first (the serialization of one may change the map), then serialize each key and
                // its value, in order.
                var copied = ((JsMap)value).ToList();
                foreach (var entry in copied)
                {
                    var key = Serialize(entry.Key);
                    map.Entries.Add((key, Serialize(entry.Value)));
                }

                break;
            }

            case SetRecord set:
            {
                var copied = ((JsSet)value).ToList();
                foreach (var item in copied)
                {
                    set.Items.Add(Serialize(item));
                }

                break;
            }

            case PropertiesRecord properties:
            {
                // For each key of ! EnumerableOwnProperties(value, key) still own when reached: its value by [[Get]]
                // (which may run a getter), serialized.
                var keys = new List<JsValue>();
                var isArray = value is JsArray;
                foreach (var name in value.GetOwnPropertyKeys(Types.String))
                {
                    CheckConstraintsNow();

                    // An array's index keys, as numbers: Jint then finds the element without parsing the string.
                    var key = isArray && ArrayIndex(name) is { } index ? JsNumber.Create(index) : name;
                    var descriptor = value.GetOwnProperty(key);
                    if (descriptor != PropertyDescriptor.Undefined && descriptor.Enumerable)
                    {
                        keys.Add(key);
                    }
                }

                foreach (var key in keys)
                {
                    if (value.HasOwnProperty(key))
                    {
                        properties.Properties.Add((key, Serialize(value.Get(key, value))));
                    }
                }

                break;
            }
        }
    }

    // Counts one value (or key) handled; every ValuesPerConstraintCheck of them, checks the engine's constraints.
    private void CheckConstraintsNow()
    {
        if (--_valuesToConstraintCheck <= 0)
        {
            _valuesToConstraintCheck = ValuesPerConstraintCheck;
            engine.Constraints.Check();
        }
    }

    /// <summary>StructuredDeserialize(serialized, targetRealm, memory).</summary>
    /// <remarks>Spec: https://html.spec.whatwg.org/multipage/structured-data.html#structureddeserialize.</remarks>
    private JsValue Deserialize(Serialized serialized, Dictionary<Serialized, JsValue> memory)
    {
        CheckConstraintsNow();
        if (serialized is PrimitiveRecord primitive)
        {
            return primitive.Value;
        }

        // Step 1: a record met before gives the value made for it then.
        if (memory.TryGetValue(serialized, out var known))
        {
            return known;
        }

        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw ScriptErrors.RangeError(engine, $"{context}: the value is nested too deeply to clone (maximum call stack size exceeded).");
        }

        // Steps 2-16: the value, without its contents.
        JsValue value = serialized switch
        {
            WrapperRecord wrapper => engine.Call(engine.Intrinsics.Object, JsValue.Undefined, [wrapper.Primitive]),
            DateRecord date => engine.Construct(intrinsics.Date, [date.Time]),
            RegExpRecord regExp => engine.Construct(intrinsics.RegExp, [regExp.Source, regExp.Flags]),
            ArrayBufferRecord buffer => DeserializeArrayBuffer(buffer),
            ViewRecord view => DeserializeView(view, memory),
            MapRecord => engine.Construct(intrinsics.Map, Arguments.Empty),
            SetRecord => engine.Construct(intrinsics.Set, Arguments.Empty),
            // ArrayCreate(length): made empty and given its length after its elements, so that Jint fills it as a
            // dense array instead of starting from a sparse one of that length.
            ArrayRecord => engine.Construct(engine.Intrinsics.Array, Arguments.Empty),
            ObjectRecord => engine.Construct(engine.Intrinsics.Object, Arguments.Empty),
            ErrorRecord error => DeserializeError(error),
            BlobRecord blob => blob.Copy(engine),
            DOMExceptionRecord exception => JsDOMException.Create(engine, exception.Message, exception.Name),
            _ => throw new InvalidOperationException("A transfer data holder is deserialized only through its memory entry."),
        };

        // Step 17: memory[serialized] = value, before the contents, so a cycle finds it.
        memory[serialized] = value;

        // Step 18: the contents.
        switch (serialized)
        {
            case ErrorRecord { Cause: { } cause }:
                ((ObjectInstance)value).DefineOwnProperty("cause", new PropertyDescriptor(Deserialize(cause, memory), PropertyFlag.Writable | PropertyFlag.Configurable));
                break;
            case MapRecord map:
                var jsMap = (JsMap)value;
                foreach (var (key, entryValue) in map.Entries)
                {
                    var deserializedKey = Deserialize(key, memory);
                    jsMap.Set(deserializedKey, Deserialize(entryValue, memory));
                }

                break;
            case SetRecord set:
                var jsSet = (JsSet)value;
                foreach (var item in set.Items)
                {
                    jsSet.Add(Deserialize(item, memory));
                }

                break;
            case PropertiesRecord properties:
                var target = (ObjectInstance)value;
                foreach (var (key, propertyValue) in properties.Properties)
                {
                    // ! CreateDataProperty(value, entry.[[Key]], deserializedValue).
                    target.CreateDataProperty(key, Deserialize(propertyValue, memory));
                }

                if (properties is ArrayRecord { Length: var length })
                {
                    target.Set("length", length);
                }

                break;
        }

        return value;
    }

    private JsArrayBuffer DeserializeArrayBuffer(ArrayBufferRecord record)
    {
        // The bytes were copied at serialization: the new buffer takes them over.
        if (record.MaxByteLength is not { } maxByteLength)
        {
            return engine.Intrinsics.ArrayBuffer.Construct(record.Data);
        }

        var options = engine.Construct(engine.Intrinsics.Object, Arguments.Empty);
        options.CreateDataProperty("maxByteLength", maxByteLength);
        var resizable = (JsArrayBuffer)engine.Construct(intrinsics.ArrayBuffer, [record.Data.Length, options]);
        record.Data.CopyTo(resizable.AsArrayBuffer()!, 0);
        return resizable;
    }

    private ObjectInstance DeserializeView(ViewRecord record, Dictionary<Serialized, JsValue> memory)
    {
        // Let deserializedArrayBuffer be ? StructuredDeserialize(serialized.[[ArrayBufferSerialized]], ...); the
        // view is the realm's constructor of that name over it, at the same offset and length.
        var buffer = Deserialize(record.Buffer, memory);
        if (!intrinsics.ViewConstructors.TryGetValue(record.Constructor, out var constructor))
        {
            throw DataCloneError($"{record.Constructor} is not available here");
        }

        // A getter that ran after the buffer was copied or transferred may have resized it so the view no longer fits.
        try
        {
            return engine.Construct(constructor, [buffer, record.ByteOffset, record.Length]);
        }
        catch (JavaScriptException)
        {
            throw DataCloneError($"{record.Constructor} no longer fits its buffer, which was resized while the value was serialized");
        }
    }

    private ObjectInstance DeserializeError(ErrorRecord record)
    {
        // OrdinaryObjectCreate(%<name>.prototype%, « [[ErrorData]] »), with an own non-enumerable message when the
        // original had one.
        var error = engine.Construct(intrinsics.ErrorConstructors[record.Name], Arguments.Empty);
        if (record.Message is { } message)
        {
            error.DefineOwnProperty("message", new PropertyDescriptor(message, PropertyFlag.Writable | PropertyFlag.Configurable));
        }

        if (record.Stack is { } stack)
        {
            error.DefineOwnProperty("stack", new PropertyDescriptor(stack, PropertyFlag.Writable | PropertyFlag.Configurable));
        }

        return error;
    }

    // The array index a property key stands for (a canonical numeric string below 2^32 - 1), if it is one.
    private static uint? ArrayIndex(JsValue key)
    {
        var text = key.ToString();
        return text.Length is > 0 and <= 10 && (text[0] != '0' || text.Length == 1) && uint.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index != uint.MaxValue
            ? index
            : null;
    }

    // Jint keeps these two types internal; their names are stable (ConsoleFormatter tells a Proxy the same way).
    private static bool IsShared(JsArrayBuffer buffer) => buffer.GetType().Name == "JsSharedArrayBuffer";

    private static bool IsDataView(ObjectInstance value) => value.GetType().Name == "JsDataView";

    // How the value appears in a DataCloneError message, as V8 writes it ("#<WeakMap>", "function f"): read from data
    // properties only, so no getter or Proxy trap runs.
    private static string Describe(ObjectInstance value)
    {
        if (JintObjects.IsProxy(value))
        {
            return "#<Proxy>";
        }

        if (value.IsCallable())
        {
            return "function " + DataString(value, "name");
        }

        for (var proto = value.Prototype; proto is not null && !JintObjects.IsProxy(proto); proto = proto.Prototype)
        {
            if (proto.GetOwnProperty("constructor") is { Value: ObjectInstance constructor } descriptor && descriptor.IsDataDescriptor()
                && DataString(constructor, "name") is { Length: > 0 } name)
            {
                return "#<" + name + ">";
            }
        }

        return "#<Object>";
    }

    private static string? DataString(ObjectInstance obj, string property) =>
        obj.GetOwnProperty(property) is { Value: JsString text } descriptor && descriptor.IsDataDescriptor() ? text.ToString() : null;

    private JavaScriptException DataCloneError(string what) =>
        ScriptErrors.DomException(engine, "DataCloneError", $"{context}: {what}.");

    /// <summary>A serialized value: one of the records below.</summary>
    public abstract class Serialized;

    /// <summary>undefined, null, a boolean, number, BigInt or string: the value itself.</summary>
    private sealed class PrimitiveRecord(JsValue value) : Serialized
    {
        public JsValue Value { get; } = value;
    }

    /// <summary>A Boolean, Number, BigInt or String object: its primitive.</summary>
    private sealed class WrapperRecord(JsValue primitive) : Serialized
    {
        public JsValue Primitive { get; } = primitive;
    }

    private sealed class DateRecord(double time) : Serialized
    {
        public double Time { get; } = time;
    }

    private sealed class RegExpRecord(string source, string flags) : Serialized
    {
        public string Source { get; } = source;

        public string Flags { get; } = flags;
    }

    /// <summary>"ArrayBuffer" or, with a maximum length, "ResizableArrayBuffer".</summary>
    private sealed class ArrayBufferRecord(byte[] data, long? maxByteLength) : Serialized
    {
        public byte[] Data { get; } = data;

        public long? MaxByteLength { get; } = maxByteLength;
    }

    /// <summary>"ArrayBufferView": the constructor's name, the buffer's record, the offset and the length (elements, or bytes for a DataView).</summary>
    private sealed class ViewRecord(string constructor, Serialized buffer, long byteOffset, long length) : Serialized
    {
        public string Constructor { get; } = constructor;

        public Serialized Buffer { get; } = buffer;

        public long ByteOffset { get; } = byteOffset;

        public long Length { get; } = length;
    }

    private sealed class MapRecord : Serialized
    {
        public List<(Serialized Key, Serialized Value)> Entries { get; } = [];
    }

    private sealed class SetRecord : Serialized
    {
        public List<Serialized> Items { get; } = [];
    }

    /// <summary>An Array or an ordinary object: its own enumerable string-keyed properties.</summary>
    private abstract class PropertiesRecord : Serialized
    {
        public List<(JsValue Key, Serialized Value)> Properties { get; } = [];
    }

    private sealed class ArrayRecord(uint length) : PropertiesRecord
    {
        public uint Length { get; } = length;
    }

    private sealed class ObjectRecord : PropertiesRecord;

    private sealed class ErrorRecord(string name, string? message, string? stack) : Serialized
    {
        public string Name { get; } = name;

        public string? Message { get; } = message;

        public string? Stack { get; } = stack;

        public Serialized? Cause { get; set; }
    }

    /// <summary>A Blob or File: its bytes are immutable, so the copy shares them.</summary>
    private sealed class BlobRecord(JsBlob blob) : Serialized
    {
        private readonly ReadOnlyMemory<byte>[] _segments = blob.Segments.ToArray();
        private readonly long _length = blob.Length;
        private readonly string _type = blob.MediaType;
        private readonly (string Name, long LastModified)? _file = blob is JsFile file ? (file.Name, file.LastModified) : null;

        // Blob's and File's deserialization steps: the same bytes, type, and (for a File) name and last-modified time.
        public JsBlob Copy(Engine engine)
        {
            var prototypes = HostIntrinsics.Of(engine).Prototypes;
            return _file is { } file
                ? new JsFile(engine, prototypes[FileConstructor.Interface], _segments, _length, _type, file.Name, file.LastModified)
                : new JsBlob(engine, prototypes[BlobConstructor.Interface], _segments, _length, _type);
        }
    }

    private sealed class DOMExceptionRecord(string name, string message) : Serialized
    {
        public string Name { get; } = name;

        public string Message { get; } = message;
    }

    /// <summary>A transfer data holder: the buffer listed in <c>transfer</c>, then the buffer its bytes moved to.</summary>
    public sealed class TransferRecord(ObjectInstance source) : Serialized
    {
        /// <summary>The ArrayBuffer or MessagePort transferred.</summary>
        public ObjectInstance Source { get; } = source;

        public JsArrayBuffer? Moved { get; set; }
    }
}
