using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.FileApi;

/// <summary>The shape of <c>File.prototype</c>, built once per process; it inherits from <c>Blob.prototype</c>.</summary>
/// <remarks>Spec: https://w3c.github.io/FileAPI/#file-section.</remarks>
internal static class FilePrototype
{
    private const string Interface = FileConstructor.Interface;

    public static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("name", static (t, _) => Brand(t, "name").Name, enumerable: true, configurable: true)
        .Accessor("lastModified", static (t, _) => JsNumber.Create(Brand(t, "lastModified").LastModified), enumerable: true, configurable: true)
        .ToStringTag(Interface)
        .Build();

    /// <summary>Installs the shape on an engine, inheriting from <paramref name="blobPrototype"/>.</summary>
    public static ObjectInstance Instantiate(Engine engine, ObjectInstance blobPrototype) =>
        Shape.Instantiate(engine, blobPrototype);

    private static JsFile Brand(JsValue thisObj, string member) =>
        thisObj as JsFile ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);
}
