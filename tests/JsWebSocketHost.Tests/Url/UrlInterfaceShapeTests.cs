namespace JsWebSocketHost.Tests.Url;

/// <summary>
/// The WebIDL shape of <c>URL</c>, <c>URLSearchParams</c> and the URLSearchParams iterator: interface objects,
/// property descriptors, lengths, names, brand checks and class strings (https://webidl.spec.whatwg.org/#es-interfaces).
/// </summary>
[TestFixture]
public sealed class UrlInterfaceShapeTests
{
    [Test]
    public async Task URL_and_URLSearchParams_are_interface_objects_with_their_lengths_names_and_prototypes()
    {
        var lines = await RunAsync("""
            for (const I of [URL, URLSearchParams]) {
              const g = Object.getOwnPropertyDescriptor(globalThis, I.name);
              const p = Object.getOwnPropertyDescriptor(I, "prototype");
              console.log(I.name, I.length, typeof I, g.writable, g.enumerable, g.configurable,
                p.writable, p.enumerable, p.configurable, Object.getPrototypeOf(I) === Function.prototype,
                Object.getPrototypeOf(I.prototype) === Object.prototype, I.prototype.constructor === I,
                Object.getOwnPropertyDescriptor(I.prototype, "constructor").enumerable);
              try { I("http://h/"); console.log("called without new"); } catch (e) { console.log(e instanceof TypeError); }
            }
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "URL 1 function true false true false false false true true true false",
            "true",
            "URLSearchParams 0 function true false true false false false true true true false",
            "true",
        }));
    }

    [Test]
    public async Task URL_attributes_are_accessors_with_named_getters_and_setters_except_origin_and_searchParams()
    {
        var lines = await RunAsync("""
            for (const name of ["href", "origin", "protocol", "username", "password", "host", "hostname", "port",
                                "pathname", "search", "searchParams", "hash"]) {
              const d = Object.getOwnPropertyDescriptor(URL.prototype, name);
              console.log(name, d.get.name, d.set ? d.set.name : "-", d.get.length, d.set ? d.set.length : "-", d.enumerable, d.configurable);
            }
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "href get href set href 0 1 true true",
            "origin get origin - 0 - true true",
            "protocol get protocol set protocol 0 1 true true",
            "username get username set username 0 1 true true",
            "password get password set password 0 1 true true",
            "host get host set host 0 1 true true",
            "hostname get hostname set hostname 0 1 true true",
            "port get port set port 0 1 true true",
            "pathname get pathname set pathname 0 1 true true",
            "search get search set search 0 1 true true",
            "searchParams get searchParams - 0 - true true",
            "hash get hash set hash 0 1 true true",
        }));
    }

    [Test]
    public async Task Operations_are_writable_enumerable_configurable_functions_with_WebIDL_lengths()
    {
        var lines = await RunAsync("""
            const show = (target, name) => {
              const d = Object.getOwnPropertyDescriptor(target, name);
              console.log(name, d.value.name, d.value.length, d.writable, d.enumerable, d.configurable);
            };
            for (const name of ["toString", "toJSON"]) show(URL.prototype, name);
            for (const name of ["parse", "canParse"]) show(URL, name);
            for (const name of ["append", "delete", "get", "getAll", "has", "set", "sort", "entries", "keys", "values", "forEach", "toString"]) {
              show(URLSearchParams.prototype, name);
            }
            const size = Object.getOwnPropertyDescriptor(URLSearchParams.prototype, "size");
            console.log("size", size.get.name, size.set, size.enumerable, size.configurable);
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "toString toString 0 true true true",
            "toJSON toJSON 0 true true true",
            "parse parse 1 true true true",
            "canParse canParse 1 true true true",
            "append append 2 true true true",
            "delete delete 1 true true true",
            "get get 1 true true true",
            "getAll getAll 1 true true true",
            "has has 1 true true true",
            "set set 2 true true true",
            "sort sort 0 true true true",
            "entries entries 0 true true true",
            "keys keys 0 true true true",
            "values values 0 true true true",
            "forEach forEach 1 true true true",
            "toString toString 0 true true true",
            "size get size undefined true true",
        }));
    }

    [Test]
    public async Task URL_toString_is_an_operation_of_its_own_that_returns_href()
    {
        var lines = await RunAsync("""
            const u = new URL("http://h/p?q#f");
            const getter = Object.getOwnPropertyDescriptor(URL.prototype, "href").get;
            console.log(URL.prototype.toString !== getter, u.toString() === u.href, String(u) === u.href, `${u}` === u.href, u + "" === u.href);
            console.log(JSON.stringify({ u }), URL.prototype.toJSON.call(u));
            """);

        Assert.That(lines, Is.EqualTo(new[] { "true true true true true", """{"u":"http://h/p?q#f"} http://h/p?q#f""" }));
    }

    [Test]
    public async Task Class_strings_come_from_the_toStringTag_of_each_prototype()
    {
        var lines = await RunAsync("""
            const s = Object.prototype.toString;
            const p = new URLSearchParams("a=1");
            console.log(s.call(new URL("http://h/")), s.call(URL.prototype), s.call(p), s.call(URLSearchParams.prototype));
            console.log(s.call(p.entries()), s.call(p.keys()), s.call(p[Symbol.iterator]()));
            const tag = Object.getOwnPropertyDescriptor(URL.prototype, Symbol.toStringTag);
            console.log(tag.value, tag.writable, tag.enumerable, tag.configurable);
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "[object URL] [object URL] [object URLSearchParams] [object URLSearchParams]",
            "[object URLSearchParams Iterator] [object URLSearchParams Iterator] [object URLSearchParams Iterator]",
            "URL false false true",
        }));
    }

    [Test]
    public async Task Symbol_iterator_is_the_entries_function_itself()
    {
        var lines = await RunAsync("""
            const d = Object.getOwnPropertyDescriptor(URLSearchParams.prototype, Symbol.iterator);
            console.log(d.value === URLSearchParams.prototype.entries, d.writable, d.enumerable, d.configurable);
            """);

        Assert.That(lines, Is.EqualTo(new[] { "true true false true" }));
    }

    [Test]
    public async Task Iterators_share_one_prototype_that_has_next_and_inherits_from_Iterator_prototype()
    {
        var lines = await RunAsync("""
            const p = new URLSearchParams("a=1");
            const proto = Object.getPrototypeOf(p.keys());
            const iteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
            console.log(proto === Object.getPrototypeOf(p.values()), proto === Object.getPrototypeOf(p.entries()),
              Object.getPrototypeOf(proto) === iteratorPrototype, proto[Symbol.iterator] === iteratorPrototype[Symbol.iterator]);
            console.log(Object.getOwnPropertyNames(proto).join(), Object.hasOwn(proto, "constructor"));
            const next = Object.getOwnPropertyDescriptor(proto, "next");
            console.log(next.value.name, next.value.length, next.writable, next.enumerable, next.configurable);
            const tag = Object.getOwnPropertyDescriptor(proto, Symbol.toStringTag);
            console.log(tag.value, tag.writable, tag.enumerable, tag.configurable);
            const it = p.keys();
            console.log(it[Symbol.iterator]() === it, p.keys() !== p.keys());
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "true true true true",
            "next false",
            "next 0 true true true",
            "URLSearchParams Iterator false false true",
            "true true",
        }));
    }

    [TestCase("Object.getOwnPropertyDescriptor(URL.prototype, 'href').get.call({})", TestName = "The href getter checks its receiver")]
    [TestCase("Object.getOwnPropertyDescriptor(URL.prototype, 'search').set.call({}, '?a')", TestName = "The search setter checks its receiver")]
    [TestCase("URL.prototype.searchParams", TestName = "Reading an attribute from URL.prototype itself throws")]
    [TestCase("URL.prototype.toString.call(new URLSearchParams())", TestName = "URL toString refuses a URLSearchParams")]
    [TestCase("URL.prototype.toJSON.call('http://h/')", TestName = "URL toJSON refuses a string")]
    [TestCase("URLSearchParams.prototype.append.call(new URL('http://h/'), 'a', 'b')", TestName = "URLSearchParams append refuses a URL")]
    [TestCase("URLSearchParams.prototype.toString.call({})", TestName = "URLSearchParams toString checks its receiver")]
    [TestCase("Object.getOwnPropertyDescriptor(URLSearchParams.prototype, 'size').get.call({})", TestName = "The size getter checks its receiver")]
    [TestCase("URLSearchParams.prototype.forEach.call({}, () => {})", TestName = "forEach checks its receiver")]
    [TestCase("URLSearchParams.prototype.entries.call(undefined)", TestName = "entries checks its receiver")]
    [TestCase("Object.getPrototypeOf(new URLSearchParams().keys()).next.call({})", TestName = "The iterator's next checks its receiver")]
    [TestCase("Object.getPrototypeOf(new URLSearchParams().keys()).next.call(undefined)", TestName = "The iterator's next refuses undefined")]
    [TestCase("Object.getOwnPropertyDescriptor(URL.prototype, 'hash').set.call(new URL('http://h/'))", TestName = "An attribute setter needs an argument")]
    [TestCase("new URL()", TestName = "The URL constructor needs an argument")]
    [TestCase("URL.parse()", TestName = "URL.parse needs an argument")]
    [TestCase("URL.canParse()", TestName = "URL.canParse needs an argument")]
    [TestCase("new URLSearchParams().append('a')", TestName = "append needs two arguments")]
    [TestCase("new URLSearchParams().set('a')", TestName = "set needs two arguments")]
    [TestCase("new URLSearchParams().get()", TestName = "get needs an argument")]
    [TestCase("new URLSearchParams().getAll()", TestName = "getAll needs an argument")]
    [TestCase("new URLSearchParams().has()", TestName = "has needs an argument")]
    [TestCase("new URLSearchParams().delete()", TestName = "delete needs an argument")]
    [TestCase("new URLSearchParams().forEach()", TestName = "forEach needs a callback")]
    [TestCase("new URLSearchParams().forEach({})", TestName = "forEach refuses a callback that is not callable")]
    public async Task Misuse_throws_a_TypeError(string expression)
    {
        var lines = await RunAsync($$"""
            try { {{expression}}; console.log("no error"); }
            catch (e) { console.log(e instanceof TypeError, e.constructor === TypeError); }
            """);

        Assert.That(lines, Is.EqualTo(new[] { "true true" }));
    }

    [Test]
    public async Task SearchParams_is_the_same_object_every_time_and_survives_href_changes()
    {
        var lines = await RunAsync("""
            const u = new URL("http://h/?a=1");
            const q = u.searchParams;
            u.href = "http://other/?b=2";
            u.search = "";
            console.log(u.searchParams === q, q instanceof URLSearchParams, new URL("http://h/").searchParams !== q);
            """);

        Assert.That(lines, Is.EqualTo(new[] { "true true true" }));
    }

    [Test]
    public async Task Subclasses_get_their_own_prototype_and_keep_the_internal_slots()
    {
        var lines = await RunAsync("""
            class MyUrl extends URL { get twice() { return this.href + this.href; } }
            class MyParams extends URLSearchParams { }
            const u = new MyUrl("a", "http://h/");
            const p = new MyParams("x=1");
            p.append("y", "2");
            console.log(u instanceof MyUrl, u instanceof URL, u.twice, p instanceof MyParams, p.toString(), [...p].length);
            console.log(Object.getPrototypeOf(URL.parse("http://h/")) === URL.prototype);
            """);

        Assert.That(lines, Is.EqualTo(new[] { "true true http://h/ahttp://h/a true x=1&y=2 2", "true" }));
    }

    private static async Task<string[]> RunAsync(string source)
    {
        await using var run = await ScriptRun.RunAsync(source);
        Assert.That(run.Error, Is.Empty, "uncaught error");
        return run.OutputLines;
    }
}
