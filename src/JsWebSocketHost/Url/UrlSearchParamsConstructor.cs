using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Url;

/// <summary>
/// The <c>URLSearchParams</c> interface object: <c>new URLSearchParams(init)</c>, where init is a sequence of
/// [name, value] pairs, a record of names to values, or a query string.
/// </summary>
/// <remarks>Spec: https://url.spec.whatwg.org/#dom-urlsearchparams-urlsearchparams.</remarks>
internal sealed class UrlSearchParamsConstructor : WebIdlConstructor
{
    private const string Interface = "URLSearchParams";
    private const string Context = "Failed to construct 'URLSearchParams'";

    private UrlSearchParamsConstructor(Engine engine)
        : base(engine, Interface, length: 0, parentInterface: null)
    {
    }

    /// <summary>Installs the interface; returns its prototype object.</summary>
    public static ObjectInstance Install(Engine engine)
    {
        var intrinsics = HostIntrinsics.Of(engine);
        var constructor = new UrlSearchParamsConstructor(engine);
        var prototype = UrlSearchParamsPrototype.Shape.Instantiate(engine, intrinsics.ObjectPrototype);
        constructor.Install(prototype);

        // iterable<USVString, USVString>: @@iterator is the same function object as entries.
        // Spec: https://webidl.spec.whatwg.org/#es-iterator.
        prototype.DefineOwnProperty(intrinsics.SymbolIterator,
            new(prototype.Get("entries"), writable: true, enumerable: false, configurable: true));
        intrinsics.Prototypes[UrlInterfaces.IteratorPrototypeKey] = UrlSearchParamsIteratorPrototype.Create(engine);
        return prototype;
    }

    /// <summary><c>new URLSearchParams(init = "")</c>.</summary>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        // (sequence<sequence<USVString>> or record<USVString, USVString> or USVString) init = "": an object with
        // @@iterator is a sequence, any other object a record, anything else a string.
        // Spec: https://webidl.spec.whatwg.org/#js-union (steps 10-14).
        var init = arguments.Length > 0 ? arguments[0] : JsValue.Undefined;
        List<List<string>>? sequence = null;
        List<KeyValuePair<string, string>>? record = null;
        var text = string.Empty;
        if (init is ObjectInstance obj)
        {
            var method = WebIdlConvert.GetIteratorMethod(_engine, obj, Context);
            if (!method.IsUndefined())
            {
                sequence = WebIdlConvert.ToSequence(_engine, obj, method,
                    inner => WebIdlConvert.ToSequence(_engine, inner, WebIdlConvert.ToUSVString, Context + ": each pair"),
                    Context);
            }
            else
            {
                record = WebIdlConvert.ToRecord(obj, WebIdlConvert.ToUSVString, WebIdlConvert.ToUSVString);
            }
        }
        else if (!init.IsUndefined())
        {
            text = WebIdlConvert.ToUSVString(init);
        }

        var prototype = PrototypeFor(newTarget);
        return new JsUrlSearchParams(_engine, prototype, Initialize(sequence, record, text));
    }

    // Constructor step 1 and "initialize". Spec: https://url.spec.whatwg.org/#urlsearchparams-initialize.
    private List<KeyValuePair<string, string>> Initialize(
        List<List<string>>? sequence, List<KeyValuePair<string, string>>? record, string text)
    {
        // Initialize step 1: a sequence: each inner sequence must have exactly two items, a name and a value.
        if (sequence is not null)
        {
            var list = new List<KeyValuePair<string, string>>(sequence.Count);
            for (var i = 0; i < sequence.Count; i++)
            {
                var pair = sequence[i];
                if (pair.Count != 2)
                {
                    throw ScriptErrors.TypeError(_engine,
                        $"{Context}: each pair must have exactly 2 items (a name and a value), but pair {i} has {pair.Count}.");
                }

                list.Add(new(pair[0], pair[1]));
            }

            return list;
        }

        // Initialize step 2: a record: append each name and value in order.
        if (record is not null)
        {
            return record;
        }

        // Constructor step 1: a string that starts with "?" loses it.
        // Initialize step 3: the list is the result of parsing the string.
        return FormUrlEncoded.Parse(text.StartsWith('?') ? text[1..] : text);
    }
}
