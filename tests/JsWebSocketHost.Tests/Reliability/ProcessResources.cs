namespace JsWebSocketHost.Tests.Reliability;

/// <summary>
/// What this test process holds, read from <c>/proc/self</c> and the GC: open file descriptors, threads by name and
/// the managed heap after a full collection. Reliability tests compare a snapshot before and after a run.
/// </summary>
internal static class ProcessResources
{
    /// <summary>The name Linux shows for a .NET thread-pool worker (<c>/proc/self/task/*/comm</c>).</summary>
    public const string PoolWorkerName = ".NET TP Worker";

    /// <summary>Open file descriptors of this process (sockets included), as <c>/proc/self/fd</c> lists them.</summary>
    public static int OpenFileDescriptors() => Directory.GetFileSystemEntries("/proc/self/fd").Length;

    /// <summary>Live threads of this process, counted by the name the kernel shows (<c>/proc/self/task/*/comm</c>).</summary>
    public static Dictionary<string, int> ThreadsByName()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            string name;
            try
            {
                name = File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
            }
            catch (IOException)
            {
                continue; // the thread ended while being listed
            }

            counts[name] = counts.GetValueOrDefault(name) + 1;
        }

        return counts;
    }

    /// <summary>
    /// Threads that are not thread-pool workers. Pool workers come and go with load (the pool adds them when work
    /// queues up and retires idle ones after a while), so they are compared separately with some slack; every other
    /// thread (the socket engine's, timers', a dedicated thread some code started) should be back to its number.
    /// </summary>
    public static int NonPoolThreads(Dictionary<string, int> threads) =>
        threads.Where(t => t.Key != PoolWorkerName).Sum(t => t.Value);

    /// <summary>The managed heap after full, compacting collections with finalizers run in between.</summary>
    public static long SettledManagedMemory()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Polls <paramref name="read"/> until it is at most <paramref name="bound"/> or <paramref name="within"/> passes; returns the last reading.</summary>
    public static async Task<int> SettleAtMostAsync(Func<int> read, int bound, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        var value = read();
        while (value > bound && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            value = read();
        }

        return value;
    }

    /// <summary>A one-line description of a thread snapshot, for assertion messages.</summary>
    public static string Describe(Dictionary<string, int> threads) =>
        string.Join(", ", threads.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key} x{t.Value}"));
}
