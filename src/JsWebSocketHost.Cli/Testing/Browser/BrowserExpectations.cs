using System.Text.Json;

namespace JsWebSocketHost.Cli.Testing.Browser;

/// <summary>
/// Known differences from the browser, each with its reason: a JSON object from a test file's path (relative to the
/// expectations file, with its variant) to an object from subtest name (or <c>(harness)</c>) to why jsws and the
/// browser end it differently.
/// </summary>
internal sealed class BrowserExpectations
{
    private static readonly CliJsonContext Indented = new(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private readonly string _folder;
    private readonly Dictionary<string, Dictionary<string, string>> _reasons;

    private BrowserExpectations(string folder, Dictionary<string, Dictionary<string, string>> reasons)
    {
        _folder = folder;
        _reasons = reasons;
    }

    /// <summary>Reads <paramref name="path"/>; a missing file is an empty set (for <c>--update-expectations</c>).</summary>
    /// <exception cref="FormatException">The file is not a JSON object of objects of non-empty strings.</exception>
    public static BrowserExpectations Load(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var reasons = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return new BrowserExpectations(folder, reasons);
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
                if (file.Value.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException($"the entry '{file.Name}' is not an object of subtest name to reason");
                }

                var entries = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var subtest in file.Value.EnumerateObject())
                {
                    if (subtest.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(subtest.Value.GetString()))
                    {
                        throw new FormatException($"'{file.Name}' > '{subtest.Name}' needs a reason (a non-empty string)");
                    }

                    entries[subtest.Name] = subtest.Value.GetString()!;
                }

                reasons[file.Name] = entries;
            }
        }
        catch (JsonException ex)
        {
            throw new FormatException(ex.Message, ex);
        }

        return new BrowserExpectations(folder, reasons);
    }

    /// <summary>
    /// The comparison with each row's reason, where the file gives one; a listed subtest the run did not report at
    /// all becomes a row of its own, which no longer differs.
    /// </summary>
    public BrowserComparison Apply(BrowserComparison comparison)
    {
        if (!_reasons.TryGetValue(KeyFor(comparison.Jsws), out var reasons))
        {
            return comparison;
        }

        var rows = comparison.Rows.Select(r => reasons.TryGetValue(r.Name, out var why) ? r with { ExpectedReason = why } : r).ToList();
        var reported = rows.Select(static r => r.Name).ToHashSet(StringComparer.Ordinal);
        rows.AddRange(reasons.Where(r => !reported.Contains(r.Key)).Select(static r => new ComparedSubtest(r.Key, null, null, r.Value)));
        return comparison with { Rows = rows };
    }

    /// <summary>
    /// Writes the file again: the entries of the files in <paramref name="comparisons"/> become their differences
    /// (keeping the reasons already given), and the entries of files not run stay as they were.
    /// </summary>
    /// <returns>How many entries the run's files have.</returns>
    public int Write(string path, IEnumerable<BrowserComparison> comparisons, string browser)
    {
        var entries = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (file, reasons) in _reasons)
        {
            entries[file] = new SortedDictionary<string, string>(reasons, StringComparer.Ordinal);
        }

        var count = 0;
        foreach (var comparison in comparisons)
        {
            var key = KeyFor(comparison.Jsws);
            entries.Remove(key);
            // A repeated name is one entry: the first of its differing rows describes it.
            var differing = comparison.Rows.Where(static r => r.Differs).GroupBy(static r => r.Name, StringComparer.Ordinal)
                .ToDictionary(static g => g.Key, g => g.First().ExpectedReason ?? Describe(g.First(), browser), StringComparer.Ordinal);
            if (differing.Count > 0)
            {
                entries[key] = new SortedDictionary<string, string>(differing, StringComparer.Ordinal);
                count += differing.Count;
            }
        }

        File.WriteAllText(path, JsonSerializer.Serialize(entries, Indented.SortedDictionaryStringSortedDictionaryStringString) + "\n");
        return count;
    }

    // A new entry's reason until someone writes a better one: what was seen.
    private static string Describe(ComparedSubtest row, string browser)
    {
        var failing = row.Jsws?.Status != "PASS" ? row.Jsws : row.Browser;
        var side = ReferenceEquals(failing, row.Jsws) ? "jsws" : browser;
        var what = $"jsws {row.Jsws?.Status ?? "(not run)"}, {browser} {row.Browser?.Status ?? "(not run)"}";
        return failing?.Message is { Length: > 0 } message ? $"{what}; {side}: {message}" : what;
    }

    private string KeyFor(FileResult result) => TestExpectations.KeyFor(_folder, result);
}
