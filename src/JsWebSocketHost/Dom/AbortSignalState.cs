using Jint.Native;
using Jint.Native.Object;

namespace JsWebSocketHost.Dom;

/// <summary>What other interfaces ask of an <c>AbortSignal</c> they were given.</summary>
internal static class AbortSignalState
{
    public static bool IsSignal(JsValue value) => value is JsAbortSignal;

    public static bool IsAborted(ObjectInstance signal) => ((JsAbortSignal)signal).Aborted;

    public static void AddAlgorithm(ObjectInstance signal, Action algorithm) => ((JsAbortSignal)signal).AddAlgorithm(algorithm);
}
