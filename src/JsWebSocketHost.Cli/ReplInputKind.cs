namespace JsWebSocketHost.Cli;

/// <summary>What a REPL makes of the text typed so far.</summary>
internal enum ReplInputKind
{
    /// <summary>A whole script: evaluate it.</summary>
    Complete,

    /// <summary>The text ends inside a statement (an open brace, string template, call…): read another line.</summary>
    Incomplete,

    /// <summary>A syntax error before the end of the text.</summary>
    Invalid,
}
