using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using JsWebSocketHost.Dom;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.WebSockets;

/// <summary><c>CloseEvent</c>: its prototype's shape and its interface object.</summary>
/// <remarks>Spec: https://websockets.spec.whatwg.org/#the-closeevent-interface.</remarks>
internal sealed class CloseEventInterface : WebIdlConstructor
{
    private const string Interface = "CloseEvent";

    public static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("wasClean", static (t, _) => Brand(t, "wasClean").WasClean, enumerable: true, configurable: true)
        .Accessor("code", static (t, _) => (int)Brand(t, "code").Code, enumerable: true, configurable: true)
        .Accessor("reason", static (t, _) => Brand(t, "reason").Reason, enumerable: true, configurable: true)
        .ToStringTag(Interface)
        .Build();

    private CloseEventInterface(Engine engine, ObjectInstance parent)
        : base(engine, Interface, length: 1, parent)
    {
    }

    public static void Install(Engine engine, EventConstructor eventInterface)
    {
        var constructor = new CloseEventInterface(engine, eventInterface);
        var prototype = Shape.Instantiate(engine, eventInterface.PrototypeObject);
        constructor.Install(prototype);
    }

    /// <summary>Creates the trusted close event a WebSocket fires.</summary>
    public static JsCloseEvent Create(Engine engine, bool wasClean, ushort code, string reason) =>
        new(engine, HostIntrinsics.Of(engine).Prototypes[Interface], "close", isTrusted: true)
        {
            WasClean = wasClean,
            Code = code,
            Reason = reason,
        };

    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        if (arguments.Length == 0)
        {
            throw ScriptErrors.NotEnoughArguments(_engine, Interface, "constructor", 1, 0);
        }

        var type = WebIdlConvert.ToDOMString(arguments[0]);
        var initValue = arguments.Length > 1 ? arguments[1] : JsValue.Undefined;
        var init = EventInit.From(_engine, initValue, "Failed to construct 'CloseEvent'");
        var e = new JsCloseEvent(_engine, PrototypeFor(newTarget), type, isTrusted: false);
        e.ApplyInit(init);

        // CloseEventInit's own members in lexicographic order: code (unsigned short), reason, wasClean.
        if (initValue is ObjectInstance dictionary)
        {
            var code = dictionary.Get("code");
            e.Code = code.IsUndefined() ? (ushort)0 : TypeConverter.ToUint16(code);
            var reason = dictionary.Get("reason");
            e.Reason = reason.IsUndefined() ? "" : WebIdlConvert.ToUSVString(reason);
            e.WasClean = WebIdlConvert.ToBoolean(dictionary.Get("wasClean"));
        }

        return e;
    }

    private static JsCloseEvent Brand(JsValue thisObj, string member) =>
        thisObj as JsCloseEvent ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);
}
