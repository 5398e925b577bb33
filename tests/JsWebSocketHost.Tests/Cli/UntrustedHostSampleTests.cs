using System.Diagnostics;

namespace JsWebSocketHost.Tests.Cli;

/// <summary>
/// Runs <c>samples/UntrustedHost</c> once and checks what its user script saw and what its host was told: the one
/// granted server works, files outside the script's folder and other addresses are refused, and a runaway script
/// is stopped by a limit the result names.
/// </summary>
[TestFixture]
public sealed class UntrustedHostSampleTests
{
    private const string Outside =
        "it is outside the folders this host grants to scripts (ScriptHostOptions.ModuleRoots; jsws: --allow-read).";

    private const string ByName = "address none (denied by name, before any DNS lookup)";

    private string _sampleFolder = null!;
    private int _exitCode;
    private string _output = null!;
    private string _error = null!;
    private List<string> _lines = null!;

    [OneTimeSetUp]
    public async Task RunTheSample()
    {
        // The solution build puts the sample next to the tests' own configuration (Debug or Release).
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar))) ?? "Debug";
        _sampleFolder = Path.Combine(RepositoryPaths.Root, "samples", "UntrustedHost", "bin", configuration, "net10.0");
        var dll = Path.Combine(_sampleFolder, "UntrustedHost.dll");
        Assert.That(File.Exists(dll), Is.True, "build the solution first: " + dll);

        var start = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            _output = (await output).ReplaceLineEndings("\n");
            _error = await error;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        _exitCode = process.ExitCode;
        _lines = [.. _output.Split('\n')];
    }

    [Test]
    public void The_sample_exits_with_success_after_its_runs()
    {
        Assert.That(_exitCode, Is.Zero, _error + _output);
        Assert.That(_error, Is.Empty);
    }

    [Test]
    public void The_script_uses_the_granted_server_folder_and_host_functions()
    {
        AssertInOrder(
            "[script] the host answered: free plan, 4 connections per host",
            "[script] import ./settings.json: greeting is \"hello\"",
            "[script] echo: hello (closed with 1000)",
            "[host] user script ended: Outcome Drained, Limit none, Message none");
    }

    [Test]
    public void Each_file_outside_the_script_folder_is_refused_with_a_TypeError_and_nothing_of_it_leaks()
    {
        AssertInOrder(
            $"[script] import /etc/passwd: TypeError: Cannot import '/etc/passwd': {Outside}",
            $"[script] import ../host-secret.txt: TypeError: Cannot import '../host-secret.txt': {Outside}");

        // The host's file exists just outside the granted folder: the refusal is not a missing file.
        var secretFile = Path.Combine(_sampleFolder, "host-secret.txt");
        Assert.That(File.Exists(secretFile), Is.True);
        Assert.That(Directory.Exists(Path.Combine(_sampleFolder, "user-script")), Is.True);
        Assert.That(_output, Does.Not.Contain("API_KEY"));
        Assert.That(_output, Does.Not.Contain(File.ReadAllText(secretFile).Trim()));
        Assert.That(_output, Does.Not.Contain("root:"));
    }

    [Test]
    public void String_compilation_is_refused_with_a_TypeError()
    {
        Assert.That(_lines, Has.Some.StartsWith("[script] eval: TypeError: "));
        Assert.That(_lines, Has.None.StartsWith("[script] eval gave"));
    }

    [Test]
    public void Each_denied_connection_fails_with_error_and_close_1006_and_the_host_is_told_the_rule()
    {
        AssertInOrder(
            "[script] echo: hello (closed with 1000)",
            $"[host] NetworkAccessDenied: 127.0.0.1 by rule not-allowed-host, {ByName}",
            "[script] connect to the internal service: error, close 1006",
            $"[host] NetworkAccessDenied: 169.254.169.254 by rule not-allowed-host, {ByName}",
            "[script] connect to 169.254.169.254: error, close 1006",
            "[host] user script ended: Outcome Drained, Limit none, Message none",
            "[host] the internal service was never reached");
    }

    [Test]
    public void Without_the_grant_the_preset_denies_the_loopback_server_by_its_address()
    {
        AssertInOrder(
            "[host] NetworkAccessDenied: 127.0.0.1 by rule non-public-address, address 127.0.0.1",
            "[host]   127.0.0.1 is a loopback address, which this host's network policy denies (DenyNonPublicAddresses)",
            "[script] connect to the server without the grant: error, close 1006",
            "[host] ungranted script ended: Outcome Drained, Limit none, Message none");
    }

    [Test]
    public void The_runaway_script_is_stopped_by_the_statement_limit_and_the_result_names_it()
    {
        const string message = "A task ran more than its limit of 1000000 statements (MaxStatementsPerTask).";
        AssertInOrder(
            "[script] spinning",
            $"[host] LimitReached: MaxStatementsPerTask (ends the run: True): {message}",
            $"[host] runaway script ended: Outcome LimitExceeded, Limit MaxStatementsPerTask, Message {message}");
    }

    /// <summary>Asserts that each line appears in the output, whole, after the one before it.</summary>
    private void AssertInOrder(params string[] expected)
    {
        var from = 0;
        foreach (var line in expected)
        {
            var at = _lines.IndexOf(line, from);
            Assert.That(at, Is.GreaterThanOrEqualTo(0), $"missing (or out of order): {line}\n--- output:\n{_output}");
            from = at + 1;
        }
    }
}
