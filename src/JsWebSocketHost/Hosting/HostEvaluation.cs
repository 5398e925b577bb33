using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace JsWebSocketHost.Hosting;

/// <summary>One <see cref="ScriptHost.EvaluateAsync{T}"/> call, from its post to the loop until its task completes.</summary>
internal abstract class HostEvaluation
{
    /// <summary>Completes the evaluation with <paramref name="exception"/> unless it has completed. Any thread.</summary>
    public abstract void Abandon(Exception exception);
}

/// <inheritdoc cref="HostEvaluation"/>
/// <remarks>
/// The evaluation holds the loop alive from the call until it completes, so a run does not end while a promise the
/// script returned is pending. It completes exactly once: with the converted result, a <see cref="ScriptException"/>,
/// an <see cref="InvalidCastException"/>, cancellation, the exception of a limit reached (or of the run's
/// cancellation) while it evaluates or converts, or (when the host is disposed) an
/// <see cref="ObjectDisposedException"/>. Its task's continuations never run on the loop thread.
/// </remarks>
internal sealed class HostEvaluation<T>(ScriptHost host, string code, CancellationToken cancellationToken) : HostEvaluation
{
    /// <summary>The name stack traces and reports give the evaluated code.</summary>
    public const string SourceName = "evaluate.js";

    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenRegistration _registration;
    private int _completed;

    public Task<T> Task => _completion.Task;

    /// <summary>Takes the hold and queues the evaluation. Any thread.</summary>
    /// <exception cref="ObjectDisposedException">The host is disposed (or being disposed).</exception>
    public void Start()
    {
        host.Loop.AddRef();
        try
        {
            host.AddEvaluation(this);
        }
        catch
        {
            host.Loop.Release();
            throw;
        }

        _registration = cancellationToken.UnsafeRegister(
            static s => ((HostEvaluation<T>)s!).Complete(static (c, token) => c.TrySetCanceled(token)), this);
        host.Loop.Post(static s => ((HostEvaluation<T>)s!).Run(), this);
    }

    public override void Abandon(Exception exception) => Complete(static (c, e) => c.TrySetException(e), exception);

    // Loop thread. Whatever escapes (a limit, the run's cancellation) fails the evaluation and then goes on to the
    // loop, which handles it as for any task; so do the callbacks below, which run as promise jobs.
    private void Run()
    {
        if (Volatile.Read(ref _completed) != 0)
        {
            return;
        }

        try
        {
            Evaluate();
        }
        catch (Exception ex)
        {
            Fail(ex);
            throw;
        }
    }

    // Evaluates, then waits for the completion value as a promise would (following thenables).
    private void Evaluate()
    {
        var engine = host.Engine;
        JsValue value;
        try
        {
            value = engine.Evaluate(code, SourceName);
        }
        catch (JavaScriptException ex)
        {
            Fail(host.CreateScriptException(ex.Error, ex, "error"));
            return;
        }
        catch (ScriptPreparationException ex)
        {
            Fail(new ScriptException("SyntaxError: " + ex.Message, "SyntaxError: " + ex.Message, "error"));
            return;
        }

        var (promise, resolve, _) = engine.Advanced.RegisterPromise();
        var onFulfilled = new ClrFunction(engine, "", (_, args) =>
        {
            try
            {
                Fulfil(args.Length > 0 ? args[0] : JsValue.Undefined);
            }
            catch (Exception ex)
            {
                Fail(ex);
                throw;
            }

            return JsValue.Undefined;
        }, 1);
        var onRejected = new ClrFunction(engine, "", (_, args) =>
        {
            try
            {
                Fail(host.CreateScriptException(args.Length > 0 ? args[0] : JsValue.Undefined, null, "rejection"));
            }
            catch (Exception ex)
            {
                Fail(ex);
                throw;
            }

            return JsValue.Undefined;
        }, 1);
        engine.Call(host.Intrinsics.PromisePrototypeThen, promise, [onFulfilled, onRejected]);
        resolve(value);
    }

    private void Fulfil(JsValue value)
    {
        if (Volatile.Read(ref _completed) != 0)
        {
            return;
        }

        object? result;
        try
        {
            result = ScriptValueConverter.ToType(value, typeof(T), ConversionBudget.For(host.Options));
        }
        catch (InvalidCastException ex)
        {
            Fail(new InvalidCastException($"EvaluateAsync<{typeof(T).Name}>: the script's result cannot be converted. {ex.Message}", ex));
            return;
        }
        catch (JavaScriptException ex)
        {
            Fail(host.CreateScriptException(ex.Error, ex, "error"));
            return;
        }

        Complete(static (c, r) => c.TrySetResult(r is null ? default! : (T)r), result);
    }

    private void Fail(Exception exception) => Complete(static (c, e) => c.TrySetException(e), exception);

    private void Complete<TState>(Action<TaskCompletionSource<T>, TState> complete, TState state)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return;
        }

        _registration.Unregister();
        host.RemoveEvaluation(this);
        host.Loop.Release();
        complete(_completion, state);
    }

    private void Complete(Action<TaskCompletionSource<T>, CancellationToken> complete) => Complete(complete, cancellationToken);
}
