namespace JsWebSocketHost.Hosting;

/// <summary>
/// POSIX <c>realpath</c> for the module loader: an absolute path with every symbolic link on it resolved (each
/// folder on the way, not only the last name) and no <c>.</c> or <c>..</c> left.
/// </summary>
/// <remarks>
/// <c>..</c> is taken after the link before it is followed, as the operating system does (<c>link/..</c> is the
/// parent of the link's target). Where a name on the path does not exist, the rest is kept as written, with
/// <c>..</c> removing the name before it; the next name that does exist is examined again, so a missing name cannot
/// hide a link that comes after it.
/// </remarks>
internal static class RealPath
{
    /// <summary>The most links followed for one path, as Linux's <c>ELOOP</c> limit.</summary>
    private const int MaxLinks = 40;

    private static readonly char[] Separators = [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar];

    /// <summary>Whether paths compare without case on this platform's usual file system.</summary>
    internal static StringComparison Comparison { get; } =
        OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>The canonical form of <paramref name="path"/> (made absolute against the current directory).</summary>
    /// <exception cref="IOException">The path has more than 40 links on it (a loop).</exception>
    public static string Of(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!Path.IsPathFullyQualified(path))
        {
            path = Path.Join(Directory.GetCurrentDirectory(), path);
        }

        var root = RootOf(path);
        var pending = new Stack<string>();
        PushNames(pending, path[root.Length..]);
        var names = new List<string>();
        var links = 0;
        while (pending.TryPop(out var name))
        {
            if (name is "." or "")
            {
                continue;
            }

            if (name == "..")
            {
                if (names.Count > 0)
                {
                    names.RemoveAt(names.Count - 1);
                }

                continue;
            }

            names.Add(name);
            if (LinkTargetOf(Join(root, names)) is not { } target)
            {
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException($"Too many levels of symbolic links in '{path}'.");
            }

            // The link's own name is replaced by its target: a relative target continues from the link's folder.
            names.RemoveAt(names.Count - 1);
            if (Path.IsPathRooted(target))
            {
                root = RootOf(target);
                names.Clear();
                target = target[root.Length..];
            }

            PushNames(pending, target);
        }

        return Join(root, names);
    }

    /// <summary>Whether canonical <paramref name="path"/> is <paramref name="folder"/> or lies under it.</summary>
    /// <remarks>By whole names: <c>/tmp/root-evil</c> is not under <c>/tmp/root</c>.</remarks>
    public static bool IsUnder(string path, string folder)
    {
        if (!path.StartsWith(folder, Comparison))
        {
            return false;
        }

        return path.Length == folder.Length
            || Path.EndsInDirectorySeparator(folder)
            || path[folder.Length] == Path.DirectorySeparatorChar;
    }

    private static string? LinkTargetOf(string path)
    {
        try
        {
            var info = new FileInfo(path);
            var attributes = info.Attributes; // lstat; -1 when the name does not exist
            return (int)attributes != -1 && attributes.HasFlag(FileAttributes.ReparsePoint) ? info.LinkTarget : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // unreadable: nothing can be opened through it either
        }
    }

    private static string RootOf(string path) =>
        Path.GetPathRoot(path) is { Length: > 0 } root ? root : Path.DirectorySeparatorChar.ToString();

    private static void PushNames(Stack<string> pending, string relative)
    {
        var names = relative.Split(Separators);
        for (var i = names.Length - 1; i >= 0; i--)
        {
            pending.Push(names[i]);
        }
    }

    private static string Join(string root, List<string> names)
    {
        var separator = Path.DirectorySeparatorChar.ToString();
        return Path.EndsInDirectorySeparator(root)
            ? root + string.Join(separator, names)
            : names.Count == 0 ? root : root + separator + string.Join(separator, names);
    }
}
