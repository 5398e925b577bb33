using JsWebSocketHost.Hosting;

namespace JsWebSocketHost.Tests.Hosting;

/// <summary>
/// MessageChannel and the event loop: a message in flight keeps the loop running until it is delivered; a started,
/// idle port does not (the run ends once nothing is left, as it does for timers).
/// </summary>
[TestFixture]
public sealed class MessageChannelTests
{
    [Test]
    public async Task A_message_in_flight_is_delivered_before_the_loop_ends_and_an_idle_port_does_not_hold_it()
    {
        await using var run = await ScriptRun.RunAsync("""
            const { port1, port2 } = new MessageChannel();
            port2.onmessage = e => console.log("got " + e.data.n);
            port1.onmessage = () => {};
            port1.postMessage({ n: 1 });
            port1.postMessage({ n: 2 });
            console.log("posted");
            """);

        Assert.That(run.Result!.Outcome, Is.EqualTo(ScriptRunOutcome.Drained), run.Error);
        Assert.That(run.OutputLines, Is.EqualTo(new[] { "posted", "got 1", "got 2" }));
    }

    [Test]
    public async Task Each_message_is_a_task_of_its_own_with_a_microtask_checkpoint_after_it()
    {
        await using var run = await ScriptRun.RunAsync("""
            const { port1, port2 } = new MessageChannel();
            port2.onmessage = e => {
              console.log("message " + e.data);
              Promise.resolve().then(() => console.log("microtask after message " + e.data));
            };
            port1.postMessage(1);
            port1.postMessage(2);
            """);

        Assert.That(run.OutputLines, Is.EqualTo(new[] { "message 1", "microtask after message 1", "message 2", "microtask after message 2" }), run.Error);
    }

    [Test]
    public async Task A_port_carried_by_a_message_that_goes_nowhere_is_gone_and_its_partner_hears_close()
    {
        // Without this the partner would stay entangled with a port no one can reach, and queue for it forever.
        await using var run = await ScriptRun.RunAsync("""
            const a = new MessageChannel(), b = new MessageChannel(), c = new MessageChannel();
            a.port1.onclose = () => console.log("a.port1 closed: its partner went with a message to a closed port");
            c.port1.onclose = () => console.log("c.port1 closed: its partner went with a doomed message");
            b.port2.close();
            b.port1.postMessage(null, [a.port2]);
            const d = new MessageChannel();
            d.port1.onclose = () => console.log("d.port1 closed: it sent its own partner");
            d.port1.postMessage(null, [d.port2, c.port2]); // the target port in transfer: doomed
            """);

        Assert.That(run.OutputLines, Is.EquivalentTo(new[]
        {
            "a.port1 closed: its partner went with a message to a closed port",
            "c.port1 closed: its partner went with a doomed message",
            "d.port1 closed: it sent its own partner",
        }), run.Error);
    }
}
