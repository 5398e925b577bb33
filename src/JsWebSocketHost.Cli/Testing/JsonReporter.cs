using System.Text.Json;

namespace JsWebSocketHost.Cli.Testing;

/// <summary>
/// One JSON document: <c>{ "files": [{ "path", "variant", "harness": { "status", "message" }, "subtests": [{ "name",
/// "status", "message", "stack" }] }], "passed", "failed", "timedOut", "harnessErrors" }</c>.
/// </summary>
internal sealed class JsonReporter(TextWriter stdout, TextWriter stderr) : ITestReporter
{
    private readonly List<FileResult> _results = [];

    public Task FileAsync(FileResult result)
    {
        _results.Add(result);
        return Task.CompletedTask;
    }

    public async Task EndAsync(TestSummary summary)
    {
        await JsonDocumentWriter.WriteAsync(stdout, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("files");
            foreach (var result in _results)
            {
                json.WriteStartObject();
                json.WriteString("path", result.Path);
                json.WriteString("variant", result.Variant);
                json.WriteStartObject("harness");
                json.WriteString("status", result.HarnessStatus);
                json.WriteString("message", result.HarnessMessage);
                json.WriteEndObject();
                json.WriteStartArray("subtests");
                foreach (var subtest in result.Subtests)
                {
                    json.WriteStartObject();
                    json.WriteString("name", subtest.Name);
                    json.WriteString("status", subtest.Status);
                    json.WriteString("message", subtest.Message);
                    json.WriteString("stack", subtest.Stack);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("passed", summary.Passed);
            json.WriteNumber("failed", summary.Failed);
            json.WriteNumber("timedOut", summary.TimedOut);
            json.WriteNumber("harnessErrors", summary.HarnessErrors);
            json.WriteEndObject();
        }).ConfigureAwait(false);
        await stderr.WriteLineAsync(summary.Line).ConfigureAwait(false);
    }
}
