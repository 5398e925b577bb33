using System.Text;
using JsWebSocketHost.WebSockets;

namespace JsWebSocketHost.Tests.WebSockets;

[TestFixture]
public sealed class ConnectionStreamTests
{
    private static readonly byte[] Http101 = Encoding.ASCII.GetBytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n");

    /// <summary>A stream that hands out its bytes a few at a time, and records what is written to it.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public MemoryStream Written { get; } = new();

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(chunk, buffer.Length)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }

    private static byte[] ReadAll(Stream stream, int bufferSize)
    {
        var output = new MemoryStream();
        var buffer = new byte[bufferSize];
        int read;
        while ((read = stream.ReadAsync(buffer).AsTask().Result) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    [TestCase(1, 1)]
    [TestCase(3, 2)]
    [TestCase(7, 64)]
    [TestCase(1000, 1000)]
    public void An_empty_server_close_is_noted_out_of_band_and_passed_through_unchanged_at_any_read_boundaries(int chunk, int bufferSize)
    {
        var text = Concat([0x81, 0x03], "abc"u8.ToArray());
        var medium = Concat([0x82, 126, 0x01, 0x00], Enumerable.Repeat((byte)0x88, 256).ToArray()); // payload full of 0x88 0x00-like bytes
        var emptyClose = new byte[] { 0x88, 0x00 };
        var after = new byte[] { 0x8A, 0x00 }; // a pong after the close, to check what follows is kept
        var input = Concat(Http101, text, medium, emptyClose, after);
        var stream = new ConnectionStream(new ChunkedStream(input, chunk));

        var output = ReadAll(stream, bufferSize);

        Assert.That(output, Is.EqualTo(input));
        Assert.That(stream.ReceivedEmptyClose, Is.True);
    }

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(100)]
    public void A_frames_only_stream_notes_an_empty_server_close_from_its_first_byte(int chunk)
    {
        // HTTP/2: the extended CONNECT stream carries frames from the start, and "\r\n\r\n" never comes.
        var text = Concat([0x81, 0x02], "hi"u8.ToArray());
        var input = Concat([0x88, 0x00], text);
        var stream = new ConnectionStream(new ChunkedStream(input, chunk), framesOnly: true);

        var output = ReadAll(stream, 16);

        Assert.That(output, Is.EqualTo(input));
        Assert.That(stream.ReceivedEmptyClose, Is.True);
    }

    [Test]
    public void A_close_with_a_status_passes_through_unchanged_and_is_not_taken_for_an_empty_one()
    {
        var input = Concat(Http101, [0x88, 0x02, 0x0F, 0xA1]); // 4001
        var stream = new ConnectionStream(new ChunkedStream(input, 2));

        var output = ReadAll(stream, 16);

        Assert.That(output, Is.EqualTo(input));
        Assert.That(stream.ReceivedEmptyClose, Is.False);
    }

    [Test]
    public void A_close_whose_reason_is_the_old_in_band_marker_is_not_taken_for_an_empty_one()
    {
        // The marker that used to stand for "no status" in the bytes: a server could send it, so it means nothing now.
        var reason = Encoding.UTF8.GetBytes("\u0000jsws:no-status");
        var input = Concat([0x88, (byte)(2 + reason.Length), 0x03, 0xE8], reason);
        var stream = new ConnectionStream(new ChunkedStream(input, 3), framesOnly: true);

        ReadAll(stream, 16);

        Assert.That(stream.ReceivedEmptyClose, Is.False);
    }

    [Test]
    public void Bytes_inside_the_http_response_are_not_taken_for_frames()
    {
        var oddHead = Encoding.Latin1.GetBytes("HTTP/1.1 101 OK\r\nX-Odd: \u0088\u0000\r\n\r\n");
        var input = Concat(oddHead, [0x82, 0x01, 0x07]);
        var stream = new ConnectionStream(new ChunkedStream(input, 5));

        var output = ReadAll(stream, 8);

        Assert.That(output, Is.EqualTo(input));
        Assert.That(stream.ReceivedEmptyClose, Is.False);
    }

    [TestCase(1)]
    [TestCase(4)]
    [TestCase(1000)]
    public void A_frame_declaring_more_than_the_limit_is_refused_before_its_payload_with_close_1009(int chunk)
    {
        // A binary frame declaring 2^30 bytes (64-bit length): the stream must fail the read before any payload.
        var header = new byte[] { 0x82, 127, 0, 0, 0, 0, 0x40, 0, 0, 0 };
        var input = Concat(header, new byte[64]);
        var inner = new ChunkedStream(input, chunk);
        var stream = new ConnectionStream(inner, framesOnly: true, maxMessageSize: 1024);

        Assert.That(() => ReadAll(stream, 4096), Throws.InstanceOf<AggregateException>().With.InnerException.InstanceOf<IOException>());
        Assert.That(stream.MessageTooBig, Is.True);
        var written = inner.Written.ToArray();
        Assert.That(written, Has.Length.EqualTo(8));
        Assert.That(written[..2], Is.EqualTo(new byte[] { 0x88, 0x82 }));
        Assert.That(new[] { (byte)(written[6] ^ written[2]), (byte)(written[7] ^ written[3]) }, Is.EqualTo(new byte[] { 0x03, 0xF1 }));
    }

    [Test]
    public void Frames_read_together_with_an_oversized_one_are_handed_on_before_the_read_fails()
    {
        var small = Concat([0x81, 0x02], "ok"u8.ToArray());
        var stream = new ConnectionStream(new ChunkedStream(Concat(small, [0x82, 126, 0x04, 0x00], new byte[1024]), 4096), framesOnly: true, maxMessageSize: 1000);
        var buffer = new byte[4096];

        Assert.That(stream.Read(buffer), Is.EqualTo(small.Length));
        Assert.That(buffer[..small.Length], Is.EqualTo(small));
        Assert.That(() => stream.Read(buffer), Throws.InstanceOf<IOException>());
        Assert.That(stream.MessageTooBig, Is.True);
    }

    [Test]
    public void Fragments_that_add_up_past_the_limit_are_refused_and_fragments_within_it_pass()
    {
        var fragment = Concat([0x02, 100], new byte[100]); // binary, not final
        var continuation = Concat([0x00, 100], new byte[100]); // continuation, not final
        var final = Concat([0x80, 100], new byte[100]); // continuation, final
        var ok = new ConnectionStream(new ChunkedStream(Concat(fragment, continuation, final, fragment, final), 7), framesOnly: true, maxMessageSize: 300);
        var tooBig = new ConnectionStream(new ChunkedStream(Concat(fragment, continuation, continuation, final), 7), framesOnly: true, maxMessageSize: 300);

        Assert.That(ReadAll(ok, 64), Has.Length.EqualTo(3 * 102 + 2 * 102));
        Assert.That(() => ReadAll(tooBig, 64), Throws.InstanceOf<AggregateException>());
        Assert.That(tooBig.MessageTooBig, Is.True);
    }

    [Test]
    public void Control_frames_between_fragments_do_not_count_towards_the_message()
    {
        var fragment = Concat([0x02, 100], new byte[100]);
        var ping = Concat([0x89, 100], new byte[100]);
        var final = Concat([0x80, 100], new byte[100]);
        var stream = new ConnectionStream(new ChunkedStream(Concat(fragment, ping, ping, final), 9), framesOnly: true, maxMessageSize: 200);

        Assert.That(ReadAll(stream, 64), Has.Length.EqualTo(4 * 102));
        Assert.That(stream.MessageTooBig, Is.False);
    }

    [Test]
    public async Task An_outgoing_close_carrying_1005_is_rewritten_with_no_body()
    {
        var inner = new ChunkedStream([], 1);
        var stream = new ConnectionStream(inner);
        byte[] mask = [0x11, 0x22, 0x33, 0x44];

        await stream.WriteAsync(new byte[] { 0x88, 0x82, mask[0], mask[1], mask[2], mask[3], 0x03 ^ 0x11, 0xED ^ 0x22 });
        await stream.WriteAsync(new byte[] { 0x88, 0x82, mask[0], mask[1], mask[2], mask[3], 0x03 ^ 0x11, 0xE8 ^ 0x22 });

        Assert.That(inner.Written.ToArray(), Is.EqualTo(new byte[]
        {
            0x88, 0x80, 0x11, 0x22, 0x33, 0x44,
            0x88, 0x82, 0x11, 0x22, 0x33, 0x44, 0x03 ^ 0x11, 0xE8 ^ 0x22,
        }));
    }

    [Test]
    public async Task A_batch_gathers_data_frames_until_it_ends()
    {
        var inner = new ChunkedStream([], 1);
        var stream = new ConnectionStream(inner, framesOnly: true);

        stream.BeginBatch();
        await stream.WriteAsync(new byte[] { 0x81, 0x81, 1, 2, 3, 4, 0x61 });
        await stream.WriteAsync(new byte[] { 0x81, 0x81, 1, 2, 3, 4, 0x62 });
        var beforeEnd = inner.Written.Length;
        await stream.EndBatchAsync(CancellationToken.None);

        Assert.That(beforeEnd, Is.Zero);
        Assert.That(inner.Written.Length, Is.EqualTo(14));
    }

    [Test]
    public async Task A_close_frame_is_never_held_in_a_batch_and_goes_out_after_what_was_gathered()
    {
        var inner = new ChunkedStream([], 1);
        var stream = new ConnectionStream(inner, framesOnly: true);
        byte[] data = [0x81, 0x81, 1, 2, 3, 4, 0x61];
        byte[] close = [0x88, 0x82, 1, 2, 3, 4, 0x0F ^ 1, 0xA0 ^ 2];

        stream.BeginBatch();
        await stream.WriteAsync(data);
        await stream.WriteAsync(close);

        // Written at once, in order, without waiting for the batch to end.
        Assert.That(inner.Written.ToArray(), Is.EqualTo(data.Concat(close).ToArray()));
    }

    [TestCase(1)]
    [TestCase(5)]
    [TestCase(4096)]
    public void A_message_that_is_one_uncompressed_frame_has_its_length_known_by_its_index_and_others_do_not(int chunk)
    {
        var small = Concat([0x81, 0x02], "hi"u8.ToArray());                                  // message 0: text, one frame
        var ping = Concat([0x89, 0x01], [0x70]);                                              // control: not a message
        var large = Concat([0x82, 126, 0x03, 0xE8], new byte[1000]);                          // message 1: 1000 bytes
        var fragmented = Concat([0x02, 0x01, 0x61], [0x80, 0x01, 0x62]);                      // message 2: two frames
        var compressed = Concat([0xC1, 0x03], [0xF2, 0x48, 0x05]);                            // message 3: RSV1
        var stream = new ConnectionStream(new ChunkedStream(Concat(small, ping, large), chunk), framesOnly: true);

        var buffer = new byte[8192];
        var read = 0;
        while (read < small.Length + ping.Length + 4)
        {
            read += stream.ReadAsync(buffer.AsMemory(read)).AsTask().Result;
        }

        // The large frame's header has been read: message 1 is known, message 0 no longer is (one hint at a time).
        Assert.That(stream.TryGetMessageLength(1, out var length), Is.True);
        Assert.That(length, Is.EqualTo(1000));
        Assert.That(stream.TryGetMessageLength(0, out _), Is.False);
        Assert.That(stream.TryGetMessageLength(2, out _), Is.False, "not yet seen");

        var more = new ConnectionStream(new ChunkedStream(Concat(fragmented, compressed), chunk), framesOnly: true);
        ReadAll(more, 64);
        Assert.That(more.TryGetMessageLength(0, out _), Is.False, "a fragmented message's length is not its first frame's");
        Assert.That(more.TryGetMessageLength(1, out _), Is.False, "a compressed frame's length is not the message's");
    }
}
