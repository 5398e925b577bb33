using System.Diagnostics;
using System.Text.Json;
using JsWebSocketHost.Cli;

namespace JsWebSocketHost.Tests.Cli;

/// <summary>
/// <c>jsws run</c> grants imports the main script's folder (the current directory for <c>-</c>);
/// <c>--allow-read=PATH,...</c> adds folders and <c>--allow-read</c> alone grants every file.
/// </summary>
[TestFixture]
public sealed class AllowReadTests
{
    private const string Denial =
        "it is outside the folders this host grants to scripts (ScriptHostOptions.ModuleRoots; jsws: --allow-read).";

    private string _dir = null!;
    private string _app = null!;
    private string _shared = null!;
    private string _other = null!;
    private string _secret = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "jsws-allow-read-" + Guid.NewGuid().ToString("N"));
        _app = Path.Combine(_dir, "app");
        _shared = Path.Combine(_dir, "shared");
        _other = Path.Combine(_dir, "other");
        _secret = "SECRET-" + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(_app);
        Directory.CreateDirectory(_shared);
        Directory.CreateDirectory(_other);
        File.WriteAllText(Path.Combine(_app, "data.txt"), "app data");
        File.WriteAllText(Path.Combine(_shared, "lib.txt"), "shared data");
        File.WriteAllText(Path.Combine(_other, "more.txt"), "other data");
        File.WriteAllText(Path.Combine(_dir, "secret.txt"), _secret);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    /// <summary>A script (classic or module) that imports each specifier as text, in order, and logs the outcome.</summary>
    private static string ProbeScript(params string[] specifiers) => $$"""
        (async () => {
          for (const specifier of {{JsonSerializer.Serialize(specifiers)}}) {
            try {
              const m = await import(specifier, { with: { type: "text" } });
              console.log("loaded " + m.default);
            } catch (e) {
              console.log(`${e instanceof TypeError} ${e.name}: ${e.message}`);
            }
          }
        })();
        """;

    private static string Denied(string specifier) => $"true TypeError: Cannot import '{specifier}': {Denial}";

    private string WriteMain(string name, string source)
    {
        var path = Path.Combine(_app, name);
        File.WriteAllText(path, source);
        return path;
    }

    private static async Task<(int Code, string Out, string Err)> Jsws(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var code = await CommandLine.RunAsync(args, stdout, stderr, timeout.Token);
        return (code, stdout.ToString().ReplaceLineEndings("\n"), stderr.ToString().ReplaceLineEndings("\n"));
    }

    [TestCase("main.mjs", TestName = "By default a module may import from its own folder and nothing else")]
    [TestCase("main.js", TestName = "By default a classic script may import from its own folder and nothing else")]
    public async Task By_default_run_grants_the_script_folder_only(string name)
    {
        var main = WriteMain(name, ProbeScript("./data.txt", "../shared/lib.txt", "../secret.txt"));

        var (code, output, error) = await Jsws("run", main);

        Assert.That(code, Is.Zero, error);
        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "loaded app data",
            Denied("../shared/lib.txt"),
            Denied("../secret.txt"),
        }));
        Assert.That(output + error, Does.Not.Contain(_secret));
    }

    [Test]
    public async Task Allow_read_with_paths_adds_those_folders_and_no_others()
    {
        var main = WriteMain("main.mjs", ProbeScript("./data.txt", "../shared/lib.txt", "../other/more.txt", "../secret.txt"));

        var (code, output, error) = await Jsws("run", $"--allow-read={_shared},{_other}", main);

        Assert.That(code, Is.Zero, error);
        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "loaded app data",
            "loaded shared data",
            "loaded other data",
            Denied("../secret.txt"),
        }));
        Assert.That(output + error, Does.Not.Contain(_secret));
    }

    [Test]
    public async Task Allow_read_alone_grants_every_file()
    {
        var secretPath = Path.Combine(_dir, "secret.txt");
        var main = WriteMain("main.mjs", ProbeScript(secretPath, "../shared/lib.txt"));

        var (code, output, error) = await Jsws("run", main, "--allow-read");

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Is.EqualTo($"loaded {_secret}\nloaded shared data\n"));
    }

    [Test]
    public async Task A_path_that_does_not_exist_exits_2_with_one_line()
    {
        var main = WriteMain("main.mjs", "console.log('never');");
        var missing = Path.Combine(_dir, "no-such-folder");

        var (code, output, error) = await Jsws("run", main, $"--allow-read={_shared},{missing}");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(error, Is.EqualTo($"jsws: --allow-read: '{missing}' does not exist\n"));
    }

    [Test]
    public async Task A_file_or_an_empty_value_for_allow_read_exits_2_with_one_line()
    {
        var main = WriteMain("main.mjs", "console.log('never');");
        var file = Path.Combine(_shared, "lib.txt");

        var asFile = await Jsws("run", main, $"--allow-read={file}");
        var empty = await Jsws("run", main, "--allow-read=");

        Assert.That(asFile.Code, Is.EqualTo(2));
        Assert.That(asFile.Err, Is.EqualTo($"jsws: --allow-read: '{file}' is a file; grant its folder instead\n"));
        Assert.That(empty.Code, Is.EqualTo(2));
        Assert.That(empty.Err, Does.StartWith("jsws: --allow-read= needs a folder"));
        Assert.That(empty.Err.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(asFile.Out + empty.Out, Is.Empty);
    }

    [Test]
    public async Task Help_describes_allow_read()
    {
        var (code, output, _) = await Jsws("--help");

        Assert.That(code, Is.Zero);
        Assert.That(output, Does.Contain("--allow-read[=PATH,...]"));
        Assert.That(output, Does.Contain("(without a value: every file)"));
    }

    /// <summary>As a process, in <c>app/</c>: stdin's script gets the current directory, and relative paths resolve there.</summary>
    [Test]
    public async Task A_script_from_standard_input_gets_the_current_directory_and_relative_allow_read_paths()
    {
        var start = JswsProcess.StartInfo("run", "-", "--allow-read=../shared");
        start.WorkingDirectory = _app;
        start.RedirectStandardInput = true;

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(ProbeScript("./data.txt", "../shared/lib.txt", "../other/more.txt", "../secret.txt"));
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        Assert.That(process.ExitCode, Is.Zero, await error);
        Assert.That((await output).ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "loaded app data",
            "loaded shared data",
            Denied("../other/more.txt"),
            Denied("../secret.txt"),
        }));
        Assert.That(await output + await error, Does.Not.Contain(_secret));
    }
}
