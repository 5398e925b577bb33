using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// The global <c>structuredClone(value, { transfer })</c>: a deep copy of a value through HTML's structured
/// serialization, with ArrayBuffers in <c>transfer</c> moved to the copy (and detached in the original).
/// </summary>
/// <remarks>Spec: https://html.spec.whatwg.org/multipage/structured-data.html#dom-structuredclone.</remarks>
internal static class StructuredClone
{
    private const string Context = "Failed to execute 'structuredClone' on 'Window'";

    /// <summary>Installs <c>structuredClone</c> on the global; call before user code runs.</summary>
    /// <returns>The built-ins it captured, for the other users of structured serialization (MessagePort).</returns>
    public static StructuredCloneIntrinsics Install(Engine engine)
    {
        // The constructors and getters serialization needs, captured while no script can have patched them.
        var intrinsics = new StructuredCloneIntrinsics(engine);
        Define.Operation(engine, engine.Global, "structuredClone", 1, (_, args) => Clone(engine, intrinsics, args));
        return intrinsics;
    }

    /// <summary>
    /// The <c>transfer</c> of a <c>StructuredSerializeOptions</c> dictionary
    /// (<c>dictionary StructuredSerializeOptions { sequence&lt;object&gt; transfer = []; };</c>).
    /// </summary>
    /// <remarks>Spec: https://html.spec.whatwg.org/multipage/web-messaging.html#structuredserializeoptions.</remarks>
    public static List<ObjectInstance> TransferOf(Engine engine, JsValue options, string context) =>
        WebIdlConvert.ToDictionary(engine, options, context) is { } dictionary && dictionary.Get("transfer") is var transfer && !transfer.IsUndefined()
            ? TransferList(engine, transfer, context)
            : [];

    /// <summary>A <c>sequence&lt;object&gt;</c> of values to transfer.</summary>
    private static List<ObjectInstance> TransferList(Engine engine, JsValue sequence, string context) =>
        WebIdlConvert.ToSequence(engine, sequence, TransferItem(engine, context), context);

    /// <summary>The conversion of one item of a transfer list (an <c>object</c>).</summary>
    public static Func<JsValue, ObjectInstance> TransferItem(Engine engine, string context) =>
        item => item as ObjectInstance ?? throw ScriptErrors.TypeError(engine, $"{context}: every item of 'transfer' must be an object.");

    // any structuredClone(any value, optional StructuredSerializeOptions options = {});
    private static JsValue Clone(Engine engine, StructuredCloneIntrinsics intrinsics, JsValue[] args)
    {
        if (args.Length == 0)
        {
            throw ScriptErrors.NotEnoughArguments(engine, "Window", "structuredClone", 1, 0);
        }

        var transfer = TransferOf(engine, args.Length > 1 ? args[1] : JsValue.Undefined, Context);

        // Step 1: let serialized be ? StructuredSerializeWithTransfer(value, options["transfer"]).
        var serializer = new StructuredSerializer(engine, intrinsics, Context);
        var serialized = serializer.SerializeWithTransfer(args[0], transfer);

        // Steps 2-3: let deserializeRecord be ? StructuredDeserializeWithTransfer(serialized, this's relevant realm);
        // return deserializeRecord.[[Deserialized]].
        return serializer.DeserializeWithTransfer(serialized);
    }
}
