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
    public void An_empty_server_close_is_handed_up_with_the_no_status_marker_at_any_read_boundaries(int chunk, int bufferSize)
    {
        var text = Concat([0x81, 0x03], "abc"u8.ToArray());
        var medium = Concat([0x82, 126, 0x01, 0x00], Enumerable.Repeat((byte)0x88, 256).ToArray()); // payload full of 0x88 0x00-like bytes
        var emptyClose = new byte[] { 0x88, 0x00 };
        var after = new byte[] { 0x8A, 0x00 }; // a pong after the close, to check what follows is kept
        var input = Concat(Http101, text, medium, emptyClose, after);

        var output = ReadAll(new ConnectionStream(new ChunkedStream(input, chunk)), bufferSize);

        var marker = Encoding.UTF8.GetBytes(ConnectionStream.NoStatusMarker);
        var expected = Concat(Http101, text, medium, [0x88, (byte)(2 + marker.Length), 0x03, 0xE8], marker, after);
        Assert.That(output, Is.EqualTo(expected));
    }

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(100)]
    public void A_frames_only_stream_rewrites_an_empty_server_close_from_its_first_byte(int chunk)
    {
        // HTTP/2: the extended CONNECT stream carries frames from the start, and "\r\n\r\n" never comes.
        var text = Concat([0x81, 0x02], "hi"u8.ToArray());
        var input = Concat([0x88, 0x00], text);

        var output = ReadAll(new ConnectionStream(new ChunkedStream(input, chunk), framesOnly: true), 16);

        var marker = Encoding.UTF8.GetBytes(ConnectionStream.NoStatusMarker);
        Assert.That(output, Is.EqualTo(Concat([0x88, (byte)(2 + marker.Length), 0x03, 0xE8], marker, text)));
    }

    [Test]
    public void A_close_with_a_status_passes_through_unchanged()
    {
        var input = Concat(Http101, [0x88, 0x02, 0x0F, 0xA1]); // 4001

        var output = ReadAll(new ConnectionStream(new ChunkedStream(input, 2)), 16);

        Assert.That(output, Is.EqualTo(input));
    }

    [Test]
    public void Bytes_inside_the_http_response_are_not_taken_for_frames()
    {
        var input = Concat(Encoding.Latin1.GetBytes("HTTP/1.1 101 OK\r\nX-Odd: \u0088\u0000\r\n\r\n"), [0x88, 0x00]);

        var output = ReadAll(new ConnectionStream(new ChunkedStream(input, 5)), 8);

        Assert.That(output[^(2 + 2 + Encoding.UTF8.GetByteCount(ConnectionStream.NoStatusMarker))..][..2], Is.EqualTo(new byte[] { 0x88, (byte)(2 + Encoding.UTF8.GetByteCount(ConnectionStream.NoStatusMarker)) }));
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
}
