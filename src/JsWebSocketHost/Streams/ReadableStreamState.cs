namespace JsWebSocketHost.Streams;

/// <summary>A ReadableStream's [[state]].</summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#readablestream-state.</remarks>
internal enum ReadableStreamState
{
    /// <summary>"readable".</summary>
    Readable,

    /// <summary>"closed".</summary>
    Closed,

    /// <summary>"errored".</summary>
    Errored,
}
