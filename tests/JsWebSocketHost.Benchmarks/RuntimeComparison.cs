using System.Diagnostics;
using System.Globalization;

namespace JsWebSocketHost.Benchmarks;

/// <summary>
/// The same benchmark scripts run as separate processes by each JavaScript runtime (jsws, Node, Deno, Bun), against
/// one echo server, in one run: rates, start-up time and idle memory per open connection, as ratios to jsws.
/// </summary>
internal static class RuntimeComparison
{
    /// <summary>How much each workload does, and how many runs each median takes.</summary>
    public sealed record Settings(int RoundTrips, int Pipelined, int Bulk, int Churn, int IdleSockets, int LoadSockets, int LoadMessages, int Runs);

    /// <summary>
    /// Runs every workload under every runtime, prints each row as it completes, and adds the rows to
    /// <paramref name="report"/>: rates beside the in-process figures of the same run (raw C#, jsws), costs as they are.
    /// </summary>
    public static async Task RunAsync(Uri echo, IReadOnlyList<Runtime> runtimes, Settings settings, BenchReport report,
        IReadOnlyDictionary<string, (double Raw, double InProcess)> inProcess, string? loadClient)
    {
        var folder = Directory.CreateTempSubdirectory("jsws-bench-").FullName;
        report.Runtimes.AddRange(runtimes.Select(r => r.Name));
        try
        {
            Console.WriteLine();
            Console.WriteLine($"Runtimes as processes (each a median of {settings.Runs} run(s); higher is better unless marked)");
            Console.Write($"{"case",-40}");
            foreach (var runtime in runtimes)
            {
                Console.Write($"{runtime.Name,12}");
            }

            Console.WriteLine();
            await RateRow(Workloads.PingPong, r => Rate(r, folder, Scripts.PingPong(echo, settings.RoundTrips), settings.RoundTrips));
            await RateRow(Workloads.Pipelined, r => Rate(r, folder, Scripts.Pipelined(echo, settings.Pipelined), settings.Pipelined));
            await RateRow(Workloads.Bulk, r => Rate(r, folder, Scripts.Bulk(echo, settings.Bulk), settings.Bulk));
            await RateRow(Workloads.StreamPipelined, r => Rate(r, folder, Scripts.StreamPipelined(echo, settings.Pipelined), settings.Pipelined));
            await RateRow(Workloads.StreamBulk, r => Rate(r, folder, Scripts.StreamBulk(echo, settings.Bulk), settings.Bulk));
            await RateRow(Workloads.Churn, r => Rate(r, folder, Scripts.Churn(echo, settings.Churn), settings.Churn));
            report.AddCost("start-up, one line (ms)", await Row("start-up (ms, lower better)", runtimes, settings.Runs, r => StartupMilliseconds(r, folder)));
            report.AddCost("idle RSS per open socket (KB)", await Row("idle KB/conn RSS (lower)", runtimes, settings.Runs, r => IdleKilobytesPerConnection(r, folder, echo, settings.IdleSockets)));
            if (loadClient is not null)
            {
                var load = $"{settings.LoadSockets} x {settings.LoadMessages}";
                var results = new Dictionary<string, (double Wall, double Rss)?>();
                await Row($"load {load} (s, lower)", runtimes, 1, async r =>
                {
                    var result = await Load(r, folder, echo, loadClient, settings.LoadSockets, settings.LoadMessages);
                    results[r.Name] = result;
                    return result.Wall;
                });
                Console.Write($"{$"load {load} peak MB (lower)",-40}");
                foreach (var runtime in runtimes)
                {
                    Console.Write(results.GetValueOrDefault(runtime.Name) is { } r ? $"{r.Rss,12:N1}" : $"{"failed",12}");
                }

                Console.WriteLine();
                report.AddCost($"load {load}, wall (s)", results.ToDictionary(p => p.Key, p => p.Value?.Wall));
                report.AddCost($"load {load}, peak RSS (MB)", results.ToDictionary(p => p.Key, p => p.Value?.Rss));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        async Task RateRow(string workload, Func<Runtime, Task<double>> measure)
        {
            var row = await Row(workload, runtimes, settings.Runs, measure);
            if (inProcess.TryGetValue(workload, out var baseline))
            {
                report.AddRate(workload, baseline.Raw, baseline.InProcess, row);
            }
        }
    }

    private static async Task<Dictionary<string, double?>> Row(string name, IReadOnlyList<Runtime> runtimes, int runs, Func<Runtime, Task<double>> measure)
    {
        var medians = new Dictionary<string, double?>();
        Console.Write($"{name,-40}");
        foreach (var runtime in runtimes)
        {
            var samples = new List<double>();
            var unsupported = false;
            for (var i = 0; i < runs && !unsupported; i++)
            {
                try
                {
                    samples.Add(await measure(runtime));
                }
                catch (NotSupportedException)
                {
                    unsupported = true;
                }
                catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or IOException or FormatException or System.ComponentModel.Win32Exception)
                {
                    Console.Error.WriteLine($"  {runtime.Name}: {ex.Message}");
                }
            }

            samples.Sort();
            medians[runtime.Name] = samples.Count == 0 ? null : samples[samples.Count / 2];
            Console.Write(unsupported ? $"{"n/a",12}" : samples.Count == 0 ? $"{"failed",12}" : $"{samples[samples.Count / 2],12:N1}");
        }

        Console.WriteLine();
        return medians;
    }

    // The load client of scripts/load (the same file the load tests and scripts/load.sh run): echo, then push, every
    // message checked. Wall time and peak RSS come from GNU time around the whole process.
    private static async Task<(double Wall, double Rss)> Load(Runtime runtime, string folder, Uri echo, string client, int sockets, int messages)
    {
        var script = Path.Combine(folder, "load.js");
        var push = new Uri(echo, $"/messages?count={messages}&size=32");
        var prelude = string.Create(CultureInfo.InvariantCulture,
            $$"""var loadConfig = { label: "{{runtime.Name}}", echoUrl: "{{echo}}", pushUrl: "{{push}}", sockets: {{sockets}}, messages: {{messages}}, window: 100, size: 32, timeoutMs: 600000 };""");
        await File.WriteAllTextAsync(script, prelude + "\n" + await File.ReadAllTextAsync(client));
        var times = Path.Combine(folder, "load.time");
        var info = runtime.StartInfo(script);
        info.ArgumentList.Insert(0, info.FileName);
        info.ArgumentList.Insert(0, times);
        info.ArgumentList.Insert(0, "-o");
        info.ArgumentList.Insert(0, "%e %M");
        info.ArgumentList.Insert(0, "-f");
        info.FileName = "/usr/bin/time";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var summary = (await stdout).Split('\n').FirstOrDefault(l => l.StartsWith("{\"load\":\"summary\"", StringComparison.Ordinal));
        if (process.ExitCode != 0 || summary is null || !summary.Contains("\"ok\":true", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"load run not ok (exit {process.ExitCode}): {summary ?? (await stderr).Trim()}");
        }

        var fields = (await File.ReadAllTextAsync(times)).Trim().Split('\n')[^1].Split(' ');
        return (double.Parse(fields[0], CultureInfo.InvariantCulture), double.Parse(fields[1], CultureInfo.InvariantCulture) / 1024);
    }

    private static async Task<double> Rate(Runtime runtime, string folder, string script, int count)
    {
        var output = await RunScript(runtime, folder, script);
        var last = output.Trim().Split('\n')[^1];
        if (last == "unsupported")
        {
            throw new NotSupportedException($"{runtime.Name} has no API this workload needs");
        }

        var elapsed = double.Parse(last, CultureInfo.InvariantCulture);
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
