namespace JsWebSocketHost.Streams;

/// <summary>A WritableStream's [[state]].</summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#writablestream-state.</remarks>
internal enum WritableStreamState
{
    /// <summary>"writable".</summary>
    Writable,

    /// <summary>"closed".</summary>
    Closed,

    /// <summary>"erroring".</summary>
    Erroring,

    /// <summary>"errored".</summary>
    Errored,
}
