using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;

namespace JsWebSocketHost.WebIdl;

/// <summary>A <c>DOMException</c> platform object; its fields are the spec's name and message slots. Interfaces that
/// inherit from DOMException (<c>WebSocketError</c>) derive from it, so DOMException's members accept them.</summary>
/// <remarks>Spec: https://webidl.spec.whatwg.org/#idl-DOMException.</remarks>
internal class JsDOMException : ObjectInstance
{
    protected JsDOMException(Engine engine, ObjectInstance prototype, string message, string name)
        : base(engine)
    {
        Prototype = prototype;
        Message = message;
        Name = name;
        // Jint records no stack for host objects: give each instance an own, non-enumerable one, as engines do.
        var stack = engine.Advanced.StackTrace;
        FastSetProperty("stack", new PropertyDescriptor(
            Name + (Message.Length > 0 ? ": " + Message : "") + (stack.Length > 0 ? "\n" + stack.TrimEnd() : ""),
            PropertyFlag.Writable | PropertyFlag.Configurable));
    }

    /// <summary>The exception's name, such as "SyntaxError".</summary>
    public string Name { get; }

    /// <summary>The exception's message.</summary>
    public string Message { get; }

    /// <summary>The legacy code for <see cref="Name"/>, or 0.</summary>
    public int Code => DOMExceptionNames.LegacyCode(Name);

    /// <summary>Creates a DOMException with the realm's prototype.</summary>
    public static JsDOMException Create(Engine engine, string message, string name) =>
        new(engine, HostIntrinsics.Of(engine).DOMExceptionPrototype!, message, name);

    /// <summary>Creates a DOMException with a given prototype (for <c>new</c> through a subclass).</summary>
    public static JsDOMException Create(Engine engine, ObjectInstance prototype, string message, string name) =>
        new(engine, prototype, message, name);
}
