using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// Reads the result of a completed <see cref="Task{TResult}"/>, and turns a boxed <see cref="ValueTask{TResult}"/>
/// into a task, for a result type known only from a host delegate's signature.
/// </summary>
/// <remarks>
/// The value types a host function may return (<see cref="HostValueConverter.CanHoldAllowedValue"/>) are compiled
/// in here, so their readers need no reflection and no code made at run time (NativeAOT). A reference type is read
/// by reflection over the instantiation, which shares the code compiled for every reference type. Any other value
/// type (a struct collection) is read by reflection only where the runtime can make code (JIT); under NativeAOT
/// <see cref="For"/> gives null for it, and the delegate is refused with a message that says why.
/// </remarks>
internal sealed class TaskResultReader
{
    private static readonly Dictionary<Type, TaskResultReader> Compiled = CompileValueTypes();

    private TaskResultReader(Func<Task, object?> result, Func<object, Task> asTask)
    {
        Result = result;
        AsTask = asTask;
    }

    /// <summary>The <c>Result</c> of a completed <c>Task&lt;T&gt;</c>.</summary>
    public Func<Task, object?> Result { get; }

    /// <summary><c>AsTask()</c> of a boxed <c>ValueTask&lt;T&gt;</c>.</summary>
    public Func<object, Task> AsTask { get; }

    /// <summary>The value types compiled in, for the message of a refused delegate.</summary>
    public static string CompiledTypesDescription =>
        "bool, char, a numeric type, JsonElement, ArraySegment<byte>, Memory<byte>, ReadOnlyMemory<byte> or their nullable forms";

    /// <summary>The reader for <c>Task&lt;<paramref name="resultType"/>&gt;</c>, or null when this runtime cannot make one.</summary>
    public static TaskResultReader? For(Type resultType)
    {
        if (Compiled.TryGetValue(resultType, out var reader))
        {
            return reader;
        }

        if (!resultType.IsValueType)
        {
            return ReflectedForReferenceType(resultType);
        }

        return RuntimeFeature.IsDynamicCodeSupported ? Reflected(resultType) : null;
    }

    [UnconditionalSuppressMessage("AotAnalysis", "IL3050:RequiresDynamicCode",
        Justification = "resultType is a reference type: Task<resultType> and ValueTask<resultType> run the code "
            + "compiled once for all reference types (the canonical instantiation), so no code has to be made at run "
            + "time; the delegate's own signature names both types, so they are in the program.")]
    private static TaskResultReader ReflectedForReferenceType(Type resultType) => Reflected(resultType);

    [RequiresDynamicCode("A Task<T> of a value type T that is not compiled in may have no native code under NativeAOT.")]
    private static TaskResultReader Reflected(Type resultType)
    {
        var result = typeof(Task<>).MakeGenericType(resultType).GetProperty(nameof(Task<int>.Result))!;
        var asTask = typeof(ValueTask<>).MakeGenericType(resultType).GetMethod(nameof(ValueTask<int>.AsTask))!;
        return new(task => result.GetValue(task), valueTask => (Task)asTask.Invoke(valueTask, null)!);
    }

    private static Dictionary<Type, TaskResultReader> CompileValueTypes()
    {
        var readers = new Dictionary<Type, TaskResultReader>();
        Add<bool>(readers);
        Add<char>(readers);
        Add<double>(readers);
        Add<float>(readers);
        Add<Half>(readers);
        Add<decimal>(readers);
        Add<sbyte>(readers);
        Add<byte>(readers);
        Add<short>(readers);
        Add<ushort>(readers);
        Add<int>(readers);
        Add<uint>(readers);
        Add<long>(readers);
        Add<ulong>(readers);
        Add<nint>(readers);
        Add<nuint>(readers);
        Add<JsonElement>(readers);
        Add<ArraySegment<byte>>(readers);
        Add<Memory<byte>>(readers);
        Add<ReadOnlyMemory<byte>>(readers);
        return readers;
    }

    private static void Add<T>(Dictionary<Type, TaskResultReader> readers)
        where T : struct
    {
        readers.Add(typeof(T), new(static task => ((Task<T>)task).Result, static valueTask => ((ValueTask<T>)valueTask).AsTask()));
        readers.Add(typeof(T?), new(static task => ((Task<T?>)task).Result, static valueTask => ((ValueTask<T?>)valueTask).AsTask()));
    }
}
