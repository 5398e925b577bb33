using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using JsWebSocketHost.Hosting;

namespace JsWebSocketHost.Tests.Hosting;

[TestFixture]
public sealed class HostInteropTests
{
    private static CancellationToken Bounded() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    /// <summary>Evaluates <paramref name="code"/> in a run of the host's loop, which must succeed.</summary>
    private static async Task<T> EvaluateInRunAsync<T>(ScriptRun run, string code)
    {
        var evaluation = run.Host.EvaluateAsync<T>(code);
        var result = await run.Host.RunAsync(Bounded());
        Assert.That(result.Succeeded, Is.True, run.Error);
        return await evaluation.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static async Task<ScriptRun> RunWithGlobalsAsync(string source, params (string Name, object? Value)[] globals)
    {
        var run = new ScriptRun();
        foreach (var (name, value) in globals)
        {
            run.Host.SetGlobal(name, value);
        }

        run.Host.EnqueueScript(source, "test.js");
        var result = await run.Host.RunAsync(Bounded());
        Assert.That(result.Succeeded, Is.True, run.Error);
        return run;
    }

    // ---- SetGlobal: .NET to JS ----

    [Test]
    public async Task SetGlobal_gives_null_booleans_and_every_numeric_primitive_as_JS_values()
    {
        await using var run = await RunWithGlobalsAsync(
            """
            for (const name of ["n", "t", "f", "i8", "u8", "i16", "u16", "i32", "u32", "i64", "u64", "ni", "nu", "f32", "f64", "dec", "half"]) {
              const v = globalThis[name];
              console.log(name, typeof v, v === null ? "null" : String(v));
            }
            """,
            ("n", null), ("t", true), ("f", false), ("i8", (sbyte)-8), ("u8", (byte)8), ("i16", (short)-16), ("u16", (ushort)16),
            ("i32", -32), ("u32", 32u), ("i64", -(1L << 40)), ("u64", 1UL << 52), ("ni", (nint)(-7)), ("nu", (nuint)7),
            ("f32", 0.5f), ("f64", -0.25), ("dec", 1.5m), ("half", (Half)2));

        Assert.That(run.OutputLines, Is.EqualTo(new[]
        {
            "n object null", "t boolean true", "f boolean false", "i8 number -8", "u8 number 8", "i16 number -16",
            "u16 number 16", "i32 number -32", "u32 number 32", "i64 number -1099511627776", "u64 number 4503599627370496",
            "ni number -7", "nu number 7", "f32 number 0.5", "f64 number -0.25", "dec number 1.5", "half number 2",
        }));
    }

    [Test]
    public async Task SetGlobal_gives_strings_and_chars_as_JS_strings()
    {
        await using var run = await RunWithGlobalsAsync(
            "console.log(typeof s, s.length, s.codePointAt(2).toString(16), typeof c, c);",
            ("s", "a\u00e9\U0001F600"), ("c", 'x'));

        Assert.That(run.Output, Is.EqualTo("string 4 1f600 string x\n"));
    }

    [Test]
    public async Task SetGlobal_gives_a_byte_array_as_a_fresh_ArrayBuffer_copy()
    {
        var bytes = new byte[] { 1, 2, 3 };
        await using var run = new ScriptRun();
        run.Host.SetGlobal("data", bytes);
        bytes[0] = 99; // after the call: the script must not see it
        run.Host.SetGlobal("segment", new ArraySegment<byte>([7, 8, 9, 10], 1, 2));
        run.Host.SetGlobal("memory", new ReadOnlyMemory<byte>([5, 6]));
        run.Host.EnqueueScript("""
            console.log(data instanceof ArrayBuffer, data.byteLength, [...new Uint8Array(data)].join());
            new Uint8Array(data)[1] = 42;
            console.log([...new Uint8Array(segment)].join(), [...new Uint8Array(memory)].join(), memory instanceof ArrayBuffer);
            """, "test.js");
        var result = await run.Host.RunAsync(Bounded());

        Assert.That(result.Succeeded, Is.True, run.Error);
        Assert.That(run.OutputLines, Is.EqualTo(new[] { "true 3 1,2,3", "8,9 5,6 true" }));
        Assert.That(bytes, Is.EqualTo(new byte[] { 99, 2, 3 }), "the script's writes must not reach the host's array");
    }

    [Test]
    public async Task SetGlobal_gives_arrays_lists_and_other_enumerables_as_JS_arrays()
    {
        await using var run = await RunWithGlobalsAsync(
            """
            for (const v of [arr, list, ro, seq, set, nested]) {
              console.log(Array.isArray(v), Object.getPrototypeOf(v) === Array.prototype, JSON.stringify(v));
            }
            """,
            ("arr", new[] { 1, 2, 3 }), ("list", new List<object?> { "a", null, true }),
            ("ro", new ReadOnlyCollection<string>(["x"])), ("seq", Enumerable.Range(1, 3).Select(i => i * i)),
            ("set", new SortedSet<int> { 3, 1 }), ("nested", new object?[] { new[] { 1 }, new List<object?>() }));

        Assert.That(run.OutputLines, Is.EqualTo(new[]
        {
            "true true [1,2,3]", "true true [\"a\",null,true]", "true true [\"x\"]", "true true [1,4,9]",
            "true true [1,3]", "true true [[1],[]]",
        }));
    }

    [Test]
    public async Task SetGlobal_gives_string_keyed_dictionaries_as_plain_objects()
    {
        var readOnly = new ReadOnlyDictionary<string, object?>(new Dictionary<string, object?> { ["k"] = 1 });
        await using var run = await RunWithGlobalsAsync(
            """
            for (const v of [dict, ro, typed, tricky]) {
              console.log(Object.getPrototypeOf(v) === Object.prototype, JSON.stringify(v));
            }
            console.log(Object.hasOwn(tricky, "__proto__"), Object.getPrototypeOf(tricky) === Object.prototype);
            """,
            ("dict", new Dictionary<string, object?> { ["a"] = 1, ["b"] = new Dictionary<string, object?> { ["c"] = "d" } }),
            ("ro", readOnly), ("typed", new Dictionary<string, int> { ["x"] = 1, ["y"] = 2 }),
            ("tricky", new Dictionary<string, object?> { ["__proto__"] = "own" }));

        Assert.That(run.OutputLines, Is.EqualTo(new[]
        {
            "true {\"a\":1,\"b\":{\"c\":\"d\"}}", "true {\"k\":1}", "true {\"x\":1,\"y\":2}", "true {\"__proto__\":\"own\"}",
            "true true",
        }));
    }

    [Test]
    public async Task SetGlobal_gives_JsonElement_and_JsonNode_as_the_plain_values_they_hold()
    {
        using var document = JsonDocument.Parse("""{"a":[1,"two",null,true,{"b":false}],"c":1.5}""");
        var node = JsonNode.Parse("""{"n":[1,2],"s":"x"}""")!;
        node["added"] = 3; // a JsonValue wrapping an int, not a parsed element
        await using var run = await RunWithGlobalsAsync(
            """
            console.log(JSON.stringify(el), Object.getPrototypeOf(el) === Object.prototype, Array.isArray(el.a));
            console.log(JSON.stringify(nd), typeof missing, typeof scalar, scalar);
            """,
            ("el", document.RootElement), ("nd", node), ("missing", default(JsonElement)), ("scalar", JsonValue.Create("s")));

        Assert.That(run.OutputLines, Is.EqualTo(new[]
        {
            "{\"a\":[1,\"two\",null,true,{\"b\":false}],\"c\":1.5} true true",
            "{\"n\":[1,2],\"s\":\"x\",\"added\":3} undefined string s",
        }));
    }

    [Test]
    public async Task SetGlobal_copies_a_list_at_the_call_so_later_changes_are_not_seen()
    {
        var list = new List<object?> { 1 };
        await using var run = new ScriptRun();
        run.Host.SetGlobal("list", list);
        list.Add(2);
        run.Host.EnqueueScript("console.log(JSON.stringify(list));", "test.js");
        await run.Host.RunAsync(Bounded());

        Assert.That(run.Output, Is.EqualTo("[1]\n"));
    }

    [Test]
    public async Task SetGlobal_makes_a_writable_enumerable_configurable_property_that_a_later_call_replaces()
    {
        await using var run = new ScriptRun();
        run.Host.SetGlobal("answer", 41);
        run.Host.SetGlobal("answer", 42);
        var json = await EvaluateInRunAsync<string>(run,
            "JSON.stringify(Object.getOwnPropertyDescriptor(globalThis, 'answer')) + ' ' + Object.keys(globalThis).includes('answer')");

        Assert.That(json, Is.EqualTo("""{"value":42,"writable":true,"enumerable":true,"configurable":true} true"""));
    }

    [Test]
    public async Task SetGlobal_from_another_thread_while_the_loop_runs_is_seen_by_scripts_queued_after_it()
    {
        await using var run = new ScriptRun();
        run.Host.Loop.AddRef();
        var loop = run.Host.RunAsync(Bounded());
        await Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                run.Host.SetGlobal("counter", i);
                run.Host.EnqueueScript("console.log(counter);", "test.js");
            }
        });
        run.Host.Loop.Release();
        var result = await loop;

        Assert.That(result.Succeeded, Is.True, run.Error);
        Assert.That(run.OutputLines, Is.EqualTo(Enumerable.Range(0, 50).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Test]
    public async Task SetGlobal_on_the_loop_thread_defines_the_global_at_once()
    {
        await using var run = new ScriptRun();
        run.Host.SetGlobal("setNow", new Action<string>(name => run.Host.SetGlobal(name, "now")));
        var value = await EvaluateInRunAsync<string>(run, "setNow('fresh'); fresh");

        Assert.That(value, Is.EqualTo("now"));
    }

    [Test]
    public async Task SetGlobal_rejects_a_bad_name_a_cycle_and_too_deep_nesting()
    {
        await using var run = new ScriptRun();
        var cyclic = new List<object?>();
        cyclic.Add(cyclic);
        object? deep = 1;
        for (var i = 0; i < 300; i++)
        {
            deep = new List<object?> { deep };
        }

        Assert.That(() => run.Host.SetGlobal("", 1), Throws.ArgumentException);
        Assert.That(() => run.Host.SetGlobal("undefined", 1), Throws.ArgumentException.With.Message.Contains("read-only"));
        Assert.That(() => run.Host.SetGlobal("c", cyclic), Throws.ArgumentException.With.Message.Contains("cycle"));
        Assert.That(() => run.Host.SetGlobal("d", deep), Throws.ArgumentException.With.Message.Contains("deeper than 256"));
        Assert.That(() => run.Host.SetGlobal("k", new Dictionary<int, string> { [1] = "x" }),
            Throws.ArgumentException.With.Message.Contains("key of type System.Int32"));
    }

    // ---- Delegates ----

    [Test]
    public async Task A_delegate_becomes_a_function_whose_arguments_and_result_are_converted()
    {
        await using var run = await RunWithGlobalsAsync(
            """
            console.log(add(40, 2), add.name, add.length, typeof add);
            console.log(JSON.stringify(describe("x", 3)), greet(), greet("Ann"));
            console.log(note("ignored", "extra"), noted.join());
            """,
            ("add", new Func<double, double, double>((a, b) => a + b)),
            ("describe", new Func<string, int, IReadOnlyDictionary<string, object?>>((s, n) =>
                new Dictionary<string, object?> { ["s"] = s, ["n"] = n, ["list"] = Enumerable.Repeat(s, n) })),
            ("greet", new Func<string?, string>(name => "hello " + (name ?? "nobody"))),
            ("note", new Action<string>(_ => { })),
            ("noted", new[] { "a", "b" }));

        Assert.That(run.OutputLines, Is.EqualTo(new[]
        {
            "42 add 2 function",
            "{\"s\":\"x\",\"n\":3,\"list\":[\"x\",\"x\",\"x\"]} hello nobody hello Ann",
            "undefined a,b",
        }));
    }

    [Test]
    public async Task An_object_parameter_gets_plain_dotnet_values()
    {
        var seen = new List<object?>();
        await using var run = await RunWithGlobalsAsync(
            """
            take("s"); take(1.5); take(true); take(null); take(undefined); take([1, "a", [null]]);
            take({ a: 1, b: { c: [true] } }); take(new Uint8Array([9, 1, 2, 3]).subarray(1, 3)); take(new ArrayBuffer(2));
            take(new DataView(new Uint8Array([4, 5, 6]).buffer, 1)); take([, 1]);
            """,
            ("take", new Action<object?>(seen.Add)));

        Assert.That(seen, Has.Count.EqualTo(11));
        Assert.That(seen[0], Is.EqualTo("s"));
        Assert.That(seen[1], Is.EqualTo(1.5).And.TypeOf<double>());
        Assert.That(seen[2], Is.EqualTo(true));
        Assert.That(seen[3], Is.Null);
        Assert.That(seen[4], Is.Null);
        Assert.That(seen[5], Is.TypeOf<List<object?>>().And.EqualTo(new object?[] { 1.0, "a", new List<object?> { null } }));
        var dictionary = (Dictionary<string, object?>)seen[6]!;
        Assert.That(dictionary["a"], Is.EqualTo(1.0));
        Assert.That(((Dictionary<string, object?>)dictionary["b"]!)["c"], Is.EqualTo(new List<object?> { true }));
        Assert.That(seen[7], Is.EqualTo(new byte[] { 1, 2 }).And.TypeOf<byte[]>());
        Assert.That(seen[8], Is.EqualTo(new byte[] { 0, 0 }));
        Assert.That(seen[9], Is.EqualTo(new byte[] { 5, 6 }));
        Assert.That(seen[10], Is.EqualTo(new object?[] { null, 1.0 }), "a hole becomes null");
    }

    [Test]
    public async Task Typed_parameters_take_their_own_kind_of_value_and_give_a_TypeError_otherwise()
    {
        await using var run = await RunWithGlobalsAsync(
            """
            const attempt = (f, ...args) => {
              try { return "ok " + f(...args); } catch (e) { return e.constructor.name + ": " + e.message; }
            };
            console.log(attempt(int, 7));
            console.log(attempt(int, 1.5));
            console.log(attempt(int, 2 ** 31));
            console.log(attempt(int));
            console.log(attempt(int, "7"));
            console.log(attempt(str, 7));
            console.log(attempt(flag, 0));
            console.log(attempt(maybe), attempt(maybe, 3));
            console.log(attempt(bytes, [1]), attempt(bytes, new Uint16Array([258])));
            console.log(attempt(list, {}), attempt(list, [1, 2]));
            console.log(attempt(dict, []), attempt(dict, { a: 1 }));
            console.log(attempt(json, { a: [1, "x", NaN, undefined] }), attempt(node, [true]));
            console.log(attempt(big, 2 ** 53), attempt(ubyte, -1), attempt(real, 1e300));
            console.log(attempt(str, () => 1), attempt(json, { f() {} }), attempt(json, 1n), attempt(json, Symbol()));
            const cyclic = {}; cyclic.self = cyclic;
            console.log(attempt(json, cyclic));
            """,
            ("int", new Func<int, int>(i => i * 2)), ("str", new Func<string, string>(s => s)),
            ("flag", new Func<bool, bool>(b => !b)), ("maybe", new Func<int?, string>(i => i is null ? "null" : "had " + i)),
            ("bytes", new Func<byte[], int>(b => b.Length)), ("list", new Func<IReadOnlyList<object?>, int>(l => l.Count)),
            ("dict", new Func<IDictionary<string, object?>, int>(d => d.Count)), ("json", new Func<JsonElement, string>(e => e.GetRawText())),
            ("node", new Func<JsonNode?, string>(n => n!.ToJsonString())), ("big", new Func<long, string>(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            ("ubyte", new Func<byte, int>(b => b)), ("real", new Func<decimal, decimal>(d => d)));

        Assert.That(run.OutputLines, Is.EqualTo(new[]
        {
            "ok 14",
            "TypeError: Failed to execute 'int': parameter 1: The number 1.5 is not an integer, and Int32 takes integers only.",
            "TypeError: Failed to execute 'int': parameter 1: The number 2147483648 is outside the range of Int32 (-2147483648 to 2147483647).",
            "TypeError: Failed to execute 'int': parameter 1: The value is undefined, not Int32.",
            "TypeError: Failed to execute 'int': parameter 1: The value is a string, not Int32.",
            "TypeError: Failed to execute 'str': parameter 1: The value is a number, not String.",
            "TypeError: Failed to execute 'flag': parameter 1: The value is a number, not Boolean.",
            "ok null ok had 3",
            "TypeError: Failed to execute 'bytes': parameter 1: The value is an array, not a byte array (an ArrayBuffer, typed array or DataView). ok 2",
            "TypeError: Failed to execute 'list': parameter 1: The value is an object, not a list (an array). ok 2",
            "TypeError: Failed to execute 'dict': parameter 1: The value is an array, not a dictionary (an object). ok 1",
            "ok {\"a\":[1,\"x\",null,null]} ok [true]",
            "ok 9007199254740992 TypeError: Failed to execute 'ubyte': parameter 1: The number -1 is outside the range of Byte (0 to 255). "
                + "TypeError: Failed to execute 'real': parameter 1: The number 1E+300 is outside the range of Decimal.",
            "TypeError: Failed to execute 'str': parameter 1: The value is a function, not String. "
                + "TypeError: Failed to execute 'json': parameter 1: The value at [\"f\"] is a function, which cannot be passed to the host. "
                + "TypeError: Failed to execute 'json': parameter 1: The value is a BigInt, which cannot be passed to the host. "
                + "TypeError: Failed to execute 'json': parameter 1: The value is a symbol, which cannot be passed to the host.",
            "TypeError: Failed to execute 'json': parameter 1: The value at [\"self\"] contains itself; a value passed to the host must not contain a cycle.",
        }));
    }

    [Test]
    public async Task An_exception_thrown_by_a_delegate_becomes_a_catchable_JS_Error_with_its_message()
    {
        await using var run = await RunWithGlobalsAsync(
            """
            try { fail(); } catch (e) {
              console.log(e instanceof Error, e.constructor === Error, e.message, JSON.stringify(Object.keys(e)));
            }
            try { badResult(); } catch (e) { console.log(e.constructor.name, e.message); }
            """,
            ("fail", new Action(() => throw new InvalidOperationException("the host says no"))),
            ("badResult", new Func<object>(() => new FileInfo("/etc/passwd"))));

        Assert.That(run.OutputLines, Is.EqualTo(new[]
        {
            "true true the host says no []",
            "TypeError The result of 'badResult' is of type System.IO.FileInfo, which cannot be passed to script. Allowed: null, "
                + "bool, numbers, char, string, byte[], lists and other enumerables of allowed values, string-keyed dictionaries, "
                + "JsonElement, JsonNode and delegates of such values.",
        }));
    }

    [Test]
    public async Task An_uncaught_exception_from_a_delegate_is_reported_as_a_script_error()
    {
        await using var run = new ScriptRun();
        run.Host.SetGlobal("fail", new Action(() => throw new InvalidOperationException("boom")));
        run.Host.EnqueueScript("fail();", "test.js");
        var result = await run.Host.RunAsync(Bounded());

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Error!.Message, Is.EqualTo("Error: boom"));
    }

    [Test]
    public async Task An_async_delegate_gives_a_promise_that_resolves_on_the_loop_and_holds_the_loop_until_then()
    {
        var onLoop = new ConcurrentBag<bool>();
        await using var run = await RunWithGlobalsAsync(
            """
            const p = twice(21);
            console.log(p instanceof Promise);
            p.then(v => { check(); console.log("twice", v); });
            later().then(v => console.log("later", v));
            soon().then(v => console.log("soon", v));
            done().then(v => console.log("done", v));
            """,
            ("twice", new Func<double, Task<double>>(async x =>
            {
                await Task.Delay(30);
                return x * 2;
            })),
            ("later", new Func<ValueTask<string>>(async () =>
            {
                await Task.Yield();
                await Task.Delay(10);
                return "value task";
            })),
            ("soon", new Func<ValueTask<int>>(() => ValueTask.FromResult(7))),
            ("done", new Func<Task>(() => Task.Delay(20))),
            ("check", new Action(() => onLoop.Add(true))));

        Assert.That(run.OutputLines, Has.Length.EqualTo(5));
        Assert.That(run.OutputLines[0], Is.EqualTo("true"));
        Assert.That(run.OutputLines, Does.Contain("twice 42").And.Contain("later value task").And.Contain("soon 7").And.Contain("done undefined"));
        Assert.That(onLoop, Has.Count.EqualTo(1), "the reaction to the resolved promise ran");
    }

    [Test]
    public async Task Async_delegates_give_results_of_nullable_reference_and_struct_collection_types()
    {
        // Nullable and primitive results are read by compiled-in readers, reference types and struct collections by
        // reflection (TaskResultReader): each path gives the task's value.
        await using var run = await RunWithGlobalsAsync(
            """
            maybe(true).then(v => console.log("maybe", v));
            maybe(false).then(v => console.log("none", v));
            list().then(v => console.log("list", JSON.stringify(v)));
            structList().then(v => console.log("struct", JSON.stringify(v)));
            structValue().then(v => console.log("struct value", JSON.stringify(v)));
            """,
            ("maybe", new Func<bool, Task<int?>>(async some =>
            {
                await Task.Yield();
                return some ? 5 : null;
            })),
            ("list", new Func<Task<List<object?>>>(() => Task.FromResult(new List<object?> { "a", 1.5 }))),
            ("structList", new Func<Task<System.Collections.Immutable.ImmutableArray<int>>>(async () =>
            {
                await Task.Delay(5);
                return [1, 2, 3];
            })),
            ("structValue", new Func<ValueTask<System.Collections.Immutable.ImmutableArray<string>>>(() => ValueTask.FromResult<System.Collections.Immutable.ImmutableArray<string>>(["x"]))));

        Assert.That(run.OutputLines, Is.EquivalentTo(new[]
        {
            "maybe 5", "none null", "list [\"a\",1.5]", "struct [1,2,3]", "struct value [\"x\"]",
        }));
    }

    [Test]
    public async Task An_async_delegate_that_fails_rejects_its_promise_with_an_Error()
    {
        await using var run = await RunWithGlobalsAsync(
            """
            const show = label => e => console.log(label, e.constructor.name, e.message);
            failLater().catch(show("later"));
            failNow().catch(show("now"));
            cancelled().catch(show("cancelled"));
            typed("not a number").catch(show("typed"));
            nullTask().catch(show("null"));
            """,
            ("failLater", new Func<Task<int>>(async () =>
            {
                await Task.Delay(10);
                throw new InvalidOperationException("late failure");
            })),
            ("failNow", new Func<Task>(() => throw new ArgumentException("sync failure"))),
            ("cancelled", new Func<Task>(() => Task.FromCanceled(new CancellationToken(true)))),
            ("typed", new Func<int, Task>(_ => Task.CompletedTask)),
            ("nullTask", new Func<Task?>(() => null)));

        Assert.That(run.OutputLines, Is.EquivalentTo(new[]
        {
            "later Error late failure",
            "now Error sync failure",
            "cancelled Error A task was canceled.",
            "typed TypeError Failed to execute 'typed': parameter 1: The value is a string, not Int32.",
            "null TypeError 'nullTask' returned null instead of a task.",
        }));
    }

    [Test]
    public async Task An_unhandled_rejection_from_an_async_delegate_is_reported()
    {
        await using var run = new ScriptRun();
        run.Host.SetGlobal("fail", new Func<Task>(async () =>
        {
            await Task.Delay(5);
            throw new InvalidOperationException("nobody listens");
        }));
        run.Host.EnqueueScript("fail();", "test.js");
        var result = await run.Host.RunAsync(Bounded());

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Error!.Kind, Is.EqualTo("unhandledrejection"));
        Assert.That(result.Error.Message, Is.EqualTo("Error: nobody listens"));
    }

    [Test]
    public async Task Delegates_inside_dictionaries_become_methods_named_by_their_keys()
    {
        await using var run = await RunWithGlobalsAsync(
            "console.log(api.math.square(5), api.math.square.name, api.version, typeof api.list[0], api.list[0].name === '');",
            ("api", new Dictionary<string, object?>
            {
                ["math"] = new Dictionary<string, object?> { ["square"] = new Func<int, int>(x => x * x) },
                ["version"] = "1.0",
                ["list"] = new object[] { new Func<int>(() => 1) },
            }));

        Assert.That(run.Output, Is.EqualTo("25 square 1.0 function true\n"));
    }

    [Test]
    public async Task A_delegate_with_a_parameter_or_result_of_another_type_is_refused_at_the_call()
    {
        await using var run = new ScriptRun();

        Assert.That(() => run.Host.SetGlobal("f", new Func<FileInfo, int>(_ => 1)),
            Throws.ArgumentException.With.Message.Contains("parameter 'arg' is of type System.IO.FileInfo"));
        Assert.That(() => run.Host.SetGlobal("f", new Func<FileInfo>(() => new FileInfo("x"))),
            Throws.ArgumentException.With.Message.Contains("result is of type System.IO.FileInfo"));
        Assert.That(() => run.Host.SetGlobal("f", new Func<Task<Type>>(() => Task.FromResult(typeof(int)))),
            Throws.ArgumentException.With.Message.Contains("result is of type System.Type"));
        Assert.That(() => run.Host.SetGlobal("f", new Dictionary<string, object?> { ["m"] = new Func<DateTime, int>(_ => 1) }),
            Throws.ArgumentException.With.Message.Contains("The value of 'f' at [\"m\"] is a delegate"));
    }

    // ---- EvaluateAsync ----

    [Test]
    public async Task EvaluateAsync_converts_the_completion_value_to_the_asked_type()
    {
        await using var run = new ScriptRun();
        var number = run.Host.EvaluateAsync<int>("40 + 2");
        var text = run.Host.EvaluateAsync<string>("'a' + 'b'");
        var flag = run.Host.EvaluateAsync<bool>("1 < 2");
        var real = run.Host.EvaluateAsync<double>("0.5");
        var big = run.Host.EvaluateAsync<long>("2 ** 40");
        var nothing = run.Host.EvaluateAsync<int?>("null");
        var noText = run.Host.EvaluateAsync<string?>("undefined");
        var plain = run.Host.EvaluateAsync<object?>("({ a: [1, 'x', null], b: new Uint8Array([1, 2]), c: undefined })");
        var json = run.Host.EvaluateAsync<JsonElement>("({ a: 1, b: [true, null, 'x'], c: new Uint8Array([1, 2, 3]) })");
        var noJson = run.Host.EvaluateAsync<JsonElement>("undefined");
        var node = run.Host.EvaluateAsync<JsonNode?>("[1, { k: 'v' }]");
        var list = run.Host.EvaluateAsync<List<object?>>("[1, 2]");
        var bytes = run.Host.EvaluateAsync<byte[]>("new TextEncoder().encode('hi')");
        var result = await run.Host.RunAsync(Bounded());

        Assert.That(result.Succeeded, Is.True, run.Error);
        Assert.That(await number, Is.EqualTo(42));
        Assert.That(await text, Is.EqualTo("ab"));
        Assert.That(await flag, Is.True);
        Assert.That(await real, Is.EqualTo(0.5));
        Assert.That(await big, Is.EqualTo(1L << 40));
        Assert.That(await nothing, Is.Null);
        Assert.That(await noText, Is.Null);
        var dictionary = (Dictionary<string, object?>)(await plain)!;
        Assert.That(dictionary["a"], Is.EqualTo(new object?[] { 1.0, "x", null }));
        Assert.That(dictionary["b"], Is.EqualTo(new byte[] { 1, 2 }));
        Assert.That(dictionary["c"], Is.Null);
        Assert.That((await json).GetRawText(), Is.EqualTo("""{"a":1,"b":[true,null,"x"],"c":"AQID"}"""));
        Assert.That((await noJson).ValueKind, Is.EqualTo(JsonValueKind.Undefined));
        Assert.That((await node)!.ToJsonString(), Is.EqualTo("""[1,{"k":"v"}]"""));
        Assert.That(await list, Is.EqualTo(new object?[] { 1.0, 2.0 }));
        Assert.That(await bytes, Is.EqualTo("hi"u8.ToArray()));
    }

    [Test]
    public async Task EvaluateAsync_waits_for_a_promise_or_thenable_on_the_loop()
    {
        await using var run = new ScriptRun();
        var timed = run.Host.EvaluateAsync<int>("new Promise(resolve => setTimeout(() => resolve(5), 20))");
        var asyncFunction = run.Host.EvaluateAsync<string>("(async () => { await null; return 'async'; })()");
        var thenable = run.Host.EvaluateAsync<int>("({ then(resolve) { queueMicrotask(() => resolve(7)); } })");
        run.Host.SetGlobal("slow", new Func<double, Task<double>>(async x =>
        {
            await Task.Delay(20);
            return x + 1;
        }));
        var hostPromise = run.Host.EvaluateAsync<double>("slow(3)");
        var result = await run.Host.RunAsync(Bounded());

        Assert.That(result.Succeeded, Is.True, run.Error);
        Assert.That(await timed, Is.EqualTo(5));
        Assert.That(await asyncFunction, Is.EqualTo("async"));
        Assert.That(await thenable, Is.EqualTo(7));
        Assert.That(await hostPromise, Is.EqualTo(4));
    }

    [Test]
    public async Task EvaluateAsync_faults_with_a_ScriptException_on_a_throw_a_rejection_or_a_syntax_error()
    {
        await using var run = new ScriptRun();
        var thrown = run.Host.EvaluateAsync<int>("function f() { throw new TypeError('bad'); }\nf();");
        var rejected = run.Host.EvaluateAsync<int>("Promise.reject(new RangeError('no'))");
        var rejectedLater = run.Host.EvaluateAsync<int>("new Promise((_, reject) => setTimeout(() => reject(42), 5))");
        var syntax = run.Host.EvaluateAsync<int>("let = = 1;");
        var result = await run.Host.RunAsync(Bounded());

        Assert.That(result.Succeeded, Is.True, "an evaluation's error is the caller's, not an uncaught error");
        Assert.That(result.Errors, Is.Empty);
        Assert.That(run.Error, Is.Empty);
        var thrownError = Assert.ThrowsAsync<ScriptException>(async () => await thrown);
        Assert.That(thrownError!.Message, Is.EqualTo("TypeError: bad"));
        Assert.That(thrownError.Kind, Is.EqualTo("error"));
        Assert.That(thrownError.Report, Does.StartWith("TypeError: bad\n").And.Contain("evaluate.js:1:"));
        var rejectedError = Assert.ThrowsAsync<ScriptException>(async () => await rejected);
        Assert.That(rejectedError!.Message, Is.EqualTo("RangeError: no"));
        Assert.That(rejectedError.Kind, Is.EqualTo("rejection"));
        Assert.That(Assert.ThrowsAsync<ScriptException>(async () => await rejectedLater)!.Message, Is.EqualTo("42"));
        Assert.That(Assert.ThrowsAsync<ScriptException>(async () => await syntax)!.Message, Does.Contain("SyntaxError"));
    }

    [Test]
    public async Task EvaluateAsync_faults_with_InvalidCastException_when_the_result_is_of_another_type()
    {
        await using var run = new ScriptRun();
        var text = run.Host.EvaluateAsync<int>("'x'");
        var fraction = run.Host.EvaluateAsync<int>("1.5");
        var flag = run.Host.EvaluateAsync<bool>("1");
        var missing = run.Host.EvaluateAsync<double>("undefined");
        var function = run.Host.EvaluateAsync<object>("() => 1");
        var promised = run.Host.EvaluateAsync<string>("Promise.resolve(5)");
        await run.Host.RunAsync(Bounded());

        Assert.That(async () => await text, Throws.InstanceOf<InvalidCastException>().With.Message.EqualTo(
            "EvaluateAsync<Int32>: the script's result cannot be converted. The value is a string, not Int32."));
        Assert.That(async () => await fraction, Throws.InstanceOf<InvalidCastException>().With.Message.Contains("not an integer"));
        Assert.That(async () => await flag, Throws.InstanceOf<InvalidCastException>().With.Message.Contains("a number, not Boolean"));
        Assert.That(async () => await missing, Throws.InstanceOf<InvalidCastException>().With.Message.Contains("undefined, not Double"));
        Assert.That(async () => await function, Throws.InstanceOf<InvalidCastException>().With.Message.Contains("is a function"));
        Assert.That(async () => await promised, Throws.InstanceOf<InvalidCastException>().With.Message.Contains("a number, not String"));
    }

    [Test]
    public async Task EvaluateAsync_from_another_thread_runs_while_RunAsync_runs()
    {
        await using var run = new ScriptRun();
        run.Host.EnqueueScript("globalThis.counter = 0; const timer = setInterval(() => counter++, 1);", "test.js");
        var loop = run.Host.RunAsync(Bounded());
        var values = await Task.Run(async () =>
        {
            var seen = new List<int>();
            for (var i = 0; i < 5; i++)
            {
                seen.Add(await run.Host.EvaluateAsync<int>("counter"));
                await Task.Delay(5);
            }

            return seen;
        });
        var last = await Task.Run(() => run.Host.EvaluateAsync<string>("clearInterval(timer); 'stopped'"));
        var result = await loop;

        Assert.That(result.Succeeded, Is.True, run.Error);
        Assert.That(values, Is.Ordered);
        Assert.That(last, Is.EqualTo("stopped"));
    }

    [Test]
    public async Task EvaluateAsync_with_no_run_completes_in_the_next_run_which_waits_for_it()
    {
        await using var run = new ScriptRun();
        var evaluation = run.Host.EvaluateAsync<string>("new Promise(resolve => addEventListener('go', e => resolve(e.detail)))");
        await Task.Delay(50);
        Assert.That(evaluation.IsCompleted, Is.False, "nothing runs the loop yet");

        // Nothing but the pending evaluation keeps this run alive until the event comes.
        var loop = run.Host.RunAsync(Bounded());
        await Task.Delay(100);
        Assert.That(loop.IsCompleted, Is.False, "the run must not end before the evaluation settles");
        run.Host.DispatchEvent("go", "settled");
        var result = await loop.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(result.Succeeded, Is.True);
        Assert.That(evaluation.IsCompletedSuccessfully, Is.True);
        Assert.That(await evaluation, Is.EqualTo("settled"));
    }

    [Test]
    public async Task A_pending_evaluation_holds_the_loop_until_its_token_is_cancelled()
    {
        await using var run = new ScriptRun();
        using var cancel = new CancellationTokenSource();
        var evaluation = run.Host.EvaluateAsync<int>("new Promise(() => {})", cancel.Token);
        var loop = run.Host.RunAsync(Bounded());
        await Task.Delay(100);
        Assert.That(loop.IsCompleted, Is.False, "a pending evaluation keeps the loop alive");

        await cancel.CancelAsync();
        var result = await loop.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(result.Succeeded, Is.True);
        Assert.That(evaluation.IsCanceled, Is.True);
    }

    [Test]
    public async Task EvaluateAsync_refuses_a_result_type_it_cannot_make_and_fails_pending_work_on_dispose()
    {
        var run = new ScriptRun();
        Assert.That(() => run.Host.EvaluateAsync<FileInfo>("1"), Throws.InstanceOf<NotSupportedException>());
        Assert.That(() => run.Host.EvaluateAsync<int>(null!), Throws.ArgumentNullException);
        var pending = run.Host.EvaluateAsync<int>("1");

        await run.DisposeAsync();

        Assert.That(async () => await pending, Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(() => run.Host.EvaluateAsync<int>("1"), Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(() => run.Host.SetGlobal("x", 1), Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(() => run.Host.DispatchEvent("x"), Throws.InstanceOf<ObjectDisposedException>());
    }

    // ---- DispatchEvent ----

    [Test]
    public async Task DispatchEvent_from_another_thread_fires_a_trusted_CustomEvent_at_the_global()
    {
        await using var run = new ScriptRun();
        run.Host.EnqueueScript("""
            addEventListener("config", e => {
              console.log(e instanceof CustomEvent, e.type, e.isTrusted, e.bubbles, e.cancelable, e.target === globalThis, JSON.stringify(e.detail));
              Promise.resolve().then(() => console.log("microtask after the listener"));
            });
            addEventListener("config", () => console.log("second listener"));
            addEventListener("bare", e => console.log("bare", e.detail));
            """, "test.js");
        run.Host.Loop.AddRef();
        var loop = run.Host.RunAsync(Bounded());
        await Task.Run(() =>
        {
            run.Host.DispatchEvent("config", new Dictionary<string, object?> { ["level"] = 3, ["tags"] = new[] { "a" } });
            run.Host.DispatchEvent("bare");
            run.Host.DispatchEvent("nobody-listens", 1);
        });
        await run.Host.EvaluateAsync<int>("0");
        run.Host.Loop.Release();
        var result = await loop;

        Assert.That(result.Succeeded, Is.True, run.Error);
        Assert.That(run.OutputLines, Is.EqualTo(new[]
        {
            "true config true false false true {\"level\":3,\"tags\":[\"a\"]}",
            "microtask after the listener",
            "second listener",
            "bare null",
        }));
    }

    [Test]
    public async Task DispatchEvent_refuses_a_detail_of_another_type()
    {
        await using var run = new ScriptRun();

        Assert.That(() => run.Host.DispatchEvent("x", new FileInfo("x")),
            Throws.ArgumentException.With.Message.Contains("System.IO.FileInfo").And.Property("ParamName").EqualTo("detail"));
        Assert.That(() => run.Host.DispatchEvent(null!), Throws.ArgumentNullException);
    }

    // ---- Uncaught errors ----

    [Test]
    public async Task In_StopRun_mode_the_first_uncaught_error_ends_the_run_and_is_raised_once()
    {
        await using var run = new ScriptRun();
        var raised = new List<ScriptError>();
        run.Host.UncaughtError += (sender, e) =>
        {
            Assert.That(sender, Is.SameAs(run.Host));
            raised.Add(e.Error);
        };
        run.Host.EnqueueScript("""
            setTimeout(() => console.log("never"), 20);
            setTimeout(() => { throw new Error("first"); }, 0);
            """, "test.js");
        var result = await run.Host.RunAsync(Bounded());

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Error!.Message, Is.EqualTo("Error: first"));
        Assert.That(result.Errors, Is.EqualTo(new[] { result.Error }));
        Assert.That(raised, Is.EqualTo(new[] { result.Error }));
        Assert.That(run.Output, Is.Empty);
    }

    [Test]
    public async Task In_ReportAndContinue_mode_the_run_goes_on_succeeds_and_lists_every_uncaught_error()
    {
        await using var run = new ScriptRun(configure: o => o.UncaughtErrorMode = UncaughtErrorMode.ReportAndContinue);
        var raised = new List<string>();
        run.Host.UncaughtError += (_, e) => raised.Add(e.Error.Kind + " " + e.Error.Message);
        run.Host.EnqueueScript("""
            addEventListener("error", e => { if (e.error?.message === "handled") e.preventDefault(); });
            setTimeout(() => { throw new Error("one"); }, 0);
            setTimeout(() => Promise.reject(new Error("two")), 1);
            setTimeout(() => { throw new Error("handled"); }, 2);
            setTimeout(() => console.log("still running"), 10);
            """, "test.js");
        run.Host.EnqueueScript("throw new SyntaxError('three');", "second.js");
        run.Host.EnqueueScript("console.log('next script runs');", "third.js");
        var result = await run.Host.RunAsync(Bounded());

        Assert.That(result.Succeeded, Is.True);
        Assert.That(result.Outcome, Is.EqualTo(ScriptRunOutcome.Drained));
        Assert.That(result.Error, Is.Null);
        Assert.That(run.OutputLines, Is.EqualTo(new[] { "next script runs", "still running" }));
        Assert.That(raised, Is.EqualTo(new[] { "error SyntaxError: three", "error Error: one", "unhandledrejection Error: two" }));
        Assert.That(result.Errors.Select(e => e.Message), Is.EqualTo(new[] { "SyntaxError: three", "Error: one", "Error: two" }));
        Assert.That(run.Error, Does.Contain("Uncaught Error: one").And.Contain("Uncaught (in promise) Error: two"));

        // The list is per run.
        run.Host.EnqueueScript("console.log('again');", "again.js");
        var second = await run.Host.RunAsync(Bounded());
        Assert.That(second.Errors, Is.Empty);
    }

    [Test]
    public async Task An_error_that_script_handles_is_not_raised_and_a_throwing_handler_does_not_break_the_loop()
    {
        await using var run = new ScriptRun(configure: o => o.UncaughtErrorMode = UncaughtErrorMode.ReportAndContinue);
        var raised = 0;
        run.Host.UncaughtError += (_, _) =>
        {
            raised++;
            throw new InvalidOperationException("handler bug");
        };
        run.Host.EnqueueScript("""
            addEventListener("unhandledrejection", e => e.preventDefault());
            Promise.reject(new Error("handled by script"));
            setTimeout(() => { throw new Error("not handled"); }, 0);
            setTimeout(() => console.log("after"), 5);
            """, "test.js");
        var result = await run.Host.RunAsync(Bounded());

        Assert.That(result.Succeeded, Is.True);
        Assert.That(raised, Is.EqualTo(1));
        Assert.That(run.Output, Is.EqualTo("after\n"));
        Assert.That(run.Error, Does.Contain("An UncaughtError handler threw: handler bug"));
    }

    [Test]
    public async Task ReportAndContinue_still_ends_the_run_when_the_run_is_cancelled()
    {
        await using var run = new ScriptRun(configure: o => o.UncaughtErrorMode = UncaughtErrorMode.ReportAndContinue);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        run.Host.EnqueueScript("setInterval(() => { throw new Error('tick'); }, 1);", "test.js");

        Assert.That(async () => await run.Host.RunAsync(cancel.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task ReportAndContinue_goes_on_after_a_host_callback_fails_but_a_script_limit_ends_the_run()
    {
        await using var run = new ScriptRun(configure: o => o.UncaughtErrorMode = UncaughtErrorMode.ReportAndContinue);
        run.Host.Post(_ => throw new InvalidOperationException("host callback bug"));
        run.Host.EnqueueScript("console.log('after the bug');", "one.js");
        run.Host.Post(_ => throw new Jint.Runtime.MemoryLimitExceededException("memory limit hit"));
        run.Host.EnqueueScript("console.log('after the limit');", "two.js");
        var result = await run.Host.RunAsync(Bounded());

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Outcome, Is.EqualTo(ScriptRunOutcome.LimitExceeded));
        Assert.That(result.Limit, Is.EqualTo("MaxAllocatedBytesPerTask"));
        Assert.That(result.Errors.Select(e => e.Message), Is.EqualTo(new[] { "host callback bug" }));
        Assert.That(run.Output, Is.EqualTo("after the bug\n"));
    }

    [Test]
    public void An_undefined_UncaughtErrorMode_is_refused_when_the_host_is_created()
    {
        Assert.That(() => new ScriptHost(new ScriptHostOptions { UncaughtErrorMode = (UncaughtErrorMode)7 }),
            Throws.ArgumentException.With.Message.Contains("UncaughtErrorMode"));
        Assert.That(new ScriptHostOptions().UncaughtErrorMode, Is.EqualTo(UncaughtErrorMode.StopRun));
    }
}
