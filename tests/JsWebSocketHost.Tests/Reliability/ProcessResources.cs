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

    /// <summary>The name of the runtime's background GC thread, started at the first background collection and kept.</summary>
    public const string BackgroundGcName = ".NET BGC";

    /// <summary>
    /// Threads that are not thread-pool workers, nor the background GC thread. Pool workers come and go with load
    /// (the pool adds them when work queues up and retires idle ones after a while), so they are compared
    /// separately with some slack; the runtime starts its background GC thread the first time a large allocation
    /// sets one off, and keeps it. Every other thread (the socket engine's, timers', a dedicated thread some code
    /// started) should be back to its number.
    /// </summary>
    public static int NonPoolThreads(Dictionary<string, int> threads) =>
        threads.Where(t => t.Key is not (PoolWorkerName or BackgroundGcName)).Sum(t => t.Value);

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

    /// <summary>CPU time (user and system, in clock ticks) each live thread has used, by thread id, with its name.</summary>
    public static Dictionary<int, (string Name, long Ticks)> ThreadCpuTicks()
    {
        var ticks = new Dictionary<int, (string Name, long Ticks)>();
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                // /proc/PID/task/TID/stat: "tid (comm) state ..." — utime and stime are fields 14 and 15.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var close = stat.LastIndexOf(')');
                var name = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..close];
                var fields = stat[(close + 2)..].Split(' ');
                var used = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
                ticks[int.Parse(Path.GetFileName(task), System.Globalization.CultureInfo.InvariantCulture)] = (name, used);
            }
            catch (IOException)
            {
                // the thread ended while being listed
            }
        }

        return ticks;
    }

    /// <summary>The name of the JIT's background compiler thread (tiered compilation).</summary>
    public const string TieredCompilerName = ".NET Tiered Com";

    /// <summary>
    /// CPU time this process's threads use over <paramref name="period"/>, the JIT's background compiler aside (it
    /// promotes hot methods for a while after a burst of new code, whoever ran it). Linux counts thread CPU in clock
    /// ticks of 10 ms (USER_HZ is 100).
    /// </summary>
    public static async Task<TimeSpan> QuietCpuAsync(TimeSpan period)
    {
        var before = ThreadCpuTicks();
        await Task.Delay(period);
        var used = ThreadCpuTicks()
            .Where(t => t.Value.Name != TieredCompilerName)
            .Sum(t => t.Value.Ticks - (before.TryGetValue(t.Key, out var earlier) ? earlier.Ticks : 0));
        return TimeSpan.FromMilliseconds(used * 10);
    }

    /// <summary>A one-line description of a thread snapshot, for assertion messages.</summary>
    public static string Describe(Dictionary<string, int> threads) =>
        string.Join(", ", threads.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key} x{t.Value}"));
}
