using Jint;
using Jint.Native;
using Jint.Runtime;

namespace JsWebSocketHost.WebIdl;

/// <summary>The shape of <c>DOMException.prototype</c>, built once per process.</summary>
/// <remarks>Spec: https://webidl.spec.whatwg.org/#idl-DOMException.</remarks>
internal static class DOMExceptionPrototype
{
    private const string Interface = "DOMException";

    public static readonly JsObjectShape Shape = BuildShape();

    private static JsObjectShape BuildShape()
    {
        var builder = new JsObjectShape.Builder()
            .PerRealmSlot("constructor")
            .Accessor("name", static (thisObj, _) => Brand(thisObj, "name").Name, enumerable: true, configurable: true)
            .Accessor("message", static (thisObj, _) => Brand(thisObj, "message").Message, enumerable: true, configurable: true)
            .Accessor("code", static (thisObj, _) => Brand(thisObj, "code").Code, enumerable: true, configurable: true)
            // Jint 4.18's Error.prototype.toString reads name/message with the wrong receiver; give DOMException its own.
            .Method("toString", static (thisObj, _) => ToString(thisObj), 0, enumerable: false);
        foreach (var (constant, value) in DOMExceptionNames.Constants)
        {
            builder.Constant(constant, value, enumerable: true);
        }

        return builder.ToStringTag(Interface).Build();
    }

    private static JsDOMException Brand(JsValue thisObj, string member) =>
        thisObj as JsDOMException ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);

    // Error.prototype.toString, https://tc39.es/ecma262/#sec-error.prototype.tostring, on the real receiver.
    private static JsString ToString(JsValue thisObj)
    {
        if (thisObj is not Jint.Native.Object.ObjectInstance obj)
        {
            throw ScriptErrors.TypeError(ScriptErrors.EngineFor(thisObj), "DOMException.prototype.toString called on a non-object.");
        }

        var name = obj.Get("name");
        var nameText = name.IsUndefined() ? "Error" : TypeConverter.ToString(name);
        var message = obj.Get("message");
        var messageText = message.IsUndefined() ? "" : TypeConverter.ToString(message);
        if (nameText.Length == 0)
        {
            return new JsString(messageText);
        }

        return new JsString(messageText.Length == 0 ? nameText : nameText + ": " + messageText);
    }
}
