using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace JsWebSocketHost.WebIdl;

/// <summary>Defines operations and attributes on namespace objects and the global, as WebIDL lays them out.</summary>
internal static class Define
{
    /// <summary>
    /// A regular operation: a function property that is writable, configurable and enumerable, whose <c>length</c>
    /// is the number of required arguments.
    /// </summary>
    /// <remarks>Spec: https://webidl.spec.whatwg.org/#es-operations.</remarks>
    public static ClrFunction Operation(
        Engine engine, ObjectInstance target, string name, int length, Func<JsValue, JsValue[], JsValue> body,
        bool enumerable = true)
    {
        var function = new ClrFunction(engine, name, body, length, PropertyFlag.Configurable);
        target.FastSetProperty(name, new PropertyDescriptor(function, writable: true, enumerable: enumerable, configurable: true));
        return function;
    }

    /// <summary>A read-only attribute: an accessor property with a getter named <c>get name</c> and no setter.</summary>
    /// <remarks>Spec: https://webidl.spec.whatwg.org/#es-attributes.</remarks>
    public static void ReadOnlyAttribute(Engine engine, ObjectInstance target, string name, Func<JsValue, JsValue[], JsValue> getter)
    {
        var get = new ClrFunction(engine, "get " + name, getter, 0, PropertyFlag.Configurable);
        target.FastSetProperty(name, new GetSetPropertyDescriptor(get, null, enumerable: true, configurable: true));
    }
}
