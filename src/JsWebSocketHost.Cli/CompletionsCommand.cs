using System.Text;

namespace JsWebSocketHost.Cli;

/// <summary>
/// <c>jsws completions bash|zsh|fish</c>: prints a shell completion script for the commands and each command's
/// flags (read from the commands' help, so it cannot fall behind them); files complete where a command takes them.
/// </summary>
internal static class CompletionsCommand
{
    public const string Help = """
          jsws completions bash|zsh|fish
                                       Print a completion script for the shell, e.g.
                                       jsws completions bash > /etc/bash_completion.d/jsws, or
                                       source <(jsws completions bash) in ~/.bashrc.
        """;

    private static readonly string[] Commands = ["run", "repl", "test", "serve", "completions"];

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length != 1)
        {
            return await CommandLine.UsageFailure(stderr, "'completions' needs a shell: jsws completions bash|zsh|fish").ConfigureAwait(false);
        }

        string? script = args[0] switch
        {
            "bash" => Bash(),
            "zsh" => Zsh(),
            "fish" => Fish(),
            _ => null,
        };
        if (script is null)
        {
            return await CommandLine.UsageFailure(stderr, $"'completions' knows bash, zsh and fish, not '{args[0]}'.").ConfigureAwait(false);
        }

        await stdout.WriteAsync(script).ConfigureAwait(false);
        return 0;
    }

    private static IEnumerable<(string Command, IReadOnlyList<string> Flags)> Flags() =>
        Commands.Select(static c => (c, (IReadOnlyList<string>)CommandLine.FlagsOf(c)));

    private static string Bash()
    {
        var script = new StringBuilder();
        script.Append("# jsws completions for bash: source <(jsws completions bash)\n");
        script.Append("_jsws() {\n");
        script.Append("  local cur=${COMP_WORDS[COMP_CWORD]} opts\n");
        script.Append("  if [ \"$COMP_CWORD\" -eq 1 ]; then\n");
        script.Append("    COMPREPLY=($(compgen -W \"").AppendJoin(' ', Commands).Append(" --help --version\" -- \"$cur\"))\n");
        script.Append("    return\n");
        script.Append("  fi\n");
        script.Append("  case ${COMP_WORDS[1]} in\n");
        foreach (var (command, flags) in Flags())
        {
            var words = command == "completions" ? "bash zsh fish" : string.Join(' ', flags.Append("--help"));
            script.Append("    ").Append(command).Append(") opts=\"").Append(words).Append("\" ;;\n");
        }

        script.Append("    *) return ;;\n");
        script.Append("  esac\n");
        script.Append("  if [[ $cur == -* || ${COMP_WORDS[1]} == completions ]]; then\n");
        script.Append("    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n");
        script.Append("  else\n");
        script.Append("    COMPREPLY=($(compgen -f -- \"$cur\"))\n");
        script.Append("  fi\n");
        script.Append("}\n");
        script.Append("complete -o filenames -F _jsws jsws\n");
        return script.ToString();
    }

    private static string Zsh()
    {
        var script = new StringBuilder();
        script.Append("#compdef jsws\n# jsws completions for zsh: jsws completions zsh > ~/.zfunc/_jsws (with ~/.zfunc on fpath)\n");
        script.Append("_jsws() {\n");
        script.Append("  if (( CURRENT == 2 )); then\n");
        script.Append("    compadd -- ").AppendJoin(' ', Commands).Append(" --help --version\n");
        script.Append("    return\n");
        script.Append("  fi\n");
        script.Append("  case $words[2] in\n");
        foreach (var (command, flags) in Flags())
        {
            script.Append("    ").Append(command).Append(") ");
            script.Append(command == "completions"
                ? "compadd -- bash zsh fish"
                : "compadd -- " + string.Join(' ', flags.Append("--help")) + "; _files");
            script.Append(" ;;\n");
        }

        script.Append("  esac\n");
        script.Append("}\n");
        script.Append("compdef _jsws jsws\n");
        return script.ToString();
    }

    private static string Fish()
    {
        var script = new StringBuilder();
        script.Append("# jsws completions for fish: jsws completions fish > ~/.config/fish/completions/jsws.fish\n");
        script.Append("complete -c jsws -f -n __fish_use_subcommand -a '").AppendJoin(' ', Commands).Append("'\n");
        foreach (var (command, flags) in Flags())
        {
            if (command == "completions")
            {
                script.Append("complete -c jsws -f -n '__fish_seen_subcommand_from completions' -a 'bash zsh fish'\n");
                continue;
            }

            foreach (var flag in flags.Append("--help"))
            {
                script.Append("complete -c jsws -n '__fish_seen_subcommand_from ").Append(command).Append("' -l ").Append(flag[2..]).Append('\n');
            }
        }

        return script.ToString();
    }
}
