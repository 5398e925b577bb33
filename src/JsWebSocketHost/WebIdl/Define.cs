using System.Runtime.CompilerServices;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace JsWebSocketHost.WebIdl;

/// <summary>Defines operations and attributes on namespace objects and the global, as WebIDL lays them out.</summary>
internal static class Define
{
    // The getters of the attributes defined here: each hands back a value and runs no script.
    private static readonly ConditionalWeakTable<ObjectInstance, object?> ValueGetters = new();

    /// <summary>
    /// Whether <paramref name="getter"/> is an attribute getter defined here, which runs no script (so the REPL's
    /// completion may call it); false for any getter that script or the engine's built-ins define.
    /// </summary>
    public static bool IsValueGetter(JsValue getter) => getter is ObjectInstance function && ValueGetters.TryGetValue(function, out _);

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

    /// <summary>
    /// A read-only attribute: an accessor property with a getter named <c>get name</c> and no setter.
    /// <paramref name="getter"/> must run no script.
    /// </summary>
    /// <remarks>Spec: https://webidl.spec.whatwg.org/#es-attributes.</remarks>
    public static void ReadOnlyAttribute(Engine engine, ObjectInstance target, string name, Func<JsValue, JsValue[], JsValue> getter)
    {
        var get = new ClrFunction(engine, "get " + name, getter, 0, PropertyFlag.Configurable);
        ValueGetters.AddOrUpdate(get, null);
        target.FastSetProperty(name, new GetSetPropertyDescriptor(get, null, enumerable: true, configurable: true));
    }

    /// <summary>
    /// A <c>[Replaceable]</c> read-only attribute of the global: reading gives <paramref name="value"/>; assigning
    /// replaces the accessor with an own data property holding what was assigned.
    /// </summary>
    /// <remarks>Spec: https://webidl.spec.whatwg.org/#Replaceable.</remarks>
    public static void ReplaceableAttribute(Engine engine, ObjectInstance target, string name, Func<JsValue> value)
    {
        var get = new ClrFunction(engine, "get " + name, (_, _) => value(), 0, PropertyFlag.Configurable);
        ValueGetters.AddOrUpdate(get, null);
        var set = new ClrFunction(engine, "set " + name, (thisValue, args) =>
        {
            // The attribute setter's steps: undefined or null stands for the global (the [Global] interface's own
            // object); any other value that is not it fails the brand check. No argument is undefined.
            if (!thisValue.IsNull() && !thisValue.IsUndefined() && !ReferenceEquals(thisValue, target))
            {
                throw ScriptErrors.TypeError(engine, $"Illegal invocation: the setter of '{name}' belongs to the global object.");
            }

            // [Replaceable]: CreateDataPropertyOrThrow(esValue, id, V).
            var value = args.Length > 0 ? args[0] : JsValue.Undefined;
            if (!target.DefineOwnProperty(name, new PropertyDescriptor(value, writable: true, enumerable: true, configurable: true)))
            {
                throw ScriptErrors.TypeError(engine, $"Cannot redefine property: {name}");
            }

            return JsValue.Undefined;
        }, 1, PropertyFlag.Configurable);
        target.FastSetProperty(name, new GetSetPropertyDescriptor(get, set, enumerable: true, configurable: true));
    }
}
