using System.Text.Json;

namespace JsWebSocketHost.Cli.Testing;

/// <summary>
/// Known failures, as Deno's and undici's WPT runners keep them: a JSON object from a test file's path (relative to
/// the expectations file, with its variant) to the names of its subtests expected not to pass; the name
/// <c>(harness)</c> stands for a harness error.
/// </summary>
internal sealed class TestExpectations
{
    /// <summary>The entry that stands for a harness that does not end OK.</summary>
    public const string Harness = "(harness)";

    private static readonly CliJsonContext Indented = new(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private readonly string _folder;
    private readonly Dictionary<string, HashSet<string>> _expected;

    private TestExpectations(string folder, Dictionary<string, HashSet<string>> expected)
    {
        _folder = folder;
        _expected = expected;
    }

    /// <summary>Reads <paramref name="path"/>; a missing file is an empty set (for <c>--update-expectations</c>).</summary>
    /// <exception cref="FormatException">The file is not a JSON object of string arrays.</exception>
    public static TestExpectations Load(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var expected = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return new TestExpectations(folder, expected);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("it is not a JSON object");
            }

            foreach (var file in document.RootElement.EnumerateObject())
            {
                if (file.Value.ValueKind != JsonValueKind.Array)
                {
                    throw new FormatException($"the entry '{file.Name}' is not an array of subtest names");
                }

                expected[file.Name] = new HashSet<string>(file.Value.EnumerateArray().Select(static v => v.GetString() ?? ""), StringComparer.Ordinal);
            }
        }
        catch (JsonException ex)
        {
            throw new FormatException(ex.Message, ex);
        }

        return new TestExpectations(folder, expected);
    }

    /// <summary>The key of a run: the file's path relative to the expectations file, then its variant.</summary>
    public string KeyFor(FileResult result) => KeyFor(_folder, result);

    /// <summary>The key of a run in an expectations file in <paramref name="folder"/>.</summary>
    public static string KeyFor(string folder, FileResult result) =>
        Path.GetRelativePath(folder, Path.GetFullPath(result.Path)).Replace('\\', '/') + result.Variant;

    /// <summary>The result with each subtest (and the harness) marked when it is a known failure.</summary>
    public FileResult Apply(FileResult result)
    {
        if (!_expected.TryGetValue(KeyFor(result), out var names))
        {
            return result;
        }

        var subtests = result.Subtests.Select(s => names.Contains(s.Name) ? s with { ExpectedToFail = true } : s).ToList();
        return result with { Subtests = subtests, HarnessErrorExpected = names.Contains(Harness) };
    }

    /// <summary>
    /// Writes the file again: the entries of the files in <paramref name="results"/> become their known failures, and
    /// the entries of files not run (another folder, or left out by --filter) stay as they were.
    /// </summary>
    /// <returns>How many entries the run's files have.</returns>
    public int Write(string path, IEnumerable<FileResult> results)
    {
        var entries = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (file, names) in _expected)
        {
            entries[file] = new SortedSet<string>(names, StringComparer.Ordinal);
        }

        var count = 0;
        foreach (var result in results)
        {
            var failing = result.Subtests.Where(static s => s.Status != "PASS").Select(static s => s.Name).ToList();
            if (result.HarnessStatus is not ("OK" or "NOT_APPLICABLE"))
            {
                failing.Add(Harness);
            }

            var key = KeyFor(result);
            entries.Remove(key);
            if (failing.Count > 0)
            {
                var set = new SortedSet<string>(failing, StringComparer.Ordinal);
                entries[key] = set;
                count += set.Count;
            }
        }

        File.WriteAllText(path, JsonSerializer.Serialize(entries, Indented.SortedDictionaryStringSortedSetString) + "\n");
        return count;
    }
}
