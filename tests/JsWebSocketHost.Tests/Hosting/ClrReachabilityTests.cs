using System.Text.Json;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Interop;
using JsWebSocketHost.Hosting;

namespace JsWebSocketHost.Tests.Hosting;

/// <summary>Attempts to reach .NET objects from script, all of which must fail.</summary>
[TestFixture]
public sealed class ClrReachabilityTests
{
    // Walks every object reachable from the global through own properties (data values, getters and setters, string
    // and symbol keys) and prototypes, without calling getters, and lists anything that looks like a .NET object: a
    // .NET member name among its own keys or answering `in` (a CLR wrapper resolves members on lookup and need not
    // list them), or a .NET type name in its tag or function source.
    private const string WalkScript = """
        (() => {
          const seen = new Set();
          const bad = [];
          const clrMembers = ["GetType", "ToString", "Equals", "GetHashCode", "MemberwiseClone", "Finalize", "Method", "Target",
            "Invoke", "DynamicInvoke", "BeginInvoke", "EndInvoke", "HResult", "InnerException", "StackTrace"];
          const clrMember = new RegExp("^(" + clrMembers.join("|") + ")$");
          const clrText = /System\.|Jint\.|Microsoft\.|JsWebSocketHost\./;
          const visit = (value, path) => {
            if (value === null || (typeof value !== "object" && typeof value !== "function") || seen.has(value)) return;
            seen.add(value);
            let tag;
            try { tag = Object.prototype.toString.call(value); } catch { tag = "?"; }
            if (clrText.test(tag)) bad.push(path + " has tag " + tag);
            for (const name of clrMembers) {
              try { if (Reflect.has(value, name)) bad.push(path + " answers " + name); } catch { bad.push(path + " throws on " + name); }
            }
            if (typeof value === "function") {
              const source = Function.prototype.toString.call(value);
              if (clrText.test(source)) bad.push(path + " has source " + source);
            }
            for (const key of Reflect.ownKeys(value)) {
              const name = typeof key === "symbol" ? key.toString() : key;
              if (clrMember.test(name)) bad.push(path + "." + name);
              const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
              if (!descriptor) continue;
              if ("value" in descriptor) visit(descriptor.value, path + "." + name);
              if (descriptor.get) visit(descriptor.get, path + ".get " + name);
              if (descriptor.set) visit(descriptor.set, path + ".set " + name);
            }
            visit(Object.getPrototypeOf(value), path + ".[[Prototype]]");
          };
          visit(globalThis, "globalThis");
          const reached = [api, api.nested.greet, api.bytes, api.json, api.later, savedDetail, savedDetail.items].every(v => seen.has(v));
          return JSON.stringify({ count: seen.size, reached, bad });
        })()
        """;

    private static CancellationToken Bounded() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private static ScriptRun WithHostValues()
    {
        var run = new ScriptRun();
        using var json = JsonDocument.Parse("""{"k":[1,{"x":null}]}""");
        run.Host.SetGlobal("api", new Dictionary<string, object?>
        {
            ["nested"] = new Dictionary<string, object?> { ["greet"] = new Func<string, string>(s => "hi " + s) },
            ["bytes"] = new byte[] { 1, 2 },
            ["json"] = json.RootElement,
            ["later"] = new Func<Task<int>>(async () =>
            {
                await Task.Delay(1);
                return 1;
            }),
            ["list"] = new List<object?> { 1, "two", new Action(() => { }) },
        });
        run.Host.SetGlobal("fail", new Action(() => throw new InvalidOperationException("host failure")));
        run.Host.EnqueueScript("addEventListener('host', e => { globalThis.savedDetail = e.detail; });", "setup.js");
        run.Host.DispatchEvent("host", new Dictionary<string, object?> { ["items"] = new[] { "a" } });
        return run;
    }

    private static async Task<T> EvaluateInRunAsync<T>(ScriptRun run, string code)
    {
        var evaluation = run.Host.EvaluateAsync<T>(code);
        var result = await run.Host.RunAsync(Bounded());
        Assert.That(result.Succeeded, Is.True, run.Error);
        return await evaluation;
    }

    [Test]
    public async Task No_CLR_access_globals_exist()
    {
        await using var run = WithHostValues();
        var found = await EvaluateInRunAsync<string>(run, """
            ["importNamespace", "System", "clr", "host", "Jint", "Microsoft", "require", "process", "JsWebSocketHost"]
              .filter(name => name in globalThis || typeof globalThis[name] !== "undefined").join()
            """);

        Assert.That(found, Is.Empty);
    }

    [Test]
    public async Task The_Function_constructor_tricks_give_the_JS_global()
    {
        await using var run = WithHostValues();
        var same = await EvaluateInRunAsync<string>(run, """
            [
              Function("return this")() === globalThis,
              (() => {}).constructor.constructor("return this")() === globalThis,
              api.nested.greet.constructor === Function,
              api.nested.greet.constructor("return this")() === globalThis,
              Object.getPrototypeOf(globalThis) === EventTarget.prototype,
            ].join()
            """);

        Assert.That(same, Is.EqualTo("true,true,true,true,true"));
    }

    [Test]
    public async Task Nothing_reachable_from_the_global_exposes_dotnet_members()
    {
        await using var run = WithHostValues();
        var report = await EvaluateInRunAsync<JsonElement>(run, $"JSON.parse({WalkScript})");

        Assert.That(report.GetProperty("bad").EnumerateArray().Select(e => e.GetString()), Is.Empty);
        Assert.That(report.GetProperty("reached").GetBoolean(), Is.True, "the walk must reach what the host put there");
        Assert.That(report.GetProperty("count").GetInt32(), Is.GreaterThan(300), "the walk must cover the web globals");
    }

    [Test]
    public async Task Nothing_reachable_from_the_global_is_a_Jint_interop_wrapper()
    {
        await using var run = WithHostValues();
        WalkResult? walk = null;
        run.Host.Post(engine => walk = WalkEngineObjects(engine));
        var result = await run.Host.RunAsync(Bounded());

        Assert.That(result.Succeeded, Is.True, run.Error);
        Assert.That(walk!.Offenders, Is.Empty);
        Assert.That(walk.GreetFunctions, Is.EqualTo(1), "the walk must reach the function made from the delegate");
        Assert.That(walk.Visited, Is.GreaterThan(300));
    }

    [Test]
    public async Task Both_walks_flag_a_CLR_object_that_Engine_SetValue_would_expose()
    {
        // The control: what the walks above must never find, they do find when it is there.
        await using var run = WithHostValues();
        WalkResult? walk = null;
        run.Host.Post(engine =>
        {
            engine.SetValue("leak", new Probe());
            walk = WalkEngineObjects(engine);
        });
        var report = await EvaluateInRunAsync<JsonElement>(run, $"JSON.parse({WalkScript})");

        Assert.That(walk!.Offenders, Has.Some.StartsWith("globalThis.leak: Jint.Runtime.Interop.ObjectWrapper"));
        Assert.That(report.GetProperty("bad").EnumerateArray().Select(e => e.GetString()), Has.Some.EqualTo("globalThis.leak answers ToString"));
    }

    // Walks every object reachable from the global on the C# side (own property values, getters and setters of
    // string and symbol keys, and prototypes) and lists Jint's CLR interop objects among them.
    private static WalkResult WalkEngineObjects(Jint.Engine engine)
    {
        var offenders = new List<string>();
        var greetFunctions = 0;
        var seen = new HashSet<ObjectInstance>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<(ObjectInstance Object, string Path)>();
        pending.Push((engine.Global, "globalThis"));
        while (pending.Count > 0)
        {
            var (obj, path) = pending.Pop();
            if (!seen.Add(obj))
            {
                continue;
            }

            var type = obj.GetType();
            if (obj is IObjectWrapper || (type.Namespace == "Jint.Runtime.Interop" && obj is not ClrFunction))
            {
                offenders.Add(path + ": " + type.FullName);
            }

            if (obj is ClrFunction function && function.Get("name").ToString() == "greet")
            {
                greetFunctions++;
            }

            foreach (var (key, descriptor) in obj.GetOwnProperties())
            {
                foreach (var value in new[] { descriptor.Value, descriptor.Get, descriptor.Set })
                {
                    if (value is ObjectInstance child)
                    {
                        pending.Push((child, path + "." + key));
                    }
                }
            }

            if (obj.Prototype is { } prototype)
            {
                pending.Push((prototype, path + ".[[Prototype]]"));
            }
        }

        return new WalkResult(offenders, seen.Count, greetFunctions);
    }

    [Test]
    public async Task A_function_made_from_a_delegate_has_only_length_and_name()
    {
        await using var run = WithHostValues();
        var text = await EvaluateInRunAsync<string>(run, """
            const f = api.nested.greet;
            const attempt = thunk => { try { return String(thunk()); } catch (e) { return e.constructor.name; } };
            [
              JSON.stringify(Reflect.ownKeys(f)),
              JSON.stringify(Object.getOwnPropertyDescriptor(f, "length")),
              JSON.stringify(Object.getOwnPropertyDescriptor(f, "name")),
              Object.getPrototypeOf(f) === Function.prototype,
              String(f),
              [f.Method, f.Target, f.GetType, f.prototype].join("|"),
              attempt(() => new f("x")),
              f.call(null, "call"),
              Object.getPrototypeOf(api.later()) === Promise.prototype,
              JSON.stringify(Reflect.ownKeys(api.later())),
            ].join("\n")
            """);

        Assert.That(text.Split('\n'), Is.EqualTo(new[]
        {
            """["length","name"]""",
            """{"value":1,"writable":false,"enumerable":false,"configurable":true}""",
            """{"value":"greet","writable":false,"enumerable":false,"configurable":true}""",
            "true",
            "function greet() { [native code] }",
            "|||",
            "TypeError",
            "hi call",
            "true",
            "[]",
        }));
    }

    [Test]
    public async Task An_error_from_a_delegate_is_a_plain_JS_Error_with_only_a_message_and_a_stack()
    {
        await using var run = WithHostValues();
        var text = await EvaluateInRunAsync<string>(run, """
            let caught;
            try { fail(); } catch (e) { caught = e; }
            [
              Object.getPrototypeOf(caught) === Error.prototype,
              JSON.stringify(Reflect.ownKeys(caught).filter(k => k !== "stack")),
              caught.message,
              String(caught),
              [caught.InnerException, caught.HResult, caught.GetType, caught.TargetSite].join("|"),
            ].join("\n")
            """);

        Assert.That(text.Split('\n'), Is.EqualTo(new[] { "true", """["message"]""", "host failure", "Error: host failure", "|||" }));
    }

    [Test]
    public async Task SetGlobal_refuses_a_FileInfo_a_class_instance_and_other_dotnet_objects()
    {
        await using var run = new ScriptRun();
        var refused = new (object Value, Type Named)[]
        {
            (new FileInfo("/etc/passwd"), typeof(FileInfo)), (new Probe(), typeof(Probe)), (typeof(string), typeof(string).GetType()),
            (new object(), typeof(object)), (DateTime.UnixEpoch, typeof(DateTime)), (Guid.Empty, typeof(Guid)),
            (ConsoleColor.Red, typeof(ConsoleColor)), (new KeyValuePair<string, int>("k", 1), typeof(KeyValuePair<string, int>)),
            (Task.CompletedTask, Task.CompletedTask.GetType()), (new Uri("http://127.0.0.1/"), typeof(Uri)),
            (System.Text.Json.Nodes.JsonValue.Create(new Probe())!, typeof(Probe)), (JsNumber.Create(1), typeof(JsNumber)),
        };

        foreach (var (value, named) in refused)
        {
            Assert.That(() => run.Host.SetGlobal("x", value),
                Throws.ArgumentException.With.Message.Contains("is of type " + named).And.Property("ParamName").EqualTo("value"),
                named.FullName);
        }

        Assert.That(() => run.Host.SetGlobal("x", new List<object?> { 1, new Probe() }),
            Throws.ArgumentException.With.Message.Contains("The value of 'x' at [1] is of type " + typeof(Probe)));
        Assert.That(() => run.Host.SetGlobal("x", new Dictionary<string, object?> { ["file"] = new FileInfo("x") }),
            Throws.ArgumentException.With.Message.Contains("at [\"file\"] is of type System.IO.FileInfo"));
    }

    [Test]
    public async Task A_delegate_that_returns_a_dotnet_object_gives_script_a_TypeError_not_the_object()
    {
        await using var run = new ScriptRun();
        run.Host.SetGlobal("leak", new Func<object?>(() => new Probe()));
        run.Host.SetGlobal("leakLater", new Func<Task<object?>>(async () =>
        {
            await Task.Delay(1);
            return new FileInfo("x");
        }));
        var text = await EvaluateInRunAsync<string>(run, """
            (async () => {
              const out = [];
              try { out.push(typeof leak()); } catch (e) { out.push(e.constructor.name); }
              try { out.push(typeof await leakLater()); } catch (e) { out.push(e.constructor.name + " " + e.message.includes("FileInfo")); }
              return out.join();
            })()
            """);

        Assert.That(text, Is.EqualTo("TypeError,TypeError true"));
    }

    private sealed record WalkResult(List<string> Offenders, int Visited, int GreetFunctions);

    /// <summary>An ordinary class whose instance must never reach script.</summary>
    private sealed class Probe
    {
        public string Secret { get; } = "secret";
    }
}
