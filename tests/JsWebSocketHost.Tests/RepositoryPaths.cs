namespace JsWebSocketHost.Tests;

/// <summary>Finds files of the repository from the test assembly's folder.</summary>
internal static class RepositoryPaths
{
    /// <summary>The folder holding JsWebSocketHost.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "JsWebSocketHost.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (JsWebSocketHost.sln) above " + AppContext.BaseDirectory);
    }
}
