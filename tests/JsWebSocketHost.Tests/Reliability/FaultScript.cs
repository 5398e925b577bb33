using System.Text.Json;

namespace JsWebSocketHost.Tests.Reliability;

/// <summary>
/// The script of a fault case: one WebSocket whose handlers record each event with the <c>readyState</c> and
/// <c>bufferedAmount</c> seen inside the handler, printed one a line a little after <c>close</c> (so a late event
/// would show), then <c>took MS</c>: the time from <c>new WebSocket()</c> to <c>close</c>.
/// </summary>
/// <remarks>
/// Lines: <c>open 1 0</c>; <c>message 1 0 "text"</c> (longer text: <c>text(N)</c>, binary: <c>binary(N)</c>);
/// <c>error 3 0</c>; <c>close 3 0 1006 "reason" false</c> (code, reason, wasClean).
/// </remarks>
internal static class FaultScript
{
    public static string For(string url, string onOpen = "", string onMessage = "") => $$"""
        const events = [];
        const started = performance.now();
        const show = d => typeof d === "string" ? (d.length <= 40 ? JSON.stringify(d) : `text(${d.length})`) : `binary(${d.byteLength})`;
        const ws = new WebSocket({{JsonSerializer.Serialize(url)}});
        ws.binaryType = "arraybuffer";
        const state = () => `${ws.readyState} ${ws.bufferedAmount}`;
        ws.onopen = () => { events.push(`open ${state()}`); {{onOpen}} };
        ws.onmessage = e => { events.push(`message ${state()} ${show(e.data)}`); {{onMessage}} };
        ws.onerror = () => events.push(`error ${state()}`);
        ws.onclose = e => {
          events.push(`close ${state()} ${e.code} ${JSON.stringify(e.reason)} ${e.wasClean}`);
          const took = Math.round(performance.now() - started);
          setTimeout(() => { console.log(events.join("\n")); console.log(`took ${took}`); }, 50);
        };
        """;

    /// <summary>An open event with nothing buffered.</summary>
    public const string Open = "open 1 0";

    /// <summary>The error event of a failed connection.</summary>
    public const string Error = "error 3 0";

    /// <summary>The close event of a connection that ended without a Close frame from the server (1006).</summary>
    public const string Abnormal = "close 3 0 1006 \"\" false";

    /// <summary>A text message seen while OPEN, nothing buffered.</summary>
    public static string Message(string json) => $"message 1 0 {json}";

    /// <summary>A clean close with the server's code and reason.</summary>
    public static string Clean(int code, string reasonJson = "\"\"") => $"close 3 0 {code} {reasonJson} true";
}
