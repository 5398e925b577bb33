using Jint;
using Jint.Native;
using Jint.Runtime;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Url;

/// <summary>
/// The shape of <c>URLSearchParams.prototype</c>: <c>size</c>, the list operations, <c>sort</c>, the pair
/// iterator's <c>entries</c>/<c>keys</c>/<c>values</c>/<c>forEach</c>, and the stringifier.
/// </summary>
/// <remarks>Spec: https://url.spec.whatwg.org/#interface-urlsearchparams.</remarks>
internal static class UrlSearchParamsPrototype
{
    private const string Interface = "URLSearchParams";

    public static readonly JsObjectShape Shape = new JsObjectShape.Builder()
        .PerRealmSlot("constructor")
        .Accessor("size", static (t, _) => Brand(t, "size").List.Count, enumerable: true, configurable: true)
        .Method("append", static (t, a) => Append(Brand(t, "append"), a), 2)
        .Method("delete", static (t, a) => Delete(Brand(t, "delete"), a), 1)
        .Method("get", static (t, a) => Get(Brand(t, "get"), a), 1)
        .Method("getAll", static (t, a) => GetAll(Brand(t, "getAll"), a), 1)
        .Method("has", static (t, a) => Has(Brand(t, "has"), a), 1)
        .Method("set", static (t, a) => Set(Brand(t, "set"), a), 2)
        .Method("sort", static (t, _) => Sort(Brand(t, "sort")), 0)
        .Method("entries", static (t, _) => Iterator(Brand(t, "entries"), UrlSearchParamsIterationKind.KeyAndValue), 0)
        .Method("keys", static (t, _) => Iterator(Brand(t, "keys"), UrlSearchParamsIterationKind.Key), 0)
        .Method("values", static (t, _) => Iterator(Brand(t, "values"), UrlSearchParamsIterationKind.Value), 0)
        .Method("forEach", static (t, a) => ForEach(Brand(t, "forEach"), a), 1)
        .Method("toString", static (t, _) => FormUrlEncoded.Serialize(Brand(t, "toString").List), 0)
        .ToStringTag(Interface)
        .Build();

    private static JsUrlSearchParams Brand(JsValue thisObj, string member) =>
        thisObj as JsUrlSearchParams ?? throw ScriptErrors.IllegalInvocation(thisObj, Interface, member);

    private static void Require(JsUrlSearchParams query, JsValue[] args, int count, string member)
    {
        if (args.Length < count)
        {
            throw ScriptErrors.NotEnoughArguments(query.Engine, Interface, member, count, args.Length);
        }
    }

    // An optional USVString argument: undefined (or missing) is "not given".
    private static string? Optional(JsValue[] args, int index) =>
        args.Length > index && !args[index].IsUndefined() ? WebIdlConvert.ToUSVString(args[index]) : null;

    // append(name, value). Spec: https://url.spec.whatwg.org/#dom-urlsearchparams-append.
    private static JsValue Append(JsUrlSearchParams query, JsValue[] args)
    {
        Require(query, args, 2, "append");
        var name = WebIdlConvert.ToUSVString(args[0]);
        var value = WebIdlConvert.ToUSVString(args[1]);

        // Step 1: append (name, value) to this's list.
        query.List.Add(new(name, value));

        // Step 2: update this.
        query.Update();
        return JsValue.Undefined;
    }

    // delete(name, value). Spec: https://url.spec.whatwg.org/#dom-urlsearchparams-delete.
    private static JsValue Delete(JsUrlSearchParams query, JsValue[] args)
    {
        Require(query, args, 1, "delete");
        var name = WebIdlConvert.ToUSVString(args[0]);
        var value = Optional(args, 1);

        // Steps 1-2: remove the tuples whose name is name (and, if value is given, whose value is value).
        query.List.RemoveAll(pair => string.Equals(pair.Key, name, StringComparison.Ordinal)
            && (value is null || string.Equals(pair.Value, value, StringComparison.Ordinal)));

        // Step 3: update this.
        query.Update();
        return JsValue.Undefined;
    }

    // get(name): the value of the first tuple whose name is name, or null.
    // Spec: https://url.spec.whatwg.org/#dom-urlsearchparams-get.
    private static JsValue Get(JsUrlSearchParams query, JsValue[] args)
    {
        Require(query, args, 1, "get");
        var name = WebIdlConvert.ToUSVString(args[0]);
        foreach (var pair in query.List)
        {
            if (string.Equals(pair.Key, name, StringComparison.Ordinal))
            {
                return pair.Value;
            }
        }

        return JsValue.Null;
    }

    // getAll(name): the values of all tuples whose name is name, in list order.
    // Spec: https://url.spec.whatwg.org/#dom-urlsearchparams-getall.
    private static JsArray GetAll(JsUrlSearchParams query, JsValue[] args)
    {
        Require(query, args, 1, "getAll");
        var name = WebIdlConvert.ToUSVString(args[0]);
        var values = new List<JsValue>();
        foreach (var pair in query.List)
        {
            if (string.Equals(pair.Key, name, StringComparison.Ordinal))
            {
                values.Add(pair.Value);
            }
        }

        return new JsArray(query.Engine, [.. values]);
    }

    // has(name, value). Spec: https://url.spec.whatwg.org/#dom-urlsearchparams-has.
    private static JsBoolean Has(JsUrlSearchParams query, JsValue[] args)
    {
        Require(query, args, 1, "has");
        var name = WebIdlConvert.ToUSVString(args[0]);
        var value = Optional(args, 1);

        // Steps 1-3: whether a tuple has name as its name (and, if value is given, value as its value).
        foreach (var pair in query.List)
        {
            if (string.Equals(pair.Key, name, StringComparison.Ordinal)
                && (value is null || string.Equals(pair.Value, value, StringComparison.Ordinal)))
            {
                return JsBoolean.True;
            }
        }

        return JsBoolean.False;
    }

    // set(name, value). Spec: https://url.spec.whatwg.org/#dom-urlsearchparams-set.
    private static JsValue Set(JsUrlSearchParams query, JsValue[] args)
    {
        Require(query, args, 2, "set");
        var name = WebIdlConvert.ToUSVString(args[0]);
        var value = WebIdlConvert.ToUSVString(args[1]);
        var list = query.List;

        // Step 1: if the list contains a tuple whose name is name, set the first such tuple's value to value and
        // remove the others.
        var first = list.FindIndex(pair => string.Equals(pair.Key, name, StringComparison.Ordinal));
        if (first >= 0)
        {
            list[first] = new(name, value);
            var write = first + 1;
            for (var read = first + 1; read < list.Count; read++)
            {
                if (!string.Equals(list[read].Key, name, StringComparison.Ordinal))
                {
                    list[write++] = list[read];
                }
            }

            list.RemoveRange(write, list.Count - write);
        }

        // Step 2: otherwise, append (name, value).
        else
        {
            list.Add(new(name, value));
        }

        // Step 3: update this.
        query.Update();
        return JsValue.Undefined;
    }

    // sort(): a stable sort by name, comparing code units. Spec: https://url.spec.whatwg.org/#dom-urlsearchparams-sort.
    private static JsValue Sort(JsUrlSearchParams query)
    {
        // Step 1: sort all tuples by their names; ties keep their relative order (OrderBy is stable, and
        // ordinal comparison compares UTF-16 code units).
        query.ReplaceList([.. query.List.OrderBy(static pair => pair.Key, StringComparer.Ordinal)]);

        // Step 2: update this.
        query.Update();
        return JsValue.Undefined;
    }

    // entries(), keys(), values(): a new default iterator object with index 0.
    // Spec: https://webidl.spec.whatwg.org/#es-iterators.
    private static JsUrlSearchParamsIterator Iterator(JsUrlSearchParams query, UrlSearchParamsIterationKind kind) =>
        new(query.Engine, HostIntrinsics.Of(query.Engine).Prototypes[UrlInterfaces.IteratorPrototypeKey], query, kind);

    // forEach(callback, thisArg). Spec: https://webidl.spec.whatwg.org/#es-forEach.
    private static JsValue ForEach(JsUrlSearchParams query, JsValue[] args)
    {
        var engine = query.Engine;

        // Steps 3-4: callbackFn must be callable.
        var callback = args.Length > 0 ? args[0] : JsValue.Undefined;
        if (!callback.IsCallable())
        {
            throw ScriptErrors.TypeError(engine, "Failed to execute 'forEach' on 'URLSearchParams': parameter 1 is not of type 'Function'.");
        }

        // Step 5: thisArg, or undefined.
        var thisArg = args.Length > 1 ? args[1] : JsValue.Undefined;

        // Steps 6-8: walk the current list by index, so the callback sees (and is affected by) its changes.
        for (var i = 0; i < query.List.Count; i++)
        {
            var pair = query.List[i];
            engine.Call(callback, thisArg, [pair.Value, pair.Key, query]);
        }

        return JsValue.Undefined;
    }
}
