using Jint.Native.Temporal;

namespace JsWebSocketHost.Cli;

/// <summary>
/// Keeps the first Jint engine of the process from reading every time zone of the system, which was half of a native
/// <c>jsws run</c>.
/// </summary>
/// <remarks>
/// Jint 4.18's <see cref="DefaultTimeZoneProvider"/>, which every <c>Jint.Options</c> takes, fills a table with the id
/// of each zone of <see cref="TimeZoneInfo.GetSystemTimeZones()"/> in its static constructor. On Linux that parses all
/// of the ~420 files under /usr/share/zoneinfo: 4.5 ms of a 10 ms native start-up. Only the provider's Windows branch
/// ever reads that table (its canonical casing of ids). Off Windows, then, the static constructor runs here, first
/// thing in the process, while .NET's time-zone folder (the <c>TZDIR</c> it reads) names a folder that does not exist,
/// so the zone list it gets is empty. Then <c>TZDIR</c> is put back as it was and .NET's time-zone cache is cleared:
/// every later lookup (a Date's local time, Temporal, Intl) reads the real folder as before, and the whole list is
/// read only when a script asks for it (<c>Intl.supportedValuesOf("timeZone")</c>). This runs before the process has
/// another thread that could ask .NET for a time zone meanwhile.
/// </remarks>
internal static class TimeZoneStartup
{
    private const string TimeZoneFolderVariable = "TZDIR";

    /// <summary>Runs the provider's static constructor without the system's zone list (not on Windows).</summary>
    public static void InitializeJintTimeZones()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var folder = Environment.GetEnvironmentVariable(TimeZoneFolderVariable);
        var missing = Path.Combine(Path.GetTempPath(), "jsws-no-zoneinfo-" + Guid.NewGuid().ToString("N"));
        Environment.SetEnvironmentVariable(TimeZoneFolderVariable, missing);
        try
        {
            // Explicitly, not through a field read the JIT may hoist or drop (the type is beforefieldinit).
            System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(DefaultTimeZoneProvider).TypeHandle);
        }
        finally
        {
            Environment.SetEnvironmentVariable(TimeZoneFolderVariable, folder);
            TimeZoneInfo.ClearCachedData();
        }
    }
}
