using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.FileApi;

/// <summary>The <c>File</c> interface object: <c>new File(fileBits, fileName, { type, endings, lastModified })</c>.</summary>
/// <remarks>Spec: https://w3c.github.io/FileAPI/#file-constructor.</remarks>
internal sealed class FileConstructor : WebIdlConstructor
{
    /// <summary>The interface's name, also its key in <see cref="HostIntrinsics.Prototypes"/>.</summary>
    public const string Interface = "File";

    private const string Context = "Failed to construct 'File'";

    private FileConstructor(Engine engine, BlobConstructor blob)
        : base(engine, Interface, length: 2, parentInterface: blob)
    {
    }

    /// <summary>Creates the interface object (inheriting from <c>Blob</c>) and its prototype, and installs them.</summary>
    public static FileConstructor Install(Engine engine, BlobConstructor blob)
    {
        var constructor = new FileConstructor(engine, blob);
        var prototype = FilePrototype.Instantiate(engine, blob.PrototypeObject);
        constructor.Install(prototype);
        return constructor;
    }

    /// <inheritdoc />
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        // Arguments: sequence<BlobPart> fileBits, USVString fileName, optional FilePropertyBag options = {}, whose
        // members are read inherited first (endings, type), then lastModified.
        if (arguments.Length < 2)
        {
            throw ScriptErrors.NotEnoughArguments(_engine, Interface, "constructor", 2, arguments.Length);
        }

        var parts = BlobParts.ToSequence(_engine, arguments[0], Context);
        var fileName = WebIdlConvert.ToUSVString(arguments[1]);
        var options = BlobPropertyBag.From(_engine, arguments.Length > 2 ? arguments[2] : JsValue.Undefined, Context, out var dictionary);
        long? lastModified = null;
        if (dictionary?.Get("lastModified") is { } value && !value.IsUndefined())
        {
            lastModified = WebIdlConvert.ToLongLong(value);
        }

        // Step 1: let bytes be the result of processing blob parts given fileBits and options.
        var segments = BlobParts.Process(_engine, parts, options.NativeEndings, out var length);

        // Step 2: let n be the fileName argument.
        // Steps 3.1-3.2: the type, as for Blob: "" if it has a character outside U+0020 to U+007E, else lowercased.
        var type = BlobPropertyBag.NormalizeType(options.Type);

        // Step 3.3: d is lastModified if given, else the current time in milliseconds since the Unix epoch.
        var d = lastModified ?? HostIntrinsics.Of(_engine).Host.UtcNow().ToUnixTimeMilliseconds();

        // Step 4: return a new File referring to bytes, with its size, name, type and lastModified.
        return new JsFile(_engine, PrototypeFor(newTarget), segments, length, type, fileName, d);
    }
}
