using System.Reflection;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// A host delegate that script may call: a checked signature, and the JS function made from it (a plain function
/// with only <c>length</c> and <c>name</c>; neither the delegate nor its target is reachable from script).
/// </summary>
/// <remarks>
/// The function runs the delegate on the loop thread. Its arguments are converted with
/// <see cref="ScriptValueConverter.ToType"/> to the delegate's parameter types, all within one
/// <see cref="ConversionBudget"/> (a failure is a TypeError; missing arguments are <c>undefined</c>; extra ones are
/// ignored), and its result with <see cref="HostValueConverter"/>.
/// A delegate that returns <see cref="Task"/>, <see cref="Task{TResult}"/>, <see cref="ValueTask"/> or
/// <see cref="ValueTask{TResult}"/> gives a function that returns a promise: the promise settles in a task on the
/// loop when the .NET task completes, and the pending task holds the loop alive. As WebIDL does for operations that
/// return promises, every failure of such a function (argument conversion included) rejects the promise instead of
/// throwing. An exception from the delegate becomes an <c>Error</c> carrying only the exception's message.
/// </remarks>
internal sealed class HostFunction
{
    private readonly Delegate _target;
    private readonly ParameterInfo[] _parameters;
    private readonly ResultKind _kind;
    private readonly TaskResultReader? _taskResult;
    private readonly int _length;

    private HostFunction(Delegate target, ParameterInfo[] parameters, ResultKind kind, TaskResultReader? taskResult)
    {
        _target = target;
        _parameters = parameters;
        _kind = kind;
        _taskResult = taskResult;

        // length: the number of parameters before the first optional one, as for a JS function.
        while (_length < parameters.Length && !parameters[_length].HasDefaultValue)
        {
            _length++;
        }
    }

    private enum ResultKind
    {
        Void,
        Value,
        Task,
        TaskOfT,
        ValueTask,
        ValueTaskOfT,
    }

    private bool ReturnsPromise => _kind >= ResultKind.Task;

    /// <summary>Checks the delegate's signature.</summary>
    /// <exception cref="ArgumentException">A parameter or the result is of a type that cannot cross to script.</exception>
    public static HostFunction Create(Delegate target, string? paramName, string what)
    {
        var invoke = target.GetType().GetMethod("Invoke")
            ?? throw new ArgumentException($"{what} is a delegate of type {target.GetType()} with no Invoke method.", paramName);
        var parameters = invoke.GetParameters();
        foreach (var parameter in parameters)
        {
            var type = parameter.ParameterType;
            if (type.IsByRef || type.IsPointer || !ScriptValueConverter.IsSupportedType(type))
            {
                throw new ArgumentException(
                    $"{what} is a delegate of type {target.GetType()} whose parameter '{parameter.Name}' is of type {type}, "
                    + "which script values cannot be converted to. Allowed parameter types: object (any plain value), string, "
                    + "bool, numeric types and their nullable forms, byte[], List<object?> and its interfaces, "
                    + "Dictionary<string, object?> and its interfaces, JsonElement and JsonNode.", paramName);
            }
        }

        var returnType = invoke.ReturnType;
        var (kind, resultType) = returnType switch
        {
            _ when returnType == typeof(void) => (ResultKind.Void, null),
            _ when returnType == typeof(Task) => (ResultKind.Task, null),
            _ when returnType == typeof(ValueTask) => (ResultKind.ValueTask, null),
            { IsGenericType: true } when returnType.GetGenericTypeDefinition() == typeof(Task<>) =>
                (ResultKind.TaskOfT, returnType.GetGenericArguments()[0]),
            { IsGenericType: true } when returnType.GetGenericTypeDefinition() == typeof(ValueTask<>) =>
                (ResultKind.ValueTaskOfT, returnType.GetGenericArguments()[0]),
            _ => (ResultKind.Value, (Type?)null),
        };
        var valueType = resultType ?? (kind == ResultKind.Value ? returnType : null);
        if (valueType is not null && (valueType.IsByRef || valueType.IsPointer || !HostValueConverter.CanHoldAllowedValue(valueType)))
        {
            throw new ArgumentException(
                $"{what} is a delegate of type {target.GetType()} whose result is of type {valueType}, which cannot be "
                + "passed to script. Allowed: the types SetGlobal takes, Task, Task<T>, ValueTask and ValueTask<T> of them, or void.", paramName);
        }

        TaskResultReader? taskResult = null;
        if (resultType is not null)
        {
            taskResult = TaskResultReader.For(resultType) ?? throw new ArgumentException(
                $"{what} is a delegate of type {target.GetType()} whose result is of type {returnType}: without run-time "
                + $"code generation (NativeAOT) the result of a task must be a reference type or {TaskResultReader.CompiledTypesDescription}.",
                paramName);
        }

        return new HostFunction(target, parameters, kind, taskResult);
    }

    /// <summary>Makes the JS function. Loop thread only.</summary>
    public ClrFunction CreateFunction(Engine engine, string name) =>
        new(engine, name, (_, arguments) => Call(engine, name, arguments), _length, PropertyFlag.Configurable);

    private JsValue Call(Engine engine, string name, JsValue[] arguments)
    {
        object?[] values;
        try
        {
            values = ConvertArguments(engine, arguments, name);
        }
        catch (JavaScriptException ex) when (ReturnsPromise)
        {
            return Rejected(engine, ex.Error);
        }
        catch (InvalidCastException ex) when (ReturnsPromise)
        {
            return Rejected(engine, ScriptErrors.TypeError(engine, ex.Message).Error);
        }
        catch (InvalidCastException ex)
        {
            throw ScriptErrors.TypeError(engine, ex.Message);
        }

        object? result;
        try
        {
            result = _target.DynamicInvoke(values);
        }
        catch (Exception ex)
        {
            var error = HostError(engine, ex is TargetInvocationException { InnerException: { } inner } ? inner : ex);
            return ReturnsPromise ? Rejected(engine, error.Error) : throw error;
        }

        if (!ReturnsPromise)
        {
            return _kind == ResultKind.Void ? JsValue.Undefined : ResultToScript(engine, name, result);
        }

        var task = result switch
        {
            Task t => t,
            ValueTask valueTask => valueTask.AsTask(),
            not null when _kind == ResultKind.ValueTaskOfT => _taskResult!.AsTask(result),
            _ => null,
        };
        var (promise, resolve, reject) = engine.Advanced.RegisterPromise();
        if (task is null)
        {
            reject(ScriptErrors.TypeError(engine, $"{Subject(name)} returned null instead of a task.").Error);
            return promise;
        }

        var settlement = new Settlement(this, engine, name, task, resolve, reject);
        if (task.IsCompleted)
        {
            settlement.Settle();
            return promise;
        }

        // Hold the loop until the settlement task has been posted; never touch the engine on the task's thread.
        var loop = ScriptHost.Of(engine).Loop;
        loop.AddRef();
        task.ContinueWith(
            static (_, state) =>
            {
                var pending = (Settlement)state!;
                var loop = ScriptHost.Of(pending.Engine).Loop;
                loop.Post(static s => ((Settlement)s!).SettleUnlessDisposed(), pending);
                loop.Release();
            },
            settlement,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return promise;
    }

    private object?[] ConvertArguments(Engine engine, JsValue[] arguments, string name)
    {
        var values = new object?[_parameters.Length];
        var budget = ConversionBudget.For(ScriptHost.Of(engine).Options); // one for all the arguments
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = _parameters[i];
            var argument = i < arguments.Length ? arguments[i] : JsValue.Undefined;
            if (argument.IsUndefined() && parameter.HasDefaultValue)
            {
                values[i] = parameter.DefaultValue;
                continue;
            }

            try
            {
                values[i] = ScriptValueConverter.ToType(argument, parameter.ParameterType, budget);
            }
            catch (InvalidCastException ex)
            {
                throw new InvalidCastException($"Failed to execute {Subject(name)}: parameter {i + 1}: {ex.Message}", ex);
            }
        }

        return values;
    }

    private static JsValue ResultToScript(Engine engine, string name, object? result)
    {
        object? snapshot;
        try
        {
            snapshot = HostValueConverter.Snapshot(result, null, "the result of " + Subject(name));
        }
        catch (ArgumentException ex)
        {
            throw ScriptErrors.TypeError(engine, ex.Message);
        }

        return HostValueConverter.ToScript(engine, snapshot);
    }

    private static JsValue Rejected(Engine engine, JsValue reason)
    {
        var (promise, _, reject) = engine.Advanced.RegisterPromise();
        reject(reason);
        return promise;
    }

    // An exception of the host's: an Error with its message only (no type name, no stack, no object).
    private static JavaScriptException HostError(Engine engine, Exception exception)
    {
        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            exception = aggregate.InnerExceptions[0];
        }

        return new JavaScriptException(engine.Intrinsics.Error, exception.Message);
    }

    private static string Subject(string name) => name.Length == 0 ? "the host function" : $"'{name}'";

    /// <summary>The settling of one promise returned by a host function, run on the loop.</summary>
    private sealed class Settlement(HostFunction function, Engine engine, string name, Task task, Action<JsValue> resolve, Action<JsValue> reject)
    {
        public Engine Engine => engine;

        public void SettleUnlessDisposed()
        {
            if (!ScriptHost.Of(engine).IsDisposed)
            {
                Settle();
            }
        }

        public void Settle()
        {
            object? value = null;
            try
            {
                task.GetAwaiter().GetResult();
                value = function._taskResult?.Result(task);
            }
            catch (Exception ex)
            {
                reject(HostError(engine, ex).Error);
                return;
            }

            JsValue result;
            try
            {
                result = function._kind is ResultKind.Task or ResultKind.ValueTask ? JsValue.Undefined : ResultToScript(engine, name, value);
            }
            catch (JavaScriptException ex)
            {
                reject(ex.Error);
                return;
            }

            resolve(result);
        }
    }
}
