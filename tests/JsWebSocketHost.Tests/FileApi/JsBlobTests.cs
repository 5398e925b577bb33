using System.Runtime.InteropServices;
using JsWebSocketHost.FileApi;

namespace JsWebSocketHost.Tests.FileApi;

/// <summary>The C# side of a blob, which the WebSocket code uses: creating one over bytes, and reading its bytes.</summary>
[TestFixture]
public sealed class JsBlobTests
{
    private static async Task<ScriptRun> RunWithHostBlob(byte[] bytes, int offset, int count, string source)
    {
        var run = new ScriptRun();
        run.Host.Post(engine => engine.Global.Set("hostBlob", JsBlob.Create(engine, bytes.AsMemory(offset, count), "application/octet-stream")));
        run.Host.EnqueueScript(source, "test.js");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = await run.Host.RunAsync(timeout.Token);
        Assert.That(result.Succeeded, Is.True, run.Error);
        return run;
    }

    private static byte[] ArrayOf(ReadOnlyMemory<byte> segment) =>
        MemoryMarshal.TryGetArray(segment, out var array) ? array.Array! : throw new AssertionException("not an array segment");

    [Test]
    public async Task Create_takes_the_bytes_without_copying_and_script_sees_a_Blob()
    {
        var bytes = "xxhello"u8.ToArray();
        await using var run = await RunWithHostBlob(bytes, 2, 5, """
            console.log(hostBlob instanceof Blob, hostBlob.size, hostBlob.type);
            hostBlob.text().then(t => console.log(t));
            """);

        var blob = (JsBlob)run.Host.Engine.Global.Get("hostBlob");
        Assert.Multiple(() =>
        {
            Assert.That(run.OutputLines, Is.EqualTo(new[] { "true 5 application/octet-stream", "hello" }));
            Assert.That(blob.Length, Is.EqualTo(5));
            Assert.That(blob.Segments.Length, Is.EqualTo(1));
            Assert.That(ArrayOf(blob.Segments[0]), Is.SameAs(bytes));
        });
    }

    [Test]
    public async Task Slices_and_blobs_made_from_blobs_share_the_bytes()
    {
        var bytes = "0123456789"u8.ToArray();
        await using var run = await RunWithHostBlob(bytes, 0, bytes.Length, """
            var slice = hostBlob.slice(2, -2);
            var joined = new Blob([slice, "ab", new Uint8Array([0x63]), hostBlob.slice(0, 1)]);
            joined.text().then(t => console.log(t));
            """);

        var slice = (JsBlob)run.Host.Engine.Global.Get("slice");
        var joined = (JsBlob)run.Host.Engine.Global.Get("joined");
        var copy = new byte[joined.Length];
        joined.CopyTo(copy);
        Assert.Multiple(() =>
        {
            Assert.That(run.OutputLines, Is.EqualTo(new[] { "234567abc0" }));
            Assert.That(ArrayOf(slice.Segments[0]), Is.SameAs(bytes));
            Assert.That(joined.Segments.Length, Is.EqualTo(3), "the slice, one new array for \"ab\" and the view, the second slice");
            Assert.That(ArrayOf(joined.Segments[0]), Is.SameAs(bytes));
            Assert.That(ArrayOf(joined.Segments[1]), Has.Length.EqualTo(3), "strings and buffers in a run are copied once, into an exact-size array");
            Assert.That(ArrayOf(joined.Segments[2]), Is.SameAs(bytes));
            Assert.That(copy, Is.EqualTo("234567abc0"u8.ToArray()));
        });
    }

    [Test]
    public async Task CopyTo_needs_room_for_every_byte_and_arrayBuffer_hands_script_a_copy()
    {
        var bytes = new byte[] { 1, 2, 3 };
        await using var run = await RunWithHostBlob(bytes, 0, bytes.Length, """
            hostBlob.arrayBuffer().then(a => { new Uint8Array(a)[0] = 9; return hostBlob.bytes(); }).then(u => console.log(u.join(",")));
            """);

        var blob = (JsBlob)run.Host.Engine.Global.Get("hostBlob");
        Assert.Multiple(() =>
        {
            Assert.That(run.OutputLines, Is.EqualTo(new[] { "1,2,3" }));
            Assert.That(bytes, Is.EqualTo(new byte[] { 1, 2, 3 }));
            Assert.That(() => blob.CopyTo(new byte[2]), Throws.ArgumentException);
        });
    }

    [Test]
    public async Task An_empty_blob_has_no_segments()
    {
        await using var run = await RunWithHostBlob([], 0, 0, "var empty = new Blob(['', new Uint8Array(0)]); console.log(hostBlob.size, empty.size);");

        var empty = (JsBlob)run.Host.Engine.Global.Get("empty");
        var hostBlob = (JsBlob)run.Host.Engine.Global.Get("hostBlob");
        Assert.Multiple(() =>
        {
            Assert.That(run.OutputLines, Is.EqualTo(new[] { "0 0" }));
            Assert.That(empty.Segments.Length, Is.Zero);
            Assert.That(hostBlob.Segments.Length, Is.Zero);
        });
    }
}
