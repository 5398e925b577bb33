using Jint;
using Jint.Native.Object;

namespace JsWebSocketHost.Encodings;

/// <summary>A <c>TextEncoder</c> platform object. It has no state: its encoder is always UTF-8's.</summary>
/// <remarks>Spec: https://encoding.spec.whatwg.org/#interface-textencoder.</remarks>
internal sealed class JsTextEncoder : ObjectInstance
{
    public JsTextEncoder(Engine engine, ObjectInstance prototype)
        : base(engine)
    {
        Prototype = prototype;
    }
}
