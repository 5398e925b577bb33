using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

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

    /// <summary>Sets <c>ports</c> to a new frozen array of <paramref name="ports"/>.</summary>
    public void SetPorts(IReadOnlyList<ObjectInstance> ports)
    {
        var array = Engine.Intrinsics.Array.Construct(Jint.Runtime.Arguments.Empty);
        for (var i = 0; i < ports.Count; i++)
        {
            array.CreateDataProperty(i, ports[i]);
        }

        FreezeArray(array);
        _ports = array;
    }

    // A FrozenArray: frozen as Object.freeze does (each element read-only and fixed, length too, nothing added),
    // without calling a global script could have replaced.
    private static void FreezeArray(ObjectInstance array)
    {
        var length = (uint)TypeConverter.ToNumber(array.Get("length"));
        for (uint i = 0; i < length; i++)
        {
            array.DefineOwnProperty(i, new Jint.Runtime.Descriptors.PropertyDescriptor(array.Get(i), writable: false, enumerable: true, configurable: false));
        }

        array.PreventExtensions();
        array.DefineOwnProperty("length", new Jint.Runtime.Descriptors.PropertyDescriptor(length, writable: false, enumerable: false, configurable: false));
    }

    /// <summary>The frozen array of ports, empty unless set (made on first read: most listeners never look).</summary>
    public JsValue Ports
    {
        get
        {
            if (_ports is null)
            {
                var array = Engine.Intrinsics.Array.Construct(Jint.Runtime.Arguments.Empty);
                FreezeArray(array);
                _ports = array;
            }

            return _ports;
        }
    }
}
