using JsWebSocketHost.Encodings;

namespace JsWebSocketHost.Tests.Encodings;

/// <summary>
/// The legacy multi-byte decoders (gb18030 and GBK, Big5, EUC-JP, ISO-2022-JP, Shift_JIS, EUC-KR): through
/// <c>TextDecoder</c>, and directly, where random bytes check that no split of the input changes the text, that the
/// output bound holds, and that fatal mode stops exactly where replacement mode writes its first U+FFFD.
/// </summary>
[TestFixture]
public sealed class MultiByteEncodingTests
{
    private static readonly string[] Names = ["gbk", "gb18030", "big5", "euc-jp", "iso-2022-jp", "shift_jis", "euc-kr"];

    private static string Decode(string name, ReadOnlySpan<byte> input, bool flush = true, EncodingDecoder? decoder = null)
    {
        decoder ??= WebEncoding.ForLabel(name)!.CreateDecoder();
        var output = new char[decoder.GetMaxCharCount(input.Length)];
        Assert.That(decoder.Decode(input, output, flush, fatal: false, out var written), Is.True);
        return new string(output, 0, written);
    }

    [TestCase("GB2312", "gbk")]
    [TestCase("gb18030", "gb18030")]
    [TestCase("big5-hkscs", "big5")]
    [TestCase("x-euc-jp", "euc-jp")]
    [TestCase("csiso2022jp", "iso-2022-jp")]
    [TestCase("windows-31j", "shift_jis")]
    [TestCase("korean", "euc-kr")]
    public async Task Each_label_gives_a_decoder_of_its_encoding(string label, string name)
    {
        await using var run = await ScriptRun.RunAsync($$"""console.log(new TextDecoder("{{label}}").encoding);""");

        Assert.That(run.Error, Is.Empty);
        Assert.That(run.OutputLines, Is.EqualTo(new[] { name }));
    }

    [TestCase("shift_jis", new byte[] { 0x93, 0xFA, 0x96, 0x7B, 0x8C, 0xEA }, "日本語")]
    [TestCase("euc-jp", new byte[] { 0xC6, 0xFC, 0xCB, 0xDC, 0xB8, 0xEC }, "日本語")]
    [TestCase("iso-2022-jp", new byte[] { 0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x38, 0x6C, 0x1B, 0x28, 0x42 }, "日本語")]
    [TestCase("euc-kr", new byte[] { 0xC7, 0xD1, 0xB1, 0xB9, 0xBE, 0xEE }, "한국어")]
    [TestCase("big5", new byte[] { 0xA4, 0xA4, 0xA4, 0xE5 }, "中文")]
    [TestCase("gbk", new byte[] { 0xD6, 0xD0, 0xCE, 0xC4 }, "中文")]
    [TestCase("gb18030", new byte[] { 0xD6, 0xD0, 0x81, 0x30, 0x81, 0x30, 0x94, 0x39, 0xFC, 0x36 }, "中\u0080\U0001F600")]
    public void Text_in_each_encoding_decodes_to_its_characters(string name, byte[] input, string expected)
    {
        Assert.That(Decode(name, input), Is.EqualTo(expected));
    }

    [Test]
    public void Random_bytes_decode_the_same_however_the_input_is_split_and_within_the_output_bound([ValueSource(nameof(Names))] string name)
    {
        var random = new Random(20261203);
        for (var round = 0; round < 200; round++)
        {
            // Bytes likely to form sequences: mostly the high half, some ASCII and escapes.
            var input = new byte[random.Next(1, 64)];
            for (var i = 0; i < input.Length; i++)
            {
                input[i] = random.Next(4) switch
                {
                    0 => (byte)random.Next(0x20, 0x80),
                    1 => (byte)(random.Next(3) == 0 ? 0x1B : random.Next(0x21, 0x7F)),
                    _ => (byte)random.Next(0x80, 0x100),
                };
            }

            var whole = Decode(name, input);
            var decoder = WebEncoding.ForLabel(name)!.CreateDecoder();
            var pieces = "";
            var at = 0;
            while (at < input.Length)
            {
                var length = random.Next(1, input.Length - at + 1);
                pieces += Decode(name, input.AsSpan(at, length), flush: false, decoder);
                at += length;
            }

            pieces += Decode(name, [], flush: true, decoder);
            Assert.That(pieces, Is.EqualTo(whole), $"{name}: {Convert.ToHexString(input)}");
        }
    }

    [Test]
    public void Fatal_mode_fails_where_replacement_mode_writes_its_first_U_FFFD([ValueSource(nameof(Names))] string name)
    {
        var random = new Random(1203);
        for (var round = 0; round < 200; round++)
        {
            var input = new byte[random.Next(1, 32)];
            random.NextBytes(input);
            var replaced = Decode(name, input);
            var decoder = WebEncoding.ForLabel(name)!.CreateDecoder();
            var output = new char[decoder.GetMaxCharCount(input.Length)];
            var ok = decoder.Decode(input, output, flush: true, fatal: true, out var written);

            // Every U+FFFD here is an error: none of these indexes maps a pointer to U+FFFD (gb18030's four-byte
            // pointer 39417 does, but random bytes reach it once in millions).
            var firstError = replaced.IndexOf('\uFFFD', StringComparison.Ordinal);
            Assert.That(ok, Is.EqualTo(firstError < 0), $"{name}: {Convert.ToHexString(input)}");
            Assert.That(new string(output, 0, written), Is.EqualTo(firstError < 0 ? replaced : replaced[..firstError]), $"{name}: {Convert.ToHexString(input)}");
        }
    }

    [Test]
    public async Task A_fatal_error_throws_a_TypeError_and_the_next_call_starts_afresh()
    {
        await using var run = await ScriptRun.RunAsync("""
            const decoder = new TextDecoder("euc-kr", { fatal: true });
            try { decoder.decode(new Uint8Array([0xB0, 0x20])); } catch (e) { console.log(e.constructor.name); }
            console.log(decoder.decode(new Uint8Array([0xB0, 0xA1])));
            console.log(JSON.stringify(decoder.decode(new Uint8Array([0xB0]), { stream: true })), decoder.decode(new Uint8Array([0xA1])));
            """);

        Assert.That(run.Error, Is.Empty);
        Assert.That(run.OutputLines, Is.EqualTo(new[] { "TypeError", "가", "\"\" 가" }));
    }
}
