using JsWebSocketHost.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace JsWebSocketHost.Tests;

/// <summary>Runs scripts through a real <see cref="ScriptHost"/> and captures what they print.</summary>
internal sealed class ScriptRun : IAsyncDisposable
{
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();

    public ScriptRun(FakeTimeProvider? clock = null, Action<ScriptHostOptions>? configure = null)
    {
        Clock = clock;
        var options = new ScriptHostOptions
        {
            StandardOutput = _stdout,
            StandardError = _stderr,
        };
        if (clock is not null)
        {
            options.TimeProvider = clock;
        }

        configure?.Invoke(options);
        Host = new ScriptHost(options);
    }

    public ScriptHost Host { get; }

    public FakeTimeProvider? Clock { get; }

    public ScriptRunResult? Result { get; set; }

    public string Output => _stdout.ToString().ReplaceLineEndings("\n");

    public string Error => _stderr.ToString().ReplaceLineEndings("\n");

    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Runs <paramref name="source"/> as a classic script until the loop is idle (at most 30 s).</summary>
    public static async Task<ScriptRun> RunAsync(string source, Action<ScriptHostOptions>? configure = null)
    {
        var run = new ScriptRun(configure: configure);
        run.Host.EnqueueScript(source, "test.js");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        run.Result = await run.Host.RunAsync(timeout.Token);
        return run;
    }

    /// <summary>Runs the module file <paramref name="path"/> as the host-named entry until the loop is idle (at most 30 s).</summary>
    public static async Task<ScriptRun> RunModuleAsync(string path, Action<ScriptHostOptions>? configure = null)
    {
        var run = new ScriptRun(configure: configure);
        run.Host.EnqueueModule(path);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        run.Result = await run.Host.RunAsync(timeout.Token);
        return run;
    }

    /// <summary>
    /// Runs <paramref name="source"/> on a fake clock: whenever the loop has nothing ready, the clock moves on by
    /// <paramref name="step"/>, until the loop drains or <paramref name="maxSteps"/> steps have passed.
    /// </summary>
    public static async Task<ScriptRun> RunOnFakeClockAsync(string source, TimeSpan step, int maxSteps = 10_000)
    {
        var run = new ScriptRun(new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(50)));
        run.Host.EnqueueScript(source, "test.js");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var loop = run.Host.RunAsync(timeout.Token);
        for (var i = 0; i < maxSteps && !loop.IsCompleted; i++)
        {
            while (!run.Host.Loop.IsWaiting && !loop.IsCompleted)
            {
                await Task.Delay(1);
            }

            if (!loop.IsCompleted)
            {
                run.Clock!.Advance(step);
            }
        }

        run.Result = await loop;
        return run;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await _stdout.DisposeAsync();
        await _stderr.DisposeAsync();
    }
}
