using Jint.Native;

namespace JsWebSocketHost.Streams;

/// <summary>What a readable stream asks of its controller, default or byte: the spec's internal methods.</summary>
/// <remarks>Spec: https://streams.spec.whatwg.org/#rs-abstract-ops-used-by-controllers.</remarks>
internal interface IReadableStreamController
{
    /// <summary>[[CancelSteps]](reason): a promise for the source's cancel.</summary>
    JsValue CancelSteps(JsValue reason);

    /// <summary>[[PullSteps]](readRequest): a default reader's read.</summary>
    void PullSteps(IReadRequest readRequest);

    /// <summary>[[ReleaseSteps]](): the reader's lock is released.</summary>
    void ReleaseSteps();
}
