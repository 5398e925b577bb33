namespace JsWebSocketHost.Benchmarks;

/// <summary>The names of the rate workloads, shared by the in-process and the process tables.</summary>
internal static class Workloads
{
    public const string PingPong = "ping-pong 32 B (rt/s)";
    public const string Pipelined = "pipelined 64 B (msg/s)";
    public const string Bulk = "bulk 1 MiB (MiB/s)";
    public const string StreamPipelined = "WebSocketStream pipelined 64 B (msg/s)";
    public const string StreamBulk = "WebSocketStream bulk 1 MiB (MiB/s)";
    public const string Churn = "churn open+close (conn/s)";
}
