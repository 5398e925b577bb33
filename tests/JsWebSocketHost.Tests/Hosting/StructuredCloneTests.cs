using JsWebSocketHost.Hosting;

namespace JsWebSocketHost.Tests.Hosting;

/// <summary>
/// <c>structuredClone</c> against HTML's StructuredSerializeInternal and StructuredDeserialize: what each kind of value
/// becomes, what is kept (identity within the value, holes, order) and lost (prototypes, non-enumerable and symbol
/// keys), transfer, and the DataCloneErrors the spec names.
/// </summary>
[TestFixture]
public sealed class StructuredCloneTests
{
    private static async Task<string[]> Lines(string source)
    {
        await using var run = await ScriptRun.RunAsync(source);
        Assert.That(run.Error, Is.Empty, "nothing reported on standard error");
        return run.OutputLines;
    }

    [Test]
    public async Task StructuredClone_is_a_global_operation_of_length_1()
    {
        var lines = await Lines("""
            const d = Object.getOwnPropertyDescriptor(globalThis, "structuredClone");
            console.log(typeof d.value, d.value.length, d.value.name, d.writable, d.enumerable, d.configurable);
            try { structuredClone(); } catch (e) { console.log(e instanceof TypeError); }
            """);

        Assert.That(lines, Is.EqualTo(new[] { "function 1 structuredClone true true true", "true" }));
    }

    [Test]
    public async Task Primitives_come_back_as_themselves_and_a_symbol_is_a_DataCloneError()
    {
        var lines = await Lines("""
            const values = [undefined, null, true, 0, -0, NaN, 1.5, 12345678901234567890n, "", "x\u{1F600}"];
            console.log(values.every(v => Object.is(structuredClone(v), v)));
            try { structuredClone(Symbol("s")); } catch (e) { console.log(e instanceof DOMException, e.name, e.code); }
            """);

        Assert.That(lines, Is.EqualTo(new[] { "true", "true DataCloneError 25" }));
    }

    [Test]
    public async Task Wrapper_objects_Date_and_RegExp_are_new_objects_with_the_same_value()
    {
        var lines = await Lines("""
            for (const w of [new Boolean(false), new Number(-0), new String("ab"), Object(5n)]) {
              const c = structuredClone(w);
              console.log(typeof c, c !== w, Object.is(c.valueOf(), w.valueOf()), Object.getPrototypeOf(c) === Object.getPrototypeOf(w));
            }
            const d = new Date(1e12), dc = structuredClone(d);
            console.log(dc instanceof Date, dc !== d, dc.getTime(), isNaN(structuredClone(new Date(NaN)).getTime()));
            const r = /a+b/giu; r.lastIndex = 3; r.extra = 1;
            const rc = structuredClone(r);
            console.log(rc instanceof RegExp, rc !== r, rc.source, rc.flags, rc.lastIndex, "extra" in rc);
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "object true true true",
            "object true true true",
            "object true true true",
            "object true true true",
            "true true 1000000000000 true",
            "true true a+b giu 0 false",
        }));
    }

    [Test]
    public async Task Cycles_and_shared_references_keep_their_shape_in_the_copy()
    {
        var lines = await Lines("""
            const shared = { n: 1 };
            const o = { a: shared, b: shared, list: [shared] };
            o.self = o;
            const c = structuredClone(o);
            console.log(c !== o, c.self === c, c.a === c.b, c.list[0] === c.a, c.a !== shared, c.a.n);
            const m = new Map(); m.set(m, m);
            const mc = structuredClone(m);
            console.log(mc.get(mc) === mc, mc.size);
            """);

        Assert.That(lines, Is.EqualTo(new[] { "true true true true true 1", "true 1" }));
    }

    [Test]
    public async Task Arrays_keep_length_holes_and_extra_properties_but_not_their_prototype()
    {
        var lines = await Lines("""
            const a = [1, , 3]; a.length = 5; a.name = "x";
            const c = structuredClone(a);
            console.log(Array.isArray(c), c.length, 1 in c, c[2], c.name, Object.keys(c).join());
            class Sub extends Array {}
            const s = structuredClone(Sub.from([1, 2]));
            console.log(Object.getPrototypeOf(s) === Array.prototype, s.length);
            """);

        Assert.That(lines, Is.EqualTo(new[] { "true 5 false 3 x 0,2,name", "true 2" }));
    }

    [Test]
    public async Task Objects_keep_own_enumerable_string_keys_in_order_and_drop_the_rest()
    {
        var lines = await Lines("""
            class Point { constructor() { this.x = 1; this.y = 2; } get sum() { return this.x + this.y; } }
            const p = new Point();
            Object.defineProperty(p, "hidden", { value: 1, enumerable: false });
            p[Symbol("k")] = 3;
            p[2] = "two";
            const c = structuredClone(p);
            console.log(Object.getPrototypeOf(c) === Object.prototype, Reflect.ownKeys(c).map(String).join(), c.sum);
            const nul = structuredClone(Object.assign(Object.create(null), { z: 1 }));
            console.log(Object.getPrototypeOf(nul) === Object.prototype, nul.z);
            """);

        Assert.That(lines, Is.EqualTo(new[] { "true 2,x,y undefined", "true 1" }));
    }

    [Test]
    public async Task Getters_run_once_each_in_key_order_and_a_property_deleted_meanwhile_is_skipped()
    {
        var lines = await Lines("""
            const log = [];
            const o = {
              get a() { log.push("a"); delete this.b; return 1; },
              b: 2,
              get c() { log.push("c"); return { d: 4 }; },
            };
            const c = structuredClone(o);
            console.log(log.join(), JSON.stringify(c), Object.getOwnPropertyDescriptor(c, "a").value);
            """);

        Assert.That(lines, Is.EqualTo(new[] { "a,c {\"a\":1,\"c\":{\"d\":4}} 1" }));
    }

    [Test]
    public async Task Maps_and_Sets_keep_entries_in_order_with_object_keys_cloned()
    {
        var lines = await Lines("""
            const key = { k: 1 };
            const m = new Map([[key, "v"], [-0, "zero"], ["s", key]]);
            const mc = structuredClone(m);
            const [k2] = mc.keys();
            console.log(mc instanceof Map, mc.size, k2 !== key, k2.k, mc.get(k2), mc.get("s") === k2, mc.get(0));
            const s = new Set([3, key, "a"]);
            const sc = structuredClone(s);
            console.log(sc instanceof Set, [...sc].map(v => typeof v).join(), sc.has(3), sc.has(key));
            """);

        Assert.That(lines, Is.EqualTo(new[] { "true 3 true 1 v true zero", "true number,object,string true false" }));
    }

    [Test]
    public async Task Buffers_are_copied_and_views_sharing_one_buffer_still_share_one()
    {
        var lines = await Lines("""
            const buffer = new ArrayBuffer(8);
            const bytes = new Uint8Array(buffer, 2, 4); bytes.set([1, 2, 3, 4]);
            const view = new DataView(buffer, 1, 3);
            const words = new Float64Array([1.5, -2]);
            const [cb, cv, cw, cbuf] = structuredClone([bytes, view, words, buffer]);
            console.log(cb instanceof Uint8Array, cb.byteOffset, cb.length, [...cb].join(), cb.buffer === cbuf, cv.buffer === cbuf);
            console.log(cv instanceof DataView, cv.byteOffset, cv.byteLength, cw instanceof Float64Array, [...cw].join());
            bytes[0] = 9;
            console.log(cb[0], cbuf !== buffer, cbuf.byteLength);
            const big = structuredClone(new BigInt64Array([-1n]));
            console.log(big[0], structuredClone(new Uint8ClampedArray([300]))[0]);
            const r = new ArrayBuffer(2, { maxByteLength: 16 });
            const rc = structuredClone(r);
            console.log(rc.resizable, rc.maxByteLength, rc.byteLength);
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "true 2 4 1,2,3,4 true true",
            "true 1 3 true 1.5,-2",
            "1 true 8",
            "-1n 255",
            "true 16 2",
        }));
    }

    [Test]
    public async Task Transfer_moves_the_bytes_to_the_copy_and_detaches_the_original()
    {
        var lines = await Lines("""
            const buffer = new Uint8Array([5, 6, 7]).buffer;
            const view = new Uint8Array(buffer, 1);
            const copy = structuredClone({ buffer, view }, { transfer: [buffer] });
            console.log(buffer.detached, buffer.byteLength, view.length, copy.buffer.byteLength, [...copy.view].join(), copy.view.buffer === copy.buffer);
            const alone = new ArrayBuffer(4);
            const result = structuredClone(1, { transfer: [alone] });
            console.log(result, alone.detached);
            """);

        Assert.That(lines, Is.EqualTo(new[] { "true 0 0 3 6,7 true", "1 true" }));
    }

    [TestCase("structuredClone(0, { transfer: [b, b] })", TestName = "Transfer_of_a_buffer_listed_twice_is_a_DataCloneError")]
    [TestCase("structuredClone(0, { transfer: [{}] })", TestName = "Transfer_of_an_object_that_is_not_a_buffer_is_a_DataCloneError")]
    [TestCase("structuredClone(0, { transfer: [new SharedArrayBuffer(1)] })", TestName = "Transfer_of_a_SharedArrayBuffer_is_a_DataCloneError")]
    [TestCase("structuredClone([b, () => 1], { transfer: [b] })", TestName = "A_clone_that_fails_after_listing_a_buffer_in_transfer_leaves_it_attached")]
    [TestCase("structuredClone({ get x() { b.transfer(); return 1; } }, { transfer: [b] })", true, TestName = "A_listed_buffer_that_a_getter_detaches_is_a_DataCloneError")]
    [TestCase("structuredClone(b.transfer(), { transfer: [b] })", true, TestName = "Transfer_of_a_detached_buffer_is_a_DataCloneError")]
    [TestCase("structuredClone(b.transfer() && b)", true, TestName = "Cloning_a_detached_buffer_is_a_DataCloneError")]
    [TestCase("const r = new ArrayBuffer(8, { maxByteLength: 8 }); const v = new Uint8Array(r, 4, 4); r.resize(2); structuredClone(v)", TestName = "Cloning_a_typed_array_out_of_bounds_of_its_shrunk_buffer_is_a_DataCloneError")]
    [TestCase("const r = new ArrayBuffer(8, { maxByteLength: 8 }); const v = new DataView(r, 4, 4); r.resize(2); structuredClone(v)", TestName = "Cloning_a_DataView_out_of_bounds_of_its_shrunk_buffer_is_a_DataCloneError")]
    [TestCase("structuredClone(() => 1)", TestName = "Cloning_a_function_is_a_DataCloneError")]
    [TestCase("structuredClone({ f() {} })", TestName = "Cloning_an_object_holding_a_method_is_a_DataCloneError")]
    [TestCase("structuredClone(Promise.resolve())", TestName = "Cloning_a_Promise_is_a_DataCloneError")]
    [TestCase("structuredClone(new WeakMap())", TestName = "Cloning_a_WeakMap_is_a_DataCloneError")]
    [TestCase("structuredClone(new Proxy({}, {}))", TestName = "Cloning_a_Proxy_is_a_DataCloneError")]
    [TestCase("structuredClone(Object(Symbol()))", TestName = "Cloning_a_Symbol_wrapper_is_a_DataCloneError")]
    [TestCase("structuredClone(new SharedArrayBuffer(1))", TestName = "Cloning_a_SharedArrayBuffer_is_a_DataCloneError")]
    [TestCase("structuredClone(new Event('x'))", TestName = "Cloning_an_Event_platform_object_is_a_DataCloneError")]
    [TestCase("structuredClone(new AbortController().signal)", TestName = "Cloning_an_AbortSignal_is_a_DataCloneError")]
    [TestCase("structuredClone(globalThis)", TestName = "Cloning_the_global_object_is_a_DataCloneError")]
    [TestCase("structuredClone(new Error('m', { cause: Symbol() }))", TestName = "Cloning_an_error_whose_cause_cannot_be_cloned_is_a_DataCloneError")]
    public async Task Values_that_cannot_be_cloned_throw_a_DataCloneError_and_nothing_is_detached(string expression, bool scriptDetachesB = false)
    {
        var lines = await Lines($$"""
            const b = new ArrayBuffer(2);
            const keep = new ArrayBuffer(2);
            const detachedBefore = b.detached;
            try { {{expression}}; console.log("no error"); }
            catch (e) { console.log(e instanceof DOMException, e.name, e.message.startsWith("Failed to execute 'structuredClone' on 'Window': ")); }
            console.log({{(scriptDetachesB ? "true" : "b.detached === detachedBefore")}} || "b was detached by the failed clone");
            try { structuredClone([keep, () => 1], { transfer: [keep] }); } catch { }
            console.log(keep.detached);
            """);

        Assert.That(lines, Is.EqualTo(new[] { "true DataCloneError true", "true", "false" }));
    }

    [Test]
    public async Task Errors_keep_their_type_message_stack_and_cause_but_not_other_properties()
    {
        var lines = await Lines("""
            const e = new RangeError("out", { cause: { code: 7 } }); e.extra = 1;
            const c = structuredClone(e);
            const md = Object.getOwnPropertyDescriptor(c, "message");
            console.log(c instanceof RangeError, c !== e, c.name, c.message, md.enumerable, md.writable, c.cause.code, "extra" in c);
            console.log(typeof c.stack, c.stack === e.stack);
            const custom = new TypeError("t"); custom.name = "MyError";
            console.log(Object.getPrototypeOf(structuredClone(custom)) === Error.prototype);
            const plain = structuredClone(new Error());
            console.log(Object.hasOwn(plain, "message"), plain.message);
            class AppError extends SyntaxError {}
            console.log(Object.getPrototypeOf(structuredClone(new AppError("a"))) === SyntaxError.prototype);
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "true true RangeError out false true 7 false",
            "string true",
            "true",
            "false ",
            "true",
        }));
    }

    [Test]
    public async Task An_error_whose_cause_leads_back_to_it_is_cloned_as_a_cycle()
    {
        var lines = await Lines("""
            const e = new Error("x"); e.cause = e;
            const c = structuredClone(e);
            const a = new TypeError("a"), b = new RangeError("b"); a.cause = b; b.cause = a;
            const ca = structuredClone(a);
            const list = new Error("l"); list.cause = [list];
            const cl = structuredClone(list);
            console.log(c.cause === c, ca.cause.cause === ca, ca.cause instanceof RangeError, cl.cause[0] === cl);
            """);

        Assert.That(lines, Is.EqualTo(new[] { "true true true true" }));
    }

    [Test]
    public async Task A_Map_changed_by_a_getter_during_the_clone_is_cloned_as_it_was_when_its_turn_came()
    {
        var lines = await Lines("""
            const m = new Map([["a", 1]]);
            const o = { m, get later() { m.set("b", 2); return 0; } };
            const c = structuredClone([o.m, o]);
            console.log(c[0].size, c[1].m === c[0], [...c[0].keys()].join());
            const m2 = new Map([["k", { get v() { m2.set("added", 1); m2.delete("gone"); return 1; } }], ["gone", 2]]);
            const c2 = structuredClone(m2);
            console.log([...c2.keys()].join());
            """);

        // The first map was serialized before the getter ran; the second copied its entries before serializing them.
        Assert.That(lines, Is.EqualTo(new[] { "1 true a", "k,gone" }));
    }

    [Test]
    public async Task A_resizable_buffer_is_transferred_resizable_and_patching_Object_prototype_changes_nothing()
    {
        var lines = await Lines("""
            const log = [];
            Object.defineProperty(Object.prototype, "maxByteLength", { set(v) { log.push("set"); }, get() { log.push("get"); return 2; }, configurable: true });
            const r = new ArrayBuffer(4, { maxByteLength: 8 });
            new Uint8Array(r)[3] = 9;
            const copy = structuredClone(r);
            const moved = structuredClone(r, { transfer: [r] });
            delete Object.prototype.maxByteLength;
            console.log(copy.resizable, copy.maxByteLength, moved.resizable, moved.maxByteLength, new Uint8Array(moved)[3], r.detached, log.length);
            """);

        Assert.That(lines, Is.EqualTo(new[] { "true 8 true 8 9 true 0" }));
    }

    [Test]
    public async Task Built_in_prototypes_and_namespace_objects_are_ordinary_objects_to_the_clone()
    {
        var lines = await Lines("""
            const values = [Math, JSON, Reflect, Map.prototype, Error.prototype, RangeError.prototype, Object.getPrototypeOf(Uint8Array.prototype)];
            console.log(values.map(v => { const c = structuredClone(v); return Object.prototype.toString.call(c) + Object.keys(c).length; }).join());
            console.log(Array.isArray(structuredClone(Array.prototype)), structuredClone(Object.prototype) !== Object.prototype);
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            string.Join(",", Enumerable.Repeat("[object Object]0", 7)),
            "true true",
        }));
    }

    [Test]
    public async Task A_DataCloneError_names_the_value_as_V8_does_without_running_its_getters()
    {
        var lines = await Lines("""
            const messages = [];
            for (const v of [new WeakMap(), function named() {}, new Proxy({}, { get() { throw 1; }, getPrototypeOf() { throw 2; } })]) {
              try { structuredClone(v); } catch (e) { messages.push(e.message.slice("Failed to execute 'structuredClone' on 'Window': ".length)); }
            }
            console.log(messages.join(" | "));
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "#<WeakMap> could not be cloned. | function named could not be cloned: a function is not serializable. | #<Proxy> could not be cloned.",
        }));
    }

    [Test]
    public async Task Blobs_Files_and_DOMExceptions_are_cloned_by_their_serialization_steps()
    {
        var lines = await Lines("""
            const blob = new Blob(["hello"], { type: "text/plain" });
            const file = new File(["abc"], "a.txt", { type: "text/x", lastModified: 42 });
            const ex = new DOMException("gone", "NotFoundError");
            const [cb, cf, ce] = structuredClone([blob, file, ex]);
            console.log(cb instanceof Blob, cb !== blob, cb.size, cb.type, cf instanceof File, cf.name, cf.lastModified, cf.type);
            console.log(ce instanceof DOMException, ce !== ex, ce.name, ce.message, ce.code);
            Promise.all([cb.text(), cf.text()]).then(t => console.log(t.join()));
            """);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "true true 5 text/plain true a.txt 42 text/x",
            "true true NotFoundError gone 8",
            "hello,abc",
        }));
    }

    [Test]
    public async Task Bad_options_are_TypeErrors()
    {
        var lines = await Lines("""
            for (const options of [5, { transfer: 5 }, { transfer: [1] }]) {
              try { structuredClone(0, options); console.log("no error"); } catch (e) { console.log(e.constructor.name); }
            }
            console.log(structuredClone(7, null), structuredClone(8, { transfer: undefined }));
            """);

        Assert.That(lines, Is.EqualTo(new[] { "TypeError", "TypeError", "TypeError", "7 8" }));
    }

    [Test]
    public async Task A_value_nested_too_deeply_is_a_RangeError_not_a_crash()
    {
        var lines = await Lines("""
            let deep = {};
            for (let i = 0; i < 200000; i++) deep = { deep };
            try { structuredClone(deep); console.log("cloned"); } catch (e) { console.log(e instanceof RangeError); }
            """);

        Assert.That(lines, Is.EqualTo(new[] { "true" }));
    }

    [Test]
    public async Task A_large_clone_counts_toward_the_task_statement_limit()
    {
        // One statement clones five million values; the clone checks the task's limits as it goes, so the run stops
        // inside it (without the checks it would finish and print).
        await using var run = new ScriptRun(configure: options => options.Limits.MaxStatementsPerTask = 1_000);
        run.Host.EnqueueScript("const a = new Array(5e6).fill(0); structuredClone(a); console.log('cloned');", "test.js");
        run.Result = await run.Host.RunAsync();

        Assert.That(run.Result.Outcome, Is.EqualTo(ScriptRunOutcome.LimitExceeded));
        Assert.That(run.Output, Does.Not.Contain("cloned"));
    }
}
