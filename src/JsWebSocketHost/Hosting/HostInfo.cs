using System.Reflection;

namespace JsWebSocketHost.Hosting;

/// <summary>Facts about this build of the library.</summary>
internal static class HostInfo
{
    /// <summary>The library's version, such as "0.1.0".</summary>
    public static readonly string Version =
        typeof(HostInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
