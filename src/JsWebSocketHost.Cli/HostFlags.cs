using System.Globalization;
using JsWebSocketHost.Hosting;
using JsWebSocketHost.WebSockets;

namespace JsWebSocketHost.Cli;

/// <summary>
/// The permission and limit flags of <c>jsws run</c>, in Deno's style: <c>--untrusted</c>, <c>--allow-net</c>,
/// <c>--deny-net</c>, <c>--allow-read</c>, <c>--max-message-size</c>, <c>--max-memory</c>, <c>--timeout</c> and
/// <c>--header</c>. Parsed into plain values, then applied to a <see cref="ScriptHostOptions"/> preset.
/// </summary>
internal sealed class HostFlags
{
    /// <summary>The help text for these flags (shared by every command that takes them).</summary>
    public const string Help = """
          --untrusted                  Run under the untrusted preset: no eval, no loopback/private/link-local
                                       addresses, small message/buffer/socket limits, bounded time and memory.
          --allow-net[=HOST[:PORT],...]
                                       Without a value: every host (also lifts --untrusted's address denial).
                                       With hosts: only those (127.0.0.1:8080 does not allow localhost:8080);
                                       an entry is honoured even under --untrusted. *.example.com allowed.
          --deny-net=HOST[:PORT],...   Never these hosts (an address also stops names that resolve to it);
                                       wins over --allow-net.
          --allow-read[=PATH,...]      Folders scripts may import files from, besides the script's own
                                       (without a value: every file).
          --max-message-size=BYTES     Largest incoming message (e.g. 1048576, 512KiB, 16MB); larger fails the
                                       connection with Close 1009.
          --max-memory=SIZE            Most memory one task may allocate (e.g. 256MB), Jint's allocation budget.
          --timeout=SECONDS            Stop the run after this long (exit code 3).
          --header "Name: value"       Send this header with every WebSocket handshake (repeatable).
          --log=LEVEL                  Write the host's log to standard error: trace, debug, info, warn, error
                                       (connections, failures with their cause, policy denials, limits).
        """;

    private readonly List<string> _allowRead = [];
    private readonly List<string> _allowNet = [];
    private readonly List<string> _denyNet = [];
    private readonly List<KeyValuePair<string, string>> _headers = [];
    private bool _untrusted;
    private bool _allowNetGiven;
    private bool _allowAllNet;
    private long? _maxMessageSize;
    private long? _maxMemory;
    private TimeSpan? _timeout;
    private Microsoft.Extensions.Logging.LogLevel? _logLevel;

    /// <summary>Folders granted by <c>--allow-read</c>, as full paths.</summary>
    public IReadOnlyList<string> AllowRead => _allowRead;

    /// <summary>
    /// Reads the flag at <paramref name="i"/> if it is one of these (moving <paramref name="i"/> past a separate
    /// value). Returns false when the argument is not one of these flags; <paramref name="error"/> is set when it is,
    /// but its value is bad.
    /// </summary>
    public bool TryRead(string[] args, ref int i, out string? error)
    {
        error = null;
        var arg = args[i];
        var (name, value) = arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
        switch (name)
        {
            case "--untrusted" when value is null:
                _untrusted = true;
                return true;
            case "--allow-net":
                _allowNetGiven = true;
                if (value is null)
                {
                    _allowAllNet = true;
                    return true;
                }

                error = ReadHostList(name, value, _allowNet);
                return true;
            case "--deny-net":
                error = value is null ? "--deny-net needs hosts, e.g. --deny-net=example.com,10.0.0.1:8080" : ReadHostList(name, value, _denyNet);
                return true;
            case "--allow-read":
                error = ReadFolders(value);
                return true;
            case "--log":
                if (value is null || !StandardErrorLoggerFactory.TryParseLevel(value, out var level))
                {
                    error = $"--log: '{value}' is not a level: trace, debug, info, warn, error, critical or none";
                    return true;
                }

                _logLevel = level;
                return true;
            case "--max-message-size" or "--max-memory" or "--timeout" or "--header":
                value ??= i + 1 < args.Length ? args[++i] : null;
                error = value is null ? $"{name} needs a value. Run 'jsws --help' for usage." : ReadValue(name, value);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Lets scripts reach <paramref name="hostAndPort"/> (the test server that <c>--serve</c> started, their own
    /// origin) even where the flags would deny it: under <c>--untrusted</c> without <c>--allow-net</c> it becomes the
    /// only host allowed; with an <c>--allow-net</c> list it joins the list. <c>--deny-net</c> still wins.
    /// </summary>
    public void AllowOwnOrigin(string hostAndPort)
    {
        if (_allowAllNet)
        {
            return;
        }

        if (_allowNetGiven || _untrusted)
        {
            _allowNetGiven = true;
            _allowNet.Add(hostAndPort);
        }
    }

    /// <summary>The host's options: the preset the flags chose, with every flag applied.</summary>
    /// <param name="stderr">Where <c>--log</c> writes.</param>
    public ScriptHostOptions CreateOptions(TextWriter stderr)
    {
        var options = _untrusted ? ScriptHostOptions.ForUntrustedScripts() : ScriptHostOptions.ForTrustedScripts();
        if (_logLevel is { } level and not Microsoft.Extensions.Logging.LogLevel.None)
        {
            options.LoggerFactory = new StandardErrorLoggerFactory(stderr, level);
        }

        foreach (var folder in _allowRead)
        {
            options.ModuleRoots.Add(folder);
        }

        var network = options.WebSockets.Network;
        if (_allowAllNet)
        {
            network.DenyNonPublicAddresses = false;
        }
        else if (_allowNetGiven)
        {
            foreach (var host in _allowNet)
            {
                network.AllowedHosts.Add(host);
            }
        }

        foreach (var host in _denyNet)
        {
            network.DeniedHosts.Add(host);
        }

        if (_maxMessageSize is { } maxMessageSize)
        {
            options.WebSockets.MaxMessageSize = maxMessageSize;
        }

        if (_maxMemory is { } maxMemory)
        {
            options.Limits.MaxAllocatedBytesPerTask = maxMemory;
        }

        if (_timeout is { } timeout)
        {
            options.Limits.RunTimeout = timeout;
        }

        foreach (var (headerName, headerValue) in _headers)
        {
            options.WebSockets.Headers[headerName] = headerValue;
        }

        return options;
    }

    private static string? ReadHostList(string flag, string value, List<string> into)
    {
        foreach (var entry in value.Split(','))
        {
            if (!NetworkPolicy.TryParseHostEntry(entry, out _, out _))
            {
                return $"{flag}: '{entry}' is not HOST[:PORT] (a name, *.name, an IPv4 address or an [IPv6] address, and a port from 0 to 65535)";
            }

            into.Add(entry);
        }

        return null;
    }

    private string? ReadFolders(string? value)
    {
        if (value is null)
        {
            // Every file: the root of each file system.
            _allowRead.AddRange(OperatingSystem.IsWindows()
                ? DriveInfo.GetDrives().Where(static d => d.IsReady).Select(static d => d.RootDirectory.FullName)
                : ["/"]);
            return null;
        }

        foreach (var folder in value.Split(','))
        {
            if (folder.Length == 0)
            {
                return "--allow-read= needs a folder, e.g. --allow-read=./data (--allow-read alone grants every file)";
            }

            if (!Directory.Exists(folder))
            {
                return File.Exists(folder)
                    ? $"--allow-read: '{folder}' is a file; grant its folder instead"
                    : $"--allow-read: '{folder}' does not exist";
            }

            _allowRead.Add(Path.GetFullPath(folder));
        }

        return null;
    }

    private string? ReadValue(string flag, string value)
    {
        switch (flag)
        {
            case "--max-message-size":
                if (!TryParseSize(value, out var size) || size is < 1 or > int.MaxValue)
                {
                    return $"--max-message-size: '{value}' is not a size from 1 byte to 2GiB (e.g. 1048576, 512KiB, 16MB)";
                }

                _maxMessageSize = size;
                return null;
            case "--max-memory":
                if (!TryParseSize(value, out var memory) || memory < 1)
                {
                    return $"--max-memory: '{value}' is not a size (e.g. 256MB, 1GiB)";
                }

                _maxMemory = memory;
                return null;
            case "--timeout":
                if (!double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
                    || seconds <= 0 || seconds > int.MaxValue / 1000.0)
                {
                    return $"--timeout: '{value}' is not a number of seconds greater than 0 (e.g. 30, 2.5)";
                }

                _timeout = TimeSpan.FromSeconds(seconds);
                return null;
            default: // --header
                var colon = value.IndexOf(':', StringComparison.Ordinal);
                var headerName = colon > 0 ? value[..colon].Trim() : "";
                var headerValue = colon > 0 ? value[(colon + 1)..].Trim(' ', '\t') : "";
                if (headerName.Length == 0)
                {
                    return $"--header: '{value}' is not \"Name: value\"";
                }

                if (HandshakeHeaders.Check(headerName, headerValue) is { } problem)
                {
                    return $"--header: '{headerName}' cannot be sent: {problem}";
                }

                _headers.Add(new(headerName, headerValue));
                return null;
        }
    }

    /// <summary>Parses a byte count with an optional unit: B, KB/MB/GB (powers of 1000) or KiB/MiB/GiB (of 1024).</summary>
    internal static bool TryParseSize(string text, out long bytes)
    {
        bytes = 0;
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        if (digits == 0 || !long.TryParse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        long? multiplier = text[digits..].Trim().ToUpperInvariant() switch
        {
            "" or "B" => 1,
            "K" or "KB" => 1000,
            "KIB" => 1024,
            "M" or "MB" => 1000 * 1000,
            "MIB" => 1024 * 1024,
            "G" or "GB" => 1000 * 1000 * 1000,
            "GIB" => 1024 * 1024 * 1024,
            _ => null,
        };
        if (multiplier is not { } m || number > long.MaxValue / m)
        {
            return false;
        }

        bytes = number * m;
        return true;
    }
}
