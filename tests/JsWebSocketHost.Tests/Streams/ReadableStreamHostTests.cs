namespace JsWebSocketHost.Tests.Streams;

/// <summary>
/// What the host adds around ReadableStream (https://streams.spec.whatwg.org/#rs-class): which rejections it reports
/// as unhandled, that patched globals do not reach its internal steps, and that byte streams say they are missing.
/// The stream algorithms themselves are tested by tests/conformance/streams.
/// </summary>
[TestFixture]
public sealed class ReadableStreamHostTests
{
    [Test]
    public async Task An_errored_stream_reports_no_unhandled_rejection_for_the_promises_the_spec_marks_handled()
    {
        // The reader's closed promise, a tee's internal read and cancel promises, and the start promise are all
        // handled by the stream itself; only promises handed to the script and dropped may be reported.
        await using var run = await ScriptRun.RunAsync("""
            const s = new ReadableStream({ start(c) { c.error(new Error("boom")); } });
            s.getReader();
            const t = new ReadableStream({ pull(c) { c.error(new Error("tee boom")); } });
            t.tee();
            new ReadableStream({ start() { return Promise.reject(new Error("start boom")); } });
            setTimeout(() => console.log("done"), 10);
            """);

        Assert.That(run.Result!.Succeeded, Is.True, run.Error);
        Assert.That(run.Error, Does.Not.Contain("boom"));
        Assert.That(run.OutputLines, Is.EqualTo(new[] { "done" }));
    }

    [Test]
    public async Task A_rejected_read_the_script_drops_is_reported_as_unhandled()
    {
        await using var run = await ScriptRun.RunAsync("""
            const s = new ReadableStream({ start(c) { c.error(new Error("dropped read")); } });
            s.getReader().read();
            """);

        Assert.That(run.Error, Does.Contain("dropped read"));
    }

    [Test]
    public async Task A_patched_Promise_then_is_not_called_while_a_tee_and_an_async_iterator_run()
    {
        // tee() passes chunks through read requests, and every reaction of the stream goes through the original
        // then; the script's own awaits do not call the patched method either.
        await using var run = await ScriptRun.RunAsync("""
            let calls = 0;
            const then = Promise.prototype.then;
            Promise.prototype.then = function (...args) { calls++; return then.apply(this, args); };
            const [a, b] = new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); c.close(); } }).tee();
            (async () => {
              const seen = [];
              for await (const x of a) seen.push("a" + x);
              const reader = b.getReader();
              for (let r = await reader.read(); !r.done; r = await reader.read()) seen.push("b" + r.value);
              Promise.prototype.then = then;
              console.log(seen.join(","), calls);
            })();
            """);

        Assert.That(run.Result!.Succeeded, Is.True, run.Error);
        Assert.That(run.OutputLines, Is.EqualTo(new[] { "a1,a2,b1,b2 0" }));
    }

    [Test]
    public async Task A_patched_then_is_not_called_by_the_streams_internal_reactions()
    {
        await using var run = await ScriptRun.RunAsync("""
            let calls = 0;
            const then = Promise.prototype.then;
            Promise.prototype.then = function (...args) { calls++; return then.apply(this, args); };
            // (A pull() that returns a promise would see the patch, as the spec says: converting its result to a
            // Promise resolves a new promise with it, which calls its then.)
            const s = new ReadableStream({ start(c) { c.enqueue("x"); }, pull() { } });
            const [a] = s.tee();
            a.getReader();
            s.constructor;
            setTimeout(() => { Promise.prototype.then = then; console.log("internal then calls:", calls); }, 10);
            """);

        Assert.That(run.Result!.Succeeded, Is.True, run.Error);
        Assert.That(run.OutputLines, Is.EqualTo(new[] { "internal then calls: 0" }));
    }

    [Test]
    public async Task An_autoAllocateChunkSize_past_what_the_host_can_allocate_fails_the_read_not_the_constructor()
    {
        // Streams [[PullSteps]] step 5.2: the buffer's allocation failing runs the read request's error steps (a
        // RangeError, as ArrayBuffer's constructor throws); the stream itself is made, and BYOB reads still work.
        await using var run = await ScriptRun.RunAsync("""
            (async () => {
              const huge = new ReadableStream({ type: "bytes", autoAllocateChunkSize: 2 ** 40 });
              await huge.getReader().read().catch(e => console.log("read:", e.name));
              try { new ReadableStream({ type: "bytes", autoAllocateChunkSize: 0 }); } catch (e) { console.log(e.name); }
              try { new ReadableStream({ type: "bytes" }, { size: () => 1 }); } catch (e) { console.log(e.name); }
            })();
            """);

        Assert.That(run.Result!.Succeeded, Is.True, run.Error);
        Assert.That(run.OutputLines, Is.EqualTo(new[] { "read: RangeError", "TypeError", "RangeError" }));
    }

    [Test]
    public async Task A_BYOB_read_at_the_end_of_a_blob_stream_is_done_and_a_partial_element_errors_it_without_ending_the_run()
    {
        // "Close a ReadableStream" responds 0 to a pending BYOB read (done, an empty view); a close that leaves part
        // of an element errors the stream (a TypeError for the read), and does not escape the blob's task.
        await using var run = await ScriptRun.RunAsync("""
            (async () => {
              const empty = await new Blob([]).stream().getReader({ mode: "byob" }).read(new Uint8Array(4));
              console.log(empty.done, empty.value.byteLength);
              const r = new Blob(["abc"]).stream().getReader({ mode: "byob" });
              const first = await r.read(new Uint8Array(3));
              const last = await r.read(new Uint8Array(3));
              console.log(first.value.byteLength, last.done, last.value.byteLength);
              await new Blob([new Uint8Array(1)]).stream().getReader({ mode: "byob" }).read(new Uint16Array(1))
                .catch(e => console.log("partial:", e.name));
            })();
            """);

        Assert.That(run.Result!.Succeeded, Is.True, run.Error);
        Assert.That(run.OutputLines, Is.EqualTo(new[] { "true 0", "3 true 0", "partial: TypeError" }));
    }

    [Test]
    public async Task A_blob_stream_is_a_byte_stream_that_a_BYOB_reader_reads_into_its_own_buffer_in_64_KiB_chunks_at_most()
    {
        // File API "get stream" sets the stream up with byte reading support: a BYOB read fills the script's view
        // (no larger than it), and a default read gets chunks of at most 64 KiB.
        await using var run = await ScriptRun.RunAsync("""
            (async () => {
              const blob = new Blob(["x".repeat(200000)]);
              const byob = blob.stream().getReader({ mode: "byob" });
              const { value } = await byob.read(new Uint8Array(1000));
              console.log(value.constructor.name, value.byteLength, String.fromCharCode(value[0]));
              let sizes = [];
              for await (const chunk of blob.stream()) sizes.push(chunk.byteLength);
              console.log(sizes.length, Math.max(...sizes), sizes.reduce((a, b) => a + b, 0));
            })();
            """);

        Assert.That(run.Result!.Succeeded, Is.True, run.Error);
        Assert.That(run.OutputLines, Is.EqualTo(new[] { "Uint8Array 1000 x", "4 65536 200000" }));
    }

    [Test]
    public async Task A_next_queued_behind_another_then_the_stream_closing_ends_both_without_a_host_error()
    {
        // Two reads of one iterator can be pending at once (the ongoing promise is cleared before the first read's
        // result is handed on); the close must release the reader once, not fail the second time. (Chromium 156
        // hangs on this script.)
        await using var run = await ScriptRun.RunAsync("""
            let controller;
            const stream = new ReadableStream({ start(c) { controller = c; c.enqueue(1); } });
            const iterator = stream.values();
            (async () => {
              const first = iterator.next();
              const second = iterator.next();
              await first;
              const third = iterator.next();
              controller.close();
              console.log((await second).done, (await third).done, (await iterator.return("x")).done, stream.locked);
            })();
            """);

        Assert.That(run.Result!.Succeeded, Is.True, run.Error);
        Assert.That(run.OutputLines, Is.EqualTo(new[] { "true true true false" }));
    }

    [Test]
    public async Task Marking_a_script_visible_promise_handled_runs_no_script_even_with_its_constructor_replaced()
    {
        // "Mark as handled" only sets a flag; done through then(), it would read the promise's constructor (species)
        // and throw here, leaving the stream erroring and the lock held.
        await using var run = await ScriptRun.RunAsync("""
            (async () => {
              let c;
              const ws = new WritableStream({ start(x) { c = x; } }, { highWaterMark: 0 });
              const w = ws.getWriter();
              await null;
              let closed = "pending";
              w.closed.then(null, e => { closed = e.message; });
              w.ready.constructor = 0;
              w.closed.constructor = 0;
              c.error(new Error("e"));
              w.releaseLock();
              await new Promise(r => setTimeout(r, 5));
              console.log(closed, ws.locked);
            })();
            """);

        Assert.That(run.Result!.Succeeded, Is.True, run.Error);
        Assert.That(run.Error, Is.Empty);
        Assert.That(run.OutputLines, Is.EqualTo(new[] { "e false" }));
    }
}
