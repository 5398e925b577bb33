namespace JsWebSocketHost.Tests.Encodings;

[TestFixture]
public sealed class TextDecoderTests
{
    // Prints the code points of a string in hex, so U+FFFD and BOMs are visible.
    private const string Show = """
        // Code point by code point (Jint 4.18's string iterator yields grapheme clusters: "\r\n" would be one).
        const show = s => { const out = []; for (let i = 0; i < s.length; i++) { const c = s.codePointAt(i); out.push(c.toString(16)); if (c > 0xFFFF) i++; } return out.join(" "); };
        const bytes = (...b) => new Uint8Array(b);

        """;

    private static async Task<string[]> Run(string source)
    {
        await using var run = await ScriptRun.RunAsync(Show + source);
        Assert.That(run.Result!.Succeeded, Is.True, run.Error);
        return run.OutputLines;
    }

    [Test]
    public async Task TextDecoder_has_its_WebIDL_shape()
    {
        var lines = await Run("""
            const g = Object.getOwnPropertyDescriptor(globalThis, "TextDecoder");
            console.log(TextDecoder.length, TextDecoder.name, g.writable, g.enumerable, g.configurable);
            const p = TextDecoder.prototype, d = new TextDecoder();
            console.log(p.decode.length, p.decode.name, Object.getOwnPropertyDescriptor(p, "decode").enumerable);
            for (const name of ["encoding", "fatal", "ignoreBOM"]) {
              const a = Object.getOwnPropertyDescriptor(p, name);
              console.log(name, typeof a.get, a.set, a.enumerable, a.configurable, a.get.name);
            }
            console.log(d.encoding, d.fatal, d.ignoreBOM, Object.keys(d).length);
            console.log(Object.prototype.toString.call(d), p.constructor === TextDecoder, Object.getPrototypeOf(p) === Object.prototype);
            class Sub extends TextDecoder {}
            const s = new Sub("latin1");
            console.log(s instanceof Sub, s.encoding, s.decode(bytes(0x41)));
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "0 TextDecoder true false true",
            "0 decode true",
            "encoding function undefined true true get encoding",
            "fatal function undefined true true get fatal",
            "ignoreBOM function undefined true true get ignoreBOM",
            "utf-8 false false 0",
            "[object TextDecoder] true true",
            "true windows-1252 A",
        }));
    }

    [Test]
    public async Task Members_called_on_other_objects_and_the_constructor_called_without_new_throw_TypeErrors()
    {
        var lines = await Run("""
            const p = TextDecoder.prototype;
            for (const bad of [
              () => TextDecoder(),
              () => p.decode.call(new TextEncoder(), bytes(1)),
              () => Object.getOwnPropertyDescriptor(p, "encoding").get.call({}),
              () => Object.getOwnPropertyDescriptor(p, "fatal").get.call(1),
              () => Object.getOwnPropertyDescriptor(p, "ignoreBOM").get.call(undefined),
            ])
              try { bad(); console.log("no error"); } catch (err) { console.log(err instanceof TypeError); }
            """);

        Assert.That(lines, Is.EqualTo(Enumerable.Repeat("true", 5)));
    }

    [TestCase("unicode-1-1-utf-8", "utf-8")]
    [TestCase("unicode11utf8", "utf-8")]
    [TestCase("unicode20utf8", "utf-8")]
    [TestCase("utf-8", "utf-8")]
    [TestCase("utf8", "utf-8")]
    [TestCase("x-unicode20utf8", "utf-8")]
    [TestCase(" \t\n\f\rUTF-8\r\n", "utf-8")]
    [TestCase("Utf8", "utf-8")]
    [TestCase("utf-16", "utf-16le")]
    [TestCase("utf-16le", "utf-16le")]
    [TestCase("UTF-16LE", "utf-16le")]
    [TestCase("csunicode", "utf-16le")]
    [TestCase("iso-10646-ucs-2", "utf-16le")]
    [TestCase("ucs-2", "utf-16le")]
    [TestCase("unicode", "utf-16le")]
    [TestCase("unicodefeff", "utf-16le")]
    [TestCase("utf-16be", "utf-16be")]
    [TestCase("unicodefffe", "utf-16be")]
    [TestCase("latin1", "windows-1252")]
    [TestCase("ascii", "windows-1252")]
    [TestCase("us-ascii", "windows-1252")]
    [TestCase("iso-8859-1", "windows-1252")]
    [TestCase("ISO_8859-1:1987", "windows-1252")]
    [TestCase("windows-1252", "windows-1252")]
    [TestCase("cp1252", "windows-1252")]
    [TestCase("l1", "windows-1252")]
    [TestCase("ansi_x3.4-1968", "windows-1252")]
    [TestCase("x-user-defined", "x-user-defined")]
    public async Task A_label_selects_its_encoding(string label, string encoding)
    {
        var lines = await Run($"console.log(new TextDecoder({System.Text.Json.JsonSerializer.Serialize(label)}).encoding);");

        Assert.That(lines, Is.EqualTo(new[] { encoding }));
    }

    [Test]
    public async Task An_unknown_label_or_a_replacement_label_is_a_RangeError()
    {
        var lines = await Run("""
            for (const label of ["bogus", "", "utf-7", "utf 8", "utf-8\u0000", "replacement", "iso-2022-kr", "LAT\u0130N1", null])
              try { new TextDecoder(label); console.log("no error", label); } catch (err) { console.log(err.constructor.name); }
            console.log(new TextDecoder(undefined).encoding);
            """);

        Assert.That(lines, Is.EqualTo(Enumerable.Repeat("RangeError", 9).Append("utf-8")));
    }

    [Test]
    public async Task The_options_set_fatal_and_ignoreBOM_with_boolean_conversion()
    {
        var lines = await Run("""
            const a = new TextDecoder("utf-8", { fatal: 1, ignoreBOM: "yes" });
            const b = new TextDecoder("utf-8", { fatal: 0, ignoreBOM: "" });
            const c = new TextDecoder("utf-8", null);
            console.log(a.fatal, a.ignoreBOM, b.fatal, b.ignoreBOM, c.fatal, c.ignoreBOM);
            try { new TextDecoder("utf-8", 5); } catch (err) { console.log(err.constructor.name); }
            """);

        Assert.That(lines, Is.EqualTo(new[] { "true true false false false false", "TypeError" }));
    }

    [Test]
    public async Task UTF_8_errors_are_replaced_one_U_FFFD_per_maximal_subpart()
    {
        var lines = await Run("""
            const d = new TextDecoder();
            console.log(show(d.decode(bytes(0xF0, 0x90, 0x80, 0x41))));
            console.log(show(d.decode(bytes(0xC0, 0x80, 0x41))));
            console.log(show(d.decode(bytes(0xED, 0xA0, 0x80))));
            console.log(show(d.decode(bytes(0xF4, 0x90, 0x80, 0x80))));
            console.log(show(d.decode(bytes(0xE2, 0x82))));
            console.log(show(d.decode(bytes(0x61, 0x80, 0xBF, 0x62, 0xFE, 0xFF, 0xF8, 0xE0, 0xA0, 0x41))));
            console.log(show(d.decode(bytes(0xE0, 0x80, 0xED, 0xA0, 0x80, 0xC2, 0xF4, 0x90, 0x80, 0x80, 0xE2, 0x82))));
            console.log(show(d.decode(bytes(0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0xEF, 0xBF, 0xBF))));
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "fffd 41",
            "fffd fffd 41",
            "fffd fffd fffd",
            "fffd fffd fffd fffd",
            "fffd",
            "61 fffd fffd 62 fffd fffd fffd fffd 41",
            "fffd fffd fffd fffd fffd fffd fffd fffd fffd fffd fffd",
            "e9 20ac 1f600 ffff",
        }));
    }

    [Test]
    public async Task A_long_input_with_errors_in_the_middle_decodes_like_a_short_one()
    {
        var lines = await Run("""
            const d = new TextDecoder();
            const e = new TextEncoder().encode("\u00e9".repeat(400));
            const input = new Uint8Array(e.length * 2 + 3);
            input.set(e); input.set([0xF0, 0x90, 0x80], e.length); input.set(e, e.length + 3);
            const out = d.decode(input);
            console.log(out.length, out === "\u00e9".repeat(400) + "\uFFFD" + "\u00e9".repeat(400));
            """);

        Assert.That(lines, Is.EqualTo(new[] { "801 true" }));
    }

    [Test]
    public async Task Streaming_keeps_a_4_byte_sequence_split_1_and_3()
    {
        var lines = await Run("""
            const d = new TextDecoder();
            const first = d.decode(bytes(0xF0), { stream: true });
            const rest = d.decode(bytes(0x9F, 0x98, 0x80));
            console.log(JSON.stringify(first), show(rest));
            """);

        Assert.That(lines, Is.EqualTo(new[] { "\"\" 1f600" }));
    }

    [Test]
    public async Task Streaming_keeps_sequences_split_at_every_byte_and_flushes_an_incomplete_one_as_U_FFFD()
    {
        var lines = await Run("""
            const d = new TextDecoder();
            let out = "";
            for (const b of [0x41, 0xF0, 0x9F, 0x98, 0x80, 0xE2, 0x82]) out += d.decode(bytes(b), { stream: true });
            console.log(show(out), "|", show(d.decode()));
            console.log(show(d.decode(bytes(0xF0, 0x9F, 0x98), { stream: true })), "|", show(d.decode(bytes(0x80, 0x41))));
            console.log(show(d.decode(bytes(0xE2), { stream: true })), "|", show(d.decode()), "|", show(d.decode(bytes(0x82, 0xAC))));
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "41 1f600 | fffd",
            " | 1f600 41",
            " | fffd | fffd fffd",
        }));
    }

    [Test]
    public async Task Fatal_mode_throws_a_TypeError_for_invalid_or_incomplete_input_but_not_while_streaming()
    {
        var lines = await Run("""
            const f = new TextDecoder("utf-8", { fatal: true });
            for (const input of [bytes(0xC0, 0x80), bytes(0x41, 0xFF), bytes(0xE2, 0x82), bytes(0xED, 0xA0, 0x80)])
              try { f.decode(input); console.log("no error"); } catch (err) { console.log(err.constructor.name); }
            console.log(JSON.stringify(f.decode(bytes(0xE2, 0x82), { stream: true })));
            try { f.decode(); console.log("no error"); } catch (err) { console.log("flush", err.constructor.name); }
            console.log(f.decode(bytes(0x41)), show(f.decode(bytes(0xE2, 0x82, 0xAC))));
            const u = new TextDecoder("utf-16le", { fatal: true });
            for (const input of [bytes(0x00, 0xDC), bytes(0x3D, 0xD8), bytes(0x41)])
              try { u.decode(input); console.log("no error"); } catch (err) { console.log("utf-16le", err.constructor.name); }
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "TypeError", "TypeError", "TypeError", "TypeError",
            "\"\"",
            "flush TypeError",
            "A 20ac",
            "utf-16le TypeError", "utf-16le TypeError", "utf-16le TypeError",
        }));
    }

    [Test]
    public async Task A_UTF_8_BOM_is_dropped_once_at_the_start_unless_ignoreBOM()
    {
        var lines = await Run("""
            const d = new TextDecoder();
            console.log(show(d.decode(bytes(0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, 0x41))));
            console.log(show(d.decode(bytes(0xEF, 0xBB, 0xBF))), "|", show(d.decode(bytes(0x41, 0xEF, 0xBB, 0xBF))));
            console.log(show(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes(0xEF, 0xBB, 0xBF, 0x41))));
            console.log(show(d.decode(bytes(0xFF, 0xFE, 0x41))));
            const s = new TextDecoder();
            console.log(show(s.decode(bytes(0xEF, 0xBB), { stream: true }) + "|" + s.decode(bytes(0xBF, 0x41), { stream: true }) + "|" + s.decode(bytes(0xEF, 0xBB, 0xBF))));
            console.log(show(s.decode(bytes(0xEF, 0xBB, 0xBF, 0x42))));
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "feff 41",
            " | 41 feff",
            "feff 41",
            "fffd fffd 41",
            "7c 41 7c feff",
            "42",
        }));
    }

    [Test]
    public async Task UTF_16LE_drops_its_BOM_pairs_surrogates_and_replaces_unpaired_ones()
    {
        var lines = await Run("""
            const d = new TextDecoder("utf-16le");
            console.log(show(d.decode(bytes(0xFF, 0xFE, 0x41, 0x00, 0x3D, 0xD8, 0x00, 0xDE, 0x00, 0xD8))));
            console.log(show(d.decode(bytes(0x3D, 0xD8, 0x41, 0x00))), "|", show(d.decode(bytes(0x00, 0xDC, 0x41, 0x00))), "|", show(d.decode(bytes(0x41, 0x00, 0x42))));
            console.log(show(d.decode(bytes(0xFF, 0xFE, 0xFF, 0xFE))), "|", show(new TextDecoder("utf-16le", { ignoreBOM: true }).decode(bytes(0xFF, 0xFE, 0x41, 0x00))));
            console.log(show(d.decode(bytes(0xFE, 0xFF, 0x41, 0x00))));
            const s = new TextDecoder("utf-16");
            console.log(show(s.decode(bytes(0x41), { stream: true }) + "|" + s.decode(bytes(0x00, 0x3D), { stream: true }) + "|" + s.decode(bytes(0xD8, 0x00), { stream: true }) + "|" + s.decode(bytes(0xDE))));
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "41 1f600 fffd",
            "fffd 41 | fffd 41 | 41 fffd",
            "feff | feff 41",
            "fffe 41",
            "7c 41 7c 7c 1f600",
        }));
    }

    [Test]
    public async Task UTF_16BE_reads_the_high_byte_first_and_drops_its_own_BOM()
    {
        var lines = await Run("""
            const d = new TextDecoder("utf-16be");
            console.log(show(d.decode(bytes(0xFE, 0xFF, 0x00, 0x41, 0xD8, 0x3D, 0xDE, 0x00, 0xDC, 0x00, 0x42))));
            console.log(show(d.decode(bytes(0xFF, 0xFE, 0x00, 0x41))));
            """);

        Assert.That(lines, Is.EqualTo(new[] { "41 1f600 fffd fffd", "fffe 41" }));
    }

    [Test]
    public async Task Windows_1252_maps_the_C1_bytes_through_its_index_and_keeps_a_BOM()
    {
        var lines = await Run("""
            const d = new TextDecoder("latin1");
            console.log(show(d.decode(bytes(0x41, 0x80, 0x81, 0x8D, 0x9F, 0xA0, 0xE9, 0xFF))));
            console.log(show(d.decode(bytes(0xEF, 0xBB, 0xBF))), show(new TextDecoder("x-user-defined").decode(bytes(0x41, 0x80, 0xFF))));
            """);

        Assert.That(lines, Is.EqualTo(new[] { "41 20ac 81 8d 178 a0 e9 ff", "ef bb bf 41 f780 f7ff" }));
    }

    [Test]
    public async Task Decode_reads_every_kind_of_buffer_source_and_nothing_else()
    {
        var lines = await Run("""
            const d = new TextDecoder();
            const ab = new Uint8Array([0x41, 0x42, 0x43, 0x44]).buffer;
            console.log(d.decode(ab), d.decode(new DataView(ab, 1, 2)), d.decode(new Uint8Array(ab, 3)), d.decode(new Uint16Array([0x4241])));
            console.log(d.decode(new SharedArrayBuffer(2)).length, JSON.stringify(d.decode()), JSON.stringify(d.decode(undefined)));
            console.log(d.decode(bytes(0x41), undefined), d.decode(bytes(0x42), null), d.decode(bytes(0x43), {}));
            for (const bad of [null, "abc", {}, [0x41], 5])
              try { d.decode(bad); console.log("no error"); } catch (err) { console.log(err.constructor.name); }
            try { d.decode(bytes(0x41), 5); } catch (err) { console.log("options", err.constructor.name); }
            const detached = new ArrayBuffer(4); detached.transfer();
            console.log(JSON.stringify(d.decode(detached)), JSON.stringify(d.decode(new Uint8Array(0))));
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "ABCD BC D AB",
            "2 \"\" \"\"",
            "A B C",
            "TypeError", "TypeError", "TypeError", "TypeError", "TypeError",
            "options TypeError",
            "\"\" \"\"",
        }));
    }

    [Test]
    public async Task The_stream_option_is_read_after_the_input_is_checked_and_before_its_bytes_are_read()
    {
        var lines = await Run("""
            const d = new TextDecoder();
            const input = bytes(0x41, 0x42);
            const out = d.decode(input, { get stream() { input[0] = 0x5A; return false; } });
            console.log(out);
            """);

        Assert.That(lines, Is.EqualTo(new[] { "ZB" }));
    }
}
