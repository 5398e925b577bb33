using System.Diagnostics;
using JsWebSocketHost.Cli;

namespace JsWebSocketHost.Tests.Cli;

/// <summary>
/// <c>jsws completions bash|zsh|fish</c>: the bash script is loaded into a real bash and asked for completions; the
/// zsh and fish scripts list every command and each command's flags as its help has them.
/// </summary>
[TestFixture]
public sealed class CompletionsCommandTests
{
    private static async Task<(int Code, string Out, string Err)> Jsws(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CommandLine.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [TestCase("1", "", "run repl test serve completions --help --version")]
    [TestCase("1", "re", "repl")]
    [TestCase("2", "--untr", "--untrusted", "run")]
    [TestCase("2", "--max-m", "--max-message-size --max-memory", "run")]
    [TestCase("2", "--brow", "--browser --browser-path --browser-expectations", "test")]
    [TestCase("2", "--p", "--port", "serve")]
    [TestCase("2", "f", "fish", "completions")]
    public async Task Bash_completes_commands_and_each_commands_flags(string index, string current, string expected, string? command = null)
    {
        var (code, script, error) = await Jsws("completions", "bash");
        Assert.That(code, Is.Zero, error);
        var file = Path.Combine(Path.GetTempPath(), "jsws-completion-" + Guid.NewGuid().ToString("N") + ".bash");
        await File.WriteAllTextAsync(file, script);
        try
        {
            var words = command is null ? $"jsws {current}" : $"jsws {command} {current}";
            var probe = $"source '{file}'; COMP_WORDS=({words}); [ -z '{current}' ] && COMP_WORDS+=(''); COMP_CWORD={index}; _jsws; echo \"${{COMPREPLY[*]}}\"";
            using var bash = Process.Start(new ProcessStartInfo("bash", ["-c", probe]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = await bash.StandardOutput.ReadToEndAsync();
            await bash.WaitForExitAsync();

            Assert.That(bash.ExitCode, Is.Zero, await bash.StandardError.ReadToEndAsync());
            Assert.That(output.Trim(), Is.EqualTo(expected));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [TestCase("zsh", "compdef _jsws jsws", "    serve) compadd -- --port --help; _files ;;")]
    [TestCase("fish", "complete -c jsws -f -n __fish_use_subcommand -a 'run repl test serve completions'", "complete -c jsws -n '__fish_seen_subcommand_from run' -l untrusted")]
    public async Task Zsh_and_fish_scripts_name_the_commands_and_their_flags(string shell, string commands, string flag)
    {
        var (code, script, error) = await Jsws("completions", shell);

        Assert.That(code, Is.Zero, error);
        Assert.That(script, Does.Contain(commands));
        Assert.That(script, Does.Contain(flag));
        foreach (var option in CommandLine.FlagsOf("test"))
        {
            Assert.That(script, Does.Contain(shell == "fish" ? " -l " + option[2..] : option), option);
        }
    }

    [TestCase(new string[0], "'completions' needs a shell: jsws completions bash|zsh|fish")]
    [TestCase(new[] { "powershell" }, "'completions' knows bash, zsh and fish, not 'powershell'.")]
    public async Task A_missing_or_unknown_shell_is_a_usage_error(string[] args, string message)
    {
        var (code, _, error) = await Jsws(["completions", .. args]);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Is.EqualTo("jsws: " + message + "\n"));
    }
}
