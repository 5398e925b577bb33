using System.Text.Json;
using System.Xml.Linq;
using JsWebSocketHost.Cli;

namespace JsWebSocketHost.Tests.Cli;

/// <summary><c>jsws test --reporter tap|junit|json</c> on files with a pass, a failure, a harness error and a skip.</summary>
[TestFixture]
public sealed class TestReporterTests
{
    private string _dir = null!;
    private string[] _files = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "jsws-report-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _files =
        [
            Write("a.any.js", "test(() => assert_equals(1, 2, 'one is two'), 'bad');\ntest(() => {}, 'good # hash');"),
            Write("b.any.js", "// META: global=dedicatedworker\ntest(() => {}, 'worker');"),
            Write("c.any.js", "throw new Error('boom');"),
        ];
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private async Task<(int Code, string Out, string Err)> Report(string reporter)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CommandLine.RunAsync(["test", "--reporter", reporter, .. _files], stdout, stderr, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return (code, stdout.ToString().ReplaceLineEndings("\n"), stderr.ToString().ReplaceLineEndings("\n"));
    }

    [Test]
    public async Task Tap_has_a_version_a_line_per_subtest_yaml_for_failures_and_a_plan_that_counts_them()
    {
        var (code, output, error) = await Report("tap");
        var lines = output.TrimEnd('\n').Split('\n');

        Assert.That(code, Is.EqualTo(1));
        Assert.That(lines[0], Is.EqualTo("TAP version 13"));
        Assert.That(lines[^1], Is.EqualTo("1..4"));
        Assert.That(lines.Count(l => l.StartsWith("ok ", StringComparison.Ordinal) || l.StartsWith("not ok ", StringComparison.Ordinal)), Is.EqualTo(4));
        Assert.That(output, Does.Contain($"not ok 1 - {_files[0]} > bad\n  ---\n  status: FAIL\n  message: \"assert_equals: one is two expected 2 but got 1\"\n"));
        Assert.That(output, Does.Contain($"ok 2 - {_files[0]} > good \\# hash\n"), "a '#' in a name is escaped, not a directive");
        Assert.That(output, Does.Contain($"ok 3 - {_files[1]} # SKIP"));
        Assert.That(output, Does.Contain($"not ok 4 - {_files[2]} > harness\n  ---\n  status: ERROR\n  message: \"boom\""));
        Assert.That(error, Is.EqualTo("1 passed, 1 failed, 1 harness errors\n"));
    }

    [Test]
    public async Task JUnit_has_the_elements_and_attributes_ci_test_views_require_and_the_counts_add_up()
    {
        var (code, output, error) = await Report("junit");
        var root = XDocument.Parse(output).Root!;

        Assert.That(code, Is.EqualTo(1));
        Assert.That(root.Name.LocalName, Is.EqualTo("testsuites"));
        var suites = root.Elements("testsuite").ToList();
        Assert.That(suites, Has.Count.EqualTo(3));
        foreach (var suite in suites)
        {
            foreach (var attribute in new[] { "name", "tests", "failures", "errors", "skipped", "time" })
            {
                Assert.That(suite.Attribute(attribute), Is.Not.Null, $"testsuite@{attribute}");
            }

            var cases = suite.Elements("testcase").ToList();
            Assert.That(int.Parse(suite.Attribute("tests")!.Value, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(cases.Count));
            Assert.That(int.Parse(suite.Attribute("failures")!.Value, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(cases.Count(c => c.Element("failure") is not null)));
            Assert.That(int.Parse(suite.Attribute("errors")!.Value, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(cases.Count(c => c.Element("error") is not null)));
            foreach (var testCase in cases)
            {
                Assert.That(testCase.Attribute("name"), Is.Not.Null);
                Assert.That(testCase.Attribute("classname"), Is.Not.Null);
            }
        }

        Assert.That(suites[0].Elements("testcase").First().Element("failure")!.Attribute("message")!.Value, Is.EqualTo("assert_equals: one is two expected 2 but got 1"));
        Assert.That(suites[1].Descendants("skipped").Count(), Is.EqualTo(1));
        Assert.That(suites[2].Descendants("error").Single().Attribute("message")!.Value, Is.EqualTo("boom"));
        Assert.That(root.Attribute("tests")!.Value, Is.EqualTo("4"));
        Assert.That(error, Is.EqualTo("1 passed, 1 failed, 1 harness errors\n"));
    }

    [Test]
    public async Task Json_lists_every_file_with_its_harness_status_and_subtests_and_the_counts()
    {
        var (code, output, _) = await Report("json");
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        var files = root.GetProperty("files");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(files.GetArrayLength(), Is.EqualTo(3));
        Assert.That(files[0].GetProperty("subtests")[0].GetProperty("status").GetString(), Is.EqualTo("FAIL"));
        Assert.That(files[0].GetProperty("subtests")[1].GetProperty("name").GetString(), Is.EqualTo("good # hash"));
        Assert.That(files[1].GetProperty("harness").GetProperty("status").GetString(), Is.EqualTo("NOT_APPLICABLE"));
        Assert.That(files[2].GetProperty("harness").GetProperty("message").GetString(), Is.EqualTo("boom"));
        Assert.That(root.GetProperty("passed").GetInt32(), Is.EqualTo(1));
        Assert.That(root.GetProperty("failed").GetInt32(), Is.EqualTo(1));
        Assert.That(root.GetProperty("harnessErrors").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task An_unknown_reporter_is_a_usage_error()
    {
        using var stderr = new StringWriter();
        var code = await CommandLine.RunAsync(["test", "--reporter", "xml", _files[0]], TextWriter.Null, stderr, CancellationToken.None);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr.ToString(), Does.StartWith("jsws: --reporter: 'xml' is not one of console, tap, junit, json"));
    }
}
