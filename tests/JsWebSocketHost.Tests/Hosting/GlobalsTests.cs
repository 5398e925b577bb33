namespace JsWebSocketHost.Tests.Hosting;

[TestFixture]
public sealed class GlobalsTests
{
    [Test]
    public async Task Self_and_globalThis_are_the_global_and_self_is_replaceable()
    {
        await using var run = await ScriptRun.RunAsync("""
            console.log(self === globalThis, typeof globalThis.setTimeout);
            const d = Object.getOwnPropertyDescriptor(globalThis, "self");
            console.log(typeof d.get, typeof d.set, d.enumerable, d.configurable);
            self = 5;
            console.log(self);
            """);

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "true function", "function function true true", "5" }));
    }

    [Test]
    public async Task Timer_and_microtask_operations_have_WebIDL_lengths_and_descriptors()
    {
        await using var run = await ScriptRun.RunAsync("""
            for (const name of ["setTimeout", "setInterval", "clearTimeout", "clearInterval", "queueMicrotask", "atob", "btoa"]) {
              const d = Object.getOwnPropertyDescriptor(globalThis, name);
              console.log(name, d.value.length, d.value.name === name, d.writable, d.enumerable, d.configurable);
            }
            """);

        Assert.That(run.OutputLines, Is.EqualTo(new[]
        {
            "setTimeout 1 true true true true",
            "setInterval 1 true true true true",
            "clearTimeout 0 true true true true",
            "clearInterval 0 true true true true",
            "queueMicrotask 1 true true true true",
            "atob 1 true true true true",
            "btoa 1 true true true true",
        }));
    }

    [Test]
    public async Task Btoa_and_atob_round_trip_latin1_text()
    {
        await using var run = await ScriptRun.RunAsync("""
            console.log(btoa("Hello, world!"), atob("SGVsbG8sIHdvcmxkIQ=="), btoa(""), atob(""));
            console.log(atob(btoa("\xff\x00\x80")) === "\xff\x00\x80");
            """);

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "SGVsbG8sIHdvcmxkIQ== Hello, world!  ", "true" }));
    }

    [TestCase("YQ", "a", TestName = "atob accepts missing padding")]
    [TestCase(" Y W J j ", "abc", TestName = "atob ignores ASCII whitespace")]
    [TestCase("YR==", "a", TestName = "atob discards leftover bits")]
    [TestCase("YWI=", "ab", TestName = "atob accepts one padding character")]
    public async Task Atob_decodes_forgivingly(string input, string expected)
    {
        await using var run = await ScriptRun.RunAsync($"console.log(atob({System.Text.Json.JsonSerializer.Serialize(input)}));");

        Assert.That(run.Output, Is.EqualTo(expected + "\n"));
    }

    [TestCase("Y", TestName = "atob refuses a length of 1 mod 4")]
    [TestCase("YW=", TestName = "atob refuses misplaced padding")]
    [TestCase("YW*j", TestName = "atob refuses characters outside the alphabet")]
    [TestCase("YQ===", TestName = "atob refuses three padding characters")]
    public async Task Atob_throws_InvalidCharacterError_for_bad_input(string input)
    {
        await using var run = await ScriptRun.RunAsync($$"""
            try { atob({{System.Text.Json.JsonSerializer.Serialize(input)}}); console.log("no error"); }
            catch (e) { console.log(e instanceof DOMException, e.name, e.code); }
            """);

        Assert.That(run.Output, Is.EqualTo("true InvalidCharacterError 5\n"));
    }

    [Test]
    public async Task Btoa_throws_InvalidCharacterError_above_latin1()
    {
        await using var run = await ScriptRun.RunAsync("""
            try { btoa("€"); } catch (e) { console.log(e instanceof DOMException, e.name); }
            try { btoa(); } catch (e) { console.log(e instanceof TypeError); }
            """);

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "true InvalidCharacterError", "true" }));
    }

    [Test]
    public async Task Performance_now_follows_the_host_clock_from_zero()
    {
        await using var run = await ScriptRun.RunOnFakeClockAsync("""
            const t0 = performance.now();
            setTimeout(() => console.log(t0, performance.now(), typeof performance.timeOrigin, performance.timeOrigin > 1e12), 25);
            """, TimeSpan.FromMilliseconds(5));

        Assert.That(run.Output, Is.EqualTo("0 25 number true\n"));
    }

    [Test]
    public async Task Performance_timeOrigin_is_the_wall_clock_at_start_in_milliseconds()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using var run = await ScriptRun.RunAsync("console.log(Math.floor(performance.timeOrigin), JSON.stringify(performance.toJSON()) === JSON.stringify({ timeOrigin: performance.timeOrigin }));");
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var parts = run.Output.Trim().Split(' ');

        Assert.That(long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), Is.InRange(before - 1, after + 1));
        Assert.That(parts[1], Is.EqualTo("true"));
    }

    [Test]
    public async Task Location_reflects_the_base_url_and_cannot_be_changed()
    {
        await using var run = await ScriptRun.RunAsync("""
            console.log(location.href, location.origin, location.protocol, location.host, location.hostname);
            console.log(location.port, location.pathname, location.search, location.hash, String(location));
            location.href = "http://elsewhere/";
            console.log(location.href, Object.prototype.toString.call(location));
            """, options => options.BaseUrl = "http://127.0.0.1:8080/chat/room?x=1#top");

        Assert.That(run.OutputLines, Is.EqualTo(new[]
        {
            "http://127.0.0.1:8080/chat/room?x=1#top http://127.0.0.1:8080 http: 127.0.0.1:8080 127.0.0.1",
            "8080 /chat/room ?x=1 #top http://127.0.0.1:8080/chat/room?x=1#top",
            "http://127.0.0.1:8080/chat/room?x=1#top [object Location]",
        }));
    }

    [Test]
    public async Task Location_is_absent_without_a_base_url()
    {
        await using var run = await ScriptRun.RunAsync("console.log(typeof location);");

        Assert.That(run.Output, Is.EqualTo("undefined\n"));
    }

    [Test]
    public async Task Console_levels_go_to_stdout_and_stderr()
    {
        await using var run = await ScriptRun.RunAsync("""
            console.log("log"); console.info("info"); console.debug("debug");
            console.warn("warn"); console.error("error");
            """);

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "log", "info", "debug" }));
        Assert.That(run.Error, Is.EqualTo("warn\nerror\n"));
    }

    [Test]
    public async Task Console_count_time_group_and_assert_behave_as_the_console_standard_says()
    {
        await using var run = await ScriptRun.RunOnFakeClockAsync("""
            console.count(); console.count(); console.count("x"); console.countReset(); console.count();
            console.group("outer"); console.log("inside"); console.group(); console.log("deeper"); console.groupEnd(); console.groupEnd();
            console.log("outside");
            console.assert(true, "not shown"); console.assert(false, "shown", "here"); console.assert(false);
            console.time("t");
            setTimeout(() => console.timeEnd("t"), 12);
            """, TimeSpan.FromMilliseconds(1));

        Assert.That(run.OutputLines, Is.EqualTo(new[]
        {
            "default: 1", "default: 2", "x: 1", "default: 1",
            "outer", "  inside", "    deeper", "outside",
            "t: 12ms",
        }));
        Assert.That(run.Error, Is.EqualTo("Assertion failed: shown here\nAssertion failed\n"));
    }

    [Test]
    public async Task Console_is_a_non_enumerable_namespace_with_a_class_string()
    {
        await using var run = await ScriptRun.RunAsync("""
            const d = Object.getOwnPropertyDescriptor(globalThis, "console");
            console.log(d.enumerable, d.writable, Object.prototype.toString.call(console), typeof console.log);
            """);

        Assert.That(run.Output, Is.EqualTo("false true [object console] function\n"));
    }

    [Test]
    public async Task DOMException_has_its_interface_shape()
    {
        await using var run = await ScriptRun.RunAsync("""
            const e = new DOMException("msg", "SyntaxError");
            console.log(e.name, e.message, e.code, e instanceof Error, String(e));
            console.log(DOMException.length, DOMException.SYNTAX_ERR, DOMException.prototype.INVALID_STATE_ERR, Object.prototype.toString.call(e));
            const c = Object.getOwnPropertyDescriptor(DOMException, "INVALID_ACCESS_ERR");
            console.log(c.value, c.writable, c.enumerable, c.configurable);
            const p = Object.getOwnPropertyDescriptor(DOMException, "prototype");
            console.log(p.writable, p.enumerable, p.configurable, Object.getPrototypeOf(DOMException) === Function.prototype);
            console.log(new DOMException().name, new DOMException().message === "", new DOMException("m", "Custom").code);
            try { DOMException(); } catch (x) { console.log(x instanceof TypeError); }
            try { Object.getOwnPropertyDescriptor(DOMException.prototype, "name").get.call({}); } catch (x) { console.log(x instanceof TypeError); }
            class MyError extends DOMException {}
            console.log(new MyError("m", "AbortError") instanceof MyError, new MyError("m", "AbortError").code);
            console.log(typeof e.stack, Object.keys(e).length, Object.getOwnPropertyDescriptor(globalThis, "DOMException").enumerable);
            """);

        Assert.That(run.OutputLines, Is.EqualTo(new[]
        {
            "SyntaxError msg 12 true SyntaxError: msg",
            "0 12 11 [object DOMException]",
            "15 false true false",
            "false false false true",
            "Error true 0",
            "true",
            "true",
            "true 20",
            "string 0 false",
        }), run.Error);
    }
}
