using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using JsWebSocketHost.Dom;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// A <c>MessagePort</c>: one end of a <c>MessageChannel</c>, entangled with the other end until either is closed,
/// with its port message queue (disabled until <c>start()</c> or the first <c>onmessage</c>). A transfer moves the
/// queue, with what waits in it, and the entanglement to the port the receiver gets.
/// </summary>
/// <remarks>Spec: https://html.spec.whatwg.org/multipage/web-messaging.html#message-ports.</remarks>
internal sealed class JsMessagePort : JsEventTarget, IMessageEventSource
{
    private PortMessageQueue _queue;

    public JsMessagePort(Engine engine, ObjectInstance prototype, StructuredCloneIntrinsics cloneIntrinsics)
        : base(engine, prototype)
    {
        CloneIntrinsics = cloneIntrinsics;
        _queue = new PortMessageQueue { Owner = this };
    }

    /// <summary>The port this one is entangled with, or null.</summary>
    public JsMessagePort? Entangled { get; private set; }

    /// <summary>[[Detached]]: set by <c>close()</c> and by a transfer; a detached port cannot be transferred.</summary>
    public bool Detached { get; private set; }

    /// <summary>Whether the port was transferred: it then does nothing more, and its queue waits for the receiver.</summary>
    public bool Shipped { get; private set; }

    /// <summary>The built-ins structured serialization uses in the port's realm.</summary>
    public StructuredCloneIntrinsics CloneIntrinsics { get; }

    /// <summary>Entangles two new ports. Spec: https://html.spec.whatwg.org/multipage/web-messaging.html#entangle.</summary>
    public static void Entangle(JsMessagePort a, JsMessagePort b)
    {
        a.Entangled = b;
        b.Entangled = a;
    }

    /// <summary>Adds a message to the port message queue; it is delivered by a task once the queue is enabled.</summary>
    public void Enqueue(StructuredSerializer.WithTransfer message)
    {
        _queue.Items.Enqueue(message);
        if (_queue.Enabled)
        {
            PostDelivery(_queue);
        }
    }

    /// <summary>
    /// start(): enables the port message queue; what waits in it is delivered in order, one task each. Nothing on a
    /// port that was transferred. Spec: https://html.spec.whatwg.org/multipage/web-messaging.html#dom-messageport-start.
    /// </summary>
    public void Start()
    {
        if (Shipped || _queue.Enabled)
        {
            return;
        }

        _queue.Enabled = true;
        for (var i = 0; i < _queue.Items.Count; i++)
        {
            PostDelivery(_queue);
        }
    }

    /// <summary>
    /// close(): sets [[Detached]] and disentangles the port; the other end gets a <c>close</c> event. Nothing on a port
    /// that was transferred. Spec: https://html.spec.whatwg.org/multipage/web-messaging.html#dom-messageport-close.
    /// </summary>
    public void Close()
    {
        if (Shipped)
        {
            return;
        }

        // Step 1: set this's [[Detached]] to true.
        Detached = true;

        // What waits here is never delivered now: the ports it carries go with it.
        while (_queue.Items.TryDequeue(out var dropped))
        {
            Discard(dropped);
        }

        // Step 2: if this is entangled, disentangle it.
        Disentangle(fireClose: true);
    }

    /// <summary>
    /// The MessagePort transfer steps and step 5.3 of StructuredSerializeWithTransfer: the port is detached, and
    /// keeps its queue (disabled) and its entanglement for the port that receives it.
    /// Spec: https://html.spec.whatwg.org/multipage/web-messaging.html#message-ports:transfer-steps.
    /// </summary>
    public void Ship()
    {
        Detached = true;
        Shipped = true;
        _queue.Enabled = false;
    }

    /// <summary>
    /// The MessagePort transfer-receiving steps: this new port takes the port message queue of
    /// <paramref name="shipped"/>, with the messages in it, left disabled as a new port's is; and its entanglement.
    /// Spec: https://html.spec.whatwg.org/multipage/web-messaging.html#message-ports:transfer-receiving-steps.
    /// </summary>
    public void ReceiveFrom(JsMessagePort shipped)
    {
        // Step 2: move the tasks of the data holder's port message queue to this port's (disabled).
        _queue = shipped._queue;
        _queue.Owner = this;
        shipped._queue = new PortMessageQueue { Owner = shipped };

        // Step 3: if the data holder has a remote port, entangle it with this port.
        if (shipped.Entangled is { } remote)
        {
            shipped.Entangled = null;
            Entangle(this, remote);
        }
    }

    /// <summary>
    /// A message that will never be delivered (posted to no port, doomed, or waiting at a port that closed): the ports
    /// it carries are gone with it, so their partners are disentangled and do not queue for them.
    /// </summary>
    public static void Discard(StructuredSerializer.WithTransfer message)
    {
        foreach (var holder in message.TransferDataHolders)
        {
            if (holder.Source is JsMessagePort { Shipped: true } carried)
            {
                while (carried._queue.Items.TryDequeue(out var inner))
                {
                    Discard(inner);
                }

                carried.Disentangle(fireClose: true);
            }
        }
    }

    // Spec: https://html.spec.whatwg.org/multipage/web-messaging.html#disentangle.
    private void Disentangle(bool fireClose)
    {
        if (Entangled is not { } other)
        {
            return;
        }

        // Steps 1-3: other port is this one's partner; both stop being entangled.
        other.Entangled = null;
        Entangled = null;

        // Step 4: fire an event named close at otherPort (in a task: not during the script that closed it).
        if (fireClose && !other.Shipped)
        {
            HostIntrinsics.Of(Engine).Host.PostTask(static state =>
            {
                var port = (JsMessagePort)state!;
                var e = new JsEvent(port.Engine, HostIntrinsics.Of(port.Engine).Prototypes["Event"], "close", isTrusted: true);
                EventDispatcher.Dispatch(port, port.EventTargetState, e, fromTask: true);
            }, other);
        }
    }

    private void PostDelivery(PortMessageQueue queue) =>
        HostIntrinsics.Of(Engine).Host.PostTask(static state => ((PortMessageQueue)state!).DeliverNext(), queue);

    // The task of the message port post message steps (step 7), at the port that owns the queue now (the target,
    // or the port it was transferred to: step 7.1's finalTargetPort).
    // Spec: https://html.spec.whatwg.org/multipage/web-messaging.html#message-port-post-message-steps.
    private void Deliver(StructuredSerializer.WithTransfer message)
    {
        var prototype = HostIntrinsics.Of(Engine).MessageEventPrototype;

        // Steps 7.2-7.4: deserializeRecord = StructuredDeserializeWithTransfer(...); if it throws, fire "messageerror".
        JsValue data;
        List<ObjectInstance>? ports = message.TransferDataHolders.Count > 0 ? [] : null;
        try
        {
            data = new StructuredSerializer(Engine, CloneIntrinsics, "Failed to deliver a message to 'MessagePort'").DeserializeWithTransfer(message, ports);
        }
        catch (JavaScriptException)
        {
            var error = new JsMessageEvent(Engine, prototype, "messageerror", isTrusted: true);
            EventDispatcher.Dispatch(this, EventTargetState, error, fromTask: true);
            return;
        }

        // Steps 7.5-7.7: fire "message" with data, and as ports a new frozen array of the transferred ports.
        var e = MessageEventInterface.Create(Engine, prototype, data, origin: "");
        if (ports is { Count: > 0 })
        {
            e.SetPorts(ports);
        }

        EventDispatcher.Dispatch(this, EventTargetState, e, fromTask: true);
    }

    // A port message queue: it moves, with its messages, when its port is transferred.
    private sealed class PortMessageQueue
    {
        public Queue<StructuredSerializer.WithTransfer> Items { get; } = new();

        public bool Enabled { get; set; }

        public JsMessagePort? Owner { get; set; }

        // One delivery task: the next message, if the queue is (still) enabled and its port still takes messages.
        public void DeliverNext()
        {
            if (!Enabled || Owner is not { Detached: false } owner || !Items.TryDequeue(out var message))
            {
                return;
            }

            owner.Deliver(message);
        }
    }
}
