using System.Text.Json;

namespace JsWebSocketHost.Cli.Testing;

/// <summary>
/// What a harness reported through the runner's glue (<c>__jsws_report</c>): each subtest as it completes, then the
/// harness's status once. The same JSON comes from a jsws host and from a browser page.
/// </summary>
internal sealed class HarnessReport
{
    private static readonly string[] TestStatuses = ["PASS", "FAIL", "TIMEOUT", "NOTRUN", "PRECONDITION_FAILED"];
    private static readonly string[] HarnessStatuses = ["OK", "ERROR", "TIMEOUT", "PRECONDITION_FAILED"];

    private readonly Lock _gate = new();
    private readonly List<SubtestResult> _subtests = [];

    /// <summary>The harness's status, once it completed: OK, ERROR, TIMEOUT or PRECONDITION_FAILED.</summary>
    public string? Status { get; private set; }

    /// <summary>The harness's message, once it completed.</summary>
    public string? Message { get; private set; }

    /// <summary>A copy of the subtests reported so far, in the order they completed.</summary>
    public IReadOnlyList<SubtestResult> Subtests
    {
        get
        {
            lock (_gate)
            {
                return [.. _subtests];
            }
        }
    }

    /// <summary>Reads one report; true when it is the first completion.</summary>
    /// <exception cref="JsonException"><paramref name="json"/> is not a report.</exception>
    public bool Add(string json)
    {
        using var report = JsonDocument.Parse(json);
        var data = report.RootElement;
        var message = data.GetProperty("message").GetString();
        lock (_gate)
        {
            if (data.GetProperty("kind").GetString() == "result")
            {
                _subtests.Add(new SubtestResult(data.GetProperty("name").GetString() ?? "", Name(TestStatuses, data.GetProperty("status")), message,
                    data.GetProperty("stack").GetString()));
                return false;
            }

            if (Status is not null)
            {
                return false;
            }

            (Status, Message) = (Name(HarnessStatuses, data.GetProperty("status")), message);
            return true;
        }
    }

    private static string Name(string[] names, JsonElement status) =>
        status.TryGetInt32(out var index) && index >= 0 && index < names.Length ? names[index] : status.ToString();
}
