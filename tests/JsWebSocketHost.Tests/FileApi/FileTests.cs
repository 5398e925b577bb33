namespace JsWebSocketHost.Tests.FileApi;

[TestFixture]
public sealed class FileTests
{
    private static async Task<string[]> Run(string source)
    {
        await using var run = await ScriptRun.RunAsync(source);
        Assert.That(run.Result!.Succeeded, Is.True, run.Error);
        return run.OutputLines;
    }

    [Test]
    public async Task File_inherits_from_Blob_and_has_its_WebIDL_shape()
    {
        var lines = await Run("""
            const g = Object.getOwnPropertyDescriptor(globalThis, "File");
            console.log(File.length, File.name, g.writable, g.enumerable, g.configurable);
            console.log(Object.getPrototypeOf(File) === Blob, Object.getPrototypeOf(File.prototype) === Blob.prototype, File.prototype.constructor === File);
            for (const name of ["name", "lastModified"]) {
              const a = Object.getOwnPropertyDescriptor(File.prototype, name);
              console.log(name, typeof a.get, a.set, a.enumerable, a.configurable, a.get.name);
            }
            const f = new File(["abc"], "a.txt");
            console.log(f instanceof File, f instanceof Blob, Object.prototype.toString.call(f), Object.keys(f).length, f.size, JSON.stringify(f.type));
            f.text().then(t => console.log(t));
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "2 File true false true",
            "true true true",
            "name function undefined true true get name",
            "lastModified function undefined true true get lastModified",
            "true true [object File] 0 3 \"\"",
            "abc",
        }));
    }

    [Test]
    public async Task File_members_check_their_receiver_and_the_constructor_needs_two_arguments()
    {
        var lines = await Run("""
            for (const bad of [
              () => File([], "x"),
              () => new File(),
              () => new File([]),
              () => new File("abc", "x"),
              () => Object.getOwnPropertyDescriptor(File.prototype, "name").get.call(new Blob()),
              () => Object.getOwnPropertyDescriptor(File.prototype, "lastModified").get.call({}),
            ])
              try { bad(); console.log("no error"); } catch (err) { console.log(err.constructor.name); }
            console.log(Object.getOwnPropertyDescriptor(Blob.prototype, "size").get.call(new File(["ab"], "x")));
            """);

        Assert.That(lines, Is.EqualTo(Enumerable.Repeat("TypeError", 6).Append("2")));
    }

    [Test]
    public async Task The_name_is_a_USVString_kept_as_given()
    {
        var lines = await Run("""
            const n = name => JSON.stringify(new File([], name).name);
            console.log(n("dir/a b.TXT"), n(""), n(12), n(null), n("\uD800x") === JSON.stringify("\uFFFDx"));
            """);

        Assert.That(lines, Is.EqualTo(new[] { "\"dir/a b.TXT\" \"\" \"12\" \"null\" true" }));
    }

    [Test]
    public async Task LastModified_is_converted_as_a_long_long()
    {
        var lines = await Run("""
            const m = lastModified => new File([], "f", { lastModified }).lastModified;
            console.log(m(12.7), m(-5.5), m(NaN), m(Infinity), m("42"), m(null), m(2 ** 64 + 4096), m(2 ** 63), m(-(2 ** 63)));
            """);

        Assert.That(lines, Is.EqualTo(new[] { "12 -5 0 0 42 0 4096 -9223372036854776000 -9223372036854776000" }));
    }

    [Test]
    public async Task LastModified_defaults_to_the_host_clock()
    {
        await using var run = await ScriptRun.RunOnFakeClockAsync("""
            const before = new File([], "a").lastModified;
            setTimeout(() => console.log(before, new File([], "b").lastModified, new File([], "c", { lastModified: undefined }).lastModified), 1500);
            """, TimeSpan.FromMilliseconds(500));

        // The fake clock starts at 2020-01-01T00:00:00Z.
        Assert.That(run.OutputLines, Is.EqualTo(new[] { "1577836800000 1577836801500 1577836801500" }), run.Error);
    }

    [Test]
    public async Task The_options_are_read_inherited_members_first_and_normalised_as_for_Blob()
    {
        var lines = await Run("""
            const log = [];
            const options = {
              get type() { log.push("type"); return "Text/Plain"; },
              get lastModified() { log.push("lastModified"); return 7; },
              get endings() { log.push("endings"); return "native"; },
            };
            const f = new File([{ toString() { log.push("part"); return "a\r\nb"; } }], { toString() { log.push("name"); return "n"; } }, options);
            console.log(log.join(" "));
            console.log(f.type, f.lastModified, f.name, f.size, JSON.stringify(new File([], "x", { type: "\u00e9" }).type));
            try { new File([], "x", { endings: "crlf" }); } catch (err) { console.log(err.constructor.name); }
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "part name endings type lastModified",
            "text/plain 7 n 3 \"\"",
            "TypeError",
        }));
    }

    [Test]
    public async Task A_subclass_of_File_makes_files_with_its_own_prototype()
    {
        var lines = await Run("""
            class Upload extends File {}
            const u = new Upload(["xyz"], "u.bin", { lastModified: 1 });
            console.log(u instanceof Upload, u instanceof File, u.name, u.size, u.lastModified);
            """);

        Assert.That(lines, Is.EqualTo(new[] { "true true u.bin 3 1" }));
    }
}
