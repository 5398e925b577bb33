using System.Text;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using JsWebSocketHost.Dom;

namespace JsWebSocketHost.Hosting;

/// <summary>Reporting uncaught exceptions and unhandled promise rejections, as HTML and Deno do.</summary>
public sealed partial class ScriptHost
{
    private readonly List<(JsValue Promise, JsValue Reason)> _pendingRejections = [];

    // The promises marked as handled by the platform (WebIDL's [[PromiseIsHandled]]), whose rejections are not
    // reported.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<JsValue, object?> _handledPromises = [];

    /// <inheritdoc />
    void WebIdl.IHostEnvironment.MarkPromiseHandled(JsValue promise)
    {
        _handledPromises.AddOrUpdate(promise, null);
        RemovePendingRejection(promise);
    }
    private ScriptError? _uncaughtError;
    private bool _inErrorReportingMode;

    /// <summary>
    /// HTML's "report an exception": the error goes to the global's <c>error</c> event first; if nothing handles it,
    /// it is written to standard error and the run ends with an uncaught error, as in Deno.
    /// </summary>
    /// <remarks>Spec: https://html.spec.whatwg.org/multipage/webappapis.html#report-the-exception.</remarks>
    internal void ReportException(JsValue error, JavaScriptException? exception)
    {
        if (_uncaughtError is not null)
        {
            return; // the run is already ending; report the first error only
        }

        if (DispatchErrorEvent(error, exception))
        {
            return;
        }

        var description = DescribeThrownValue(error, exception);
        EndRunWithError("error", description.Message, "Uncaught " + description.Report);
    }

    private void ReportTaskException(Exception exception)
    {
        switch (exception)
        {
            case JavaScriptException js:
                ReportException(js.Error, js);
                break;
            case ScriptInterruptedException:
                _engine.Advanced.ResetCallStack(); // the host asked for it: not an error of the script
                break;
            case OperationCanceledException when _cancellation.Token.IsCancellationRequested:
                _engine.Advanced.ResetCallStack();
                break;
            case ExecutionCanceledException when _cancellation.Token.IsCancellationRequested:
                _engine.Advanced.ResetCallStack();
                break;
            case var limit when DescribeLimit(limit) is { } description:
                EndRunAtLimit(description.Limit, description.Message);
                break;
            case ScriptPreparationException preparation:
                EndRunWithError("error", preparation.Message, "Uncaught SyntaxError: " + preparation.Message);
                break;
            default:
                _engine.Advanced.ResetCallStack();
                EndRunWithError("error", exception.Message, "Uncaught " + exception.GetType().Name + ": " + exception.Message,
                    fatal: exception is JintException or TimeoutException);
                break;
        }
    }

    /// <summary>
    /// Fires the global <c>error</c> event (an <c>ErrorEvent</c>); true when a listener cancelled it, which
    /// handles the error. An error thrown while reporting an error is not dispatched again.
    /// </summary>
    private bool DispatchErrorEvent(JsValue error, JavaScriptException? exception)
    {
        if (_inErrorReportingMode)
        {
            return false;
        }

        _inErrorReportingMode = true;
        try
        {
            var description = DescribeThrownValue(error, exception);
            var location = exception?.Location;
            var filename = location?.SourceFile ?? "";
            var line = (uint)Math.Max(0, location?.Start.Line ?? 0);
            var column = location is { } l && l.Start.Line > 0 ? (uint)(l.Start.Column + 1) : 0u;
            var e = ErrorEventInterface.Create(_engine, "error", "Uncaught " + description.Message, filename, line, column, error);
            return !EventDispatcher.Dispatch(_engine.Global, GlobalEventTargetState, e);
        }
        finally
        {
            _inErrorReportingMode = false;
        }
    }

    /// <summary>Fires the global <c>unhandledrejection</c> event; true when a listener cancelled it.</summary>
    private bool DispatchUnhandledRejectionEvent(JsValue promise, JsValue reason)
    {
        var e = PromiseRejectionEventInterface.Create(_engine, "unhandledrejection", promise, reason);
        return !EventDispatcher.Dispatch(_engine.Global, GlobalEventTargetState, e);
    }

    private void OnPromiseRejectionTracked(object? sender, PromiseRejectionTrackerEventArgs e)
    {
        if (e.Operation == Jint.Native.Promise.PromiseRejectionOperation.Reject)
        {
            if (!_handledPromises.TryGetValue(e.Promise, out _))
            {
                _pendingRejections.Add((e.Promise, e.Value ?? JsValue.Undefined));
            }

            return;
        }

        RemovePendingRejection(e.Promise);
    }

    private void RemovePendingRejection(JsValue promise)
    {
        for (var i = 0; i < _pendingRejections.Count; i++)
        {
            if (ReferenceEquals(_pendingRejections[i].Promise, promise))
            {
                _pendingRejections.RemoveAt(i);
                return;
            }
        }
    }

    /// <summary>
    /// HTML's "notify about rejected promises", run after a microtask checkpoint: each rejection still unhandled gets
    /// an <c>unhandledrejection</c> event; one nobody handles ends the run.
    /// </summary>
    /// <remarks>Spec: https://html.spec.whatwg.org/multipage/webappapis.html#notify-about-rejected-promises.</remarks>
    private void NotifyAboutRejectedPromises()
    {
        var pending = _pendingRejections.ToArray();
        _pendingRejections.Clear();
        foreach (var (promise, reason) in pending)
        {
            if (_uncaughtError is not null)
            {
                return;
            }

            if (DispatchUnhandledRejectionEvent(promise, reason))
            {
                continue;
            }

            var description = DescribeThrownValue(reason, null);
            EndRunWithError("unhandledrejection", description.Message, "Uncaught (in promise) " + description.Report);
        }
    }

    // Fatal: a script limit was hit, which ends the run in either UncaughtErrorMode.
    private void EndRunWithError(string kind, string message, string report, bool fatal = false)
    {
        var error = new ScriptError(kind, message, report);
        _stdout.Flush();
        _stderr.WriteLine(report);
        _stderr.Flush();
        if (fatal || _uncaughtErrorMode == UncaughtErrorMode.StopRun)
        {
            _uncaughtError = error;
            _loop.Stop();
        }

        OnUncaughtError(error);
    }

    /// <summary>The one-line message and the multi-line report (with the JS stack) for a thrown value.</summary>
    private (string Message, string Report) DescribeThrownValue(JsValue value, JavaScriptException? exception)
    {
        var report = SafeInspect(value);
        var newline = report.IndexOf('\n', StringComparison.Ordinal);
        var message = newline < 0 ? report : report[..newline];
        if (newline < 0 && exception is not null)
        {
            // No frames on the value (a thrown primitive, a syntax error): use where the exception was raised.
            var trace = exception.JavaScriptStackTrace;
            if (!string.IsNullOrWhiteSpace(trace))
            {
                report += "\n" + trace.TrimEnd();
            }
            else if (exception.Location.SourceFile is { Length: > 0 } file && !report.Contains(file, StringComparison.Ordinal))
            {
                var start = exception.Location.Start;
                report += $"\n    at {file}:{start.Line}:{start.Column + 1}";
            }
        }

        return (message, report);
    }

    private string SafeInspect(JsValue value)
    {
        try
        {
            return ConsoleFormatter.Inspect(_engine, value);
        }
        catch (JavaScriptException)
        {
            return "[object]";
        }
    }
}
