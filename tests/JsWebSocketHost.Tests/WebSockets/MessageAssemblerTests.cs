using JsWebSocketHost.WebSockets;

namespace JsWebSocketHost.Tests.WebSockets;

[TestFixture]
public sealed class MessageAssemblerTests
{
    [TestCase(1024 * 1024)]
    [TestCase(100_000)]
    [TestCase(16 * 1024)]
    [TestCase(700)]
    public void Gathering_up_to_the_limit_never_offers_room_past_it_and_rents_at_most_the_limit_plus_one_segment(int limit)
    {
        var assembler = new MessageAssembler();
        long offered = 0;
        while (true)
        {
            var memory = assembler.GetMemory(limit);
            if (memory.IsEmpty)
            {
                break;
            }

            offered += memory.Length;
            memory.Span.Fill(7);
            assembler.Advance(memory.Length);
        }

        Assert.That(assembler.Length, Is.EqualTo(limit));
        Assert.That(offered, Is.EqualTo(limit));
        Assert.That(assembler.RentedBytes, Is.LessThanOrEqualTo(limit + 64 * 1024));
        assembler.Reset();
        Assert.That(assembler.RentedBytes, Is.Zero, "every segment goes back to the pool");
    }

    [Test]
    public void The_gathered_message_is_copied_out_whole_and_in_order()
    {
        var assembler = new MessageAssembler();
        var source = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31)).ToArray();
        assembler.Append(source.AsSpan(0, 500));
        var offset = 500;
        while (offset < source.Length)
        {
            var memory = assembler.GetMemory(long.MaxValue);
            var n = Math.Min(Math.Min(memory.Length, 7_777), source.Length - offset);
            source.AsSpan(offset, n).CopyTo(memory.Span);
            assembler.Advance(n);
            offset += n;
        }

        var copy = new byte[assembler.Length];
        assembler.CopyTo(copy);

        Assert.That(copy, Is.EqualTo(source));
    }
}
