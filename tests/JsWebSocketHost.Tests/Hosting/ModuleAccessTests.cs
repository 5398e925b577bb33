using JsWebSocketHost.Hosting;

namespace JsWebSocketHost.Tests.Hosting;

/// <summary>
/// Scripts reach files only through <c>import</c>, and only inside <see cref="ScriptHostOptions.ModuleRoots"/>. Each
/// test builds a folder tree: a granted root, secrets beside it (reached by links, <c>..</c>, URLs) and asserts what
/// the script saw, and that no secret reached its output.
/// </summary>
[TestFixture]
public sealed class ModuleAccessTests
{
    private const string Outside =
        "it is outside the folders this host grants to scripts (ScriptHostOptions.ModuleRoots; jsws: --allow-read).";

    /// <summary>Logs what an import gave, or the error's class, name and message.</summary>
    private const string Probe = """
        async function probe(specifier, type) {
          try {
            const m = await import(specifier, type ? { with: { type } } : undefined);
            const value = m.default instanceof Uint8Array ? new TextDecoder().decode(m.default)
              : typeof m.default === "object" ? JSON.stringify(m.default) : String(m.default);
            console.log("loaded " + value);
          } catch (e) {
            console.log(`${e instanceof TypeError} ${e.name}: ${e.message}`);
          }
        }

        """;

    private string _dir = null!;
    private string _root = null!;
    private string _secret = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = RealPath.Of(Path.Combine(Path.GetTempPath(), "jsws-access-" + Guid.NewGuid().ToString("N")));
        _root = Path.Combine(_dir, "root");
        _secret = "SECRET-" + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(Path.Combine(_root, "sub"));
        Directory.CreateDirectory(Path.Combine(_dir, "outside"));
        Directory.CreateDirectory(Path.Combine(_dir, "root-evil"));

        Write("root/sibling.mjs", "export default 'sibling ok';");
        Write("root/sub/inner.mjs", "import s from '../sibling.mjs'; export default 'inner+' + s;");
        Write("root/data.json", """{ "granted": true }""");
        Write("root/note.txt", "granted text");
        Write("secret.txt", _secret);
        Write("secret.json", $$"""{ "secret": "{{_secret}}" }""");
        Write("secret.mjs", $"export default '{_secret}';");
        Write("outside/secret.txt", _secret);
        Write("root-evil/secret.txt", _secret);
        File.CreateSymbolicLink(Path.Combine(_root, "link-to-secret.txt"), "../secret.txt");
        File.CreateSymbolicLink(Path.Combine(_root, "link-to-note.txt"), "sub/../note.txt");
        Directory.CreateSymbolicLink(Path.Combine(_root, "outside-link"), Path.Combine(_dir, "outside"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "sub-link"), "sub");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string Write(string relativePath, string content)
    {
        var path = Path.Combine(_dir, relativePath);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Runs <paramref name="source"/> as the host-named module root/main.mjs, with the root granted.</summary>
    private async Task<ScriptRun> RunModuleAsync(string source, bool grantRoot = true, string mainPath = "root/main.mjs")
    {
        var main = Write(mainPath, source);
        return await ScriptRun.RunModuleAsync(main, options =>
        {
            options.ModuleBasePath = _root;
            if (grantRoot)
            {
                options.ModuleRoots.Add(_root);
            }
        });
    }

    private Task<ScriptRun> ProbeAsync(string specifier, string? type = null) =>
        RunModuleAsync(Probe + $"await probe({JsString(specifier)}, {(type is null ? "undefined" : JsString(type))});");

    private static string JsString(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    private static string Denied(string specifier) => $"true TypeError: Cannot import '{specifier}': {Outside}\n";

    private void AssertNoSecret(ScriptRun run)
    {
        Assert.That(run.Output, Does.Not.Contain(_secret));
        Assert.That(run.Error, Does.Not.Contain(_secret));
    }

    private string FileUrl(string relativePath) => new Uri(Path.Combine(_dir, relativePath)).AbsoluteUri;

    [Test]
    public async Task An_absolute_path_outside_the_roots_is_denied()
    {
        var specifier = Path.Combine(_dir, "secret.txt");

        await using var run = await ProbeAsync(specifier, "text");

        Assert.That(run.Output, Is.EqualTo(Denied(specifier)));
        AssertNoSecret(run);
    }

    [TestCase("../secret.txt")]
    [TestCase("./sub/../../secret.txt")]
    [TestCase("../root-evil/secret.txt")]
    public async Task A_relative_escape_is_denied(string specifier)
    {
        await using var run = await ProbeAsync(specifier, "text");

        Assert.That(run.Output, Is.EqualTo(Denied(specifier)));
        AssertNoSecret(run);
    }

    [Test]
    public async Task A_folder_whose_name_starts_with_the_root_is_not_inside_it()
    {
        var specifier = Path.Combine(_dir, "root-evil", "secret.txt");
        Assert.That(specifier, Does.StartWith(_root), "the sibling's path shares the root's prefix");

        await using var run = await ProbeAsync(specifier, "text");

        Assert.That(run.Output, Is.EqualTo(Denied(specifier)));
        AssertNoSecret(run);
    }

    [Test]
    public async Task A_symlinked_file_pointing_outside_is_denied()
    {
        await using var run = await ProbeAsync("./link-to-secret.txt", "text");

        Assert.That(run.Output, Is.EqualTo(Denied("./link-to-secret.txt")));
        AssertNoSecret(run);
    }

    [TestCase("./outside-link/secret.txt")]
    [TestCase("./sub-link/../outside-link/secret.txt")]
    public async Task A_symlinked_folder_pointing_outside_is_denied(string specifier)
    {
        await using var run = await ProbeAsync(specifier, "text");

        Assert.That(run.Output, Is.EqualTo(Denied(specifier)));
        AssertNoSecret(run);
    }

    [Test]
    public async Task A_link_from_one_root_folder_to_another_inside_it_is_followed()
    {
        await using var run = await RunModuleAsync(Probe + """
            await probe("./link-to-note.txt", "text");
            await probe("./sub-link/inner.mjs");
            """);

        Assert.That(run.Output, Is.EqualTo("loaded granted text\nloaded inner+sibling ok\n"), run.Error);
    }

    [Test]
    public async Task A_file_url_outside_the_roots_is_denied()
    {
        var specifier = FileUrl("secret.txt");

        await using var run = await ProbeAsync(specifier, "text");

        Assert.That(run.Output, Is.EqualTo(Denied(specifier)));
        AssertNoSecret(run);
    }

    [TestCase("root/%2e%2e/secret.txt")]
    [TestCase("root/%2E%2E/secret.txt")]
    [TestCase("root/.%2e/secret.txt")]
    [TestCase("root/%2e%2e%2fsecret.txt")]
    [TestCase("root/sub/..%2F..%2Fsecret.txt")]
    public async Task A_percent_encoded_escape_in_a_file_url_is_denied(string encodedPath)
    {
        var specifier = new Uri(_dir + "/").AbsoluteUri + encodedPath;

        await using var run = await ProbeAsync(specifier, "text");

        Assert.That(run.Output, Is.EqualTo(Denied(specifier)));
        AssertNoSecret(run);
    }

    [Test]
    public async Task A_file_url_inside_the_root_loads()
    {
        await using var run = await ProbeAsync(new Uri(Path.Combine(_root, "note.txt")).AbsoluteUri, "text");

        Assert.That(run.Output, Is.EqualTo("loaded granted text\n"), run.Error);
    }

    [TestCase(null, "secret.mjs", TestName = "A JavaScript module outside the roots is denied")]
    [TestCase("json", "secret.json", TestName = "A JSON import outside the roots is denied")]
    [TestCase("text", "secret.txt", TestName = "A text import outside the roots is denied")]
    [TestCase("bytes", "secret.txt", TestName = "A bytes import outside the roots is denied")]
    public async Task Every_import_attribute_type_goes_through_the_check(string? type, string file)
    {
        var specifier = "../" + file;

        await using var run = await ProbeAsync(specifier, type);

        Assert.That(run.Output, Is.EqualTo(Denied(specifier)));
        AssertNoSecret(run);
    }

    [Test]
    public async Task Json_text_and_bytes_imports_inside_the_root_work()
    {
        await using var run = await RunModuleAsync(Probe + """
            await probe("./data.json", "json");
            await probe("./note.txt", "text");
            await probe("./note.txt", "bytes");
            """);

        Assert.That(run.Output, Is.EqualTo("loaded {\"granted\":true}\nloaded granted text\nloaded granted text\n"), run.Error);
    }

    [Test]
    public async Task An_import_type_Jint_does_not_support_is_refused()
    {
        await using var run = await ProbeAsync("./note.txt", "css");

        Assert.That(run.Output, Is.EqualTo(
            "true TypeError: Cannot import './note.txt': the import attribute type 'css' is not supported " +
            "(use \"json\", \"text\" or \"bytes\", or no type for a JavaScript module).\n"));
    }

    [Test]
    public async Task A_module_inside_the_root_imports_its_siblings_statically_and_dynamically()
    {
        await using var run = await RunModuleAsync("""
            import sibling from "./sibling.mjs";
            import inner from "./sub/inner.mjs";
            const again = await import("./sub/inner.mjs");
            console.log(sibling, inner, again.default === inner);
            """);

        Assert.That(run.Output, Is.EqualTo("sibling ok inner+sibling ok true\n"), run.Error);
    }

    [Test]
    public async Task A_static_import_outside_the_roots_fails_the_module_and_reports_the_TypeError()
    {
        await using var run = await RunModuleAsync("""
            import secret from "../secret.txt" with { type: "text" };
            console.log(secret);
            """);

        Assert.That(run.Output, Is.Empty);
        Assert.That(run.Error, Is.EqualTo($"Uncaught TypeError: Cannot import '../secret.txt': {Outside}\n"));
        Assert.That(run.Result!.Outcome, Is.EqualTo(ScriptRunOutcome.UncaughtError));
        AssertNoSecret(run);
    }

    [Test]
    public async Task A_static_import_outside_the_roots_in_a_nested_module_rejects_its_importer()
    {
        Write("root/sub/leaky.mjs", "import s from '../../secret.mjs'; export default s;");

        await using var run = await RunModuleAsync(Probe + "await probe('./sub/leaky.mjs');");

        Assert.That(run.Output, Is.EqualTo(Denied("../../secret.mjs")));
        AssertNoSecret(run);
    }

    [Test]
    public async Task A_dynamic_import_from_a_classic_script_is_denied_and_catchable()
    {
        await using var run = await ScriptRun.RunAsync(Probe + """
            probe("../secret.txt", "text");
            probe("./note.txt", "text");
            """, options =>
        {
            options.ModuleBasePath = _root;
            options.ModuleRoots.Add(_root);
        });

        Assert.That(run.Output, Is.EqualTo(Denied("../secret.txt") + "loaded granted text\n"), run.Error);
        Assert.That(run.Result!.Succeeded, Is.True);
        AssertNoSecret(run);
    }

    [Test]
    public async Task Without_roots_a_host_grants_no_file_at_all()
    {
        await using var run = await ScriptRun.RunAsync(Probe + """
            probe("./note.txt", "text");
            probe("/etc/hostname", "text");
            """, options => options.ModuleBasePath = _root);

        Assert.That(run.Output, Is.EqualTo(Denied("./note.txt") + Denied("/etc/hostname")), run.Error);
    }

    [Test]
    public async Task The_module_the_host_names_loads_without_roots_but_its_imports_are_checked()
    {
        await using var run = await RunModuleAsync(Probe + """
            console.log("entry ran");
            await probe("./sibling.mjs");
            await probe("./main.mjs", "text");
            """, grantRoot: false);

        Assert.That(run.OutputLines, Has.Length.EqualTo(3), run.Error);
        Assert.That(run.OutputLines[0], Is.EqualTo("entry ran"));
        Assert.That(run.OutputLines[1] + "\n", Is.EqualTo(Denied("./sibling.mjs")));
        Assert.That(run.OutputLines[2], Does.StartWith("true TypeError: Cannot import ").And.EndWith(Outside));
    }

    [Test]
    public async Task A_host_named_module_outside_the_roots_cannot_import_its_neighbours()
    {
        await using var run = await RunModuleAsync(
            Probe + "console.log('outside entry ran'); await probe('./secret.txt', 'text');",
            mainPath: "outside/entry.mjs");

        Assert.That(run.Output, Is.EqualTo("outside entry ran\n" + Denied("./secret.txt")), run.Error);
        AssertNoSecret(run);
    }

    [TestCase("lodash")]
    [TestCase("node:fs")]
    [TestCase("data:text/javascript,export default 'from data'")]
    [TestCase("http://127.0.0.1:1/x.mjs")]
    public async Task Bare_specifiers_and_other_schemes_are_denied(string specifier)
    {
        await using var run = await ProbeAsync(specifier);

        Assert.That(run.Output, Does.StartWith($"true TypeError: Cannot import '{specifier}': "));
        Assert.That(run.Output, Does.Contain("ScriptHostOptions.ModuleRoots; jsws: --allow-read"));
        Assert.That(run.Output, Does.Not.Contain("loaded"));
    }

    [Test]
    public async Task A_missing_file_inside_the_root_is_named_but_outside_it_is_only_denied()
    {
        await using var run = await RunModuleAsync(Probe + """
            await probe("./missing.mjs");
            await probe("../missing.mjs");
            """);

        Assert.That(run.OutputLines[0], Is.EqualTo(
            $"true TypeError: Cannot import './missing.mjs': there is no file at '{Path.Combine(_root, "missing.mjs")}'."));
        Assert.That(run.OutputLines[1] + "\n", Is.EqualTo(Denied("../missing.mjs")));
    }

    [Test]
    public async Task A_symlink_loop_is_denied_not_thrown_at_the_host()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "loop"), "loop");

        await using var run = await ProbeAsync("./loop/x.txt", "text");

        Assert.That(run.Output, Is.EqualTo(Denied("./loop/x.txt")));
    }

    [TestCase("relative/folder", TestName = "A relative module root throws ArgumentException")]
    [TestCase("/no/such/folder/anywhere", TestName = "A module root that does not exist throws ArgumentException")]
    public void A_bad_module_root_throws_when_the_host_is_created(string root)
    {
        var options = new ScriptHostOptions { ModuleRoots = { root } };

        var error = Assert.Throws<ArgumentException>(() => _ = new ScriptHost(options));

        Assert.That(error!.Message, Does.Contain(root).And.Contain("ModuleRoots"));
    }

    [Test]
    public void A_file_as_a_module_root_throws_when_the_host_is_created()
    {
        var options = new ScriptHostOptions { ModuleRoots = { Path.Combine(_root, "note.txt") } };

        Assert.Throws<ArgumentException>(() => _ = new ScriptHost(options));
    }
}
