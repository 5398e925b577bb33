using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using JsWebSocketHost.Hosting;

namespace JsWebSocketHost.Cli.Testing.Browser;

/// <summary>
/// A Chrome DevTools Protocol client whose WebSocket is this project's own: a <see cref="ScriptHost"/> runs a small
/// bridge script with a <c>WebSocket</c> to the browser's endpoint, and C# drives it through the embedding API
/// (<see cref="ScriptHost.DispatchEvent"/> to send, a <see cref="ScriptHost.SetGlobal"/> callback to receive).
/// </summary>
/// <remarks>Protocol: https://chromedevtools.github.io/devtools-protocol/ (commands carry an id, events a method).</remarks>
internal sealed class DevToolsClient : IAsyncDisposable
{
    private const string Bridge = """
        const socket = new WebSocket(__devtools_url);
        socket.onopen = () => __devtools_opened();
        socket.onmessage = event => __devtools_message(event.data);
        socket.onclose = event => __devtools_closed(event.code, event.reason);
        addEventListener('devtools-send', event => socket.send(event.detail));
        addEventListener('devtools-close', () => socket.close());
        """;

    private readonly ScriptHost _host;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly ConcurrentDictionary<string, Action<string, JsonElement>> _sessions = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task<ScriptRunResult>? _run;
    private long _nextId;

    private DevToolsClient(Uri endpoint)
    {
        // Only the browser's own endpoint on loopback; no files; a DevTools message may be large (a page's source).
        var options = ScriptHostOptions.ForTrustedScripts();
        options.StandardOutput = TextWriter.Null;
        options.StandardError = TextWriter.Null;
        options.WebSockets.Network.AllowedHosts.Add($"{endpoint.Host}:{endpoint.Port}");
        options.WebSockets.KeepAliveInterval = TimeSpan.Zero;
        // Runtime.enable forwards a page's console calls: allow big ones. A bigger one ends the connection, and the
        // run then reports each remaining page as an error (see Closed) instead of waiting for it.
        options.WebSockets.MaxMessageSize = 512L * 1024 * 1024;
        _host = new ScriptHost(options);
        _host.SetGlobal("__devtools_url", endpoint.ToString());
        _host.SetGlobal("__devtools_opened", (Action)(() => _opened.TrySetResult()));
        _host.SetGlobal("__devtools_message", (Action<string>)Receive);
        _host.SetGlobal("__devtools_closed", (Action<int, string>)((code, reason) =>
        {
            var why = $"the DevTools connection closed ({code}{(reason.Length > 0 ? " " + reason : "")})";
            _closed.TrySetResult(why);
            _opened.TrySetException(new IOException(why));
            foreach (var id in _pending.Keys)
            {
                if (_pending.TryRemove(id, out var waiter))
                {
                    waiter.TrySetException(new IOException(why));
                }
            }
        }));
        _host.EnqueueScript(Bridge, "devtools-bridge.js");
    }

    /// <summary>Opens the WebSocket to <paramref name="endpoint"/> (<c>ws://127.0.0.1:PORT/devtools/browser/ID</c>).</summary>
    /// <exception cref="IOException">The connection did not open.</exception>
    public static async Task<DevToolsClient> ConnectAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        var client = new DevToolsClient(endpoint);
        client._run = client._host.RunAsync(CancellationToken.None);
        try
        {
            await client._opened.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return client;
    }

    /// <summary>Completes, with why, when the connection has closed.</summary>
    public Task<string> Closed => _closed.Task;

    /// <summary>Routes the events of <paramref name="sessionId"/> (method, params) to <paramref name="handler"/>, on the loop thread.</summary>
    public void Subscribe(string sessionId, Action<string, JsonElement> handler) => _sessions[sessionId] = handler;

    /// <summary>Stops routing the events of <paramref name="sessionId"/>.</summary>
    public void Unsubscribe(string sessionId) => _sessions.TryRemove(sessionId, out _);

    /// <summary>Sends a command and waits for its result.</summary>
    /// <param name="method">E.g. <c>Target.createTarget</c>.</param>
    /// <param name="parameters">The command's params, or null.</param>
    /// <param name="sessionId">The target session (flat mode), or null for the browser.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>The command's <c>result</c>.</returns>
    /// <exception cref="IOException">The browser answered with an error, or the connection closed.</exception>
    public async Task<JsonElement> SendAsync(string method, JsonObject? parameters, string? sessionId, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var command = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
        if (sessionId is not null)
        {
            command["sessionId"] = sessionId;
        }

        var waiter = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = waiter;
        if (_closed.Task.IsCompleted)
        {
            _pending.TryRemove(id, out _);
            throw new IOException(await _closed.Task.ConfigureAwait(false));
        }

        _host.DispatchEvent("devtools-send", command.ToJsonString());
        try
        {
            return await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Closes the connection and ends the bridge's host.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_closed.Task.IsCompleted)
            {
                _host.DispatchEvent("devtools-close");
                await _closed.Task.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is TimeoutException or ObjectDisposedException)
        {
            // The browser is gone or slow: disposing the host aborts the socket.
        }

        await _host.DisposeAsync().ConfigureAwait(false);
        if (_run is not null)
        {
            await _run.ConfigureAwait(false);
        }
    }

    // On the loop thread: a command's answer completes its waiter; an event goes to its session's handler.
    private void Receive(string text)
    {
        using var message = JsonDocument.Parse(text);
        var root = message.RootElement;
        if (root.TryGetProperty("id", out var idElement) && idElement.TryGetInt64(out var id))
        {
            if (!_pending.TryRemove(id, out var waiter))
            {
                return;
            }

            if (root.TryGetProperty("error", out var error))
            {
                var detail = error.TryGetProperty("message", out var m) ? m.GetString() : error.ToString();
                waiter.TrySetException(new IOException($"DevTools: {detail}"));
            }
            else
            {
                waiter.TrySetResult(root.TryGetProperty("result", out var result) ? result.Clone() : default);
            }

            return;
        }

        if (root.TryGetProperty("method", out var method)
            && root.TryGetProperty("sessionId", out var session)
            && _sessions.TryGetValue(session.GetString() ?? "", out var handler))
        {
            handler(method.GetString() ?? "", root.TryGetProperty("params", out var p) ? p.Clone() : default);
        }
    }
}
