using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace JsWebSocketHost.WebIdl;

/// <summary>The <c>DOMException</c> interface object: <c>new DOMException(message = "", name = "Error")</c>.</summary>
/// <remarks>Spec: https://webidl.spec.whatwg.org/#dom-domexception-domexception.</remarks>
internal sealed class DOMExceptionConstructor : WebIdlConstructor
{
    private DOMExceptionConstructor(Engine engine)
        : base(engine, "DOMException", length: 0, parentInterface: null)
    {
        foreach (var (constant, value) in DOMExceptionNames.Constants)
        {
            DefineConstant(constant, value);
        }
    }

    /// <summary>Creates the interface object and its prototype (inheriting from <c>Error.prototype</c>).</summary>
    public static DOMExceptionConstructor Install(Engine engine)
    {
        var intrinsics = HostIntrinsics.Of(engine);
        var constructor = new DOMExceptionConstructor(engine);
        var prototype = DOMExceptionPrototype.Shape.Instantiate(engine, intrinsics.ErrorPrototype);
        constructor.Install(prototype);
        intrinsics.DOMExceptionPrototype = prototype;
        return constructor;
    }

    /// <inheritdoc />
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        // Steps 1-2: set this's name to name and this's message to message (both DOMString, with defaults).
        var message = arguments.Length > 0 && !arguments[0].IsUndefined() ? TypeConverter.ToString(arguments[0]) : "";
        var name = arguments.Length > 1 && !arguments[1].IsUndefined() ? TypeConverter.ToString(arguments[1]) : "Error";
        return JsDOMException.Create(_engine, PrototypeFor(newTarget), message, name);
    }
}
