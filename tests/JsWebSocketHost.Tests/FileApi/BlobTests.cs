namespace JsWebSocketHost.Tests.FileApi;

[TestFixture]
public sealed class BlobTests
{
    // Helpers for the scripts: a blob's bytes as "1,2,3" and its text's code points in hex.
    private const string Helpers = """
        const bytesOf = async b => Array.from(new Uint8Array(await b.arrayBuffer())).join(",");
        // Code point by code point (Jint 4.18's string iterator yields grapheme clusters: "\r\n" would be one).
        const show = s => { const out = []; for (let i = 0; i < s.length; i++) { const c = s.codePointAt(i); out.push(c.toString(16)); if (c > 0xFFFF) i++; } return out.join(" "); };

        """;

    private static async Task<string[]> Run(string source)
    {
        await using var run = await ScriptRun.RunAsync(Helpers + source);
        Assert.That(run.Result!.Succeeded, Is.True, run.Error);
        return run.OutputLines;
    }

    [Test]
    public async Task Blob_has_its_WebIDL_shape()
    {
        var lines = await Run("""
            const g = Object.getOwnPropertyDescriptor(globalThis, "Blob");
            console.log(Blob.length, Blob.name, g.writable, g.enumerable, g.configurable, Object.getPrototypeOf(Blob) === Function.prototype);
            const p = Object.getOwnPropertyDescriptor(Blob, "prototype");
            console.log(p.writable, p.enumerable, p.configurable, Blob.prototype.constructor === Blob, Object.getPrototypeOf(Blob.prototype) === Object.prototype);
            for (const name of ["size", "type"]) {
              const a = Object.getOwnPropertyDescriptor(Blob.prototype, name);
              console.log(name, typeof a.get, a.set, a.enumerable, a.configurable, a.get.name);
            }
            for (const name of ["slice", "stream", "text", "arrayBuffer", "bytes"]) {
              const m = Object.getOwnPropertyDescriptor(Blob.prototype, name);
              console.log(name, m.value.length, m.value.name, m.writable, m.enumerable, m.configurable);
            }
            const b = new Blob();
            console.log(Object.prototype.toString.call(b), Object.keys(b).length, b.size, JSON.stringify(b.type), Object.keys(Blob.prototype).join());
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "0 Blob true false true true",
            "false false false true true",
            "size function undefined true true get size",
            "type function undefined true true get type",
            "slice 0 slice true true true",
            "stream 0 stream true true true",
            "text 0 text true true true",
            "arrayBuffer 0 arrayBuffer true true true",
            "bytes 0 bytes true true true",
            "[object Blob] 0 0 \"\" size,type,slice,stream,text,arrayBuffer,bytes",
        }));
    }

    [Test]
    public async Task Members_called_on_other_objects_throw_and_reads_reject_with_TypeErrors()
    {
        var lines = await Run("""
            const p = Blob.prototype;
            for (const bad of [
              () => Blob(),
              () => Object.getOwnPropertyDescriptor(p, "size").get.call({}),
              () => Object.getOwnPropertyDescriptor(p, "type").get.call(p),
              () => p.slice.call(new TextEncoder()),
            ])
              try { bad(); console.log("no error"); } catch (err) { console.log(err instanceof TypeError); }
            (async () => {
              for (const name of ["text", "arrayBuffer", "bytes"]) {
                let result;
                try { result = p[name].call({}); } catch { console.log(name, "threw"); continue; }
                await result.then(() => console.log(name, "fulfilled"), err => console.log(name, err instanceof TypeError));
              }
            })();
            """);

        Assert.That(lines, Is.EqualTo(new[] { "true", "true", "true", "true", "text true", "arrayBuffer true", "bytes true" }));
    }

    [Test]
    public async Task Parts_of_every_kind_are_joined_in_order()
    {
        var lines = await Run("""
            (async () => {
              const ab = new Uint8Array([1, 2, 3, 4, 5, 6]).buffer;
              const b = new Blob([
                "ab", ab, new DataView(ab, 1, 3), new Uint8Array(ab, 4), new Uint16Array([0x0201]),
                new Blob(["\u00e9"]), "\uD800", 7, null, undefined, { toString() { return "x"; } },
              ]);
              console.log(b.size);
              console.log(await bytesOf(b));
              console.log(await bytesOf(new Blob([new Blob([]), new Blob([new Uint8Array([9])]), ""])));
              console.log(new Blob([new SharedArrayBuffer(4)]).size);
              try { new Blob([new Uint8Array(new SharedArrayBuffer(4))]); console.log("no error"); } catch (err) { console.log(err.constructor.name); }
            })();
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "35",
            "97,98,1,2,3,4,5,6,2,3,4,5,6,1,2,195,169,239,191,189,55,110,117,108,108,117,110,100,101,102,105,110,101,100,120",
            "9",
            "26",
            "TypeError",
        }));
    }

    [Test]
    public async Task Any_iterable_can_supply_the_parts_and_a_non_iterable_is_a_TypeError()
    {
        var lines = await Run("""
            (async () => {
              console.log(await new Blob(new Set(["a", "b"])).text());
              console.log(await new Blob((function* () { yield "c"; yield new Uint8Array([0x64]); })()).text());
              console.log(await new Blob({ [Symbol.iterator]: () => ({ i: 0, next() { return this.i++ < 2 ? { value: "e", done: false } : { done: true }; } }) }).text());
              new Blob("abc");
            })().catch(err => console.log(err.constructor.name));
            for (const bad of ["abc", null, 5, {}, { [Symbol.iterator]: 5 }, { [Symbol.iterator]: () => 5 }, { [Symbol.iterator]: () => ({ next: () => 5 }) }])
              try { new Blob(bad); console.log("no error"); } catch (err) { console.log(err.constructor.name); }
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "TypeError", "TypeError", "TypeError", "TypeError", "TypeError", "TypeError", "TypeError",
            "ab", "cd", "ee", "TypeError",
        }));
    }

    [Test]
    public async Task An_iterator_that_throws_propagates_its_error_and_the_parts_are_converted_before_the_options()
    {
        var lines = await Run("""
            const boom = new Error("boom");
            const throwing = { [Symbol.iterator]() { return { next() { throw boom; } }; } };
            try { new Blob(throwing); } catch (err) { console.log(err === boom); }
            const badPart = { toString() { throw boom; } };
            try { new Blob(["a", badPart]); } catch (err) { console.log(err === boom); }
            const log = [];
            const parts = { *[Symbol.iterator]() { log.push("part"); yield { toString() { log.push("toString"); return "p"; } }; } };
            new Blob(parts, { get type() { log.push("type"); return ""; }, get endings() { log.push("endings"); return "native"; } });
            console.log(log.join(" "));
            """);

        Assert.That(lines, Is.EqualTo(new[] { "true", "true", "part toString endings type" }));
    }

    [Test]
    public async Task The_type_is_lowercased_and_emptied_when_it_has_characters_outside_printable_ASCII()
    {
        var lines = await Run("""
            const t = type => JSON.stringify(new Blob([], { type }).type);
            console.log(t("Text/HTML; Charset=UTF-8"), t(" A "), t("a\u00e9"), t("a\u007F"), t("a\tb"), t("~!"), t(undefined), t(null), t(12));
            console.log(JSON.stringify(new Blob([], null).type), JSON.stringify(new Blob([], undefined).type));
            try { new Blob([], 5); } catch (err) { console.log(err.constructor.name); }
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "\"text/html; charset=utf-8\" \" a \" \"\" \"\" \"\" \"~!\" \"\" \"null\" \"12\"",
            "\"\" \"\"",
            "TypeError",
        }));
    }

    [Test]
    public async Task Endings_native_converts_line_endings_in_strings_only_and_an_invalid_value_is_a_TypeError()
    {
        var lines = await Run("""
            (async () => {
              const text = "a\r\nb\rc\nd\n\re\r\r\n";
              console.log(show(await new Blob([text], { endings: "native" }).text()));
              console.log(show(await new Blob([text], { endings: "transparent" }).text()));
              console.log(show(await new Blob([text]).text()));
              console.log(await bytesOf(new Blob([new Uint8Array([13, 10]), "\r"], { endings: "native" })));
            })();
            for (const endings of ["bogus", "Native", "", null])
              try { new Blob([], { endings }); console.log("no error"); } catch (err) { console.log(err.constructor.name); }
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "TypeError", "TypeError", "TypeError", "TypeError",
            "61 a 62 a 63 a 64 a a 65 a a",
            "61 d a 62 d 63 a 64 a d 65 d d a",
            "61 d a 62 d 63 a 64 a d 65 d d a",
            "13,10,10",
        }));
    }

    [Test]
    public async Task Slice_counts_negative_indices_from_the_end_and_clamps_the_rest()
    {
        var lines = await Run("""
            (async () => {
              const b = new Blob(["0123456789"]);
              const s = async (...args) => (await b.slice(...args).text()) || "-";
              console.log(await s(), await s(2), await s(-3), await s(2, 5), await s(2, -2), await s(-4, -1), await s(5, 2));
              console.log(await s(-100), await s(0, 1e300), await s(-1e300, 3), await s(Infinity), await s(-Infinity, -Infinity));
              console.log(await s(NaN, NaN), await s(NaN, 4), await s("3", "5"), await s(1.5, 3.5), await s(2.5, 4.5), await s(undefined, 4), await s(null, 2));
              console.log(await s(9007199254740993), await s(-9007199254740993, 1));
              console.log(b.slice(2, 5).size, b.slice(5, 2).size, b.slice(-3).slice(1).size, await b.slice(-3).slice(1, 2).text());
            })();
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "0123456789 23456789 789 234 234567 678 -",
            "0123456789 0123456789 012 - -",
            "- 0123 34 23 23 0123 01",
            "- 0",
            "3 0 2 8",
        }));
    }

    [Test]
    public async Task Slice_normalises_its_content_type_and_always_makes_a_plain_Blob()
    {
        var lines = await Run("""
            const b = new Blob(["abc"], { type: "text/plain" });
            const t = (...args) => JSON.stringify(b.slice(...args).type);
            console.log(t(), t(0, 1), t(0, 1, "X/Y"), t(0, 1, "\u00c4b"), t(0, 1, undefined), t(0, 1, null), t(0, 1, ""));
            const f = new File(["abc"], "f.txt", { type: "text/plain" }).slice(1);
            console.log(f.constructor === Blob, f instanceof File, f.size, JSON.stringify(f.type));
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "\"\" \"\" \"x/y\" \"\" \"\" \"null\" \"\"",
            "true false 2 \"\"",
        }));
    }

    [Test]
    public async Task A_blob_keeps_its_bytes_when_the_source_buffer_changes_or_is_detached()
    {
        var lines = await Run("""
            (async () => {
              const ab = new Uint8Array([1, 2, 3]).buffer;
              const view = new Uint8Array(ab);
              const b = new Blob([ab, view, new DataView(ab, 1)]);
              view[0] = 9; ab.transfer();
              console.log(await bytesOf(b), view.length);
              const a1 = await b.arrayBuffer(), a2 = await b.arrayBuffer();
              new Uint8Array(a1)[0] = 7;
              console.log(a1 !== a2, new Uint8Array(a2)[0], await bytesOf(b));
              const detached = new ArrayBuffer(4), dv = new DataView(detached), u8 = new Uint8Array(detached, 1);
              detached.transfer();
              console.log(new Blob([detached, dv, u8]).size);
            })();
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "1,2,3,1,2,3,2,3 0",
            "true 1 1,2,3,1,2,3,2,3",
            "0",
        }));
    }

    [Test]
    public async Task A_resizable_buffer_and_its_views_give_the_bytes_in_bounds_when_the_blob_is_made()
    {
        var lines = await Run("""
            const rab = new ArrayBuffer(4, { maxByteLength: 16 });
            const all = new Uint8Array(rab), tail = new Uint8Array(rab, 2);
            rab.resize(8);
            const fixed = new Uint8Array(rab, 4, 2), dv = new DataView(rab, 4);
            const sizes = () => [rab, all, tail, fixed, dv].map(part => new Blob([part]).size).join(" ");
            console.log(sizes());
            rab.resize(3);
            // The fixed-length view and the DataView are now out of bounds: they hold no bytes.
            console.log(sizes());
            """);

        Assert.That(lines, Is.EqualTo(new[] { "8 8 6 2 4", "3 3 1 0 0" }));
    }

    [Test]
    public async Task Text_decodes_UTF_8_with_U_FFFD_for_errors_drops_a_BOM_and_joins_sequences_split_across_parts()
    {
        var lines = await Run("""
            (async () => {
              console.log(show(await new Blob([new Uint8Array([0xF0, 0x90, 0x80, 0x41, 0xFF, 0xC0, 0x80])]).text()));
              console.log(show(await new Blob([new Uint8Array([0xEF, 0xBB, 0xBF, 0x41, 0xEF, 0xBB, 0xBF])]).text()));
              console.log(show(await new Blob([new Uint8Array([0xEF, 0xBB]), new Blob([new Uint8Array([0xBF, 0x42])])]).text()));
              const split = new Blob([new Uint8Array([0xF0, 0x9F]), new Blob([new Uint8Array([0x98, 0x80])]), new Blob([new Uint8Array([0xE2])])]);
              console.log(show(await split.text()), show(await split.slice(1, 4).text()));
              console.log(JSON.stringify(await new Blob().text()), JSON.stringify(await new Blob([""]).text()));
            })();
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "fffd 41 fffd fffd fffd",
            "41 feff",
            "42",
            "1f600 fffd fffd fffd fffd",
            "\"\" \"\"",
        }));
    }

    [Test]
    public async Task ArrayBuffer_and_bytes_give_fresh_exact_size_copies()
    {
        var lines = await Run("""
            (async () => {
              const b = new Blob(["hi", new Uint8Array([0, 255])]);
              const a = await b.arrayBuffer(), u = await b.bytes();
              console.log(Object.prototype.toString.call(a), a.byteLength, u.constructor === Uint8Array, u.byteOffset, u.buffer.byteLength, u.join(","));
              const e = await new Blob().bytes();
              console.log(e.length, (await new Blob().arrayBuffer()).byteLength);
            })();
            """);

        Assert.That(lines, Is.EqualTo(new[] { "[object ArrayBuffer] 4 true 0 4 104,105,0,255", "0 0" }));
    }

    [Test]
    public async Task Reads_settle_in_a_later_task_not_during_the_call_or_its_microtasks()
    {
        var lines = await Run("""
            const log = [];
            const b = new Blob(["x"]);
            const reads = [b.text().then(t => log.push("text " + t)), b.arrayBuffer().then(a => log.push("arrayBuffer " + a.byteLength))];
            Promise.resolve().then(() => log.push("microtask"));
            queueMicrotask(() => log.push("microtask 2"));
            log.push("sync");
            Promise.all(reads).then(() => console.log(log.join(", ")));
            """);

        Assert.That(lines, Is.EqualTo(new[] { "sync, microtask, microtask 2, text x, arrayBuffer 1" }));
    }

    [Test]
    public async Task A_subclass_of_Blob_makes_blobs_with_its_own_prototype()
    {
        var lines = await Run("""
            class Named extends Blob { constructor(parts, name) { super(parts); this.name = name; } }
            const n = new Named(["abc"], "n");
            console.log(n instanceof Named, n instanceof Blob, n.size, n.name, Object.prototype.toString.call(n));
            n.text().then(t => console.log(t));
            """);

        Assert.That(lines, Is.EqualTo(new[] { "true true 3 n [object Blob]", "abc" }));
    }
}
