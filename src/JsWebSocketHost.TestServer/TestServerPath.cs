namespace JsWebSocketHost.TestServer;

/// <summary>One behaviour of the test server: its path, an example request target, and what it does.</summary>
/// <param name="Path">The path that selects the behaviour.</param>
/// <param name="Example">A request target that shows its query parameters.</param>
/// <param name="Summary">One line on what the server does.</param>
/// <param name="IsRaw">Whether the raw HTTP/1.1 handler answers it (before Kestrel parses the request).</param>
internal sealed record TestServerPath(string Path, string Example, string Summary, bool IsRaw);
