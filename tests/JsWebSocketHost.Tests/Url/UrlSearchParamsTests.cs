namespace JsWebSocketHost.Tests.Url;

/// <summary>
/// Behaviour of <c>URLSearchParams</c> from script: the three kinds of <c>init</c>, every operation at its edges,
/// the serializer, and pair iteration over the live list (https://url.spec.whatwg.org/#interface-urlsearchparams and
/// https://webidl.spec.whatwg.org/#idl-iterable).
/// </summary>
[TestFixture]
public sealed class UrlSearchParamsTests
{
    [TestCase("''", "[]", TestName = "The empty string gives an empty list")]
    [TestCase("'?'", "[]", TestName = "A lone question mark gives an empty list")]
    [TestCase("'??a=1'", """[["?a","1"]]""", TestName = "Only one leading question mark is removed")]
    [TestCase("'a=1&&b&=c&'", """[["a","1"],["b",""],["","c"]]""", TestName = "Empty pieces are skipped and a missing value is empty")]
    [TestCase("'a=b=c'", """[["a","b=c"]]""", TestName = "Only the first equals sign splits")]
    [TestCase("'a+b=c+d'", """[["a b","c d"]]""", TestName = "Plus signs decode to spaces")]
    [TestCase("'%2B=%20&%26=%3D'", """[["+"," "],["&","="]]""", TestName = "Percent escapes decode after plus signs")]
    [TestCase("'%zz=%4=%'", """[["%zz","%4=%"]]""", TestName = "Invalid percent escapes are kept")]
    [TestCase("'%FF=%C3%BC'", """[["\ufffd","\u00fc"]]""", TestName = "Invalid UTF-8 decodes to U+FFFD")]
    [TestCase("'a=\\uD800&\\uDC00=b'", """[["a","\ufffd"],["\ufffd","b"]]""", TestName = "A lone surrogate in the string becomes U+FFFD")]
    [TestCase("'\\uD83D\\uDE00=\\u00e9'", """[["\ud83d\ude00","\u00e9"]]""", TestName = "Surrogate pairs and non-ASCII text pass through")]
    public async Task A_string_init_is_parsed_as_form_data(string initSource, string expectedJson)
    {
        var lines = await RunAsync($"console.log(Ascii(JSON.stringify([...new URLSearchParams({initSource})])));");

        Assert.That(lines, Is.EqualTo(new[] { expectedJson }));
    }

    [Test]
    public async Task Other_primitives_are_converted_to_strings_and_undefined_is_the_default()
    {
        // null is not special for this union (no dictionary, not nullable): it is the string "null". Node 20 gives
        // an empty list.
        var lines = await RunAsync("""
            console.log(new URLSearchParams().size, new URLSearchParams(undefined).size);
            console.log(new URLSearchParams(null).toString(), new URLSearchParams(12).toString(), new URLSearchParams(true).toString());
            """);

        Assert.That(lines, Is.EqualTo(new[] { "0 0", "null= 12= true=" }));
    }

    [Test]
    public async Task A_sequence_init_takes_pairs_from_any_iterable()
    {
        var lines = await RunAsync("""
            const show = (p) => console.log(p.toString());
            show(new URLSearchParams([["a", "1"], ["b", 2], ["a", "3"]]));
            show(new URLSearchParams(new Map([["m", "1"], ["n", "2"]])));
            show(new URLSearchParams((function* () { yield new Set(["g", "1"]); yield ["h", "2"]; })()));
            const original = new URLSearchParams("x=1&y=2");
            const copy = new URLSearchParams(original);
            copy.append("z", "3");
            show(copy); show(original);
            console.log(new URLSearchParams([]).size);
            """);

        Assert.That(lines, Is.EqualTo(new[] { "a=1&b=2&a=3", "m=1&n=2", "g=1&h=2", "x=1&y=2&z=3", "x=1&y=2", "0" }));
    }

    [TestCase("[['a']]", TestName = "A pair with one item is a TypeError")]
    [TestCase("[['a', 'b', 'c']]", TestName = "A pair with three items is a TypeError")]
    [TestCase("[[]]", TestName = "An empty pair is a TypeError")]
    [TestCase("[['a', 'b'], 'cd']", TestName = "A string where a pair belongs is a TypeError even though strings are iterable")]
    [TestCase("new String('ab')", TestName = "A String object is a sequence of strings and so a TypeError")]
    [TestCase("[{}]", TestName = "A pair that is not iterable is a TypeError")]
    [TestCase("{ [Symbol.iterator]: 1 }", TestName = "A Symbol.iterator that is not callable is a TypeError")]
    [TestCase("{ [Symbol.iterator]() { return 1; } }", TestName = "An iterator that is not an object is a TypeError")]
    [TestCase("{ [Symbol('s')]: 'v' }", TestName = "An enumerable Symbol key in a record is a TypeError")]
    [TestCase("{ a: Symbol('v') }", TestName = "A Symbol value in a record is a TypeError")]
    public async Task A_bad_init_object_throws_a_TypeError(string init)
    {
        var lines = await RunAsync($$"""
            try { new URLSearchParams({{init}}); console.log("no error"); }
            catch (e) { console.log(e instanceof TypeError); }
            """);

        Assert.That(lines, Is.EqualTo(new[] { "true" }));
    }

    [Test]
    public async Task Pairs_are_all_converted_before_any_pair_is_checked()
    {
        // The union converts the whole sequence<sequence<USVString>> first; the constructor steps then check sizes.
        // Node 20 checks each pair's size while iterating and logs only "TypeError".
        var lines = await RunAsync("""
            const log = [];
            const item = (s) => ({ toString() { log.push(s); return s; } });
            try { new URLSearchParams([[item("a")], [item("b"), item("c")]]); } catch (e) { log.push(e.constructor.name); }
            console.log(log.join());
            """);

        Assert.That(lines, Is.EqualTo(new[] { "a,b,c,TypeError" }));
    }

    [Test]
    public async Task A_record_init_takes_own_enumerable_string_keys_in_property_order()
    {
        var lines = await RunAsync("""
            const proto = { inherited: "no" };
            const o = Object.create(proto);
            o.b = 1; o[2] = "two"; o[1] = "one"; o.a = { toString() { return "obj"; } };
            Object.defineProperty(o, "hidden", { value: "no", enumerable: false });
            Object.defineProperty(o, Symbol("hidden"), { value: "no", enumerable: false });
            console.log(new URLSearchParams(o).toString());
            console.log(new URLSearchParams(Object.defineProperty({ x: "1" }, Symbol.iterator, { value: null })).toString());
            const viaGetter = { get k() { return "got"; } };
            console.log(new URLSearchParams(viaGetter).toString());
            """);

        Assert.That(lines, Is.EqualTo(new[] { "1=one&2=two&b=1&a=obj", "x=1", "k=got" }));
    }

    [Test]
    public async Task Record_keys_that_become_equal_as_scalar_value_strings_keep_the_first_place_and_the_last_value()
    {
        var lines = await RunAsync("""
            const p = new URLSearchParams({ "\uD800": "first", x: "1", "\uDFFF": "last" });
            console.log(Ascii(JSON.stringify([...p])), p.toString());
            """);

        Assert.That(lines, Is.EqualTo(new[] { """[["\ufffd","last"],["x","1"]] %EF%BF%BD=last&x=1""" }));
    }

    [Test]
    public async Task Append_adds_at_the_end_and_get_getAll_and_has_read_by_name()
    {
        var lines = await RunAsync("""
            const p = new URLSearchParams("a=1");
            p.append("b", 2); p.append("a", "3"); p.append("", ""); p.append(null, undefined);
            console.log(p.toString(), p.size);
            console.log(p.get("a"), p.get("missing"), p.get(""), JSON.stringify(p.getAll("a")), JSON.stringify(p.getAll("missing")));
            console.log(p.has("a"), p.has("missing"), p.has("a", "3"), p.has("a", "2"), p.has("a", undefined), p.has("null", "undefined"));
            console.log(p.getAll("a") !== p.getAll("a"), Array.isArray(p.getAll("a")));
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "a=1&b=2&a=3&=&null=undefined 5",
            """1 null  ["1","3"] []""",
            "true false true false true true",
            "true true",
        }));
    }

    [Test]
    public async Task Delete_removes_every_match_and_only_matching_values_when_a_value_is_given()
    {
        var lines = await RunAsync("""
            const p = new URLSearchParams("a=1&b=2&a=3&a=1&c=4");
            p.delete("a", "1");
            console.log(p.toString());
            p.delete("a", undefined);
            console.log(p.toString());
            p.delete("missing"); p.delete("b", "no");
            console.log(p.toString(), p.size);
            """);

        Assert.That(lines, Is.EqualTo(new[] { "b=2&a=3&c=4", "b=2&c=4", "b=2&c=4 2" }));
    }

    [Test]
    public async Task Set_replaces_the_first_match_in_place_and_drops_the_rest_or_appends()
    {
        var lines = await RunAsync("""
            const p = new URLSearchParams("a=1&b=2&a=3&c=4&a=5");
            p.set("a", "x");
            console.log(p.toString());
            p.set("d", "y");
            console.log(p.toString());
            p.set("b", "");
            console.log(p.toString());
            """);

        Assert.That(lines, Is.EqualTo(new[] { "a=x&b=2&c=4", "a=x&b=2&c=4&d=y", "a=x&b=&c=4&d=y" }));
    }

    [Test]
    public async Task Lone_surrogates_in_names_and_values_become_U_FFFD_and_pairs_survive()
    {
        var lines = await RunAsync("""
            const p = new URLSearchParams();
            p.append("\uD800", "\uDC00x");
            p.append("pair", "\uD83D\uDE00");
            console.log(p.toString(), p.get("\uDBFF"), p.get("\uFFFD") === "\uFFFDx", p.has("\uDFFF"), p.get("pair") === "\uD83D\uDE00");
            p.set("\uDC01", "s"); p.delete("\uD801", "s");
            console.log(p.toString());
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "%EF%BF%BD=%EF%BF%BDx&pair=%F0%9F%98%80 \uFFFDx true true true",
            "pair=%F0%9F%98%80",
        }));
    }

    [Test]
    public async Task The_serializer_writes_spaces_as_plus_and_encodes_plus_and_everything_outside_the_safe_set()
    {
        var lines = await RunAsync("""
            const p = new URLSearchParams();
            p.append("a b", "c+d");
            p.append("*-._", "~!'()%&=#?/");
            p.append("é", "\u20AC");
            console.log(p.toString());
            console.log(JSON.stringify([...new URLSearchParams(p.toString())]) === JSON.stringify([...p]));
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "a+b=c%2Bd&*-._=%7E%21%27%28%29%25%26%3D%23%3F%2F&%C3%A9=%E2%82%AC",
            "true",
        }));
    }

    [Test]
    public async Task Sort_is_stable_and_compares_names_by_UTF16_code_units()
    {
        // U+1F600 is the surrogate pair D83D DE00, which sorts before U+FFFD by code units (not by code points).
        var lines = await RunAsync("""
            const p = new URLSearchParams("z=1&a=1&z=2&\uFFFD=r&\uD83D\uDE00=e&a=2&Z=0&aa=3&=e&z=3");
            p.sort();
            console.log(JSON.stringify([...p].map(([k, v]) => [k.codePointAt(0)?.toString(16) ?? "", v])));
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            """[["","e"],["5a","0"],["61","1"],["61","2"],["61","3"],["7a","1"],["7a","2"],["7a","3"],["1f600","e"],["fffd","r"]]""",
        }));
    }

    [Test]
    public async Task Entries_keys_values_and_for_of_walk_the_list_in_order()
    {
        var lines = await RunAsync("""
            const p = new URLSearchParams("a=1&b=2&a=3");
            console.log(JSON.stringify([...p]), JSON.stringify([...p.entries()]), [...p.keys()].join(), [...p.values()].join());
            const it = p.entries();
            const first = it.next();
            console.log(JSON.stringify(first), Object.keys(first).join(), first.value !== it.next().value);
            const done = p.values(); done.next(); done.next(); done.next();
            console.log(JSON.stringify(done.next()), "value" in done.next());
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            """[["a","1"],["b","2"],["a","3"]] [["a","1"],["b","2"],["a","3"]] a,b,a 1,2,3""",
            """{"value":["a","1"],"done":false} value,done true""",
            """{"done":true} true""",
        }));
    }

    [Test]
    public async Task Deleting_during_iteration_skips_the_entry_that_moves_into_the_visited_index()
    {
        var lines = await RunAsync("""
            const p = new URLSearchParams("a=1&b=2&c=3&d=4");
            const seen = [];
            for (const [name] of p) { seen.push(name); p.delete(name); }
            console.log(seen.join(), p.toString());
            const q = new URLSearchParams("a=1&b=2&c=3");
            const visited = [];
            q.forEach((value, name) => { visited.push(name); if (name === "a") q.delete("a"); });
            console.log(visited.join(), q.toString());
            """);

        Assert.That(lines, Is.EqualTo(new[] { "a,c b=2&d=4", "a,c b=2&c=3" }));
    }

    [Test]
    public async Task An_iterator_sees_appends_even_after_it_reported_done()
    {
        var lines = await RunAsync("""
            const p = new URLSearchParams("a=1");
            const it = p.keys();
            it.next();
            console.log(it.next().done);
            p.append("b", "2");
            console.log(JSON.stringify(it.next()));
            p.sort(); p.set("a", "x");
            console.log(JSON.stringify(it.next()));
            """);

        Assert.That(lines, Is.EqualTo(new[] { "true", """{"value":"b","done":false}""", """{"done":true}""" }));
    }

    [Test]
    public async Task ForEach_passes_value_name_and_the_object_with_thisArg_and_sees_appends()
    {
        var lines = await RunAsync("""
            const p = new URLSearchParams("a=1&b=2");
            const self = { tag: "this" };
            const calls = [];
            p.forEach(function (value, name, object) {
              calls.push(`${name}=${value}:${object === p}:${this.tag}`);
              if (name === "a") p.append("c", "3");
            }, self);
            console.log(calls.join(" "));
            let strict;
            p.forEach(function () { "use strict"; strict = this; });
            console.log(strict);
            """);

        Assert.That(lines, Is.EqualTo(new[] { "a=1:true:this b=2:true:this c=3:true:this", "undefined" }));
    }

    [Test]
    public async Task An_exception_in_the_forEach_callback_propagates()
    {
        var lines = await RunAsync("""
            const p = new URLSearchParams("a=1&b=2");
            let count = 0;
            try { p.forEach(() => { count++; throw new RangeError("stop"); }); } catch (e) { console.log(e instanceof RangeError, e.message, count); }
            """);

        Assert.That(lines, Is.EqualTo(new[] { "true stop 1" }));
    }

    [Test]
    public async Task Size_follows_every_change()
    {
        var lines = await RunAsync("""
            const p = new URLSearchParams("a=1&a=2");
            const sizes = [p.size];
            p.append("b", "3"); sizes.push(p.size);
            p.set("a", "x"); sizes.push(p.size);
            p.delete("b"); sizes.push(p.size);
            p.sort(); sizes.push(p.size);
            console.log(sizes.join());
            """);

        Assert.That(lines, Is.EqualTo(new[] { "2,3,2,1,1" }));
    }

    // Ascii(text) writes every code unit outside printable ASCII as \uxxxx, so output compares exactly.
    private static async Task<string[]> RunAsync(string source)
    {
        await using var run = await ScriptRun.RunAsync("""
            const Ascii = (text) => text.replace(/[^\x20-\x7e]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
            """ + source);
        Assert.That(run.Error, Is.Empty, "uncaught error");
        return run.OutputLines;
    }
}
