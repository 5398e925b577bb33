using System.Diagnostics;
using System.Globalization;

namespace JsWebSocketHost.Benchmarks;

/// <summary>
/// The same benchmark scripts run as separate processes by each JavaScript runtime (jsws, Node, Deno, Bun), against
/// one echo server, in one run: rates, start-up time and idle memory per open connection, as ratios to jsws.
/// </summary>
internal static class RuntimeComparison
{
    public static async Task RunAsync(Uri echo, IReadOnlyList<Runtime> runtimes, int roundTrips, int pipelined, int bulk, int churn, int idleSockets)
    {
        var folder = Directory.CreateTempSubdirectory("jsws-bench-").FullName;
        try
        {
            Console.WriteLine();
            Console.WriteLine("Runtimes as processes (each a median of 3 runs; higher is better unless marked)");
            Console.Write($"{"case",-30}");
            foreach (var runtime in runtimes)
            {
                Console.Write($"{runtime.Name,12}");
            }

            Console.WriteLine();
            await Row("ping-pong 32 B (rt/s)", runtimes, r => Rate(r, folder, Scripts.PingPong(echo, roundTrips), roundTrips));
            await Row("pipelined 64 B (msg/s)", runtimes, r => Rate(r, folder, Scripts.Pipelined(echo, pipelined), pipelined));
            await Row("bulk 1 MiB (MiB/s)", runtimes, r => Rate(r, folder, Scripts.Bulk(echo, bulk), bulk));
            await Row("churn (conn/s)", runtimes, r => Rate(r, folder, Scripts.Churn(echo, churn), churn));
            await Row("start-up (ms, lower better)", runtimes, r => StartupMilliseconds(r, folder));
            await Row("idle KB/conn RSS (lower)", runtimes, r => IdleKilobytesPerConnection(r, folder, echo, idleSockets));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task Row(string name, IReadOnlyList<Runtime> runtimes, Func<Runtime, Task<double>> measure)
    {
        Console.Write($"{name,-30}");
        foreach (var runtime in runtimes)
        {
            var samples = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                try
                {
                    samples.Add(await measure(runtime));
                }
                catch (InvalidOperationException ex)
                {
                    Console.Error.WriteLine($"  {runtime.Name}: {ex.Message}");
                }
            }

            samples.Sort();
            Console.Write(samples.Count == 0 ? $"{"failed",12}" : $"{samples[samples.Count / 2],12:N1}");
        }

        Console.WriteLine();
    }

    private static async Task<double> Rate(Runtime runtime, string folder, string script, int count)
    {
        var output = await RunScript(runtime, folder, script);
        var elapsed = double.Parse(output.Trim().Split('\n')[^1], CultureInfo.InvariantCulture);
        return count / (elapsed / 1000);
    }

    private static async Task<double> StartupMilliseconds(Runtime runtime, string folder)
    {
        var watch = Stopwatch.StartNew();
        await RunScript(runtime, folder, "console.log('ready');");
        return watch.Elapsed.TotalMilliseconds;
    }

    // RSS of a process holding N idle open sockets, minus one holding none, per socket.
    private static async Task<double> IdleKilobytesPerConnection(Runtime runtime, string folder, Uri echo, int count)
    {
        var with = await IdleRss(runtime, folder, echo, count);
        var without = await IdleRss(runtime, folder, echo, 0);
        return (with - without) / (double)count;
    }

    private static async Task<long> IdleRss(Runtime runtime, string folder, Uri echo, int count)
    {
        var path = Path.Combine(folder, "idle.js");
        await File.WriteAllTextAsync(path, Scripts.Idle(echo, count));
        using var process = Process.Start(runtime.StartInfo(path)) ?? throw new InvalidOperationException("could not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException("ended before its sockets were open: " + await process.StandardError.ReadToEndAsync(timeout.Token));
            if (line.Contains("all open", StringComparison.Ordinal))
            {
                break;
            }
        }

        await Task.Delay(500, timeout.Token);
        var rss = ReadRssKilobytes(process.Id);
        await process.WaitForExitAsync(timeout.Token);
        return rss;
    }

    private static long ReadRssKilobytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("no VmRSS for " + pid);
    }

    private static async Task<string> RunScript(Runtime runtime, string folder, string script)
    {
        var path = Path.Combine(folder, "bench.js");
        await File.WriteAllTextAsync(path, script);
        using var process = Process.Start(runtime.StartInfo(path)) ?? throw new InvalidOperationException("could not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"exit code {process.ExitCode}: {(await stderr).Trim()}");
        }

        return await stdout;
    }

    /// <summary>A JavaScript runtime: how to run a script file with it.</summary>
    public sealed record Runtime(string Name, string FileName, string[] ArgumentsBeforeScript)
    {
        public ProcessStartInfo StartInfo(string script)
        {
            var info = new ProcessStartInfo(FileName)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in ArgumentsBeforeScript)
            {
                info.ArgumentList.Add(argument);
            }

            info.ArgumentList.Add(script);
            return info;
        }
    }
}
