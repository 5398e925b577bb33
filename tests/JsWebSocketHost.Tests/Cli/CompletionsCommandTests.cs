using System.Diagnostics;
using JsWebSocketHost.Cli;

namespace JsWebSocketHost.Tests.Cli;

/// <summary>
/// <c>jsws completions bash|zsh|fish</c>: each script is loaded into its real shell and asked for completions (bash's
/// function called, fish's <c>complete -C</c>, Tab typed into zsh in a tmux pane); the zsh and fish scripts list every
/// command and each command's flags as its help has them.
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

    [TestCase("jsws ", "run")]
    [TestCase("jsws run --untr", "--untrusted")]
    [TestCase("jsws test --brow", "--browser-path")]
    [TestCase("jsws completions ", "zsh")]
    public async Task Fish_completes_commands_and_flags_from_the_script(string line, string expected)
    {
        if (!Installed("fish"))
        {
            Assert.Ignore("fish is not installed (apt-get install fish; scripts/test.sh installs it as root)");
        }

        var (code, script, error) = await Jsws("completions", "fish");
        Assert.That(code, Is.Zero, error);
        var file = Path.Combine(Path.GetTempPath(), "jsws-completion-" + Guid.NewGuid().ToString("N") + ".fish");
        await File.WriteAllTextAsync(file, script);
        try
        {
            var (exit, output, stderr) = await Shell("fish", "--no-config", "-c", $"source '{file}'; complete -C '{line}'");

            Assert.That(exit, Is.Zero, stderr);
            var offered = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(static l => l.Split('\t')[0]).ToArray();
            Assert.That(offered, Does.Contain(expected), output);
            Assert.That(stderr, Is.Empty);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task Zsh_completes_a_flag_when_Tab_is_pressed_in_a_real_zsh()
    {
        if (!Installed("zsh") || !Installed("tmux") || !OperatingSystem.IsLinux())
        {
            Assert.Ignore("zsh and tmux are needed (apt-get install zsh tmux; scripts/test.sh installs them as root)");
            return;
        }

        var (code, script, error) = await Jsws("completions", "zsh");
        Assert.That(code, Is.Zero, error);
        var folder = Path.Combine(Path.GetTempPath(), "jsws-zsh-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var session = Path.GetFileName(folder);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "jsws.zsh"), script);

            // A zsh with no user files: compinit, the script, and a jsws on the PATH for compdef to complete.
            await File.WriteAllTextAsync(Path.Combine(folder, ".zshrc"), $"autoload -U compinit && compinit -u -D\nsource '{folder}/jsws.zsh'\nPS1='zsh> '\n");
            await File.WriteAllTextAsync(Path.Combine(folder, "jsws"), "#!/bin/sh\n");
            File.SetUnixFileMode(Path.Combine(folder, "jsws"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var start = $"cd '{folder}' && PATH='{folder}':$PATH ZDOTDIR='{folder}' exec zsh -i";
            Assert.That((await Shell("tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "20", start)).Code, Is.Zero);
            await Until(session, "zsh>");
            await Shell("tmux", "send-keys", "-t", session, "jsws run --untr", "Tab");
            await Until(session, "zsh> jsws run --untrusted");
            await Shell("tmux", "send-keys", "-t", session, "C-u", "jsws se", "Tab");
            await Until(session, "zsh> jsws serve");
        }
        finally
        {
            await Shell("tmux", "kill-session", "-t", session);
            Directory.Delete(folder, recursive: true);
        }
    }

    private static bool Installed(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, program)));

    private static async Task<(int Code, string Out, string Err)> Shell(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    // Waits (up to 20 s) until the tmux pane shows text.
    private static async Task Until(string session, string text)
    {
        var screen = "";
        for (var i = 0; i < 200; i++)
        {
            screen = (await Shell("tmux", "capture-pane", "-p", "-t", session)).Out;
            if (screen.Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"the terminal never showed '{text}'; it shows:\n{screen}");
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
