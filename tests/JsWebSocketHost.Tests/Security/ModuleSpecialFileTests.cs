using System.Diagnostics;
using JsWebSocketHost.Hosting;

namespace JsWebSocketHost.Tests.Security;

/// <summary>
/// Files inside a granted folder that are not regular files (a FIFO, a link to a device) or are too large: importing
/// one is refused with a TypeError at once, never a loop blocked on open() or a read that never ends.
/// </summary>
[TestFixture]
[Platform(Include = "Linux,MacOsX")]
public sealed class ModuleSpecialFileTests
{
    private string _root = null!;

    [SetUp]
    public void MakeRoot()
    {
        _root = Path.Combine(Path.GetTempPath(), "jsws-special-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
    }

    [TearDown]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    private async Task<(ScriptRunResult Result, string Output, TimeSpan Elapsed)> Import(string specifier, Action<ScriptHostOptions>? configure = null)
    {
        var stdout = new StringWriter();
        var options = new ScriptHostOptions { StandardOutput = stdout, StandardError = new StringWriter(), ModuleBasePath = _root, ModuleRoots = { _root } };
        configure?.Invoke(options);
        await using var host = new ScriptHost(options);
        host.EnqueueScript($$"""
            import('{{specifier}}', { with: { type: 'text' } }).then(
              m => console.log('read ' + m.default.length),
              e => console.log(e.name + ': ' + e.message));
            """);
        var clock = Stopwatch.StartNew();
        var result = await host.RunAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        return (result, stdout.ToString(), clock.Elapsed);
    }

    [Test]
    public async Task A_fifo_in_a_granted_folder_is_refused_at_once()
    {
        using (var mkfifo = Process.Start("mkfifo", [Path.Combine(_root, "pipe")]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.That(mkfifo.ExitCode, Is.Zero);
        }

        var (result, output, elapsed) = await Import("./pipe");

        Assert.That(result.Outcome, Is.EqualTo(ScriptRunOutcome.Drained));
        Assert.That(output, Is.EqualTo("TypeError: Cannot import './pipe': it is not a regular file (a pipe, a socket or a device cannot be imported).\n"));
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public async Task A_link_to_a_device_in_a_granted_folder_is_refused()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "zero"), "/dev/zero");

        // The link leads out of the root; grant /dev too, so that only the file-type rule stands between.
        var (_, output, _) = await Import("./zero", o => o.ModuleRoots.Add("/dev"));

        Assert.That(output, Does.StartWith("TypeError: Cannot import './zero': it is not a regular file"));
    }

    [Test]
    public async Task A_file_larger_than_a_task_may_allocate_is_refused_and_a_smaller_one_is_read()
    {
        File.WriteAllText(Path.Combine(_root, "big.txt"), new string('x', 200_000));
        File.WriteAllText(Path.Combine(_root, "small.txt"), new string('y', 1_000));

        var big = await Import("./big.txt", o => o.Limits.MaxAllocatedBytesPerTask = 100_000);
        var small = await Import("./small.txt", o => o.Limits.MaxAllocatedBytesPerTask = 100_000);

        Assert.That(big.Output, Is.EqualTo("TypeError: Cannot import './big.txt': it is larger than 100000 bytes, the most a task may allocate (MaxAllocatedBytesPerTask).\n"));
        Assert.That(small.Output, Is.EqualTo("read 1000\n"));
    }
}
