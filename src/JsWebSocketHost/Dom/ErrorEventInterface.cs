using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Dom;

/// <summary><c>ErrorEvent</c>: its prototype's shape and its interface object.</summary>
/// <remarks>Spec: https://html.spec.whatwg.org/multipage/webappapis.html#the-errorevent-interface.</remarks>
internal sealed class ErrorEventInterface : WebIdlConstructor
{
    private const string Interface = "ErrorEvent";

    public static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("message", static (t, _) => Brand(t, "message").Message, enumerable: true, configurable: true)
        .Accessor("filename", static (t, _) => Brand(t, "filename").Filename, enumerable: true, configurable: true)
        .Accessor("lineno", static (t, _) => Brand(t, "lineno").Lineno, enumerable: true, configurable: true)
        .Accessor("colno", static (t, _) => Brand(t, "colno").Colno, enumerable: true, configurable: true)
        .Accessor("error", static (t, _) => Brand(t, "error").Error, enumerable: true, configurable: true)
        .ToStringTag(Interface)
        .Build();

    private ErrorEventInterface(Engine engine, ObjectInstance parent)
        : base(engine, Interface, length: 1, parent)
    {
    }

    public static void Install(Engine engine, EventConstructor eventInterface)
    {
        var constructor = new ErrorEventInterface(engine, eventInterface);
        var prototype = Shape.Instantiate(engine, eventInterface.PrototypeObject);
        constructor.Install(prototype);
    }

    /// <summary>Creates a trusted error event as the host fires it.</summary>
    public static JsErrorEvent Create(Engine engine, string type, string message, string filename, uint lineno, uint colno, JsValue error)
    {
        var prototype = HostIntrinsics.Of(engine).Prototypes[Interface];
        return new JsErrorEvent(engine, prototype, type, isTrusted: true)
        {
            Cancelable = true,
            Message = message,
            Filename = filename,
            Lineno = lineno,
            Colno = colno,
            Error = error,
        };
    }

    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        if (arguments.Length == 0)
        {
            throw ScriptErrors.NotEnoughArguments(_engine, Interface, "constructor", 1, 0);
        }

        var type = WebIdlConvert.ToDOMString(arguments[0]);
        var initValue = arguments.Length > 1 ? arguments[1] : JsValue.Undefined;
        var init = EventInit.From(_engine, initValue, "Failed to construct 'ErrorEvent'");
        var e = new JsErrorEvent(_engine, PrototypeFor(newTarget), type, isTrusted: false);
        e.ApplyInit(init);

        // ErrorEventInit's own members, in lexicographic order: colno, error, filename, lineno, message.
        if (initValue is ObjectInstance dictionary)
        {
            e.Colno = WebIdlConvert.ToUnsignedLong(dictionary.Get("colno"));
            e.Error = dictionary.Get("error");
            var filename = dictionary.Get("filename");
            e.Filename = filename.IsUndefined() ? "" : WebIdlConvert.ToUSVString(filename);
            e.Lineno = WebIdlConvert.ToUnsignedLong(dictionary.Get("lineno"));
            var message = dictionary.Get("message");
            e.Message = message.IsUndefined() ? "" : WebIdlConvert.ToDOMString(message);
        }

        return e;
    }

    private static JsErrorEvent Brand(JsValue thisObj, string member) =>
        thisObj as JsErrorEvent ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);
}
