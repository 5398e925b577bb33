using Jint;
using Jint.Native;
using JsWebSocketHost.Cli;

namespace JsWebSocketHost.Tests.Cli;

/// <summary>
/// REPL Tab completion: which names a prefix can become, and that finding the object before a dot runs no script
/// (a getter script defined and a proxy's traps stay untouched).
/// </summary>
[TestFixture]
public sealed class ReplCompletionTests
{
    private static Engine Engine()
    {
        var engine = new Engine();
        engine.Execute("""
            globalThis.alpha = { beta: 1, bravo: { charlie: 3 }, [Symbol("s")]: 0, "not a name": 0, 7: 0 };
            globalThis.text = "abc";
            globalThis.ran = [];
            Object.defineProperty(globalThis, "lazy", { get() { ran.push("lazy"); return { inner: 1 }; } });
            globalThis.trap = new Proxy({ x: 1 }, { ownKeys(t) { ran.push("ownKeys"); return Reflect.ownKeys(t); },
                                                    getOwnPropertyDescriptor(t, k) { ran.push("gOPD"); return Reflect.getOwnPropertyDescriptor(t, k); } });
            const lexical = { deep: { deeper: 1 } };
            let notYet = 1;
            """);
        return engine;
    }

    private static string[] Names(Engine engine, string before, params string[] lexical) =>
        [.. ReplCompletion.Complete(engine, before, lexical).Candidates];

    [Test]
    public void A_bare_prefix_completes_to_globals_keywords_and_the_sessions_lexical_names()
    {
        var engine = Engine();

        Assert.That(Names(engine, "1 + alp"), Is.EqualTo(new[] { "alpha" }));
        Assert.That(Names(engine, "ret"), Is.EqualTo(new[] { "return" }));
        Assert.That(Names(engine, "Object.keys(lex", "lexical"), Is.EqualTo(new[] { "lexical" }));
        Assert.That(Names(engine, "JSO"), Is.EqualTo(new[] { "JSON" }));
        Assert.That(ReplCompletion.Complete(engine, "x = alp", []).Start, Is.EqualTo(4));
    }

    [Test]
    public void After_a_dot_come_the_objects_own_and_inherited_properties_that_are_names()
    {
        var engine = Engine();

        Assert.That(Names(engine, "alpha.b"), Is.EqualTo(new[] { "beta", "bravo" }));
        Assert.That(Names(engine, "alpha.bravo.c"), Is.EqualTo(new[] { "charlie", "constructor" }));
        Assert.That(Names(engine, "alpha."), Does.Contain("hasOwnProperty").And.Contain("beta").And.Not.Contain("not a name").And.Not.Contain("7"));
        Assert.That(Names(engine, "text.toUpp"), Is.EqualTo(new[] { "toUpperCase" }), "a primitive's wrapper prototype");
        Assert.That(Names(engine, "lexical.deep.dee", "lexical"), Is.EqualTo(new[] { "deeper" }));
        Assert.That(ReplCompletion.Complete(engine, "alpha.bravo.c", []).Start, Is.EqualTo(12));
    }

    [Test]
    public void Nothing_is_offered_after_a_call_an_index_or_a_name_that_is_not_there()
    {
        var engine = Engine();

        Assert.That(Names(engine, "f().x"), Is.Empty);
        Assert.That(Names(engine, "a[0].b"), Is.Empty);
        Assert.That(Names(engine, "missing.x"), Is.Empty);
        Assert.That(Names(engine, "alpha.nothing.x"), Is.Empty);
    }

    [Test]
    public void Completion_runs_no_getter_that_script_defined_and_no_proxy_trap()
    {
        var engine = Engine();

        Assert.That(Names(engine, "lazy."), Is.Empty);
        Assert.That(Names(engine, "trap."), Is.Empty);
        Assert.That(Names(engine, "alp"), Is.EqualTo(new[] { "alpha" }), "the global object's keys are listed without the proxy");
        Assert.That(engine.Evaluate("ran.join()").AsString(), Is.Empty);
    }

    [Test]
    public void A_built_in_getter_is_not_called_since_it_may_read_what_script_defined()
    {
        var engine = Engine();
        engine.Execute("globalThis.rx = Object.create(RegExp.prototype, { global: { get() { ran.push('global'); return true; } } });");
        engine.Execute("globalThis.viaBuiltIn = Object.defineProperty({}, 'p', { get: Object.prototype.toLocaleString });");

        Assert.That(Names(engine, "rx.flags."), Is.Empty);
        Assert.That(Names(engine, "viaBuiltIn.p."), Is.Empty);
        Assert.That(engine.Evaluate("ran.join()").AsString(), Is.Empty);
    }

    [Test]
    public void A_proxy_on_the_global_objects_prototype_chain_is_never_asked()
    {
        var engine = Engine();
        engine.Execute("""
            Object.setPrototypeOf(globalThis, new Proxy(Object.getPrototypeOf(globalThis), {
              has(t, k) { ran.push("has"); return Reflect.has(t, k); },
              get(t, k, r) { ran.push("get"); return Reflect.get(t, k, r); },
              getOwnPropertyDescriptor(t, k) { ran.push("gOPD"); return Reflect.getOwnPropertyDescriptor(t, k); },
              ownKeys(t) { ran.push("ownKeys"); return Reflect.ownKeys(t); } }));
            """);

        Assert.That(Names(engine, "alpha.be"), Is.EqualTo(new[] { "beta" }), "an own property of the global is found first");
        Assert.That(Names(engine, "nowhere.x"), Is.Empty);
        Assert.That(Names(engine, "alp"), Is.EqualTo(new[] { "alpha" }));
        Assert.That(engine.Evaluate("ran.join()").AsString(), Is.Empty);
    }

    [Test]
    public async Task The_hosts_value_getters_are_followed_and_lexical_names_shadow_the_global_objects()
    {
        var options = new JsWebSocketHost.Hosting.ScriptHostOptions { BaseUrl = "http://127.0.0.1:8080/" };
        await using var host = new JsWebSocketHost.Hosting.ScriptHost(options);
        var engine = host.Engine;
        engine.Execute("const Math = { mine: 1 };");

        Assert.That(Names(engine, "location.hre"), Is.EqualTo(new[] { "href" }));
        Assert.That(Names(engine, "performance.no"), Is.EqualTo(new[] { "now" }));
        Assert.That(Names(engine, "Math.m", "Math"), Is.EqualTo(new[] { "mine" }));
    }

    [Test]
    public void A_binding_that_is_never_initialized_gives_nothing_and_a_lexical_one_is_read()
    {
        var engine = Engine();
        Assert.Throws<Jint.Runtime.JavaScriptException>(() => engine.Execute("let broken = (() => { throw 0; })();"));

        Assert.That(Names(engine, "broken.x", "broken"), Is.Empty, "in its temporal dead zone for good: a ReferenceError, caught");
        Assert.That(Names(engine, "later.x", "later"), Is.Empty, "not declared at all");
        Assert.That(Names(engine, "notYet.toFix", "notYet"), Is.EqualTo(new[] { "toFixed" }));
        Assert.That(Names(engine, "lexical.de", "lexical"), Is.EqualTo(new[] { "deep" }));
    }

    [Test]
    public void Indices_are_not_listed_and_nothing_is_offered_inside_a_string()
    {
        var engine = Engine();
        engine.Execute("globalThis.big = new Uint8Array(5000000); globalThis.list = [1, 2, 3];");

        Assert.That(Names(engine, "big.le"), Is.EqualTo(new[] { "length" }));
        Assert.That(Names(engine, "list.le"), Is.EqualTo(new[] { "length" }));
        Assert.That(Names(engine, "big."), Has.None.Match("^[0-9]"));
        Assert.That(Names(engine, "console.log(\"alpha.b"), Is.Empty);
    }
}
