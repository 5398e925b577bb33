using System.Text.RegularExpressions;

namespace JsWebSocketHost.Tests;

/// <summary>
/// DESIGN.md's layering: Hosting → WebSockets → Dom/FileApi/Encoding/Url/Streams → WebIdl. The platform layers reach the host
/// only through WebIdl's narrow <c>IHostEnvironment</c>, never through the Hosting namespace.
/// </summary>
[TestFixture]
public sealed partial class LayeringTests
{
    [GeneratedRegex(@"^(?!\s*///).*\bHosting\b", RegexOptions.Multiline)]
    private static partial Regex HostingReference();

    [TestCase("Dom")]
    [TestCase("FileApi")]
    [TestCase("Encoding")]
    [TestCase("Url")]
    [TestCase("Streams")]
    [TestCase("WebIdl")]
    public void A_platform_layer_does_not_reach_into_Hosting(string folder)
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "src", "JsWebSocketHost", folder), "*.cs");
        var offenders = files.Where(f => HostingReference().IsMatch(File.ReadAllText(f))).Select(Path.GetFileName).ToArray();

        Assert.That(files, Is.Not.Empty);
        Assert.That(offenders, Is.Empty);
    }
}
