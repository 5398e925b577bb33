namespace JsWebSocketHost.Tests.Reliability;

/// <summary>
/// Collects <see cref="TaskScheduler.UnobservedTaskException"/> reports while it lives. Garbage from before is
/// collected first, so what it reports was left by the code under test; <see cref="Collect"/> forces the finalizers
/// that raise the event.
/// </summary>
internal sealed class UnobservedTaskExceptions : IDisposable
{
    private readonly List<Exception> _seen = [];

    public UnobservedTaskExceptions()
    {
        ForceFinalizers();
        TaskScheduler.UnobservedTaskException += OnUnobserved;
    }

    /// <summary>Runs the finalizers of every unreachable task, then returns what was reported so far.</summary>
    public IReadOnlyList<Exception> Collect()
    {
        ForceFinalizers();
        lock (_seen)
        {
            return [.. _seen];
        }
    }

    public void Dispose() => TaskScheduler.UnobservedTaskException -= OnUnobserved;

    private static void ForceFinalizers()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    private void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
    {
        lock (_seen)
        {
            _seen.Add(e.Exception);
        }
    }
}
