namespace JsWebSocketHost.Tests.Encodings;

[TestFixture]
public sealed class TextEncoderTests
{
    private static async Task<string[]> Run(string source)
    {
        await using var run = await ScriptRun.RunAsync(source);
        Assert.That(run.Result!.Succeeded, Is.True, run.Error);
        return run.OutputLines;
    }

    [Test]
    public async Task TextEncoder_has_its_WebIDL_shape()
    {
        var lines = await Run("""
            const g = Object.getOwnPropertyDescriptor(globalThis, "TextEncoder");
            console.log(TextEncoder.length, TextEncoder.name, g.writable, g.enumerable, g.configurable);
            const p = TextEncoder.prototype, e = new TextEncoder();
            console.log(p.encode.length, p.encodeInto.length, p.encode.name, p.encodeInto.name);
            const enc = Object.getOwnPropertyDescriptor(p, "encoding");
            console.log(typeof enc.get, enc.set, enc.enumerable, enc.configurable, enc.get.name, e.encoding);
            const m = Object.getOwnPropertyDescriptor(p, "encode");
            console.log(m.writable, m.enumerable, m.configurable, Object.keys(e).length, Object.hasOwn(e, "encoding"));
            console.log(Object.prototype.toString.call(e), Object.getPrototypeOf(p) === Object.prototype, p.constructor === TextEncoder);
            class Sub extends TextEncoder {}
            console.log(new Sub() instanceof Sub, new Sub().encode("a").length);
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "0 TextEncoder true false true",
            "0 2 encode encodeInto",
            "function undefined true true get encoding utf-8",
            "true true true 0 false",
            "[object TextEncoder] true true",
            "true 1",
        }));
    }

    [Test]
    public async Task Members_called_on_other_objects_and_the_constructor_called_without_new_throw_TypeErrors()
    {
        var lines = await Run("""
            const p = TextEncoder.prototype;
            for (const bad of [
              () => TextEncoder(),
              () => p.encode.call({}, "a"),
              () => p.encodeInto.call(new TextDecoder(), "a", new Uint8Array(1)),
              () => Object.getOwnPropertyDescriptor(p, "encoding").get.call(p),
            ])
              try { bad(); console.log("no error"); } catch (err) { console.log(err instanceof TypeError); }
            """);

        Assert.That(lines, Is.EqualTo(new[] { "true", "true", "true", "true" }));
    }

    [Test]
    public async Task Encode_gives_a_Uint8Array_of_UTF_8_with_lone_surrogates_as_U_FFFD()
    {
        var lines = await Run("""
            const e = new TextEncoder();
            const hex = a => Array.from(a, b => b.toString(16).padStart(2, "0")).join(" ");
            console.log(hex(e.encode("a\u00e9\u20ac\u{1F600}")));
            console.log(hex(e.encode("\uD800x\uDC00\uDBFF")));
            const r = e.encode("abc");
            console.log(r.constructor === Uint8Array, r.byteOffset, r.buffer.byteLength, r.length);
            console.log(e.encode().length, e.encode(undefined).length, hex(e.encode(null)), hex(e.encode(12)));
            console.log(e.encode("x") !== e.encode("x"));
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "61 c3 a9 e2 82 ac f0 9f 98 80",
            "ef bf bd 78 ef bf bd ef bf bd",
            "true 0 3 3",
            "0 0 6e 75 6c 6c 31 32",
        }.Append("true")));
    }

    [Test]
    public async Task EncodeInto_never_writes_part_of_a_character_into_a_too_small_destination()
    {
        var lines = await Run("""
            const e = new TextEncoder();
            const into = (s, n) => { const d = new Uint8Array(n); const r = e.encodeInto(s, d); return r.read + "/" + r.written + ":" + d.join(","); };
            console.log(into("a\u00e9\u00e9", 3));
            console.log(into("ab\u{1F600}c", 5));
            console.log(into("\u{1F600}", 3), into("\u{1F600}", 4));
            console.log(into("\u20ac", 2), into("abc", 0), into("", 2));
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "2/3:97,195,169",
            "2/2:97,98,0,0,0",
            "0/0:0,0,0 2/4:240,159,152,128",
            "0/0:0,0 0/0: 0/0:0,0",
        }));
    }

    [Test]
    public async Task EncodeInto_writes_through_a_view_at_its_offset_and_counts_a_lone_surrogate_as_one_code_unit()
    {
        var lines = await Run("""
            const e = new TextEncoder();
            const backing = new Uint8Array(8);
            const r = e.encodeInto("\u00e9\u00e9\u00e9", backing.subarray(2, 6));
            console.log(r.read, r.written, backing.join(","));
            const s = e.encodeInto("a\uDC00", new Uint8Array(4));
            console.log(s.read, s.written, Object.keys(s).join(), Object.getPrototypeOf(s) === Object.prototype);
            const shared = new Uint8Array(new SharedArrayBuffer(2));
            console.log(e.encodeInto("hi", shared).written, shared.join(","));
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "2 4 0,0,195,169,195,169,0,0",
            "2 4 read,written true",
            "2 104,105",
        }));
    }

    [Test]
    public async Task EncodeInto_takes_only_a_Uint8Array_and_needs_both_arguments()
    {
        var lines = await Run("""
            const e = new TextEncoder();
            for (const d of [new Uint8ClampedArray(2), new Int8Array(2), new DataView(new ArrayBuffer(2)), new ArrayBuffer(2), [0, 0], undefined])
              try { e.encodeInto("a", d); console.log("no error"); } catch (err) { console.log(err.constructor.name); }
            try { e.encodeInto("a"); } catch (err) { console.log(err.constructor.name); }
            """);

        Assert.That(lines, Is.EqualTo(Enumerable.Repeat("TypeError", 7)));
    }
}
