using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Url;

/// <summary>
/// The shape of the <c>URLSearchParams</c> iterator prototype object: <c>next()</c> and the toStringTag
/// "URLSearchParams Iterator"; its [[Prototype]] is <c>%Iterator.prototype%</c>.
/// </summary>
/// <remarks>Spec: https://webidl.spec.whatwg.org/#es-iterator-prototype-object.</remarks>
internal static class UrlSearchParamsIteratorPrototype
{
    private const string Tag = "URLSearchParams Iterator";

    public static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .Method("next", static (t, _) => Next(t), 0)
        .ToStringTag(Tag)
        .Build();

    /// <summary>Makes the iterator prototype object of <paramref name="engine"/>.</summary>
    public static ObjectInstance Create(Engine engine)
    {
        // %Iterator.prototype% is the [[Prototype]] of %ArrayIteratorPrototype%: take it from an array iterator,
        // before any user script can change what the globals hold.
        var intrinsics = HostIntrinsics.Of(engine);
        var arrayValues = engine.Intrinsics.Array.PrototypeObject.Get(intrinsics.SymbolIterator);
        var arrayIterator = (ObjectInstance)engine.Call(arrayValues, new JsArray(engine), Arguments.Empty);
        var iteratorPrototype = arrayIterator.Prototype!.Prototype!;
        return Shape.Instantiate(engine, iteratorPrototype);
    }

    // next(). Spec: https://webidl.spec.whatwg.org/#es-iterator-prototype-object (the next property).
    private static JsObject Next(JsValue thisValue)
    {
        // Steps 1-4: this must be a default iterator object for URLSearchParams.
        var iterator = thisValue as JsUrlSearchParamsIterator
            ?? throw ScriptErrors.IllegalInvocation(thisValue, Tag, "next");
        var engine = iterator.Engine;

        // Step 5: index, kind, and the target's current value pairs to iterate over.
        var index = iterator.Index;
        var pairs = iterator.Target.List;

        // Step 6: past the end, the result is { value: undefined, done: true }.
        if (index >= pairs.Count)
        {
            return JintObjects.IteratorResult(engine, JsValue.Undefined, done: true);
        }

        // Steps 7-9: the pair at index; advance; the result for the kind.
        var pair = pairs[index];
        iterator.Index = index + 1;
        JsValue value = iterator.Kind switch
        {
            UrlSearchParamsIterationKind.Key => pair.Key,
            UrlSearchParamsIterationKind.Value => pair.Value,
            _ => new JsArray(engine, [pair.Key, pair.Value]),
        };
        return JintObjects.IteratorResult(engine, value, done: false);
    }

}
