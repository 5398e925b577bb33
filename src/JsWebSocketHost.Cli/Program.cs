using System.Runtime.InteropServices;
using JsWebSocketHost.Cli;

// Ctrl+C (SIGINT) and SIGTERM (kill, timeout, container stop) both cancel the run, which then ends cleanly.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});

return await CommandLine.RunAsync(args, Console.Out, Console.Error, cancel.Token).ConfigureAwait(false);
