namespace JsWebSocketHost.Hosting;

// The copied form of a host value between the call that received it and the loop task that makes it a JS value.
// A snapshot holds only: null, HostUndefined, bool, double, string, an owned byte[], HostArray, HostObject and
// HostFunction. Each snapshot is turned into JS values once (an owned byte[] becomes an ArrayBuffer's data block).

/// <summary>JSON's "no value" (a default <see cref="System.Text.Json.JsonElement"/>): becomes <c>undefined</c>.</summary>
internal sealed class HostUndefined
{
    public static readonly HostUndefined Instance = new();

    private HostUndefined()
    {
    }
}

/// <summary>A copied list: becomes an <c>Array</c>.</summary>
internal sealed class HostArray(object?[] items)
{
    public object?[] Items { get; } = items;
}

/// <summary>A copied string-keyed dictionary: becomes a plain object whose prototype is <c>Object.prototype</c>.</summary>
internal sealed class HostObject(KeyValuePair<string, object?>[] properties)
{
    public KeyValuePair<string, object?>[] Properties { get; } = properties;
}
