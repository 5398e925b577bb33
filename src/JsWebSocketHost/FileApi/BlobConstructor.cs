using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.FileApi;

/// <summary>The <c>Blob</c> interface object: <c>new Blob(blobParts, { type, endings })</c>.</summary>
/// <remarks>Spec: https://w3c.github.io/FileAPI/#constructorBlob.</remarks>
internal sealed class BlobConstructor : WebIdlConstructor
{
    /// <summary>The interface's name, also its key in <see cref="HostIntrinsics.Prototypes"/>.</summary>
    public const string Interface = "Blob";

    private const string Context = "Failed to construct 'Blob'";

    private BlobConstructor(Engine engine)
        : base(engine, Interface, length: 0, parentInterface: null)
    {
    }

    /// <summary>Creates the interface object and its prototype, and installs them on the global.</summary>
    public static BlobConstructor Install(Engine engine)
    {
        var constructor = new BlobConstructor(engine);
        var prototype = BlobPrototype.Instantiate(engine);
        constructor.Install(prototype);
        return constructor;
    }

    /// <inheritdoc />
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        // Arguments: optional sequence<BlobPart> blobParts (undefined is "not given"), optional BlobPropertyBag options.
        var parts = arguments.Length > 0 && !arguments[0].IsUndefined() ? BlobParts.ToSequence(_engine, arguments[0], Context) : null;
        var options = BlobPropertyBag.From(_engine, arguments.Length > 1 ? arguments[1] : JsValue.Undefined, Context, out _);

        // Step 1: invoked with zero parameters, the blob has 0 bytes and an empty type (what the steps below give).
        // Step 2: let bytes be the result of processing blob parts given blobParts and options.
        var segments = BlobParts.Process(_engine, parts, options.NativeEndings, out var length);

        // Step 3: a non-empty type with a character outside U+0020 to U+007E becomes ""; otherwise ASCII lowercase.
        var type = BlobPropertyBag.NormalizeType(options.Type);

        // Step 4: return a Blob referring to bytes, with its size and type.
        return new JsBlob(_engine, PrototypeFor(newTarget), segments, length, type);
    }
}
