using Jint;
using Jint.Native;
using Jint.Native.Object;

namespace JsWebSocketHost.Dom;

/// <summary>A <c>MessageEvent</c>: data, origin, lastEventId, source and ports.</summary>
/// <remarks>Spec: https://html.spec.whatwg.org/multipage/comms.html#the-messageevent-interface.</remarks>
internal sealed class JsMessageEvent(Engine engine, ObjectInstance prototype, string type, bool isTrusted)
    : JsEvent(engine, prototype, type, isTrusted)
{
    private JsValue? _ports;

    public JsValue Data { get; set; } = JsValue.Null;

    public string Origin { get; set; } = "";

    public string LastEventId { get; set; } = "";

    public JsValue Source { get; set; } = JsValue.Null;

    /// <summary>The frozen, empty array of ports (made on first read: most listeners never look).</summary>
    public JsValue Ports
    {
        get
        {
            if (_ports is null)
            {
                // A FrozenArray: no elements can be added and length cannot change (frozen, as Object.freeze does).
                var array = Engine.Intrinsics.Array.Construct(Jint.Runtime.Arguments.Empty);
                array.PreventExtensions();
                array.DefineOwnProperty("length", new Jint.Runtime.Descriptors.PropertyDescriptor(0, writable: false, enumerable: false, configurable: false));
                _ports = array;
            }

            return _ports;
        }
    }
}
