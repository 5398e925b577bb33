namespace JsWebSocketHost.Tests.Encodings;

/// <summary>
/// The legacy single-byte encodings of the Encoding Standard through <c>TextDecoder</c>: names and labels, a
/// characteristic byte of each, the error for bytes their index leaves empty, and the replacement encoding's labels.
/// </summary>
[TestFixture]
public sealed class SingleByteEncodingTests
{
    private static async Task<string[]> Run(string source)
    {
        await using var run = await ScriptRun.RunAsync(source);
        Assert.That(run.Error, Is.Empty, "nothing reported on standard error");
        return run.OutputLines;
    }

    [TestCase("ibm866", 0x80, 0x0410)]
    [TestCase("iso-8859-2", 0xA1, 0x0104)]
    [TestCase("iso-8859-3", 0xA1, 0x0126)]
    [TestCase("iso-8859-4", 0xA2, 0x0138)]
    [TestCase("iso-8859-5", 0xB0, 0x0410)]
    [TestCase("iso-8859-6", 0xC7, 0x0627)]
    [TestCase("iso-8859-7", 0xC1, 0x0391)]
    [TestCase("iso-8859-8", 0xE0, 0x05D0)]
    [TestCase("iso-8859-8-i", 0xE0, 0x05D0)]
    [TestCase("iso-8859-10", 0xA2, 0x0112)]
    [TestCase("iso-8859-13", 0xA1, 0x201D)]
    [TestCase("iso-8859-14", 0xA1, 0x1E02)]
    [TestCase("iso-8859-15", 0xA4, 0x20AC)]
    [TestCase("iso-8859-16", 0xA1, 0x0104)]
    [TestCase("koi8-r", 0xC1, 0x0430)]
    [TestCase("koi8-u", 0xA4, 0x0454)]
    [TestCase("macintosh", 0x80, 0x00C4)]
    [TestCase("windows-874", 0xA1, 0x0E01)]
    [TestCase("windows-1250", 0x8A, 0x0160)]
    [TestCase("windows-1251", 0xC0, 0x0410)]
    [TestCase("windows-1252", 0x80, 0x20AC)]
    [TestCase("windows-1253", 0xC1, 0x0391)]
    [TestCase("windows-1254", 0xD0, 0x011E)]
    [TestCase("windows-1255", 0xE0, 0x05D0)]
    [TestCase("windows-1256", 0xC7, 0x0627)]
    [TestCase("windows-1257", 0xC0, 0x0104)]
    [TestCase("windows-1258", 0xC3, 0x0102)]
    [TestCase("x-mac-cyrillic", 0x80, 0x0410)]
    public async Task Each_single_byte_encoding_decodes_by_its_index_and_keeps_ASCII(string name, int b, int codePoint)
    {
        var lines = await Run($$"""
            const d = new TextDecoder("{{name.ToUpperInvariant()}}");
            const text = d.decode(new Uint8Array([0x41, {{b}}, 0x7A, 0x00]));
            console.log(d.encoding, text.length, text.charCodeAt(0), text.charCodeAt(1).toString(16), text.charCodeAt(2), text.charCodeAt(3));
            """);

        Assert.That(lines, Is.EqualTo(new[] { $"{name} 4 65 {codePoint:x} 122 0" }));
    }

    [TestCase("cp866", "ibm866")]
    [TestCase("latin2", "iso-8859-2")]
    [TestCase(" l3\t", "iso-8859-3")]
    [TestCase("cyrillic", "iso-8859-5")]
    [TestCase("arabic", "iso-8859-6")]
    [TestCase("greek", "iso-8859-7")]
    [TestCase("visual", "iso-8859-8")]
    [TestCase("logical", "iso-8859-8-i")]
    [TestCase("latin6", "iso-8859-10")]
    [TestCase("l9", "iso-8859-15")]
    [TestCase("koi", "koi8-r")]
    [TestCase("koi8-ru", "koi8-u")]
    [TestCase("x-mac-roman", "macintosh")]
    [TestCase("tis-620", "windows-874")]
    [TestCase("iso-8859-9", "windows-1254")]
    [TestCase("x-mac-ukrainian", "x-mac-cyrillic")]
    [TestCase("CP1250", "windows-1250")]
    public async Task A_label_selects_its_encoding_ignoring_case_and_surrounding_whitespace(string label, string encoding)
    {
        var lines = await Run($"console.log(new TextDecoder({System.Text.Json.JsonSerializer.Serialize(label)}).encoding);");

        Assert.That(lines, Is.EqualTo(new[] { encoding }));
    }

    [TestCase("windows-1253", 0xAA)]
    [TestCase("iso-8859-3", 0xA5)]
    [TestCase("iso-8859-6", 0xA1)]
    [TestCase("iso-8859-8", 0xBF)]
    [TestCase("windows-874", 0xDB)]
    public async Task A_byte_the_index_leaves_empty_is_U_FFFD_or_in_fatal_mode_a_TypeError(string name, int b)
    {
        var lines = await Run($$"""
            const bytes = new Uint8Array([0x61, {{b}}, 0x62]);
            console.log(new TextDecoder("{{name}}").decode(bytes) === "a\uFFFDb");
            try { new TextDecoder("{{name}}", { fatal: true }).decode(bytes); console.log("no error"); }
            catch (e) { console.log(e instanceof TypeError); }
            const streaming = new TextDecoder("{{name}}", { fatal: true });
            const first = streaming.decode(new Uint8Array([0x61]), { stream: true });
            let error = "no error";
            try { streaming.decode(new Uint8Array([{{b}}]), { stream: true }); } catch (e) { error = e instanceof TypeError; }
            console.log(first + "|" + error + "|" + streaming.decode(new Uint8Array([0x62])));
            """);

        Assert.That(lines, Is.EqualTo(new[] { "true", "true", "a|true|b" }), "a fatal error inside a stream throws, and the decoder goes on");
    }

    [Test]
    public async Task The_replacement_encoding_s_labels_are_RangeErrors_as_an_invalid_label()
    {
        var lines = await Run("""
            for (const label of ["replacement", "csiso2022kr", "hz-gb-2312", "iso-2022-cn", "iso-2022-cn-ext", "iso-2022-kr"])
              try { new TextDecoder(label); console.log("no error"); } catch (e) { console.log(e.constructor.name, e.message.includes("is invalid")); }
            """);

        Assert.That(lines, Is.EqualTo(Enumerable.Repeat("RangeError true", 6)));
    }
}
