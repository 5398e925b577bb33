namespace JsWebSocketHost.Hosting;

/// <summary>Module loading: the one path from script to the file system, limited to the granted folders.</summary>
public sealed partial class ScriptHost
{
    private GrantedRootsModuleLoader? _moduleLoader;

    /// <summary>
    /// Validates and snapshots <see cref="ScriptHostOptions.ModuleRoots"/> and makes the loader the engine is given.
    /// </summary>
    /// <exception cref="ArgumentException">A root is empty, not absolute, or not an existing folder.</exception>
    private GrantedRootsModuleLoader CreateModuleLoader(string paramName)
    {
        var roots = new List<string>(_options.ModuleRoots.Count);
        foreach (var root in _options.ModuleRoots)
        {
            if (string.IsNullOrEmpty(root) || !Path.IsPathFullyQualified(root))
            {
                throw new ArgumentException($"The module root '{root}' is not an absolute path (ScriptHostOptions.ModuleRoots).", paramName);
            }

            var canonical = RealPath.Of(root);
            if (!Directory.Exists(canonical))
            {
                throw new ArgumentException($"The module root '{root}' does not exist or is not a folder (ScriptHostOptions.ModuleRoots).", paramName);
            }

            roots.Add(canonical);
        }

        var basePath = Path.GetFullPath(_options.ModuleBasePath ?? Directory.GetCurrentDirectory());
        _moduleLoader = new GrantedRootsModuleLoader(basePath, roots, () => _engine, _options.Limits.MaxAllocatedBytesPerTask);
        return _moduleLoader;
    }

    /// <summary>Starts the import of the module the host named in <see cref="EnqueueModule"/>.</summary>
    private Jint.Runtime.Modules.ModuleImportOperation StartEntryImport(string fullPath) =>
        _moduleLoader!.ImportEntry(fullPath);
}
