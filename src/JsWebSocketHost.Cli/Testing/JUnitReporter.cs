using System.Globalization;
using System.Xml;

namespace JsWebSocketHost.Cli.Testing;

/// <summary>
/// JUnit XML, as CI test views read it: a <c>testsuites</c> root, a <c>testsuite</c> per file (name, tests,
/// failures, errors, skipped, time), a <c>testcase</c> per subtest (classname, name, time) with a <c>failure</c>
/// (failed, timed out, not run) or <c>error</c> (a harness that did not end OK, as a testcase of its own).
/// </summary>
internal sealed class JUnitReporter(TextWriter stdout, TextWriter stderr) : ITestReporter
{
    private readonly List<FileResult> _results = [];

    public Task FileAsync(FileResult result)
    {
        _results.Add(result);
        return Task.CompletedTask;
    }

    public async Task EndAsync(TestSummary summary)
    {
        var settings = new XmlWriterSettings { Indent = true, Async = true, OmitXmlDeclaration = false, Encoding = new System.Text.UTF8Encoding(false) };
        await using (var xml = XmlWriter.Create(stdout, settings))
        {
            await xml.WriteStartDocumentAsync().ConfigureAwait(false);
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", "jsws test");
            xml.WriteAttributeString("tests", Count(static r => Cases(r)));
            xml.WriteAttributeString("failures", Count(static r => r.Subtests.Count(static s => s.Status != "PASS")));
            xml.WriteAttributeString("errors", Count(static r => IsHarnessError(r) ? 1 : 0));
            foreach (var result in _results)
            {
                var suite = result.Path + result.Variant;
                var failures = result.Subtests.Count(static s => s.Status != "PASS");
                var error = IsHarnessError(result);
                xml.WriteStartElement("testsuite");
                xml.WriteAttributeString("name", suite);
                xml.WriteAttributeString("tests", Cases(result).ToString(CultureInfo.InvariantCulture));
                xml.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
                xml.WriteAttributeString("errors", error ? "1" : "0");
                xml.WriteAttributeString("skipped", result.HarnessStatus == "NOT_APPLICABLE" ? "1" : "0");
                xml.WriteAttributeString("time", "0");
                foreach (var subtest in result.Subtests)
                {
                    xml.WriteStartElement("testcase");
                    xml.WriteAttributeString("classname", suite);
                    xml.WriteAttributeString("name", subtest.Name);
                    xml.WriteAttributeString("time", "0");
                    if (subtest.Status != "PASS")
                    {
                        xml.WriteStartElement("failure");
                        xml.WriteAttributeString("type", subtest.Status);
                        xml.WriteAttributeString("message", subtest.Message ?? subtest.Status);
                        xml.WriteString(string.Join("\n", TestCommand.OwnFrames(subtest.Stack)));
                        xml.WriteEndElement();
                    }

                    xml.WriteEndElement();
                }

                if (error)
                {
                    xml.WriteStartElement("testcase");
                    xml.WriteAttributeString("classname", suite);
                    xml.WriteAttributeString("name", "harness");
                    xml.WriteAttributeString("time", "0");
                    xml.WriteStartElement("error");
                    xml.WriteAttributeString("type", result.HarnessStatus);
                    xml.WriteAttributeString("message", result.HarnessMessage ?? result.HarnessStatus);
                    xml.WriteEndElement();
                    xml.WriteEndElement();
                }
                else if (result.HarnessStatus == "NOT_APPLICABLE")
                {
                    xml.WriteStartElement("testcase");
                    xml.WriteAttributeString("classname", suite);
                    xml.WriteAttributeString("name", "(file)");
                    xml.WriteAttributeString("time", "0");
                    xml.WriteStartElement("skipped");
                    xml.WriteAttributeString("message", result.HarnessMessage ?? "not applicable");
                    xml.WriteEndElement();
                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            await xml.WriteEndDocumentAsync().ConfigureAwait(false);
        }

        await stdout.WriteLineAsync().ConfigureAwait(false);
        await stderr.WriteLineAsync(summary.Line).ConfigureAwait(false);
    }

    private static bool IsHarnessError(FileResult result) => result.HarnessStatus is not ("OK" or "NOT_APPLICABLE");

    // The subtests, plus the testcase that stands for the file when its harness erred or it did not apply.
    private static int Cases(FileResult result) => result.Subtests.Count + (result.HarnessStatus == "OK" ? 0 : 1);

    private string Count(Func<FileResult, int> count) => _results.Sum(count).ToString(CultureInfo.InvariantCulture);
}
