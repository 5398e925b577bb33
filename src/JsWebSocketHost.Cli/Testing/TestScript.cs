namespace JsWebSocketHost.Cli.Testing;

/// <summary>One classic script of a test run, in the order it runs.</summary>
/// <param name="Name">The name stack traces give it (a META script as written, the test file's display path).</param>
/// <param name="Source">Its text.</param>
/// <param name="FilePath">The file it was read from, or null for the runner's own scripts.</param>
/// <param name="Role">What it is to the runner.</param>
internal sealed record TestScript(string Name, string Source, string? FilePath, TestScriptRole Role);
