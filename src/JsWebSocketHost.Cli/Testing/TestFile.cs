namespace JsWebSocketHost.Cli.Testing;

/// <summary>
/// A test file and what its <c>// META:</c> lines ask for (web-platform-tests' convention): extra scripts, a long
/// timeout, a title, the globals it is meant for and its variants.
/// </summary>
internal sealed class TestFile
{
    private TestFile(string path, IReadOnlyList<string> scripts, bool longTimeout, string? title, IReadOnlyList<string> globals, IReadOnlyList<string> variants)
    {
        Path = path;
        Scripts = scripts;
        LongTimeout = longTimeout;
        Title = title;
        Globals = globals;
        Variants = variants;
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary><c>// META: script=</c> values, in order, as written.</summary>
    public IReadOnlyList<string> Scripts { get; }

    /// <summary><c>// META: timeout=long</c>.</summary>
    public bool LongTimeout { get; }

    /// <summary><c>// META: title=</c>.</summary>
    public string? Title { get; }

    /// <summary><c>// META: global=</c> values (comma-separated in the file); empty means the default (window and workers).</summary>
    public IReadOnlyList<string> Globals { get; }

    /// <summary><c>// META: variant=</c> values (each a query string such as <c>?1-10</c>).</summary>
    public IReadOnlyList<string> Variants { get; }

    /// <summary>
    /// Whether the file is meant for the window-like global jsws runs: no <c>global=</c> line (a <c>.any.js</c>
    /// file's default includes the window), or one that names <c>window</c> or <c>jsshell</c>.
    /// </summary>
    public bool RunsInWindowScope => Globals.Count == 0 || Globals.Any(static g => g is "window" or "jsshell");

    /// <summary>Reads the <c>// META:</c> lines at the top of <paramref name="path"/>.</summary>
    public static TestFile Read(string path, string source)
    {
        var scripts = new List<string>();
        var globals = new List<string>();
        var variants = new List<string>();
        var longTimeout = false;
        string? title = null;
        foreach (var rawLine in source.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (!line.StartsWith("//", StringComparison.Ordinal))
            {
                break; // META lines come first
            }

            var text = line[2..].TrimStart();
            if (!text.StartsWith("META:", StringComparison.Ordinal))
            {
                continue;
            }

            var meta = text["META:".Length..].Trim();
            var eq = meta.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var (key, value) = (meta[..eq].Trim(), meta[(eq + 1)..].Trim());
            switch (key)
            {
                case "script":
                    scripts.Add(value);
                    break;
                case "timeout":
                    longTimeout |= value == "long";
                    break;
                case "title":
                    title = value;
                    break;
                case "global":
                    globals.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "variant":
                    variants.Add(value);
                    break;
            }
        }

        return new TestFile(path, scripts, longTimeout, title, globals, variants);
    }
}
