using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Streams;

/// <summary>
/// The callback members of the UnderlyingSource and UnderlyingSink dictionaries: reading one (it must be callable) and
/// invoking one with the source or sink object as its callback this value.
/// </summary>
/// <remarks>Spec: https://webidl.spec.whatwg.org/#invoke-a-callback-function.</remarks>
internal static class UnderlyingCallbacks
{
    /// <summary>
    /// Converts a stream constructor's arguments as WebIDL does, in order: <c>optional object</c> (a primitive is a
    /// TypeError; missing is null, as the constructors' step 1 says), then <c>optional QueuingStrategy strategy = {}</c>.
    /// </summary>
    public static (JsValue Underlying, QueuingStrategy Strategy) ConstructorArguments(Engine engine, JsValue[] arguments, string context)
    {
        var underlying = arguments.Length > 0 ? arguments[0] : JsValue.Undefined;
        if (!underlying.IsUndefined() && underlying is not ObjectInstance)
        {
            throw ScriptErrors.TypeError(engine, $"{context}: parameter 1 is not of type 'object'.");
        }

        var strategy = QueuingStrategy.From(engine, arguments.Length > 1 ? arguments[1] : JsValue.Undefined, context);
        return (underlying.IsUndefined() ? JsValue.Null : underlying, strategy);
    }

    /// <summary>Reads dictionary member <paramref name="name"/>: undefined, or a callable value.</summary>
    public static JsValue Read(Engine engine, ObjectInstance dictionary, string name, string owner, string context)
    {
        var value = dictionary.Get(name);
        if (!value.IsUndefined() && !value.IsCallable())
        {
            throw ScriptErrors.TypeError(engine, $"{context}: the {owner}'s {name} must be a function.");
        }

        return value;
    }

    /// <summary>Invokes a callback whose IDL return type is a promise: an exception becomes a rejected promise, a
    /// result a promise resolved with it.</summary>
    public static JsValue InvokePromise(Engine engine, JsValue callback, JsValue thisValue, JsValue[] arguments)
    {
        try
        {
            return StreamPromises.ResolvedWith(engine, engine.Call(callback, thisValue, arguments));
        }
        catch (Exception e) when (ScriptErrors.ScriptErrorOf(engine, e) is { } error)
        {
            return StreamPromises.RejectedWith(engine, error);
        }
    }
}
