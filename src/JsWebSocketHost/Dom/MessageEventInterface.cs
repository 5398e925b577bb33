using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Dom;

/// <summary><c>MessageEvent</c>: its prototype's shape and its interface object.</summary>
/// <remarks>Spec: https://html.spec.whatwg.org/multipage/comms.html#the-messageevent-interface.</remarks>
internal sealed class MessageEventInterface : WebIdlConstructor
{
    private const string Interface = "MessageEvent";

    public static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("data", static (t, _) => Brand(t, "data").Data, enumerable: true, configurable: true)
        .Accessor("origin", static (t, _) => Brand(t, "origin").Origin, enumerable: true, configurable: true)
        .Accessor("lastEventId", static (t, _) => Brand(t, "lastEventId").LastEventId, enumerable: true, configurable: true)
        .Accessor("source", static (t, _) => Brand(t, "source").Source, enumerable: true, configurable: true)
        .Accessor("ports", static (t, _) => Brand(t, "ports").Ports, enumerable: true, configurable: true)
        .Method("initMessageEvent", static (t, a) => InitMessageEvent(Brand(t, "initMessageEvent"), a), 1)
        .ToStringTag(Interface)
        .Build();

    private MessageEventInterface(Engine engine, ObjectInstance parent)
        : base(engine, Interface, length: 1, parent)
    {
    }

    public static void Install(Engine engine, EventConstructor eventInterface)
    {
        var constructor = new MessageEventInterface(engine, eventInterface);
        var prototype = Shape.Instantiate(engine, eventInterface.PrototypeObject);
        constructor.Install(prototype);
    }

    /// <summary>Creates a trusted message event (not bubbling, not cancelable), as a WebSocket fires it.</summary>
    public static JsMessageEvent Create(Engine engine, ObjectInstance prototype, JsValue data, string origin) =>
        new(engine, prototype, "message", isTrusted: true) { Data = data, Origin = origin };

    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        if (arguments.Length == 0)
        {
            throw ScriptErrors.NotEnoughArguments(_engine, Interface, "constructor", 1, 0);
        }

        var type = WebIdlConvert.ToDOMString(arguments[0]);
        var initValue = arguments.Length > 1 ? arguments[1] : JsValue.Undefined;
        var init = EventInit.From(_engine, initValue, "Failed to construct 'MessageEvent'");
        var e = new JsMessageEvent(_engine, PrototypeFor(newTarget), type, isTrusted: false);
        e.ApplyInit(init);

        // MessageEventInit's own members in lexicographic order: data, lastEventId, origin, ports, source.
        if (initValue is ObjectInstance dictionary)
        {
            var data = dictionary.Get("data");
            e.Data = data.IsUndefined() ? JsValue.Null : data;
            var lastEventId = dictionary.Get("lastEventId");
            e.LastEventId = lastEventId.IsUndefined() ? "" : WebIdlConvert.ToDOMString(lastEventId);
            var origin = dictionary.Get("origin");
            e.Origin = origin.IsUndefined() ? "" : WebIdlConvert.ToUSVString(origin);
            var ports = dictionary.Get("ports");
            if (!ports.IsUndefined())
            {
                e.SetPorts(ConvertPorts(_engine, ports));
            }

            e.Source = ConvertSource(_engine, dictionary.Get("source"));
        }

        return e;
    }

    // sequence<MessagePort>.
    private static List<ObjectInstance> ConvertPorts(Engine engine, JsValue ports) =>
        WebIdlConvert.ToSequence(engine, ports, value => value is IMessageEventSource and ObjectInstance port
            ? port
            : throw ScriptErrors.TypeError(engine, "Failed to construct 'MessageEvent': ports may only hold MessagePort objects."),
            "Failed to construct 'MessageEvent': ports");

    // MessageEventSource? : null, or a MessagePort (this host has no windows or service workers).
    private static JsValue ConvertSource(Engine engine, JsValue source) =>
        source.IsUndefined() || source.IsNull()
            ? JsValue.Null
            : source is IMessageEventSource
                ? source
                : throw ScriptErrors.TypeError(engine, "Failed to construct 'MessageEvent': source must be null or a MessagePort.");

    // initMessageEvent(type, bubbles, cancelable, data, origin, lastEventId, source, ports).
    // Spec: https://html.spec.whatwg.org/multipage/comms.html#dom-messageevent-initmessageevent.
    private static JsValue InitMessageEvent(JsMessageEvent e, JsValue[] a)
    {
        if (a.Length == 0)
        {
            throw ScriptErrors.NotEnoughArguments(e.Engine, Interface, "initMessageEvent", 1, 0);
        }

        // WebIDL converts every argument first (optional any data = null, ..., MessageEventSource? source = null,
        // sequence<MessagePort> ports = []).
        var type = WebIdlConvert.ToDOMString(a[0]);
        var bubbles = a.Length > 1 && WebIdlConvert.ToBoolean(a[1]);
        var cancelable = a.Length > 2 && WebIdlConvert.ToBoolean(a[2]);
        var data = a.Length > 3 && !a[3].IsUndefined() ? a[3] : JsValue.Null;
        var origin = a.Length > 4 && !a[4].IsUndefined() ? WebIdlConvert.ToUSVString(a[4]) : "";
        var lastEventId = a.Length > 5 && !a[5].IsUndefined() ? WebIdlConvert.ToDOMString(a[5]) : "";
        var source = ConvertSource(e.Engine, a.Length > 6 ? a[6] : JsValue.Undefined);
        var ports = a.Length > 7 && !a[7].IsUndefined() ? ConvertPorts(e.Engine, a[7]) : [];

        // Step 1: if this's dispatch flag is set, return.
        if (e.DispatchFlag)
        {
            return JsValue.Undefined;
        }

        // Step 2: initialize this with type, bubbles and cancelable; steps 3-8: set the attributes.
        e.Initialize(type, bubbles, cancelable);
        e.Data = data;
        e.Origin = origin;
        e.LastEventId = lastEventId;
        e.Source = source;
        e.SetPorts(ports);
        return JsValue.Undefined;
    }

    private static JsMessageEvent Brand(JsValue thisObj, string member) =>
        thisObj as JsMessageEvent ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);
}
