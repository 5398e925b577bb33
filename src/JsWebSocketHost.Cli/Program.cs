using System.Runtime.InteropServices;
using JsWebSocketHost.Cli;

// Before anything else, while this is the only thread: Jint's time-zone table without reading every zone file.
TimeZoneStartup.InitializeJintTimeZones();

// Socket completions run on the socket engine's own thread instead of hopping to the thread pool: measured with the
// same scripts as processes, ping-pong 9.9k -> 11.3k round trips/s, pipelined 46k -> 66k messages/s, 1 MiB bulk
// 67 -> 72 MiB/s, churn unchanged. The loop stays single-threaded either way (a socket thread that finds the loop
// parked runs its tasks; see EventLoop.PostAndTryRunInline). Read once, when the first socket is made, so it must
// be set before anything touches the network; a value the user set (0 to turn it off) is left alone.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

// Ctrl+C (SIGINT) and SIGTERM (kill, timeout, container stop) both cancel the run, which then ends cleanly.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    if (CommandLine.InterruptHandler?.Invoke() != true)
    {
        cancel.Cancel();
    }
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});

return await CommandLine.RunAsync(args, Console.Out, Console.Error, cancel.Token).ConfigureAwait(false);
