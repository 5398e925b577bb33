using Jint;
using Jint.Native;
using Jint.Native.Object;

namespace JsWebSocketHost.Streams;

/// <summary>A <c>ReadableStreamBYOBRequest</c> platform object: [[controller]] and [[view]].</summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#rs-byob-request-class.</remarks>
internal sealed class JsReadableStreamBYOBRequest(Engine engine, ObjectInstance prototype) : ObjectInstance(engine)
{
    /// <summary>[[controller]]; null once the request is invalidated.</summary>
    public JsReadableByteStreamController? Controller { get; set; }

    /// <summary>[[view]]: a Uint8Array, or null once invalidated.</summary>
    public JsValue View { get; set; } = JsValue.Null;

    /// <summary>Sets the prototype (primary constructors cannot).</summary>
    public JsReadableStreamBYOBRequest Init()
    {
        Prototype = prototype;
        return this;
    }
}
