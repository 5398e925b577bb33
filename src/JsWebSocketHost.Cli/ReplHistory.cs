namespace JsWebSocketHost.Cli;

/// <summary>
/// The REPL's input history: the lines typed, oldest first, kept in a file between sessions (one line each, at most
/// <see cref="MaxEntries"/>). The file is <c>$JSWS_REPL_HISTORY</c> when that is set (empty: no file), else
/// <c>~/.jsws_repl_history</c>. Each line is appended as it is entered, so a session that is killed keeps its history.
/// </summary>
internal sealed class ReplHistory
{
    /// <summary>The most lines kept, in memory and in the file.</summary>
    public const int MaxEntries = 1000;

    private readonly List<string> _entries = [];
    private readonly string? _path;
    private bool _fileFailed;

    public ReplHistory(string? path)
    {
        _path = string.IsNullOrEmpty(path) ? null : path;
        if (_path is null)
        {
            return;
        }

        try
        {
            foreach (var line in File.ReadLines(_path))
            {
                if (line.Length > 0)
                {
                    _entries.Add(line);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return; // no history yet (or none readable): start empty
        }

        if (_entries.Count > MaxEntries)
        {
            _entries.RemoveRange(0, _entries.Count - MaxEntries);
            Save();
        }
    }

    /// <summary>Where the history is kept by default: <c>$JSWS_REPL_HISTORY</c>, else <c>~/.jsws_repl_history</c>.</summary>
    public static string? DefaultPath()
    {
        if (Environment.GetEnvironmentVariable("JSWS_REPL_HISTORY") is { } path)
        {
            return path;
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return home.Length == 0 ? null : Path.Combine(home, ".jsws_repl_history");
    }

    /// <summary>The lines, oldest first.</summary>
    public IReadOnlyList<string> Entries => _entries;

    /// <summary>Adds a line entered (not a blank one, nor the same as the last), and appends it to the file.</summary>
    public void Add(string line)
    {
        if (line.Trim().Length == 0 || line.Contains('\n', StringComparison.Ordinal) || (_entries.Count > 0 && _entries[^1] == line))
        {
            return;
        }

        _entries.Add(line);
        if (_entries.Count > MaxEntries)
        {
            _entries.RemoveAt(0);
        }

        if (_path is null || _fileFailed)
        {
            return;
        }

        try
        {
            using var file = Open(_path, FileMode.Append);
            file.Write(System.Text.Encoding.UTF8.GetBytes(line + "\n"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _fileFailed = true; // a read-only home: the history lives on for this session only
        }
    }

    // Rewrites the file with the entries kept, through a file of this process's own, so that two sessions starting at
    // once cannot tear it. (A failure leaves the longer file; appending still works.)
    private void Save()
    {
        var temporary = $"{_path}.{Environment.ProcessId}.tmp";
        try
        {
            using (var file = Open(temporary, FileMode.Create))
            {
                file.Write(System.Text.Encoding.UTF8.GetBytes(string.Concat(_entries.Select(static e => e + "\n"))));
            }

            File.Move(temporary, _path!, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
        }
    }

    // The history may hold secrets (tokens in URLs): a new file is readable by its owner only, as Node's is.
    private static FileStream Open(string path, FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.ReadWrite };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }
}
