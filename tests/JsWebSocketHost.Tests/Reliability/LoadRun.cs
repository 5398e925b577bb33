using System.Text.Json;
using JsWebSocketHost.Hosting;

namespace JsWebSocketHost.Tests.Reliability;

/// <summary>One run of the load client: how the host's run ended, the client's JSON summary (if it printed one) and its output.</summary>
internal sealed record LoadRun(ScriptRunResult Result, JsonElement? Summary, string Output, string Error)
{
    /// <summary>A number from one phase of the summary ("echo" or "push").</summary>
    public int Count(string phase, string name) => Summary!.Value.GetProperty(phase).GetProperty(name).GetInt32();

    /// <summary>Everything a failed assertion should show.</summary>
    public override string ToString() => $"{Result.Outcome}: {Result.Message}\n{Output}\n{Error}";
}
