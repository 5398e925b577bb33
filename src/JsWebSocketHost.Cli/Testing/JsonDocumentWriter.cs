using System.Text.Json;

namespace JsWebSocketHost.Cli.Testing;

/// <summary>Writes one indented JSON document, built by a callback, as a line of text.</summary>
internal static class JsonDocumentWriter
{
    public static async Task WriteAsync(TextWriter output, Action<Utf8JsonWriter> build)
    {
        var stream = new MemoryStream();
        await using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            build(json);
        }

        await output.WriteLineAsync(System.Text.Encoding.UTF8.GetString(stream.ToArray())).ConfigureAwait(false);
    }
}
