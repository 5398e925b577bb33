namespace JsWebSocketHost.Tests.Url;

/// <summary>
/// Behaviour of the <c>URL</c> interface from script: the constructor and its base, <c>URL.parse</c> and
/// <c>URL.canParse</c>, argument conversion, the setters, and the link between a URL and its <c>searchParams</c>
/// (https://url.spec.whatwg.org/#url-class and https://url.spec.whatwg.org/#concept-urlsearchparams-update).
/// </summary>
[TestFixture]
public sealed class UrlInterfaceTests
{
    [Test]
    public async Task A_failed_parse_is_a_TypeError_whose_message_names_the_input()
    {
        var lines = await RunAsync("""
            for (const args of [["no scheme"], ["http://[bad/"], ["x", "not a base"], ["//:80/", "http://h/"]]) {
              try { new URL(...args); console.log("parsed"); }
              catch (e) { console.log(e instanceof TypeError, e.message); }
            }
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "true Failed to construct 'URL': Invalid URL 'no scheme'.",
            "true Failed to construct 'URL': Invalid URL 'http://[bad/'.",
            "true Failed to construct 'URL': Invalid base URL 'not a base'.",
            "true Failed to construct 'URL': Invalid URL '//:80/' with base 'http://h/'.",
        }));
    }

    [Test]
    public async Task An_undefined_base_is_no_base_but_null_is_the_string_null()
    {
        var lines = await RunAsync("""
            console.log(new URL("http://h/x", undefined).href, URL.canParse("http://h/x", null), URL.canParse("x", undefined));
            try { new URL("http://h/x", null); } catch (e) { console.log(e.message); }
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "http://h/x false false",
            "Failed to construct 'URL': Invalid base URL 'null'.",
        }));
    }

    [Test]
    public async Task The_base_is_a_string_so_a_URL_object_is_converted_through_its_href()
    {
        var lines = await RunAsync("""
            const base = new URL("http://h/a/b?q#f");
            console.log(new URL("c", base).href, new URL(base).href, URL.parse("../d", base).href);
            base.pathname = "/z/";
            console.log(new URL("c", base).href);
            """);

        Assert.That(lines, Is.EqualTo(new[] { "http://h/a/c http://h/a/b?q#f http://h/d", "http://h/z/c" }));
    }

    [Test]
    public async Task Arguments_are_converted_url_first_then_base()
    {
        var lines = await RunAsync("""
            const log = [];
            const arg = (name, value) => ({ toString() { log.push(name); return value; } });
            new URL(arg("url", "x"), arg("base", "http://h/"));
            URL.parse(arg("url", "x"), arg("base", "http://h/"));
            URL.canParse(arg("url", "x"), arg("base", "http://h/"));
            console.log(log.join());
            try { new URL(Symbol("s")); } catch (e) { console.log(e instanceof TypeError); }
            """);

        Assert.That(lines, Is.EqualTo(new[] { "url,base,url,base,url,base", "true" }));
    }

    [Test]
    public async Task Lone_surrogates_in_arguments_become_U_FFFD_before_parsing()
    {
        var lines = await RunAsync("""
            const u = new URL("http://h/\uD800?\uDC00#\uDBFF");
            console.log(u.pathname, u.search, u.hash);
            u.pathname = "\uDFFFx";
            u.hash = "\uD83D\uDE00";
            console.log(u.pathname, u.hash);
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "/%EF%BF%BD ?%EF%BF%BD #%EF%BF%BD",
            "/%EF%BF%BDx #%F0%9F%98%80",
        }));
    }

    [Test]
    public async Task URL_parse_returns_a_new_URL_or_null_and_canParse_a_boolean()
    {
        var lines = await RunAsync("""
            const a = URL.parse("http://h/"), b = URL.parse("http://h/");
            console.log(a instanceof URL, a !== b, a.searchParams !== b.searchParams, URL.parse("x"), URL.parse("x", "http://h/").href);
            console.log(URL.canParse("http://h/"), URL.canParse("x"), URL.canParse("x", "http://h/"), URL.canParse("x", "bad base"));
            """);

        Assert.That(lines, Is.EqualTo(new[] { "true true true null http://h/x", "true false true false" }));
    }

    [Test]
    public async Task A_failed_href_assignment_throws_and_changes_nothing()
    {
        var lines = await RunAsync("""
            const u = new URL("http://h/?a=1");
            try { u.href = "relative"; } catch (e) { console.log(e instanceof TypeError, e.message); }
            console.log(u.href, u.searchParams.toString());
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "true Failed to set the 'href' property on 'URL': Invalid URL 'relative'.",
            "http://h/?a=1 a=1",
        }));
    }

    [Test]
    public async Task The_other_setters_ignore_values_they_cannot_use()
    {
        var lines = await RunAsync("""
            const u = new URL("http://u@h:1/p?q#f");
            u.protocol = "1nope"; u.protocol = "mailto"; u.port = "x"; u.port = "65536"; u.host = ""; u.hostname = "a b";
            console.log(u.href);
            const opaque = new URL("mailto:a@b");
            opaque.host = "h"; opaque.hostname = "h"; opaque.pathname = "/x"; opaque.username = "u"; opaque.port = "1";
            console.log(opaque.href);
            const file = new URL("file:///p");
            file.username = "u"; file.password = "p"; file.port = "1";
            console.log(file.href);
            """);

        Assert.That(lines, Is.EqualTo(new[] { "http://u@h:1/p?q#f", "mailto:a@b", "file:///p" }));
    }

    [Test]
    public async Task Setting_search_or_href_replaces_the_list_of_searchParams()
    {
        var lines = await RunAsync("""
            const u = new URL("http://h/?a=1");
            const q = u.searchParams;
            u.search = "b=2&b=3";
            console.log(u.search, q.getAll("b").join(), q.has("a"), q.size);
            u.search = "??c=%20+";
            console.log(u.search, JSON.stringify([...q]));
            u.search = "";
            console.log(u.href, q.size);
            u.href = "http://x/?d=4#f";
            console.log(q.get("d"), q.size);
            u.href = "http://x/";
            console.log(q.size);
            u.hash = "?e=5"; u.pathname = "/?f=6";
            console.log(u.href, q.size);
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "?b=2&b=3 2,3 false 2",
            """??c=%20+ [["?c","  "]]""",
            "http://h/ 0",
            "4 1",
            "0",
            "http://x/%3Ff=6#?e=5 0",
        }));
    }

    [Test]
    public async Task Changing_searchParams_writes_the_serialized_list_back_to_the_query()
    {
        var lines = await RunAsync("""
            const u = new URL("http://h/p?a=b%20c&x=%7E#frag");
            console.log(u.search, u.searchParams.toString());
            u.searchParams.append("n", "v w");
            console.log(u.href);
            u.searchParams.set("a", "1");
            u.searchParams.sort();
            console.log(u.search);
            u.searchParams.delete("a"); u.searchParams.delete("n"); u.searchParams.delete("x");
            console.log(u.href, JSON.stringify(u.search));
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "?a=b%20c&x=%7E a=b+c&x=%7E",
            "http://h/p?a=b+c&x=%7E&n=v+w#frag",
            "?a=1&n=v+w&x=%7E",
            "http://h/p#frag \"\"",
        }));
    }

    [Test]
    public async Task An_empty_query_stays_until_searchParams_changes_it_and_then_becomes_null()
    {
        var lines = await RunAsync("""
            const u = new URL("http://h/?");
            console.log(u.href, JSON.stringify(u.search), u.searchParams.size);
            u.searchParams.delete("absent");
            console.log(u.href);
            u.searchParams.append("a", "b");
            console.log(u.href);
            """);

        Assert.That(lines, Is.EqualTo(new[] { "http://h/? \"\" 0", "http://h/", "http://h/?a=b" }));
    }

    [Test]
    public async Task Removing_the_query_of_an_opaque_path_keeps_its_encoded_trailing_space()
    {
        // The URL Standard now percent-encodes a space that ends an opaque path before "?" or "#", and no longer
        // strips trailing spaces when the query goes away. Node 20 still gives "sc:x ?a=1" and then "sc:x".
        var lines = await RunAsync("""
            const u = new URL("sc:x ?a=1#f");
            console.log(u.href, u.pathname);
            u.searchParams.delete("a");
            console.log(u.href);
            u.hash = "";
            console.log(u.href);
            """);

        Assert.That(lines, Is.EqualTo(new[] { "sc:x%20?a=1#f x%20", "sc:x%20#f", "sc:x%20" }));
    }

    [Test]
    public async Task SearchParams_of_non_special_and_opaque_URLs_link_the_same_way()
    {
        var lines = await RunAsync("""
            const a = new URL("sc://h/p?x=1");
            a.searchParams.append("y", "'");
            const b = new URL("mailto:me@example.org?subject=hi");
            b.searchParams.set("subject", "a b&c");
            console.log(a.href, b.href, b.searchParams.get("subject"));
            """);

        Assert.That(lines, Is.EqualTo(new[] { "sc://h/p?x=1&y=%27 mailto:me@example.org?subject=a+b%26c a b&c" }));
    }

    private static async Task<string[]> RunAsync(string source)
    {
        await using var run = await ScriptRun.RunAsync(source);
        Assert.That(run.Error, Is.Empty, "uncaught error");
        return run.OutputLines;
    }
}
