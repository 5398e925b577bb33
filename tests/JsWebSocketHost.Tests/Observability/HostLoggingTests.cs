using JsWebSocketHost.Hosting;
using Microsoft.Extensions.Logging;

namespace JsWebSocketHost.Tests.Observability;

/// <summary>What the host logs about itself (category JsWebSocketHost.ScriptHost): runs, uncaught errors, limits.</summary>
[TestFixture]
public sealed class HostLoggingTests
{
    private static async Task<(ScriptRunResult Result, RecordingLoggerFactory Logs)> RunLogged(
        string source, Action<ScriptHostOptions>? configure = null, Action<ScriptHost>? attach = null)
    {
        var logs = new RecordingLoggerFactory(LogLevel.Debug);
        await using var run = new ScriptRun(configure: options =>
        {
            options.LoggerFactory = logs;
            configure?.Invoke(options);
        });
        attach?.Invoke(run.Host);
        run.Host.EnqueueScript(source, "test.js");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = await run.Host.RunAsync(timeout.Token);
        return (result, logs);
    }

    [Test]
    public async Task A_run_that_drains_logs_its_start_and_its_end_with_the_outcome()
    {
        var (result, logs) = await RunLogged("setTimeout(() => {}, 1);");

        Assert.That(result.Outcome, Is.EqualTo(ScriptRunOutcome.Drained));
        var started = logs.Single(100);
        Assert.That(started.Category, Is.EqualTo(ScriptHostDiagnostics.ScriptHostLogCategory));
        Assert.That(started.Level, Is.EqualTo(LogLevel.Debug));
        var ended = logs.Single(101);
        Assert.That(ended.Level, Is.EqualTo(LogLevel.Information));
        Assert.That(ended["Outcome"], Is.EqualTo(ScriptRunOutcome.Drained));
        Assert.That((double)ended["ElapsedMilliseconds"]!, Is.GreaterThanOrEqualTo(0));
        Assert.That(logs.Entries.Select(e => e.EventId.Id), Is.EqualTo(new[] { 100, 101 }));
    }

    [Test]
    public async Task An_uncaught_error_is_logged_with_its_report_and_the_run_end_as_a_warning()
    {
        var (result, logs) = await RunLogged("function f() { throw new TypeError('boom'); }\nf();");

        Assert.That(result.Outcome, Is.EqualTo(ScriptRunOutcome.UncaughtError));
        var error = logs.Single(110);
        Assert.That(error.Level, Is.EqualTo(LogLevel.Error));
        Assert.That(error["Kind"], Is.EqualTo("error"));
        Assert.That(error["Report"], Is.EqualTo(result.Error!.Report));
        Assert.That((string)error["Report"]!, Does.Contain("TypeError: boom").And.Contain("test.js:1"));
        var ended = logs.Single(101);
        Assert.That(ended.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(ended["Outcome"], Is.EqualTo(ScriptRunOutcome.UncaughtError));
    }

    [Test]
    public async Task An_unhandled_rejection_is_logged_with_its_kind()
    {
        var (_, logs) = await RunLogged("Promise.reject(new Error('nope'));");

        var error = logs.Single(110);
        Assert.That(error["Kind"], Is.EqualTo("unhandledrejection"));
        Assert.That((string)error["Report"]!, Does.Contain("nope"));
    }

    [Test]
    public async Task An_error_a_script_handles_is_not_logged()
    {
        var (result, logs) = await RunLogged("addEventListener('error', e => e.preventDefault()); throw new Error('handled');");

        Assert.That(result.Outcome, Is.EqualTo(ScriptRunOutcome.Drained));
        Assert.That(logs.WithId(110), Is.Empty);
    }

    [Test]
    public async Task A_limit_that_ends_the_run_is_logged_with_its_name_and_the_outcome()
    {
        var (result, logs) = await RunLogged("while (true) {}", options => options.Limits.MaxStatementsPerTask = 1000);

        Assert.That(result.Outcome, Is.EqualTo(ScriptRunOutcome.LimitExceeded));
        var limit = logs.Single(120);
        Assert.That(limit.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(limit["Limit"], Is.EqualTo("MaxStatementsPerTask"));
        Assert.That(limit["EndsRun"], Is.True);
        Assert.That(limit["Message"], Is.EqualTo(result.Message));
        Assert.That(logs.Single(101)["Outcome"], Is.EqualTo(ScriptRunOutcome.LimitExceeded));
    }

    [Test]
    public async Task A_limit_that_fails_one_operation_is_logged_without_ending_the_run()
    {
        var (result, logs) = await RunLogged(
            "try { setTimeout(() => {}, 1); setTimeout(() => {}, 1); } catch (e) { console.log(e.name); }",
            options => options.Limits.MaxTimers = 1);

        Assert.That(result.Outcome, Is.EqualTo(ScriptRunOutcome.Drained));
        var limit = logs.Single(120);
        Assert.That(limit["Limit"], Is.EqualTo("MaxTimers"));
        Assert.That(limit["EndsRun"], Is.False);
    }

    [Test]
    public async Task A_host_event_handler_that_throws_is_logged_and_ignored()
    {
        var (result, logs) = await RunLogged(
            "while (true) {}",
            options => options.Limits.MaxStatementsPerTask = 1000,
            host => host.LimitReached += (_, _) => throw new InvalidOperationException("handler bug"));

        Assert.That(result.Outcome, Is.EqualTo(ScriptRunOutcome.LimitExceeded));
        var failure = logs.Single(140);
        Assert.That(failure["EventName"], Is.EqualTo("LimitReached"));
        Assert.That(failure.Exception, Is.TypeOf<InvalidOperationException>());
    }

    [Test]
    public async Task A_run_cancelled_by_the_caller_is_logged_as_cancelled()
    {
        var logs = new RecordingLoggerFactory(LogLevel.Debug);
        await using var run = new ScriptRun(configure: options => options.LoggerFactory = logs);
        run.Host.EnqueueScript("setTimeout(() => {}, 60000);");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        Assert.That(async () => await run.Host.RunAsync(cancel.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(logs.Single(102).Level, Is.EqualTo(LogLevel.Information));
        Assert.That(logs.WithId(101), Is.Empty);
    }

    [Test]
    public async Task The_logger_factory_is_read_once_when_the_host_is_created()
    {
        var first = new RecordingLoggerFactory();
        var second = new RecordingLoggerFactory();
        var options = new ScriptHostOptions { LoggerFactory = first, StandardOutput = TextWriter.Null, StandardError = TextWriter.Null };
        await using var host = new ScriptHost(options);
        options.LoggerFactory = second;
        host.EnqueueScript("1;");

        await host.RunAsync();

        Assert.That(first.WithId(101), Has.Length.EqualTo(1));
        Assert.That(second.Entries, Is.Empty);
    }
}
