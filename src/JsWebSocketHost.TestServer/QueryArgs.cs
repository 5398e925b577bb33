using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace JsWebSocketHost.TestServer;

/// <summary>A request's query parameters, read strictly: a malformed value is a <see cref="BadRequestException"/>.</summary>
internal sealed class QueryArgs
{
    private readonly Dictionary<string, StringValues> _values;

    private QueryArgs(Dictionary<string, StringValues> values) => _values = values;

    public static QueryArgs Parse(string? queryString) => new(QueryHelpers.ParseQuery(queryString));

    /// <summary>The parameter's last value, or <see langword="null"/> when absent (present and empty is "").</summary>
    public string? GetString(string name) =>
        _values.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] ?? string.Empty : null;

    public int GetInt(string name, int defaultValue, int min, int max) => GetOptionalInt(name, min, max) ?? defaultValue;

    public int? GetOptionalInt(string name, int min, int max)
    {
        var text = GetString(name);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new BadRequestException(string.Create(
                CultureInfo.InvariantCulture, $"Query parameter '{name}' must be an integer from {min} to {max}; got '{text}'."));
        }

        return value;
    }
}
