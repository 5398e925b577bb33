using JsWebSocketHost.Hosting;

namespace JsWebSocketHost.Cli;

/// <summary>
/// <c>jsws run &lt;file&gt; [--location URL] [--module] [--serve] [permission and limit flags]</c>: runs one script
/// until its event loop drains; <c>-</c> as the file reads a classic script from standard input. The flags are
/// <see cref="HostFlags"/>'s.
/// </summary>
/// <remarks>
/// Scripts may import files from the main script's folder (the current directory for <c>-</c>), as a page may load
/// from its origin; <c>--allow-read=PATH,...</c> adds folders, and <c>--allow-read</c> alone grants every file.
/// </remarks>
internal static class RunCommand
{
    /// <summary>The file name that means "read the script from standard input".</summary>
    public const string StandardInput = "-";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken, TextReader? stdin = null)
    {
        string? file = null;
        string? location = null;
        var module = false;
        var serve = false;
        var flags = new HostFlags();
        for (var i = 0; i < args.Length; i++)
        {
            if (flags.TryRead(args, ref i, out var flagError))
            {
                if (flagError is not null)
                {
                    return await Fail(stderr, flagError).ConfigureAwait(false);
                }

                continue;
            }

            switch (args[i])
            {
                case "--module":
                    module = true;
                    break;
                case "--serve":
                    serve = true;
                    break;
                case "--location":
                    if (i + 1 >= args.Length)
                    {
                        return await Fail(stderr, "--location needs a URL, e.g. --location http://127.0.0.1:8080/").ConfigureAwait(false);
                    }

                    location = args[++i];
                    break;
                case var flag when flag.StartsWith('-') && flag.Length > 1:
                    return await Fail(stderr, CommandLine.UnknownOption(flag, "run")).ConfigureAwait(false);
                default:
                    if (file is not null)
                    {
                        return await Fail(stderr, $"'run' takes one file, but got '{file}' and '{args[i]}'.").ConfigureAwait(false);
                    }

                    file = args[i];
                    break;
            }
        }

        if (file is null)
        {
            return await Fail(stderr, "'run' needs a script file: jsws run <file>").ConfigureAwait(false);
        }

        if (file == StandardInput && module)
        {
            return await Fail(stderr, "a module cannot be read from standard input; pass its file instead.").ConfigureAwait(false);
        }

        if (file != StandardInput && !File.Exists(file))
        {
            return await Fail(stderr, $"cannot find the script '{file}'.").ConfigureAwait(false);
        }

        if (serve && location is not null)
        {
            return await Fail(stderr, "--serve sets location to the test server; it cannot be combined with --location.").ConfigureAwait(false);
        }

        if (serve)
        {
            return await RunWithTestServerAsync(file, module, flags, stdout, stderr, stdin, cancellationToken).ConfigureAwait(false);
        }

        return await RunScriptAsync(file, location, module, flags, stdout, stderr, stdin, cancellationToken).ConfigureAwait(false);
    }

    // Kept apart so that a plain `run` never loads the server's (ASP.NET Core) assemblies.
    private static async Task<int> RunWithTestServerAsync(string file, bool module, HostFlags flags, TextWriter stdout, TextWriter stderr, TextReader? stdin, CancellationToken cancellationToken)
    {
        var server = await TestServer.WebSocketTestServer.StartAsync(ct: cancellationToken).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            // The test server is the script's own origin: reachable even under --untrusted or an --allow-net list.
            flags.AllowOwnOrigin($"{server.BaseUrl.Host}:{server.BaseUrl.Port}");
            return await RunScriptAsync(file, server.BaseUrl.ToString(), module, flags, stdout, stderr, stdin, cancellationToken).ConfigureAwait(false);
        }
    }

    // Parsed as the host parses (ScriptHost keeps function source text, for Function.prototype.toString).
    private static readonly Jint.ScriptPreparationOptions RetainingSource = new()
    {
        ParsingOptions = Jint.ScriptParsingOptions.Default with { RetainFunctionSourceText = true },
    };

    private static async Task<int> RunScriptAsync(string file, string? location, bool module, HostFlags flags, TextWriter stdout, TextWriter stderr, TextReader? stdin, CancellationToken cancellationToken)
    {
        var fromStdin = file == StandardInput;
        var fullPath = Path.GetFullPath(fromStdin ? "stdin.js" : file);
        var name = fromStdin ? "stdin" : file;
        var isModule = module || fullPath.EndsWith(".mjs", StringComparison.OrdinalIgnoreCase);

        // Read and parse a classic script on another core while the engine is being built (saves ~10 ms cold).
        var prepare = isModule ? null : Task.Run(async () =>
        {
            var source = fromStdin
                ? await (stdin ?? Console.In).ReadToEndAsync(cancellationToken).ConfigureAwait(false)
                : await File.ReadAllTextAsync(fullPath, cancellationToken).ConfigureAwait(false);
            try
            {
                return (source, (Jint.Prepared<Acornima.Ast.Script>?)Jint.Engine.PrepareScript(source, name, options: RetainingSource));
            }
            catch (Jint.ScriptPreparationException)
            {
                return (source, null); // the host parses it again and reports the syntax error as usual
            }
        }, cancellationToken);
        var options = flags.CreateOptions(stderr);
        options.StandardOutput = stdout;
        options.StandardError = stderr;
        options.BaseUrl = location;
        options.ModuleBasePath = Path.GetDirectoryName(fullPath);
        options.ModuleRoots.Insert(0, Path.GetDirectoryName(fullPath)!);

        ScriptHost host;
        try
        {
            host = new ScriptHost(options);
        }
        catch (ArgumentException) when (location is not null && !Url.UrlParser.CanParse(location))
        {
            return await Fail(stderr, $"--location '{location}' is not an absolute URL.").ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            return await Fail(stderr, e.Message).ConfigureAwait(false); // a granted folder went away meanwhile
        }

        await using var _ = host;
        if (prepare is null)
        {
            host.EnqueueModule(fullPath);
        }
        else
        {
            var (source, prepared) = await prepare.ConfigureAwait(false);
            if (prepared is { } script)
            {
                host.EnqueueScript(script);
            }
            else
            {
                host.EnqueueScript(source, name);
            }
        }

        try
        {
            var result = await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return await CommandLine.ExitCodeForAsync(result, stderr).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("jsws: interrupted").ConfigureAwait(false);
            return CommandLine.Interrupted;
        }
    }

    private static async Task<int> Fail(TextWriter stderr, string message)
    {
        await stderr.WriteLineAsync("jsws: " + message).ConfigureAwait(false);
        return CommandLine.UsageError;
    }
}
