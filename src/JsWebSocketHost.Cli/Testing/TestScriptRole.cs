namespace JsWebSocketHost.Cli.Testing;

/// <summary>What a <see cref="TestScript"/> is to the runner.</summary>
internal enum TestScriptRole
{
    /// <summary>testharness.js, built-in or upstream.</summary>
    Harness,

    /// <summary>The runner's glue: the result and completion callbacks.</summary>
    Glue,

    /// <summary>A <c>// META: script=</c> file.</summary>
    Meta,

    /// <summary>The test file itself.</summary>
    Test,

    /// <summary>The load signal after the test file.</summary>
    Load,
}
