using Jint;
using Jint.Native;
using Jint.Runtime;
using JsWebSocketHost.Hosting;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Tests.WebIdl;

[TestFixture]
public sealed class WebIdlConvertTests
{
    private ScriptHost _host = null!;

    private Engine Engine => _host.Engine;

    [SetUp]
    public void SetUp() => _host = new ScriptHost(new ScriptHostOptions { StandardOutput = TextWriter.Null, StandardError = TextWriter.Null });

    [TearDown]
    public async Task TearDown() => await _host.DisposeAsync();

    private JsValue Js(string expression) => Engine.Evaluate(expression);

    [TestCase("NaN", 0)]
    [TestCase("-0", 0)]
    [TestCase("65536 + 1000", 65535)]
    [TestCase("Infinity", 65535)]
    [TestCase("-Infinity", 0)]
    [TestCase("-5", 0)]
    [TestCase("1.5", 2)]
    [TestCase("2.5", 2)]
    [TestCase("3.5", 4)]
    [TestCase("'3000'", 3000)]
    [TestCase("undefined", 0)]
    [TestCase("({ valueOf() { return 4000.4; } })", 4000)]
    public void Clamp_unsigned_short_clamps_and_rounds_half_to_even(string expression, int expected)
    {
        Assert.That(WebIdlConvert.ToClampedUnsignedShort(Js(expression)), Is.EqualTo((ushort)expected));
    }

    [TestCase("2 ** 31", int.MinValue)]
    [TestCase("2 ** 32 + 5", 5)]
    [TestCase("NaN", 0)]
    [TestCase("-1.9", -1)]
    [TestCase("'12'", 12)]
    public void Long_wraps_modulo_2_to_the_32(string expression, int expected)
    {
        Assert.That(WebIdlConvert.ToLong(Js(expression)), Is.EqualTo(expected));
    }

    [TestCase("'a\\uD800b'", "a\uFFFDb")]
    [TestCase("'\\uDC00'", "\uFFFD")]
    [TestCase("'x\\uD83D'", "x\uFFFD")]
    [TestCase("'\\uD83D\\uDE00'", "\U0001F600")]
    [TestCase("'\\uDE00\\uD83D'", "\uFFFD\uFFFD")]
    [TestCase("'plain'", "plain")]
    public void USVString_replaces_lone_surrogates(string expression, string expected)
    {
        Assert.That(WebIdlConvert.ToUSVString(Js(expression)), Is.EqualTo(expected));
    }

    [Test]
    public void ByteString_refuses_code_units_above_FF()
    {
        Assert.That(WebIdlConvert.ToByteString(Engine, Js("'\\u00ff'"), "t"), Is.EqualTo("\u00ff"));
        Assert.That(() => WebIdlConvert.ToByteString(Engine, Js("'\\u0100'"), "t"), Throws.InstanceOf<JavaScriptException>());
    }

    [Test]
    public void An_enum_accepts_only_its_values()
    {
        string[] values = ["blob", "arraybuffer"];
        Assert.That(WebIdlConvert.ToEnum(Engine, Js("'blob'"), values, "t"), Is.EqualTo("blob"));
        var error = Assert.Throws<JavaScriptException>(() => WebIdlConvert.ToEnum(Engine, Js("'Blob'"), values, "t"));
        Assert.That(error!.Error.Get("constructor").Get("name").ToString(), Is.EqualTo("TypeError"));
    }

    [Test]
    public void A_sequence_comes_from_any_iterable()
    {
        var fromSet = WebIdlConvert.ToSequence(Engine, Js("new Set(['a', 'b'])"), WebIdlConvert.ToDOMString, "t");
        var fromGenerator = WebIdlConvert.ToSequence(Engine, Js("(function* () { yield 1; yield 2; })()"), v => TypeConverter.ToNumber(v), "t");

        Assert.That(fromSet, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(fromGenerator, Is.EqualTo(new[] { 1.0, 2.0 }));
    }

    [TestCase("'ab'", TestName = "A string is not a sequence")]
    [TestCase("({})", TestName = "An object without Symbol.iterator is not a sequence")]
    [TestCase("({ [Symbol.iterator]: 5 })", TestName = "A non-callable Symbol.iterator is not a sequence")]
    [TestCase("({ [Symbol.iterator]() { return 1; } })", TestName = "An iterator that is not an object is a TypeError")]
    public void Non_iterables_are_a_TypeError(string expression)
    {
        var error = Assert.Throws<JavaScriptException>(() => WebIdlConvert.ToSequence(Engine, Js(expression), WebIdlConvert.ToDOMString, "t"));
        Assert.That(error!.Error.Get("name").ToString(), Is.EqualTo("TypeError"));
    }

    [Test]
    public void An_iterator_that_throws_propagates_its_own_error()
    {
        var error = Assert.Throws<JavaScriptException>(() =>
            WebIdlConvert.ToSequence(Engine, Js("({ [Symbol.iterator]() { return { next() { throw new RangeError('mine'); } }; } })"), WebIdlConvert.ToDOMString, "t"));

        Assert.That(error!.Error.Get("message").ToString(), Is.EqualTo("mine"));
    }

    [Test]
    public void A_dictionary_is_undefined_null_or_an_object()
    {
        Assert.That(WebIdlConvert.ToDictionary(Engine, JsValue.Undefined, "t"), Is.Null);
        Assert.That(WebIdlConvert.ToDictionary(Engine, JsValue.Null, "t"), Is.Null);
        Assert.That(WebIdlConvert.ToDictionary(Engine, Js("({ a: 1 })"), "t"), Is.Not.Null);
        Assert.That(() => WebIdlConvert.ToDictionary(Engine, Js("5"), "t"), Throws.InstanceOf<JavaScriptException>());
    }

    [TestCase("1.9", 1)]
    [TestCase("0", 0)]
    [TestCase("2 ** 53 - 1", 9007199254740991)]
    public void EnforceRange_unsigned_long_long_truncates_in_range(string expression, double expected)
    {
        Assert.That(WebIdlConvert.ToEnforcedUnsignedLongLong(Engine, Js(expression), "t"), Is.EqualTo(expected));
    }

    [TestCase("NaN")]
    [TestCase("Infinity")]
    [TestCase("-1")]
    [TestCase("2 ** 53")]
    public void EnforceRange_unsigned_long_long_refuses_out_of_range(string expression)
    {
        Assert.That(() => WebIdlConvert.ToEnforcedUnsignedLongLong(Engine, Js(expression), "t"), Throws.InstanceOf<JavaScriptException>());
    }

    [Test]
    public async Task Dictionary_members_are_read_in_lexicographic_order_inherited_dictionaries_first()
    {
        await using var run = await ScriptRun.RunAsync("""
            const order = [];
            const init = new Proxy({}, { get(target, key) { if (typeof key === "string") order.push(key); return undefined; } });
            new ErrorEvent("e", init); console.log(order.join(" ")); order.length = 0;
            new CloseEvent("c", init); console.log(order.join(" ")); order.length = 0;
            new MessageEvent("m", init); console.log(order.join(" "));
            """);

        Assert.That(run.OutputLines, Is.EqualTo(new[]
        {
            "bubbles cancelable composed colno error filename lineno message",
            "bubbles cancelable composed code reason wasClean",
            "bubbles cancelable composed data lastEventId origin ports source",
        }));
    }

    [Test]
    public async Task Dictionary_defaults_apply_and_a_required_member_is_enforced()
    {
        await using var run = await ScriptRun.RunAsync("""
            const c = new CloseEvent("close");
            console.log(c.code, JSON.stringify(c.reason), c.wasClean, c.bubbles, c.cancelable);
            const m = new MessageEvent("message");
            console.log(m.data, JSON.stringify(m.origin), m.source, Array.isArray(m.ports), m.ports.length);
            try { new PromiseRejectionEvent("x", {}); } catch (e) { console.log(e.constructor.name); }
            const p = Promise.resolve();
            console.log(new PromiseRejectionEvent("x", { promise: p, reason: 1 }).promise === p);
            console.log(new CloseEvent("x", { code: 65536 + 1001 }).code, new CustomEvent("x").detail, new CustomEvent("x", { detail: 5 }).detail);
            """);

        Assert.That(run.OutputLines, Is.EqualTo(new[]
        {
            "0 \"\" false false false",
            "null \"\" null true 0",
            "TypeError",
            "true",
            "1001 null 5",
        }));
    }
}
