using System.Net;
using System.Net.Sockets;
using JsWebSocketHost.Hosting;

namespace JsWebSocketHost.Tests.WebSockets;

/// <summary>
/// A frame header's length is the server's word, not data: the client sizes a message's buffer from it, but never
/// runs far ahead of the bytes that have arrived (a header that announces 64 MiB and then stalls must not cost 64 MiB).
/// </summary>
[TestFixture]
public sealed class DeclaredLengthTests
{
    [Test]
    public async Task A_header_announcing_a_huge_message_costs_memory_only_as_its_bytes_arrive()
    {
        const int announced = 60 << 20;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var serving = Task.Run(async () =>
        {
            using var client = await listener.AcceptSocketAsync();
            await RawHandshake.AcceptAsync(client);

            // A binary frame of 60 MiB, of which 600 bytes come; then nothing until the client goes.
            var header = new byte[10];
            header[0] = 0x82;
            header[1] = 127;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(2), announced);
            await client.SendAsync(header);
            await client.SendAsync(new byte[600]);
            sent.TrySetResult();
            var sink = new byte[1024];
            try
            {
                while (await client.ReceiveAsync(sink) > 0)
                {
                }
            }
            catch (SocketException)
            {
            }
        });

        var run = new ScriptRun(configure: o =>
        {
            o.WebSockets.MaxMessageSize = 64 << 20;
            o.WebSockets.ClosingHandshakeTimeout = TimeSpan.FromMilliseconds(500);
        });
        try
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            run.Host.EnqueueScript($$"""
                const ws = new WebSocket("ws://127.0.0.1:{{((IPEndPoint)listener.LocalEndpoint).Port}}/");
                ws.onmessage = () => console.log("message");
                setTimeout(() => ws.close(), 600);
                ws.onclose = e => console.log("close", e.code);
                """, "announce.js");
            var running = run.Host.RunAsync();
            await sent.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await Task.Delay(400);
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            Assert.That(allocated, Is.LessThan(8L << 20), "allocated while 600 bytes of a 60 MiB message were in");
            var result = await running.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.That(result.Outcome, Is.EqualTo(ScriptRunOutcome.Drained), result.Message);
            Assert.That(run.OutputLines, Does.Not.Contain("message"));
        }
        finally
        {
            await run.DisposeAsync();
            listener.Stop();
        }

        await serving.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
