using System.Text;
using JsWebSocketHost.Url;

namespace JsWebSocketHost.Tests.Url;

/// <summary>
/// Runs the C#-side tables (<see cref="UrlParserTests.ParseCases"/> and <see cref="UrlSetterTests.SetterCases"/>)
/// again from script, through <c>URL</c>, <c>URL.parse</c>, <c>URL.canParse</c> and the attribute setters. Each
/// table is one batched script that checks every row and prints one line per mismatch.
/// </summary>
[TestFixture]
public sealed class UrlBindingTableTests
{
    private static readonly string[] Components =
        ["protocol", "username", "password", "host", "hostname", "port", "pathname", "search", "hash", "origin"];

    [Test]
    public async Task Every_parse_table_row_gives_the_same_result_through_the_URL_interface()
    {
        var rows = new StringBuilder();
        foreach (var row in UrlParserTests.ParseCases)
        {
            rows.Append('[').Append(JsLiteral.Quote(row.Input)).Append(", ").Append(JsLiteral.Quote(row.Base)).Append(", ")
                .Append(JsLiteral.Quote(row.ExpectedHref)).Append(", ").Append(JsLiteral.Quote(row.Description)).Append(", ");

            // For rows that parse: each component getter and the query object's serialization, as the C# record
            // computes them, so the script checks that the binding hands out every component faithfully.
            if (row.ExpectedHref is not null && UrlParser.TryParse(row.Input, row.Base, out var url))
            {
                string[] parts =
                [
                    url.Protocol, url.Username, url.Password, url.HostAndPort, url.Hostname, url.PortString,
                    url.Pathname, url.Search, url.Hash, url.Origin,
                    FormUrlEncoded.Serialize(FormUrlEncoded.Parse(url.Query ?? "")),
                ];
                rows.Append('[').AppendJoin(", ", parts.Select(JsLiteral.Quote)).Append(']');
            }
            else
            {
                rows.Append("null");
            }

            rows.Append("],\n");
        }

        var source = $$"""
            const rows = [
            {{rows}}];
            const components = [{{string.Join(", ", Components.Select(JsLiteral.Quote))}}];
            const show = JSON.stringify;
            let checkedRows = 0;
            for (const [input, base, expected, description, parts] of rows) {
              const fail = (what) => console.log(description + ": " + what);
              const args = base === null ? [input] : [input, base];
              let url = null, error = null;
              try { url = new URL(...args); } catch (e) { error = e; }
              const parsed = URL.parse(...args);
              const can = URL.canParse(...args);
              checkedRows++;
              if (expected === null) {
                if (!(error instanceof TypeError)) fail("new URL did not throw a TypeError but gave " + show(url && url.href));
                if (parsed !== null) fail("URL.parse gave " + show(parsed && parsed.href));
                if (can !== false) fail("URL.canParse gave " + can);
                continue;
              }
              if (error !== null) { fail("new URL threw " + error); continue; }
              if (url.href !== expected) fail("href " + show(url.href) + ", expected " + show(expected));
              if (String(url) !== expected) fail("String(url) " + show(String(url)));
              if (url.toJSON() !== expected) fail("toJSON() " + show(url.toJSON()));
              if (parsed === null || parsed.href !== expected) fail("URL.parse gave " + show(parsed && parsed.href));
              if (can !== true) fail("URL.canParse gave " + can);
              const again = URL.parse(expected);
              if (again === null || again.href !== expected) fail("reparsing the href gave " + show(again && again.href));
              if (parts === null) { fail("the C# parser did not parse this row"); continue; }
              components.forEach((name, i) => {
                if (url[name] !== parts[i]) fail(name + " " + show(url[name]) + ", expected " + show(parts[i]));
              });
              if (url.searchParams.toString() !== parts[components.length]) fail("searchParams " + show(url.searchParams.toString()));
            }
            console.log("checked " + checkedRows);
            """;

        var lines = await RunAsync(source);

        Assert.That(UrlParserTests.ParseCases, Has.Length.GreaterThanOrEqualTo(300));
        Assert.That(lines[..^1], Is.Empty, "rows that differ from the table");
        Assert.That(lines[^1], Is.EqualTo("checked " + UrlParserTests.ParseCases.Length));
    }

    [Test]
    public async Task Every_setter_table_row_gives_the_same_href_through_the_URL_attributes()
    {
        var rows = new StringBuilder();
        foreach (var row in UrlSetterTests.SetterCases)
        {
            rows.Append('[').Append(JsLiteral.Quote(row.Href)).Append(", ")
                .Append(JsLiteral.Quote(row.Setter.ToString().ToLowerInvariant())).Append(", ")
                .Append(JsLiteral.Quote(row.Value)).Append(", ").Append(JsLiteral.Quote(row.ExpectedHref)).Append(", ")
                .Append(JsLiteral.Quote(row.ToString())).Append("],\n");
        }

        var source = $$"""
            const rows = [
            {{rows}}];
            const show = JSON.stringify;
            let checkedRows = 0;
            for (const [href, attribute, value, expected, description] of rows) {
              const fail = (what) => console.log(description + ": " + what);
              const url = new URL(href);
              const before = url.href;
              const query = url.searchParams;
              let error = null;
              try { url[attribute] = value; } catch (e) { error = e; }
              checkedRows++;
              if (expected === null) {
                if (!(error instanceof TypeError)) fail("the setter did not throw a TypeError");
                if (url.href !== before) fail("a failed setter changed href to " + show(url.href));
              } else {
                if (error !== null) { fail("the setter threw " + error); continue; }
                if (url.href !== expected) fail("href " + show(url.href) + ", expected " + show(expected));
              }
              if (url.searchParams !== query) fail("searchParams is a different object");
              const fresh = new URLSearchParams(url.search).toString();
              if (query.toString() !== fresh) fail("searchParams " + show(query.toString()) + " does not mirror search " + show(url.search));
            }
            console.log("checked " + checkedRows);
            """;

        var lines = await RunAsync(source);

        Assert.That(lines[..^1], Is.Empty, "rows that differ from the table");
        Assert.That(lines[^1], Is.EqualTo("checked " + UrlSetterTests.SetterCases.Length));
    }

    private static async Task<string[]> RunAsync(string source)
    {
        await using var run = await ScriptRun.RunAsync(source);
        Assert.That(run.Error, Is.Empty, "uncaught error");
        Assert.That(run.Result!.Succeeded, Is.True);
        return run.OutputLines;
    }
}
