using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.WebSockets;

/// <summary>
/// The <c>WebSocketError</c> interface, which inherits from DOMException: <c>new WebSocketError(message, { closeCode,
/// reason })</c>, <c>closeCode</c> and <c>reason</c>.
/// </summary>
/// <remarks>Spec: https://websockets.spec.whatwg.org/#websocketerror (WHATWG WebSockets PR 48).</remarks>
internal sealed class WebSocketErrorConstructor : WebIdlConstructor
{
    private const string Interface = JsWebSocketError.Interface;

    private static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("closeCode", static (t, _) => Brand(t, "closeCode").CloseCode is { } code ? (int)code : JsValue.Null, enumerable: true, configurable: true)
        .Accessor("reason", static (t, _) => Brand(t, "reason").Reason, enumerable: true, configurable: true)
        .ToStringTag(Interface)
        .Build();

    private WebSocketErrorConstructor(Engine engine, ObjectInstance parent)
        : base(engine, Interface, length: 0, parent)
    {
    }

    /// <summary>Installs the interface on the global, inheriting from <c>DOMException</c>.</summary>
    public static void Install(Engine engine)
    {
        var domException = (ObjectInstance)engine.Global.Get("DOMException");
        var intrinsics = HostIntrinsics.Of(engine);
        new WebSocketErrorConstructor(engine, domException).Install(Shape.Instantiate(engine, intrinsics.DOMExceptionPrototype!));
    }

    /// <inheritdoc />
    /// <remarks>constructor(optional DOMString message = "", optional WebSocketCloseInfo init = {}).</remarks>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        const string Context = "Failed to construct 'WebSocketError'";
        var message = arguments.Length > 0 && !arguments[0].IsUndefined() ? TypeConverter.ToString(arguments[0]) : "";
        var (code, reason) = ConvertCloseInfo(_engine, arguments.Length > 1 ? arguments[1] : JsValue.Undefined, Context);
        var prototype = PrototypeFor(newTarget);

        // Steps 1-5: name and message; the code and reason as given, validated.
        WebSocketClosing.ValidateCloseCodeAndReason(_engine, code, reason, Context);

        // Step 6: a reason without a code goes with 1000.
        if (reason.Length > 0 && code is null)
        {
            code = 1000;
        }

        // Steps 7-8: set the close code and the reason.
        return JsWebSocketError.Create(_engine, prototype, message, code, reason);
    }

    /// <summary>
    /// Converts a <c>WebSocketCloseInfo</c> dictionary: <c>[EnforceRange] unsigned short closeCode</c> (absent:
    /// null) and <c>USVString reason = ""</c>, in that order.
    /// </summary>
    public static (ushort? CloseCode, string Reason) ConvertCloseInfo(Engine engine, JsValue value, string context)
    {
        var dictionary = WebIdlConvert.ToDictionary(engine, value, context);
        if (dictionary is null)
        {
            return (null, "");
        }

        ushort? code = null;
        var codeValue = dictionary.Get("closeCode");
        if (!codeValue.IsUndefined())
        {
            var number = TypeConverter.ToNumber(codeValue);
            if (double.IsNaN(number) || double.IsInfinity(number) || Math.Truncate(number) is < 0 or > ushort.MaxValue)
            {
                throw ScriptErrors.TypeError(engine, $"{context}: the closeCode {TypeConverter.ToString(codeValue)} is outside the range of an unsigned short.");
            }

            code = (ushort)Math.Truncate(number);
        }

        var reasonValue = dictionary.Get("reason");
        var reason = reasonValue.IsUndefined() ? "" : WebIdlConvert.ToUSVString(reasonValue);
        return (code, reason);
    }

    private static JsWebSocketError Brand(JsValue thisObj, string member) =>
        thisObj as JsWebSocketError ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);
}
