using System.Diagnostics;

namespace JsWebSocketHost.Tests.Reliability;

/// <summary>Kills a child process that is still running when disposed: a failed test leaves no jsws behind.</summary>
internal sealed class ProcessKiller(Process process) : IDisposable
{
    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // never started, or already gone
        }
    }
}
