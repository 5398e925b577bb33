using JsWebSocketHost.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await CommandLine.RunAsync(args, Console.Out, Console.Error, cancel.Token).ConfigureAwait(false);
