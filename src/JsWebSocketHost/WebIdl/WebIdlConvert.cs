using Jint.Native;
using Jint.Runtime;

namespace JsWebSocketHost.WebIdl;

/// <summary>WebIDL's conversions from ECMAScript values to IDL types.</summary>
/// <remarks>Spec: https://webidl.spec.whatwg.org/#js-type-mapping.</remarks>
internal static class WebIdlConvert
{
    /// <summary>
    /// <c>long</c> without extended attributes: ToNumber, NaN and infinities become 0, truncate, wrap modulo 2^32
    /// into the signed range — which is exactly ECMAScript's ToInt32.
    /// </summary>
    /// <remarks>Spec: https://webidl.spec.whatwg.org/#js-long.</remarks>
    public static int ToLong(JsValue value) => TypeConverter.ToInt32(value);
}
