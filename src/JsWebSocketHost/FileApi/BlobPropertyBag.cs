using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.FileApi;

/// <summary>The <c>BlobPropertyBag</c> dictionary: <c>type</c> (default "") and <c>endings</c> (default "transparent").</summary>
/// <remarks>Spec: https://w3c.github.io/FileAPI/#dfn-BlobPropertyBag.</remarks>
internal readonly record struct BlobPropertyBag(string Type, bool NativeEndings)
{
    // enum EndingType { "transparent", "native" }.
    private static readonly string[] EndingTypes = ["transparent", "native"];

    /// <summary>
    /// Converts a script value to the dictionary, reading its members in lexicographic order (endings, type).
    /// </summary>
    /// <param name="engine">The engine to throw in.</param>
    /// <param name="value">The options argument.</param>
    /// <param name="context">The start of error messages, e.g. "Failed to construct 'Blob'".</param>
    /// <param name="dictionary">The object read, or null for undefined or null; <c>File</c> reads its own member from it next.</param>
    public static BlobPropertyBag From(Engine engine, JsValue value, string context, out ObjectInstance? dictionary)
    {
        dictionary = WebIdlConvert.ToDictionary(engine, value, context);
        if (dictionary is null)
        {
            return new BlobPropertyBag("", NativeEndings: false);
        }

        var endings = dictionary.Get("endings");
        var native = !endings.IsUndefined()
            && WebIdlConvert.ToEnumeration(engine, endings, EndingTypes, $"{context}: options.endings") == 1;
        var type = dictionary.Get("type");
        return new BlobPropertyBag(type.IsUndefined() ? "" : WebIdlConvert.ToDOMString(type), native);
    }

    /// <summary>
    /// The type steps the constructors and <c>slice()</c> share: a type with a character outside U+0020 to U+007E
    /// becomes the empty string; any other is ASCII lowercased.
    /// </summary>
    /// <remarks>Spec: https://w3c.github.io/FileAPI/#constructorBlob (step 3) and https://w3c.github.io/FileAPI/#slice-blob (step 4).</remarks>
    public static string NormalizeType(string type) =>
        type.Length == 0 || !InfraStrings.IsPrintableAscii(type) ? "" : InfraStrings.AsciiLowercase(type);
}
