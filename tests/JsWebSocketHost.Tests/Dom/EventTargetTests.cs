namespace JsWebSocketHost.Tests.Dom;

[TestFixture]
public sealed class EventTargetTests
{
    private static async Task<string> Run(string source)
    {
        await using var run = await ScriptRun.RunAsync(source);
        Assert.That(run.Result!.Succeeded, Is.True, run.Error);
        return run.Output;
    }

    [Test]
    public async Task Listeners_run_in_registration_order_with_the_target_as_this_and_currentTarget()
    {
        var output = await Run("""
            const t = new EventTarget(), log = [];
            t.addEventListener("x", function (e) { log.push("1:" + (this === t) + (e.currentTarget === t) + e.eventPhase); });
            t.addEventListener("x", function (e) { log.push("2"); });
            t.dispatchEvent(new Event("x"));
            console.log(log.join(" "));
            """);

        Assert.That(output, Is.EqualTo("1:truetrue2 2\n"));
    }

    [Test]
    public async Task Capture_listeners_run_before_others_at_the_target()
    {
        var output = await Run("""
            const t = new EventTarget(), log = [];
            t.addEventListener("x", () => log.push("bubble"));
            t.addEventListener("x", () => log.push("capture"), true);
            t.dispatchEvent(new Event("x"));
            console.log(log.join(" "));
            """);

        Assert.That(output, Is.EqualTo("capture bubble\n"));
    }

    [Test]
    public async Task A_duplicate_listener_is_added_once_but_a_different_capture_is_a_different_listener()
    {
        var output = await Run("""
            const t = new EventTarget(); let n = 0; const f = () => n++;
            t.addEventListener("x", f); t.addEventListener("x", f); t.addEventListener("x", f, { capture: false });
            t.addEventListener("x", f, true);
            t.dispatchEvent(new Event("x"));
            console.log(n);
            """);

        Assert.That(output, Is.EqualTo("2\n"));
    }

    [Test]
    public async Task A_listener_removed_during_dispatch_does_not_run_and_one_added_does_not_run_either()
    {
        var output = await Run("""
            const t = new EventTarget(), log = [];
            const second = () => log.push("second");
            t.addEventListener("x", () => { log.push("first"); t.removeEventListener("x", second); t.addEventListener("x", () => log.push("added")); });
            t.addEventListener("x", second);
            t.dispatchEvent(new Event("x"));
            log.push("|");
            t.dispatchEvent(new Event("x"));
            console.log(log.join(" "));
            """);

        Assert.That(output, Is.EqualTo("first | first added\n"));
    }

    [Test]
    public async Task Once_listeners_run_once_and_stopImmediatePropagation_stops_the_rest()
    {
        var output = await Run("""
            const t = new EventTarget(), log = [];
            t.addEventListener("x", () => log.push("once"), { once: true });
            t.addEventListener("x", e => { log.push("stopper"); e.stopImmediatePropagation(); });
            t.addEventListener("x", () => log.push("never"));
            t.dispatchEvent(new Event("x")); t.dispatchEvent(new Event("x"));
            console.log(log.join(" "));
            """);

        Assert.That(output, Is.EqualTo("once stopper stopper\n"));
    }

    [Test]
    public async Task PreventDefault_cancels_only_cancelable_events_and_not_inside_passive_listeners()
    {
        var output = await Run("""
            const t = new EventTarget();
            t.addEventListener("c", e => e.preventDefault());
            t.addEventListener("p", e => e.preventDefault(), { passive: true });
            const c = new Event("c", { cancelable: true }), n = new Event("c"), p = new Event("p", { cancelable: true });
            console.log(t.dispatchEvent(c), c.defaultPrevented, t.dispatchEvent(n), n.defaultPrevented, t.dispatchEvent(p), p.defaultPrevented);
            """);

        Assert.That(output, Is.EqualTo("false true true false true false\n"));
    }

    [Test]
    public async Task An_aborted_signal_removes_its_listener_and_an_already_aborted_one_adds_nothing()
    {
        var output = await Run("""
            const t = new EventTarget(), log = [];
            const ac = new AbortController();
            t.addEventListener("x", () => log.push("live"), { signal: ac.signal });
            t.addEventListener("x", () => log.push("dead"), { signal: AbortSignal.abort() });
            t.dispatchEvent(new Event("x"));
            ac.abort("why");
            t.dispatchEvent(new Event("x"));
            console.log(log.join(" "), ac.signal.aborted, ac.signal.reason);
            """);

        Assert.That(output, Is.EqualTo("live true why\n"));
    }

    [Test]
    public async Task Dispatching_an_event_that_is_being_dispatched_is_an_InvalidStateError()
    {
        var output = await Run("""
            const t = new EventTarget();
            t.addEventListener("x", e => { try { t.dispatchEvent(e); } catch (err) { console.log(err.name); } });
            t.dispatchEvent(new Event("x"));
            """);

        Assert.That(output, Is.EqualTo("InvalidStateError\n"));
    }

    [Test]
    public async Task Event_handler_attributes_keep_their_place_when_reassigned_and_ignore_non_objects()
    {
        var output = await Run("""
            const signal = AbortSignal.abort.call(AbortSignal); // an EventTarget with an onabort attribute
            const ac = new AbortController(), s = ac.signal, log = [];
            s.onabort = () => log.push("handler v1");
            s.addEventListener("abort", () => log.push("listener"));
            s.onabort = () => log.push("handler v2"); // keeps the first position
            console.log(typeof s.onabort);
            s.onabort = 5; console.log(s.onabort);
            s.onabort = { notCallable: true }; console.log(typeof s.onabort);
            s.onabort = () => log.push("handler v3"); // re-activated after null: goes last
            ac.abort();
            console.log(log.join(", "));
            """);

        Assert.That(output, Is.EqualTo("function\nnull\nobject\nlistener, handler v3\n"));
    }

    [Test]
    public async Task A_non_callable_object_handler_is_stored_and_never_invoked()
    {
        var output = await Run("""
            const ac = new AbortController(), log = [];
            ac.signal.onabort = { handleEvent() { log.push("should not run"); } };
            ac.signal.addEventListener("abort", () => log.push("listener"));
            ac.abort();
            console.log(log.join(","));
            """);

        Assert.That(output, Is.EqualTo("listener\n"));
    }

    [Test]
    public async Task Event_and_EventTarget_have_their_WebIDL_shape()
    {
        var output = await Run("""
            const e = new Event("t", { bubbles: true, cancelable: true, composed: true });
            console.log(Event.length, EventTarget.length, Event.AT_TARGET, Event.prototype.BUBBLING_PHASE, e.bubbles, e.cancelable, e.composed);
            console.log(Object.getOwnPropertyNames(e).join(), Object.getOwnPropertyDescriptor(e, "isTrusted").configurable, e.isTrusted);
            console.log(typeof Object.getOwnPropertyDescriptor(Event.prototype, "type").get, "type" in e, Object.hasOwn(e, "type"));
            console.log(Object.getPrototypeOf(ErrorEvent) === Event, Object.getPrototypeOf(ErrorEvent.prototype) === Event.prototype);
            console.log(Object.getPrototypeOf(AbortSignal.prototype) === EventTarget.prototype, e.timeStamp >= 0, e.composedPath().length);
            for (const bad of [() => Event("x"), () => new Event(), () => EventTarget.prototype.addEventListener.call({}, "x", null), () => new AbortSignal(), () => new Event("x", 5)])
              try { bad(); console.log("no error"); } catch (err) { console.log(err.constructor.name); }
            """);

        Assert.That(output, Is.EqualTo(
            "1 0 2 3 true true true\n" +
            "isTrusted false false\n" +
            "function true false\n" +
            "true true\n" +
            "true true 0\n" +
            "TypeError\nTypeError\nTypeError\nTypeError\nTypeError\n"));
    }

    [Test]
    public async Task The_global_is_an_EventTarget_and_bare_addEventListener_targets_it()
    {
        var output = await Run("""
            let got = null;
            addEventListener("custom", e => got = e.target === globalThis);
            dispatchEvent(new Event("custom"));
            console.log(globalThis instanceof EventTarget, got);
            """);

        Assert.That(output, Is.EqualTo("true true\n"));
    }

    [Test]
    public async Task AbortSignal_timeout_aborts_with_a_TimeoutError_without_keeping_the_loop_alive()
    {
        var output = await Run("""
            const s = AbortSignal.timeout(5);
            s.onabort = () => console.log("aborted", s.reason.name);
            setTimeout(() => {}, 30);
            """);

        Assert.That(output, Is.EqualTo("aborted TimeoutError\n"));
    }

    [Test]
    public async Task AbortSignal_timeout_accepts_the_whole_EnforceRange_span_without_firing_early()
    {
        var output = await Run("""
            const signals = [5e9, 1e13, 1e15, 2 ** 53 - 1].map(ms => AbortSignal.timeout(ms));
            const short = AbortSignal.timeout(5);
            short.onabort = () => console.log("short one fired", signals.map(s => s.aborted).join(","));
            setTimeout(() => {}, 30); // timeout signals do not keep the loop alive
            """);

        Assert.That(output, Is.EqualTo("short one fired false,false,false,false\n"));
    }

    [Test]
    public async Task A_very_long_timeout_as_the_next_timer_does_not_break_the_loop()
    {
        await using var run = new ScriptRun();
        run.Host.Loop.AddRef(); // something else (a socket, say) keeps the loop alive, so it must arm its wake timer
        run.Host.EnqueueScript("AbortSignal.timeout(5e9); // beyond what a system timer can wait in one go", "long.js");
        var loop = run.Host.RunAsync();
        await Task.Delay(100);
        run.Host.Post(engine => engine.Execute("console.log('loop still turning')"));
        run.Host.Loop.Release();
        var result = await loop.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(result.Succeeded, Is.True, run.Error);
        Assert.That(run.Output, Is.EqualTo("loop still turning\n"));
    }

    [Test]
    public async Task Init_methods_treat_undefined_as_the_default_and_check_their_arguments()
    {
        var output = await Run("""
            const c = new CustomEvent("x"); c.initCustomEvent("y", false, false, undefined);
            const m = new MessageEvent("m"); m.initMessageEvent("n", false, false, undefined);
            console.log(c.detail, m.data, c.type, m.type);
            try { new MessageEvent("m").initMessageEvent("m", false, false, null, "", "", {}); console.log("no error"); }
            catch (e) { console.log(e.constructor.name); }
            console.log(Object.isFrozen(new MessageEvent("m").ports));
            """);

        Assert.That(output, Is.EqualTo("null null y n\nTypeError\ntrue\n"));
    }
}
