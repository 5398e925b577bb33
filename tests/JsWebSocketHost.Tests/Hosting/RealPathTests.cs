using JsWebSocketHost.Hosting;

namespace JsWebSocketHost.Tests.Hosting;

[TestFixture]
public sealed class RealPathTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "jsws-realpath-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_dir, "a", "b"));
        Directory.CreateDirectory(Path.Combine(_dir, "elsewhere", "deep"));
        File.WriteAllText(Path.Combine(_dir, "elsewhere", "deep", "f.txt"), "f");
        _dir = RealPath.Of(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string At(params string[] names) => Path.Combine([_dir, .. names]);

    [Test]
    public void A_link_in_a_middle_folder_is_resolved()
    {
        Directory.CreateSymbolicLink(At("a", "mid"), At("elsewhere", "deep"));

        Assert.That(RealPath.Of(At("a", "mid", "f.txt")), Is.EqualTo(At("elsewhere", "deep", "f.txt")));
    }

    [Test]
    public void Dot_dot_after_a_link_leads_to_the_parent_of_its_target()
    {
        Directory.CreateSymbolicLink(At("a", "mid"), At("elsewhere", "deep"));

        Assert.That(RealPath.Of(At("a", "mid") + "/../deep/f.txt"), Is.EqualTo(At("elsewhere", "deep", "f.txt")));
    }

    [Test]
    public void A_chain_of_relative_links_is_followed_to_the_end()
    {
        File.CreateSymbolicLink(At("a", "b", "one"), "../two");
        File.CreateSymbolicLink(At("a", "two"), "../elsewhere/deep/f.txt");

        Assert.That(RealPath.Of(At("a", "b", "one")), Is.EqualTo(At("elsewhere", "deep", "f.txt")));
    }

    [Test]
    public void A_missing_name_is_kept_and_a_link_after_it_is_still_resolved()
    {
        Directory.CreateSymbolicLink(At("a", "mid"), At("elsewhere"));

        Assert.That(RealPath.Of(At("a", "missing", "x.txt")), Is.EqualTo(At("a", "missing", "x.txt")));
        Assert.That(RealPath.Of(At("a", "missing") + "/../mid/deep/f.txt"), Is.EqualTo(At("elsewhere", "deep", "f.txt")));
    }

    [Test]
    public void A_link_loop_throws_an_IOException()
    {
        File.CreateSymbolicLink(At("a", "loop"), "loop");

        Assert.Throws<IOException>(() => RealPath.Of(At("a", "loop", "x")));
    }

    [TestCase("/tmp/root", "/tmp/root", ExpectedResult = true)]
    [TestCase("/tmp/root/x", "/tmp/root", ExpectedResult = true)]
    [TestCase("/tmp/root-evil/x", "/tmp/root", ExpectedResult = false)]
    [TestCase("/tmp/rootx", "/tmp/root", ExpectedResult = false)]
    [TestCase("/tmp", "/tmp/root", ExpectedResult = false)]
    [TestCase("/etc/passwd", "/", ExpectedResult = true)]
    public bool IsUnder_compares_whole_names(string path, string folder) => RealPath.IsUnder(path, folder);
}
