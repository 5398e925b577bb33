namespace JsWebSocketHost.Tests.Hosting;

[TestFixture]
public sealed class ConsoleFormatterTests
{
    private static async Task<string> Log(string arguments)
    {
        await using var run = await ScriptRun.RunAsync("console.log(" + arguments + ");");
        Assert.That(run.Result!.Succeeded, Is.True, run.Error);
        return run.Output.TrimEnd('\n');
    }

    [TestCase("'%s and %s', 'a', 'b'", "a and b", TestName = "%s takes the arguments in turn")]
    [TestCase("'%s', Symbol('q')", "Symbol(q)", TestName = "%s shows a Symbol by its description")]
    [TestCase("'%s', { toString() { return 'custom'; } }", "custom", TestName = "%s uses an object's own string conversion")]
    [TestCase("'%d', 42.9", "42", TestName = "%d is an integer")]
    [TestCase("'%i', '7abc'", "7", TestName = "%i parses a leading integer")]
    [TestCase("'%d', 'abc'", "NaN", TestName = "%d of a non-number is NaN")]
    [TestCase("'%d', Symbol('s')", "NaN", TestName = "%d of a Symbol is NaN")]
    [TestCase("'%f', '3.5e2x'", "350", TestName = "%f parses a leading float")]
    [TestCase("'%f', '-Infinityx'", "-Infinity", TestName = "%f parses Infinity")]
    [TestCase("'%o', { a: [1] }", "{ a: [ 1 ] }", TestName = "%o inspects")]
    [TestCase("'%O', { a: { b: { c: { d: 1 } } } }", "{ a: { b: { c: [Object] } } }", TestName = "%O inspects to depth 2")]
    [TestCase("'%cstyled', 'color: red'", "styled", TestName = "%c consumes its argument and prints nothing")]
    [TestCase("'100%%'", "100%", TestName = "%% is a percent sign")]
    [TestCase("'%s %s', 'only one'", "only one %s", TestName = "A directive with no argument left stays as written")]
    [TestCase("'%x %j', 1", "%x %j 1", TestName = "Unknown directives stay and the argument is appended")]
    [TestCase("'a', 1, 'b', null", "a 1 b null", TestName = "Remaining arguments are joined with spaces")]
    [TestCase("1, '%s', 2", "1 %s 2", TestName = "Directives apply only when the first argument is a string")]
    public async Task Format_directives_follow_the_console_standard(string arguments, string expected)
    {
        Assert.That(await Log(arguments), Is.EqualTo(expected));
    }

    [TestCase("-0", "-0")]
    [TestCase("10n", "10n")]
    [TestCase("[undefined, null, true, 'x', Symbol('y')]", "[ undefined, null, true, 'x', Symbol(y) ]")]
    [TestCase("{ a: 1, 'b-c': 2, $ok: 3, 1: 4 }", "{ '1': 4, a: 1, 'b-c': 2, $ok: 3 }")]
    [TestCase("{ [Symbol('k')]: 1 }", "{ [Symbol(k)]: 1 }")]
    [TestCase("[1, , , 4]", "[ 1, <2 empty items>, 4 ]")]
    [TestCase("new Map([['k', { v: 1 }]])", "Map(1) { 'k' => { v: 1 } }")]
    [TestCase("new Set([1, 'a'])", "Set(2) { 1, 'a' }")]
    [TestCase("new Uint8Array([1, 2, 3])", "Uint8Array(3) [ 1, 2, 3 ]")]
    [TestCase("new Uint8Array([255, 1]).buffer", "ArrayBuffer { [Uint8Contents]: <ff 01>, byteLength: 2 }")]
    [TestCase("function named() {}", "[Function: named]")]
    [TestCase("() => {}", "[Function (anonymous)]")]
    [TestCase("class Klass {}", "[class Klass]")]
    [TestCase("new (class Point { constructor() { this.x = 1; } })()", "Point { x: 1 }")]
    [TestCase("Object.create(null)", "[Object: null prototype] {}")]
    [TestCase("[new Number(3), new String('s'), new Boolean(false)]", "[ [Number: 3], [String: 's'], [Boolean: false] ]")]
    [TestCase("new Date(0)", "1970-01-01T00:00:00.000Z")]
    [TestCase("/re/gi", "/re/gi")]
    [TestCase("['it\\'s', 'a\\nb']", "[ \"it's\", 'a\\nb' ]")]
    [TestCase("Array.from({ length: 102 }, (_, i) => i).length", "102")]
    public async Task Values_are_inspected_readably(string value, string expected)
    {
        Assert.That(await Log(value), Is.EqualTo(expected));
    }

    [Test]
    public async Task Arrays_over_100_items_are_cut_with_a_count()
    {
        var output = await Log("Array.from({ length: 103 }, () => 0)");

        Assert.That(output, Does.EndWith("... 3 more items\n]"));
    }

    [Test]
    public async Task Arrays_and_typed_arrays_of_millions_print_their_first_100_items_without_listing_every_index()
    {
        // Listing the keys of these (every index) took seconds; what is shown needs only the first 100.
        var array = await Log("(() => { const a = new Array(2e6).fill(7); a[Symbol.for('tag')] = 'x'; return a; })()");
        var typed = await Log("new Uint8Array(5e6)");

        Assert.That(array, Does.StartWith("[\n  7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,\n"));
        Assert.That(array, Does.EndWith("  ... 1999900 more items,\n  [Symbol(tag)]: 'x'\n]"), "a symbol-keyed property is still shown");
        Assert.That(typed, Does.StartWith("Uint8Array(5000000) [\n  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,\n"));
        Assert.That(typed, Does.EndWith("  ... 4999900 more items\n]"));
    }

    [Test]
    public async Task Arrays_under_the_long_length_still_show_their_named_properties()
    {
        Assert.That(await Log("(() => { const a = [1, 2]; a.x = 3; return a; })()"), Is.EqualTo("[ 1, 2, x: 3 ]"));
        Assert.That(await Log("(() => { const u = new Uint8Array(2); u.y = 'z'; return u; })()"), Is.EqualTo("Uint8Array(2) [ 0, 0, y: 'z' ]"));
    }

    // Each expected text is what Node 20's console.log prints for the same value.
    [TestCase("[1, 2, 3, 4, 5, 6, 7]", "[\n  1, 2, 3, 4,\n  5, 6, 7\n]")]
    [TestCase("[1, 2, 3, 4, 5, 6]", "[ 1, 2, 3, 4, 5, 6 ]")]
    [TestCase("['a', 'bb', 'ccc', 'dddd', 'e', 'f', 'g', 'h']", "[\n  'a',   'bb',\n  'ccc', 'dddd',\n  'e',   'f',\n  'g',   'h'\n]")]
    [TestCase("[1.5, -2, 300, 4, 5, 6, 7, 'x']", "[\n  1.5, -2, 300, 4,\n  5,   6,  7,   'x'\n]")]
    [TestCase("new Uint8Array(20)", "Uint8Array(20) [\n  0, 0, 0, 0, 0, 0, 0,\n  0, 0, 0, 0, 0, 0, 0,\n  0, 0, 0, 0, 0, 0\n]")]
    [TestCase("({ x: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] })", "{\n  x: [\n    1, 2, 3, 4,  5,\n    6, 7, 8, 9, 10\n  ]\n}")]
    [TestCase("[[1, 2], [3, 4], [5, 6], [7, 8], [9, 10], [11, 12], [13, 14]]", "[\n  [ 1, 2 ],\n  [ 3, 4 ],\n  [ 5, 6 ],\n  [ 7, 8 ],\n  [ 9, 10 ],\n  [ 11, 12 ],\n  [ 13, 14 ]\n]")]
    [TestCase("[10n, 2n, 3n, 4n, 5n, 6n, 7n]", "[\n  10n, 2n, 3n, 4n,\n   5n, 6n, 7n\n]")]
    public async Task More_than_six_short_array_items_are_grouped_into_columns_as_Node_prints_them(string value, string expected)
    {
        Assert.That(await Log(value), Is.EqualTo(expected));
    }

    [Test]
    public async Task Nested_values_that_break_across_lines_are_indented_two_spaces_per_level()
    {
        var output = await Log("{ first: 'a'.repeat(30), second: { list: ['x'.repeat(40), 'y'.repeat(40)], more: 'b'.repeat(50) } }");

        Assert.That(output, Is.EqualTo(
            "{\n" +
            "  first: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',\n" +
            "  second: {\n" +
            "    list: [\n" +
            "      'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',\n" +
            "      'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'\n" +
            "    ],\n" +
            "    more: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'\n" +
            "  }\n" +
            "}"));
    }

    [Test]
    public async Task Getters_are_shown_and_never_run()
    {
        await using var run = await ScriptRun.RunAsync("""
            let ran = false;
            console.log({ get g() { ran = true; return 1; }, set s(v) {}, get gs() { return 1; }, set gs(v) {} });
            console.log(ran);
            """);

        Assert.That(run.Output, Is.EqualTo("{ g: [Getter], s: [Setter], gs: [Getter/Setter] }\nfalse\n"));
    }

    [Test]
    public async Task A_proxy_is_shown_without_running_its_traps()
    {
        await using var run = await ScriptRun.RunAsync("""
            let trapped = 0;
            const p = new Proxy({}, { ownKeys() { trapped++; return []; }, get() { trapped++; }, getOwnPropertyDescriptor() { trapped++; } });
            console.log(p, { inner: p });
            console.log(trapped);
            """);

        Assert.That(run.Output, Is.EqualTo("[Proxy] { inner: [Proxy] }\n0\n"));
    }

    [Test]
    public async Task Cycles_are_marked_with_a_reference()
    {
        var output = await Log("(() => { const a = { name: 'a', list: [] }; a.list.push(a); a.self = a; return a; })()");

        Assert.That(output, Is.EqualTo("<ref *1> { name: 'a', list: [ [Circular *1] ], self: [Circular *1] }"));
    }

    [Test]
    public async Task Nesting_beyond_the_depth_shows_the_kind()
    {
        var output = await Log("{ l1: { l2: { l3: { l4: 1 } }, arr: [[[[1]]]] } }");

        Assert.That(output, Is.EqualTo("{ l1: { l2: { l3: [Object] }, arr: [ [Array] ] } }"));
    }

    [Test]
    public async Task Long_values_break_across_lines_with_two_space_indentation()
    {
        var output = await Log("{ first: 'a'.repeat(30), second: 'b'.repeat(30), inner: { x: 1 } }");

        Assert.That(output, Is.EqualTo(
            "{\n" +
            "  first: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',\n" +
            "  second: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',\n" +
            "  inner: { x: 1 }\n" +
            "}"));
    }

    [Test]
    public async Task An_error_shows_its_name_message_frames_and_extra_properties()
    {
        await using var run = await ScriptRun.RunAsync("""
            function make() { const e = new RangeError("out of range"); e.code = 7; return e; }
            console.log(make());
            """);

        var lines = run.Output.TrimEnd('\n').Split('\n');
        Assert.That(lines[0], Is.EqualTo("RangeError: out of range"));
        Assert.That(lines[1], Does.StartWith("    at make (test.js:1:"));
        Assert.That(lines[^1], Does.EndWith(" { code: 7 }"));
    }

    [Test]
    public async Task Platform_objects_show_their_interface_name_and_attributes_without_running_script()
    {
        await using var run = await ScriptRun.RunAsync("""
            let ran = false;
            class Sneaky extends Event { get sneaky() { ran = true; return 1; } }
            console.log(new Blob(["abc"], { type: "text/plain" }));
            console.log(new URL("http://example.test/p?q=1").searchParams);
            const e = new Sneaky("x", { cancelable: true });
            const text = String(console.log(e));
            console.log(ran);
            """);

        Assert.That(run.OutputLines[0], Is.EqualTo("Blob { size: 3, type: 'text/plain' }"));
        Assert.That(run.OutputLines[1], Is.EqualTo("URLSearchParams { size: 1 }"));
        Assert.That(run.Output, Does.Contain("isTrusted: false"));
        Assert.That(run.Output, Does.Contain("type: 'x'"));
        Assert.That(run.Output, Does.Contain("cancelable: true"));
        Assert.That(run.Output, Does.Not.Contain("sneaky"), "a script getter is neither run nor listed");
        Assert.That(run.OutputLines[^1], Is.EqualTo("false"));
    }

    [Test]
    public async Task A_DOMException_shows_its_name_and_message()
    {
        var output = await Log("new DOMException('went wrong', 'InvalidStateError')");

        Assert.That(output, Does.StartWith("InvalidStateError: went wrong"));
    }
}
