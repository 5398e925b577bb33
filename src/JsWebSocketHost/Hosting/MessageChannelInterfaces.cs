using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.Dom;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// <c>MessageChannel</c> and <c>MessagePort</c> within the realm: <c>new MessageChannel()</c>, <c>port1</c>,
/// <c>port2</c>; <c>postMessage(message, transfer)</c> or <c>postMessage(message, { transfer })</c> through structured
/// serialization, <c>start()</c>, <c>close()</c>, <c>onmessage</c> (which starts the port) and <c>onmessageerror</c>.
/// </summary>
/// <remarks>
/// Spec: https://html.spec.whatwg.org/multipage/web-messaging.html#channel-messaging. A port in <c>transfer</c>
/// moves: the message's <c>ports</c> has a new port in its place, entangled with the old one's partner.
/// </remarks>
internal static class MessageChannelInterfaces
{
    private const string PostMessageContext = "Failed to execute 'postMessage' on 'MessagePort'";

    private static readonly JsObjectShape PortShape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Method("postMessage", static (t, a) => PostMessage(Port(t, "postMessage"), a), 1)
        .Method("start", static (t, _) =>
        {
            Port(t, "start").Start();
            return JsValue.Undefined;
        }, 0)
        .Method("close", static (t, _) =>
        {
            Port(t, "close").Close();
            return JsValue.Undefined;
        }, 0)
        // The first time onmessage is set, the port message queue is enabled, as if start() had been called.
        .Accessor("onmessage", static (t, _) => EventHandlerAttribute.Get(Port(t, "onmessage").EventTargetState, "message"),
            static (t, a) =>
            {
                var port = Port(t, "onmessage");
                var result = EventHandlerAttribute.Set(port.EventTargetState, "message", a);
                port.Start();
                return result;
            }, enumerable: true, configurable: true)
        .Accessor("onmessageerror", static (t, _) => EventHandlerAttribute.Get(Port(t, "onmessageerror").EventTargetState, "messageerror"),
            static (t, a) => EventHandlerAttribute.Set(Port(t, "onmessageerror").EventTargetState, "messageerror", a), enumerable: true, configurable: true)
        // Fired when the other end closes (whatwg/html#9933).
        .Accessor("onclose", static (t, _) => EventHandlerAttribute.Get(Port(t, "onclose").EventTargetState, "close"),
            static (t, a) => EventHandlerAttribute.Set(Port(t, "onclose").EventTargetState, "close", a), enumerable: true, configurable: true)
        .ToStringTag("MessagePort")
        .Build();

    private static readonly JsObjectShape ChannelShape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("port1", static (t, _) => Channel(t, "port1").Port1, enumerable: true, configurable: true)
        .Accessor("port2", static (t, _) => Channel(t, "port2").Port2, enumerable: true, configurable: true)
        .ToStringTag("MessageChannel")
        .Build();

    /// <summary>Installs both interfaces; <paramref name="intrinsics"/> are structuredClone's own captured built-ins.</summary>
    public static void Install(Engine engine, StructuredCloneIntrinsics intrinsics)
    {
        var hostIntrinsics = HostIntrinsics.Of(engine);
        var eventTarget = (WebIdlConstructor)engine.Global.Get("EventTarget");
        var portInterface = new PortConstructor(engine, eventTarget);
        portInterface.Install(PortShape.Instantiate(engine, hostIntrinsics.Prototypes["EventTarget"]));

        var channelInterface = new ChannelConstructor(engine, intrinsics);
        channelInterface.Install(ChannelShape.Instantiate(engine, hostIntrinsics.ObjectPrototype));
    }

    // undefined postMessage(any message, sequence<object> transfer);
    // undefined postMessage(any message, optional StructuredSerializeOptions options = {});
    // Spec: https://html.spec.whatwg.org/multipage/web-messaging.html#dom-messageport-postmessage.
    private static JsValue PostMessage(JsMessagePort port, JsValue[] args)
    {
        var engine = port.Engine;
        if (args.Length == 0)
        {
            throw ScriptErrors.NotEnoughArguments(engine, "MessagePort", "postMessage", 1, 0);
        }

        // Overload resolution on the second argument (WebIDL): an object whose @@iterator method GetMethod finds is
        // the sequence, anything else the dictionary (undefined and null are an empty one).
        var second = args.Length > 1 ? args[1] : JsValue.Undefined;
        var transfer = second is ObjectInstance sequence && sequence.Get(HostIntrinsics.Of(engine).SymbolIterator) is var method
            && !method.IsUndefined() && !method.IsNull()
            ? WebIdlConvert.ToSequence(engine, sequence, method, StructuredClone.TransferItem(engine, PostMessageContext), PostMessageContext)
            : StructuredClone.TransferOf(engine, second, PostMessageContext);

        // The postMessage method steps: targetPort is the port this one is entangled with, if any; then the message
        // port post message steps with transfer.
        var target = port.Entangled;

        // Step 2: a port cannot transfer itself.
        if (transfer.Contains(port))
        {
            throw ScriptErrors.DomException(engine, "DataCloneError", $"{PostMessageContext}: the port cannot be sent through itself.");
        }

        // Steps 3-4: sending the target port through it dooms the channel.
        var doomed = target is not null && transfer.Contains(target);

        // Step 5: serializeWithTransferResult = ? StructuredSerializeWithTransfer(message, transfer).
        var serialized = new StructuredSerializer(engine, port.CloneIntrinsics, PostMessageContext).SerializeWithTransfer(args[0], transfer);

        // Step 6: with no target port, or a doomed one, the message goes nowhere; what it transferred is gone with it
        // (a getter may have closed the target meanwhile).
        if (target is null || doomed || target.Detached)
        {
            JsMessagePort.Discard(serialized);
            return JsValue.Undefined;
        }

        // Step 7: a task on the target's port message queue delivers it.
        target.Enqueue(serialized);
        return JsValue.Undefined;
    }

    private static JsMessagePort Port(JsValue thisObj, string member) =>
        thisObj as JsMessagePort ?? throw ScriptErrors.IllegalInvocation(thisObj, "MessagePort", member);

    private static JsMessageChannel Channel(JsValue thisObj, string member) =>
        thisObj as JsMessageChannel ?? throw ScriptErrors.IllegalInvocation(thisObj, "MessageChannel", member);

    private sealed class JsMessageChannel(Engine engine, JsMessagePort port1, JsMessagePort port2) : ObjectInstance(engine)
    {
        public JsMessagePort Port1 { get; } = port1;

        public JsMessagePort Port2 { get; } = port2;
    }

    // MessagePort has no constructor.
    private sealed class PortConstructor(Engine engine, WebIdlConstructor parent) : WebIdlConstructor(engine, "MessagePort", 0, parent)
    {
        public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget) => throw IllegalConstructor();
    }

    private sealed class ChannelConstructor(Engine engine, StructuredCloneIntrinsics cloneIntrinsics) : WebIdlConstructor(engine, "MessageChannel", 0, null)
    {
        // Spec: https://html.spec.whatwg.org/multipage/web-messaging.html#dom-messagechannel.
        public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
        {
            // Steps 1-3: two new MessagePorts, entangled.
            var portPrototype = HostIntrinsics.Of(_engine).Prototypes["MessagePort"];
            var port1 = new JsMessagePort(_engine, portPrototype, cloneIntrinsics);
            var port2 = new JsMessagePort(_engine, portPrototype, cloneIntrinsics);
            JsMessagePort.Entangle(port1, port2);
            var channel = new JsMessageChannel(_engine, port1, port2) { Prototype = PrototypeFor(newTarget) };
            return channel;
        }
    }
}
