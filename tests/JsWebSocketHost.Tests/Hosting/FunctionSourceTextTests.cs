using JsWebSocketHost.Cli;

namespace JsWebSocketHost.Tests.Hosting;

/// <summary>
/// <c>Function.prototype.toString</c> gives a script's own functions their source text, as ECMAScript
/// (https://tc39.es/ecma262/#sec-function.prototype.tostring) and browsers do; built-ins stay <c>[native code]</c>.
/// testharness.js builds names and messages from it (<c>format_value</c>).
/// </summary>
[TestFixture]
public sealed class FunctionSourceTextTests
{
    private const string Probe = """
        function add(a, b) { return a + b; }
        console.log(String(add));
        console.log(String((x) => x * 2));
        console.log(String(class Point { constructor(x) { this.x = x; } }));
        console.log(String({ m() { return 1; } }.m));
        console.log(String(new Function("a", "return a")).replace(/\n/g, "|"));
        console.log(String(Math.max));
        console.log(String(add.bind(null)));
        """;

    private static readonly string[] Expected =
    [
        "function add(a, b) { return a + b; }",
        "(x) => x * 2",
        "class Point { constructor(x) { this.x = x; } }",
        "m() { return 1; }",
        "function anonymous(a|) {|return a|}",
        "function max() { [native code] }",
        "function () { [native code] }",
    ];

    [Test]
    public async Task A_classic_script_s_functions_give_their_source_text()
    {
        await using var run = await ScriptRun.RunAsync(Probe);

        Assert.That(run.OutputLines, Is.EqualTo(Expected), run.Error);
    }

    [Test]
    public async Task So_do_a_module_s_and_those_of_a_script_jsws_run_parses_ahead_of_the_host()
    {
        var dir = Path.Combine(Path.GetTempPath(), "jsws-source-text-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            foreach (var name in new[] { "probe.js", "probe.mjs" })
            {
                var path = Path.Combine(dir, name);
                await File.WriteAllTextAsync(path, Probe);
                using var stdout = new StringWriter();
                using var stderr = new StringWriter();

                var code = await CommandLine.RunAsync(["run", path], stdout, stderr, CancellationToken.None);

                Assert.That(code, Is.EqualTo(0), stderr.ToString());
                Assert.That(stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(Expected), name);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
