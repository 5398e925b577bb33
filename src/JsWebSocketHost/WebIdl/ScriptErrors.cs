using Jint;
using Jint.Native;
using Jint.Native.Error;
using Jint.Native.Object;
using Jint.Runtime;

namespace JsWebSocketHost.WebIdl;

/// <summary>
/// Makes the exceptions that WebIDL and the web specs name, as <see cref="JavaScriptException"/>s that a script's
/// <c>try</c>/<c>catch</c> sees. Use as <c>throw ScriptErrors.TypeError(engine, "...")</c>.
/// </summary>
internal static class ScriptErrors
{
    /// <summary>A TypeError with <paramref name="message"/>.</summary>
    public static JavaScriptException TypeError(Engine engine, string message) =>
        new(engine.Intrinsics.TypeError, message);

    /// <summary>A RangeError with <paramref name="message"/>.</summary>
    public static JavaScriptException RangeError(Engine engine, string message) =>
        new(HostIntrinsics.Of(engine).RangeError, message);

    /// <summary>A <c>DOMException</c> whose <c>name</c> is <paramref name="name"/>, e.g. "SyntaxError".</summary>
    /// <remarks>Spec: https://webidl.spec.whatwg.org/#dfn-throw.</remarks>
    public static JavaScriptException DomException(Engine engine, string name, string message) =>
        new(JsDOMException.Create(engine, message, name));

    /// <summary>
    /// The script value of an exception thrown while host code ran script operations outside any script frame (a
    /// promise reaction's steps): a <see cref="JavaScriptException"/>'s error, or a new TypeError or RangeError for
    /// the ones Jint's own conversions throw (<c>TypeConverter.ToString</c> of a symbol), which are internal types and
    /// become script errors only when they pass through a script frame. Null for any other exception.
    /// </summary>
    public static JsValue? ScriptErrorOf(Engine engine, Exception exception) => exception switch
    {
        JavaScriptException e => e.Error,
        JintException e when e.GetType().Name == "TypeErrorException" => TypeError(engine, e.Message).Error,
        JintException e when e.GetType().Name == "RangeErrorException" => RangeError(engine, e.Message).Error,
        _ => null,
    };

    /// <summary>
    /// The engine to throw in when an operation got a receiver it cannot use (which may be a primitive with no
    /// engine): the receiver's own engine, or the one running on this thread.
    /// </summary>
    public static Engine EngineFor(JsValue thisValue) =>
        thisValue is ObjectInstance obj ? obj.Engine
        : HostIntrinsics.Running?.Engine ?? throw new InvalidOperationException("No script engine is running on this thread.");

    /// <summary>The TypeError for a failed brand check ("Illegal invocation", as browsers say).</summary>
    /// <remarks>Spec: https://webidl.spec.whatwg.org/#ref-for-dfn-attribute-getter (step 1.2.2).</remarks>
    public static JavaScriptException IllegalInvocation(JsValue thisValue, string interfaceName, string member) =>
        TypeError(EngineFor(thisValue), $"Illegal invocation: {interfaceName}.{member} called on an object that is not a {interfaceName}.");

    /// <summary>The TypeError for a missing required argument.</summary>
    public static JavaScriptException NotEnoughArguments(Engine engine, string interfaceName, string member, int required, int given) =>
        TypeError(engine, $"Failed to execute '{member}' on '{interfaceName}': {required} argument{(required == 1 ? "" : "s")} required, but only {given} present.");

    /// <summary>Whether <paramref name="error"/> is a constructor usable with <see cref="JavaScriptException"/>.</summary>
    public static ErrorConstructor AsErrorConstructor(JsValue error) =>
        error as ErrorConstructor ?? throw new InvalidOperationException("Expected an Error constructor.");
}
