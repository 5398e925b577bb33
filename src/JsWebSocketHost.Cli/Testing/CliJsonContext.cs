using System.Text.Json.Serialization;

namespace JsWebSocketHost.Cli.Testing;

/// <summary>
/// The types the CLI serializes with <see cref="System.Text.Json.JsonSerializer"/>, generated at compile time so that
/// no reflection is needed (a NativeAOT jsws has none to spare).
/// </summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(SortedDictionary<string, SortedSet<string>>))]
[JsonSerializable(typeof(SortedDictionary<string, SortedDictionary<string, string>>))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
