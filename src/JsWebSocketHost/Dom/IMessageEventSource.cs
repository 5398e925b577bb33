namespace JsWebSocketHost.Dom;

/// <summary>
/// A platform object that is a <c>MessageEventSource</c>: here only a <c>MessagePort</c> (there are no windows or
/// service workers). Lets <c>MessageEvent</c> check <c>source</c> and <c>ports</c> without knowing the Hosting layer.
/// </summary>
/// <remarks>Spec: https://html.spec.whatwg.org/multipage/comms.html#messageeventsource.</remarks>
internal interface IMessageEventSource;
