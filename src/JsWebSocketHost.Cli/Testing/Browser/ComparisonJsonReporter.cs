using System.Text.Json;

namespace JsWebSocketHost.Cli.Testing.Browser;

/// <summary>
/// One JSON document: <c>{ "browser", "files": [{ "path", "variant", "rows": [{ "name", "jsws": { "status",
/// "message" }, "browser": { … }, "differs", "expected" }] }], "compared", "same", "differ", "expectedDifferences",
/// "noLongerDiffer", "jswsUnexpected" }</c>; a side that did not report a row has null there.
/// </summary>
internal sealed class ComparisonJsonReporter(TextWriter stdout, TextWriter stderr) : IComparisonReporter
{
    private readonly List<BrowserComparison> _comparisons = [];

    public Task FileAsync(BrowserComparison comparison)
    {
        _comparisons.Add(comparison);
        return Task.CompletedTask;
    }

    public async Task EndAsync(ComparisonSummary summary)
    {
        await JsonDocumentWriter.WriteAsync(stdout, json =>
        {
            json.WriteStartObject();
            json.WriteString("browser", summary.BrowserName);
            json.WriteStartArray("files");
            foreach (var comparison in _comparisons)
            {
                json.WriteStartObject();
                json.WriteString("path", comparison.Jsws.Path);
                json.WriteString("variant", comparison.Jsws.Variant);
                json.WriteStartArray("rows");
                foreach (var row in comparison.Rows)
                {
                    json.WriteStartObject();
                    json.WriteString("name", row.Name);
                    Side(json, "jsws", row.Jsws);
                    Side(json, "browser", row.Browser);
                    json.WriteBoolean("differs", row.Differs);
                    json.WriteString("expected", row.ExpectedReason);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("compared", summary.Compared);
            json.WriteNumber("same", summary.Same);
            json.WriteNumber("differ", summary.Differ);
            json.WriteNumber("expectedDifferences", summary.ExpectedDifferences);
            json.WriteNumber("noLongerDiffer", summary.NoLongerDiffer);
            json.WriteNumber("jswsUnexpected", summary.JswsUnexpected);
            json.WriteEndObject();
        }).ConfigureAwait(false);
        await stderr.WriteLineAsync(summary.Line).ConfigureAwait(false);
    }

    private static void Side(Utf8JsonWriter json, string name, SubtestResult? result)
    {
        if (result is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteString("status", result.Status);
        json.WriteString("message", result.Message);
        json.WriteEndObject();
    }
}
