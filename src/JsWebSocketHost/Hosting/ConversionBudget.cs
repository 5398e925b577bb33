using System.Globalization;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// What one conversion of script values to .NET may copy: the arguments of one host-function call together, or one
/// <see cref="ScriptHost.EvaluateAsync{T}"/> result. It counts values (every primitive, array and object) and bytes
/// (2 per UTF-16 code unit of every string and property name, 1 per byte of binary data), charged once per path: an
/// object reached through several paths is copied once but charged as often as it is reached, so the budget bounds
/// the value read as a tree (as JSON writes it, or as a host walking it recursively sees it).
/// </summary>
/// <remarks>
/// The conversion is .NET code that runs between Jint's checks, so Jint's limits, the run timeout and cancellation
/// cannot stop it; this budget is what bounds it. Past it, the conversion fails with an
/// <see cref="InvalidCastException"/> (a TypeError for script) that names the budget.
/// </remarks>
internal sealed class ConversionBudget
{
    /// <summary>The most values one conversion copies.</summary>
    public const long MaxValues = 1_000_000;

    /// <summary>The most bytes one conversion copies when <see cref="ScriptLimits.MaxAllocatedBytesPerTask"/> is 0.</summary>
    public const long DefaultMaxBytes = 64L * 1024 * 1024;

    private long _values;
    private long _bytes;

    private ConversionBudget(long maxBytes) => MaxBytes = maxBytes;

    /// <summary>The most bytes this conversion copies.</summary>
    public long MaxBytes { get; }

    /// <summary>The values charged so far.</summary>
    public long Values => _values;

    /// <summary>The bytes charged so far.</summary>
    public long Bytes => _bytes;

    /// <summary>
    /// A fresh budget for a host with <paramref name="options"/> (its snapshot): <see cref="MaxValues"/> values, and
    /// <see cref="ScriptLimits.MaxAllocatedBytesPerTask"/> bytes when that is set, else <see cref="DefaultMaxBytes"/>.
    /// </summary>
    public static ConversionBudget For(ScriptHostOptions options)
    {
        var limit = options.Limits.MaxAllocatedBytesPerTask;
        return new ConversionBudget(limit > 0 ? limit : DefaultMaxBytes);
    }

    /// <summary>Whether <paramref name="count"/> more values fit.</summary>
    public bool HasRoomFor(long count) => count <= MaxValues - _values;

    /// <summary>Charges <paramref name="values"/> values and <paramref name="bytes"/> bytes (each at most the budget's).</summary>
    /// <exception cref="InvalidCastException">The budget is spent.</exception>
    public void Charge(long values, long bytes)
    {
        _values += values;
        _bytes += bytes;
        if (_values > MaxValues)
        {
            throw TooManyValues();
        }

        if (_bytes > MaxBytes)
        {
            throw new InvalidCastException(string.Create(CultureInfo.InvariantCulture,
                $"The value is too large to pass to the host: more than {MaxBytes} bytes of strings and binary data."));
        }
    }

    /// <summary>The failure for a value of more than <see cref="MaxValues"/> values.</summary>
    public static InvalidCastException TooManyValues() => new(string.Create(CultureInfo.InvariantCulture,
        $"The value is too large to pass to the host: more than {MaxValues} values."));
}
