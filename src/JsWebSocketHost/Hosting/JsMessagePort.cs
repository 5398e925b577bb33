using Jint;
using Jint.Native.Object;
using Jint.Runtime;
using JsWebSocketHost.Dom;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// A <c>MessagePort</c>: one end of a <c>MessageChannel</c>, entangled with the other end until either is closed,
/// with its port message queue (disabled until <c>start()</c> or the first <c>onmessage</c>).
/// </summary>
/// <remarks>Spec: https://html.spec.whatwg.org/multipage/web-messaging.html#message-ports.</remarks>
internal sealed class JsMessagePort(Engine engine, ObjectInstance prototype, StructuredCloneIntrinsics cloneIntrinsics) : JsEventTarget(engine, prototype)
{
    // Messages that arrived while the port message queue was disabled, in order.
    private Queue<StructuredSerializer.WithTransfer>? _held;

    private bool _enabled;

    /// <summary>The built-ins structured serialization uses in the port's realm.</summary>
    public StructuredCloneIntrinsics CloneIntrinsics { get; } = cloneIntrinsics;

    /// <summary>The port this one is entangled with, or null.</summary>
    public JsMessagePort? Entangled { get; set; }

    /// <summary>[[Detached]]: set by <c>close()</c> and by a transfer; a detached port delivers nothing more.</summary>
    public bool Detached { get; private set; }

    /// <summary>Adds a message to the port message queue: a task now when the queue is enabled, else once it is.</summary>
    public void Enqueue(StructuredSerializer.WithTransfer message)
    {
        if (_enabled && !Detached)
        {
            Post(message);
        }
        else
        {
            (_held ??= new Queue<StructuredSerializer.WithTransfer>()).Enqueue(message);
        }
    }

    /// <summary>start(): enables the port message queue; what waited in it is queued as tasks, in order.</summary>
    public void Start()
    {
        if (_enabled)
        {
            return;
        }

        _enabled = true;
        while (_held is { Count: > 0 })
        {
            Post(_held.Dequeue());
        }
    }

    /// <summary>close(): sets [[Detached]] and disentangles the port (both ends).</summary>
    public void Close()
    {
        Detached = true;
        _held = null;
        if (Entangled is { } other)
        {
            other.Entangled = null;
            Entangled = null;
        }
    }

    /// <summary>
    /// The MessagePort transfer steps and step 5.3 of StructuredSerializeWithTransfer: detached, the port holds what
    /// arrives (for the port that receives it) and stays entangled until then.
    /// </summary>
    public void Ship() => Detached = true;

    /// <summary>
    /// The MessagePort transfer-receiving steps: this new port takes over the port message queue of
    /// <paramref name="shipped"/> (disabled, as a new port's is) and its entanglement.
    /// </summary>
    public void ReceiveFrom(JsMessagePort shipped)
    {
        _held = shipped._held;
        shipped._held = null;
        if (shipped.Entangled is { } remote)
        {
            remote.Entangled = this;
            Entangled = remote;
            shipped.Entangled = null;
        }
    }

    private void Post(StructuredSerializer.WithTransfer message) =>
        HostIntrinsics.Of(Engine).Host.PostTask(static state =>
        {
            var (port, m) = ((JsMessagePort, StructuredSerializer.WithTransfer))state!;
            port.Deliver(m);
        }, (this, message));

    // The task of the message port post message steps (step 8), at the target port.
    // Spec: https://html.spec.whatwg.org/multipage/web-messaging.html#message-port-post-message-steps.
    private void Deliver(StructuredSerializer.WithTransfer message)
    {
        if (Detached)
        {
            return;
        }

        var intrinsics = HostIntrinsics.Of(Engine);
        var prototype = intrinsics.Prototypes["MessageEvent"];

        // Steps 8.2-8.3: deserializeRecord = StructuredDeserializeWithTransfer(...); if it throws, fire "messageerror".
        Jint.Native.JsValue data;
        var ports = new List<ObjectInstance>();
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

        // Steps 8.4-8.6: fire "message" with data, and as ports a new frozen array of the transferred ports.
        var e = MessageEventInterface.Create(Engine, prototype, data, origin: "");
        if (ports.Count > 0)
        {
            e.SetPorts(ports);
        }

        EventDispatcher.Dispatch(this, EventTargetState, e, fromTask: true);
    }
}
