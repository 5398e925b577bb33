using System.Text;
using Jint;
using Jint.Runtime;
using Jint.Runtime.Modules;
using JsWebSocketHost.Url;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// The only way scripts reach the file system: a Jint module loader that loads a file only when, with <c>..</c> and
/// every symbolic link on its path resolved, it lies inside one of the folders the host grants
/// (<see cref="ScriptHostOptions.ModuleRoots"/>).
/// </summary>
/// <remarks>
/// <para>A specifier resolves as HTML's "resolve a module specifier" does without import maps
/// (https://html.spec.whatwg.org/multipage/webappapis.html#resolve-a-module-specifier): one that starts with
/// <c>/</c>, <c>./</c> or <c>../</c> is a URL relative to the importing module, or to the base folder for a classic
/// script and for the host; anything else must be an absolute URL. Only <c>file:</c> URLs name files; every other
/// scheme and every bare specifier is refused.</para>
/// <para>Every kind of import Jint 4.18 builds goes through the same check: JavaScript modules and the
/// <c>with { type: "json" }</c>, <c>"text"</c> and <c>"bytes"</c> imports. Another <c>type</c> is refused (Jint
/// would parse the file as JavaScript).</para>
/// <para>A refusal is a TypeError that names the rule and the specifier and nothing of the file: a static import
/// fails its module graph with it, and a dynamic <c>import()</c> rejects with it. Outside the roots, a file that is
/// missing is refused in the same words as one that exists.</para>
/// <para>The one exception is the module the host names itself (<see cref="ImportEntry"/>); what it imports is
/// checked. Jint asks the loader once per importer and specifier and remembers the answer; files are read from the
/// canonical path that was checked. A link changed between the check and the read is not detected.</para>
/// </remarks>
internal sealed class GrantedRootsModuleLoader : ModuleLoader, IModuleLoader
{
    // As the host's engine parses (Options.RetainFunctionSourceText), for Function.prototype.toString; Jint 4.18's
    // ModuleLoader.LoadModule parses a JavaScript module with ModuleParsingOptions.Default whatever the engine's options.
    private static readonly ModuleParsingOptions SourceTextOptions = ModuleParsingOptions.Default with { RetainFunctionSourceText = true };

    private const string GrantRule =
        "the folders this host grants to scripts (ScriptHostOptions.ModuleRoots; jsws: --allow-read)";

    private readonly string[] _roots;
    private readonly UrlRecord _baseUrl;
    private readonly Func<Engine> _engine;

    /// <summary>Canonical paths of the files that passed the check: what may be read, and which importers are modules.</summary>
    private readonly HashSet<string> _granted = new(RealPath.Comparison == StringComparison.Ordinal ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);

    private readonly long _maxFileBytes;

    /// <summary>The canonical path of the module the host is importing right now, if any.</summary>
    private string? _hostEntry;

    /// <param name="basePath">The folder that classic scripts' and the host's relative specifiers resolve against.</param>
    /// <param name="roots">The granted folders, canonical (<see cref="RealPath.Of"/>).</param>
    /// <param name="engine">The engine the TypeErrors belong to.</param>
    /// <param name="maxFileBytes">The largest file that may be imported; 0 for no bound.</param>
    public GrantedRootsModuleLoader(string basePath, IEnumerable<string> roots, Func<Engine> engine, long maxFileBytes = 0)
    {
        _maxFileBytes = maxFileBytes;
        _roots = [.. roots];
        _baseUrl = UrlParser.Parse(FileUrlOf(basePath, folder: true))
            ?? throw new ArgumentException($"The module base path '{basePath}' cannot be made a file URL.", nameof(basePath));
        _engine = engine;
    }

    /// <summary>
    /// Starts the import of the module the host named: that one file is loaded wherever it is; everything it
    /// imports, statically or dynamically, is checked against the roots.
    /// </summary>
    /// <param name="fullPath">The module's absolute path.</param>
    public ModuleImportOperation ImportEntry(string fullPath)
    {
        _hostEntry = RealPath.Of(fullPath);
        try
        {
            return _engine().Modules.StartImport(FileUrlOf(fullPath, folder: false));
        }
        finally
        {
            _hostEntry = null;
        }
    }

    /// <inheritdoc />
    public override ResolvedSpecifier Resolve(string? referencingModuleLocation, ModuleRequest moduleRequest)
    {
        var specifier = moduleRequest.Specifier;
        if (TypeOf(moduleRequest) is { } type && type is not ("json" or "text" or "bytes"))
        {
            throw Refuse(specifier, $"the import attribute type '{type}' is not supported (use \"json\", \"text\" or \"bytes\", or no type for a JavaScript module)");
        }

        // HTML's "resolve a URL-like module specifier": paths resolve against the importer, the rest must be URLs.
        var url = specifier.StartsWith('/') || specifier.StartsWith("./", StringComparison.Ordinal) || specifier.StartsWith("../", StringComparison.Ordinal)
            ? UrlParser.Parse(specifier, BaseUrlFor(referencingModuleLocation))
            : UrlParser.Parse(specifier);
        if (url is null)
        {
            throw Refuse(specifier, $"a bare specifier names no file; import a path (starting with '/', './' or '../') or a file: URL inside {GrantRule}");
        }

        if (url.Scheme != "file")
        {
            throw Refuse(specifier, $"only files can be imported, not {url.Scheme}: URLs, and only inside {GrantRule}");
        }

        if (LocalPathOf(url) is not { } path)
        {
            throw Refuse(specifier, "the URL names no file on this machine");
        }

        string canonical;
        try
        {
            canonical = RealPath.Of(path);
        }
        catch (IOException)
        {
            throw Refuse(specifier, "it is outside " + GrantRule); // a link loop: where it leads is unknown
        }

        var isHostEntry = referencingModuleLocation is null && _hostEntry is not null
            && string.Equals(canonical, _hostEntry, RealPath.Comparison);
        if (!isHostEntry && !IsGranted(canonical))
        {
            throw Refuse(specifier, "it is outside " + GrantRule);
        }

        if (isHostEntry)
        {
            _hostEntry = null; // one import, once
        }

        if (!File.Exists(canonical))
        {
            throw Refuse(specifier, $"there is no file at '{canonical}'");
        }

        // Only regular files: a FIFO or a device could block the loop for ever or never end.
        if (!RegularFile.Is(canonical))
        {
            throw Refuse(specifier, "it is not a regular file (a pipe, a socket or a device cannot be imported)");
        }

        if (_maxFileBytes > 0 && new FileInfo(canonical).Length > _maxFileBytes)
        {
            throw Refuse(specifier, $"it is larger than {_maxFileBytes} bytes, the most a task may allocate (MaxAllocatedBytesPerTask)");
        }

        _granted.Add(canonical);
        return new ResolvedSpecifier(moduleRequest, canonical, null, SpecifierType.RelativeOrAbsolute);
    }

    /// <summary>Builds a JavaScript module with its functions' source text kept; any other kind as the base does.</summary>
    Module IModuleLoader.LoadModule(Engine engine, ResolvedSpecifier resolved)
    {
        var request = resolved.ModuleRequest;
        if (request.IsJsonModule() || request.IsTextModule() || request.IsBytesModule())
        {
            return LoadModule(engine, resolved);
        }

        string text;
        try
        {
            text = LoadModuleContents(engine, resolved);
        }
        catch (Exception e) when (e is not NotSupportedException)
        {
            return LoadModule(engine, resolved); // fails the same way again, and the base reports it as every failed load
        }

        return ModuleFactory.BuildSourceTextModule(engine, resolved, text, SourceTextOptions);
    }

    /// <inheritdoc />
    protected override string LoadModuleContents(Engine engine, ResolvedSpecifier resolved) =>
        File.ReadAllText(CheckedPath(resolved));

    /// <inheritdoc />
    protected override byte[] LoadModuleContentsAsBytes(Engine engine, ResolvedSpecifier resolved) =>
        File.ReadAllBytes(CheckedPath(resolved));

    private string CheckedPath(ResolvedSpecifier resolved) =>
        _granted.Contains(resolved.Key)
            ? resolved.Key
            : throw new InvalidOperationException($"'{resolved.Key}' was not resolved by this loader.");

    private bool IsGranted(string canonical)
    {
        foreach (var root in _roots)
        {
            if (RealPath.IsUnder(canonical, root))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A module resolves against its own file; a classic script (or the host) against the base folder.</summary>
    private UrlRecord BaseUrlFor(string? referencingModuleLocation) =>
        referencingModuleLocation is not null && _granted.Contains(referencingModuleLocation)
            ? UrlParser.Parse(FileUrlOf(referencingModuleLocation, folder: false)) ?? _baseUrl
            : _baseUrl;

    private JavaScriptException Refuse(string specifier, string reason) =>
        ScriptErrors.TypeError(_engine(), $"Cannot import '{specifier}': {reason}.");

    private static string? TypeOf(ModuleRequest request)
    {
        foreach (var attribute in request.Attributes ?? [])
        {
            if (attribute.Key == "type")
            {
                return attribute.Value;
            }
        }

        return null;
    }

    /// <summary>The file path a <c>file:</c> URL names, percent-decoded; null for another machine's file or a NUL.</summary>
    private static string? LocalPathOf(UrlRecord url)
    {
        if (!string.IsNullOrEmpty(url.Host))
        {
            return null; // file://server/share
        }

        var names = new List<string>(url.PathSegments.Count);
        foreach (var segment in url.PathSegments)
        {
            var name = PercentEncoding.PercentDecodeToString(segment);
            if (name.Contains('\0', StringComparison.Ordinal))
            {
                return null;
            }

            names.Add(name);
        }

        if (OperatingSystem.IsWindows())
        {
            // file:///C:/x is C:\x; a URL without a drive letter names no Windows file.
            return names.Count > 0 && names[0] is [_, ':'] drive && char.IsAsciiLetter(drive[0])
                ? drive + "\\" + string.Join('\\', names.Skip(1))
                : null;
        }

        return "/" + string.Join('/', names);
    }

    /// <summary>The <c>file:</c> URL of absolute <paramref name="path"/>, each name percent-encoded.</summary>
    private static string FileUrlOf(string path, bool folder)
    {
        var root = Path.GetPathRoot(path) ?? "/";
        var url = new StringBuilder("file:///");
        if (root.Length > 1)
        {
            url.Append(root.TrimEnd('\\', '/').Replace('\\', '/')); // a Windows drive, C:
            url.Append('/');
        }

        var names = path[root.Length..].Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        url.AppendJoin('/', names.Select(PercentEncoding.EncodeComponent));
        if (folder && names.Length > 0)
        {
            url.Append('/');
        }

        return url.ToString();
    }
}
