using System.Globalization;

namespace JsWebSocketHost.Tests.Reliability;

/// <summary>
/// The knobs of the fuzzers, from the environment: <c>JSWS_FUZZ_SEED</c> (a number, or <c>random</c> for a fresh
/// seed each run), <c>JSWS_FUZZ_ITERATIONS</c> (calls of the script fuzzer), <c>JSWS_FUZZ_CASES</c> (cases of the
/// wire fuzzer) and <c>JSWS_FUZZ_CASE</c> (run just that one wire case). Unset, the CI defaults apply: a fixed seed and
/// bounded counts, so a run is the same every time.
/// </summary>
internal static class FuzzSettings
{
    /// <summary>The seed to use: <c>JSWS_FUZZ_SEED</c>, else <paramref name="fallback"/>.</summary>
    public static uint Seed(uint fallback)
    {
        var text = Environment.GetEnvironmentVariable("JSWS_FUZZ_SEED");
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (text.Trim().Equals("random", StringComparison.OrdinalIgnoreCase))
        {
            return (uint)Random.Shared.NextInt64(0, uint.MaxValue + 1L);
        }

        return uint.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : throw new InvalidOperationException($"JSWS_FUZZ_SEED must be a number from 0 to {uint.MaxValue} or 'random', not '{text}'.");
    }

    /// <summary>A positive count from the variable <paramref name="name"/>, else <paramref name="fallback"/>.</summary>
    public static int Count(string name, int fallback)
    {
        var text = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? count
            : throw new InvalidOperationException($"{name} must be a positive number, not '{text}'.");
    }

    /// <summary>The one wire case to run (<c>JSWS_FUZZ_CASE</c>), or null for all of them.</summary>
    public static int? OnlyCase()
    {
        var text = Environment.GetEnvironmentVariable("JSWS_FUZZ_CASE");
        return string.IsNullOrWhiteSpace(text) ? null : int.Parse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>How to rerun: the line a failure message ends with.</summary>
    public static string RerunHint(uint seed, string countVariable, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"Rerun with JSWS_FUZZ_SEED={seed} {countVariable}={count}.");
}
