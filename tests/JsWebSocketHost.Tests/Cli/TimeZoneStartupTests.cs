using System.Buffers.Binary;
using System.Text;

namespace JsWebSocketHost.Tests.Cli;

/// <summary>
/// <c>jsws</c> builds Jint's time-zone table at start-up without reading the system's zone files (TimeZoneStartup);
/// afterwards every zone is found as before, in the folder the user's <c>TZDIR</c> names. The zones here are files
/// this test writes (TZif, RFC 8536), so nothing depends on the machine's tzdata.
/// </summary>
[TestFixture]
public sealed class TimeZoneStartupTests
{
    private string _zones = null!;

    [SetUp]
    public void SetUp()
    {
        _zones = Path.Combine(Path.GetTempPath(), "jsws-zones-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_zones, "Test"));
        File.WriteAllBytes(Path.Combine(_zones, "Test", "Plus5"), FixedOffsetZone(5 * 3600, "+05"));
        File.WriteAllBytes(Path.Combine(_zones, "Test", "Minus3"), FixedOffsetZone(-3 * 3600, "-03"));
        File.WriteAllText(Path.Combine(_zones, "zone.tab"), "XX\t+0000+00000\tTest/Plus5\nYY\t+0000+00000\tTest/Minus3\n");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_zones, recursive: true);

    [Test]
    public async Task The_local_zone_comes_from_TZ_in_the_users_TZDIR()
    {
        var lines = await RunAsync("""
            console.log(new Date(0).getTimezoneOffset());
            console.log(Temporal.Now.timeZoneId());
            console.log(new Date(0).getHours());
            """);

        Assert.That(lines, Is.EqualTo(new[] { "-300", "Test/Plus5", "5" }));
    }

    [Test]
    public async Task A_zone_named_in_other_case_is_found_through_the_whole_zone_list_of_the_users_TZDIR()
    {
        // The first needs .NET's list of every zone (a case-insensitive match): it must be this folder's list, read
        // after start-up, not the empty one Jint's table was built from. It comes first: once a zone is found, .NET
        // finds it again in any case from its cache.
        var lines = await RunAsync("""
            const at = Temporal.Instant.fromEpochMilliseconds(0);
            console.log(at.toZonedDateTimeISO('test/minus3').offset);
            console.log(at.toZonedDateTimeISO('Test/Minus3').offset);
            try { at.toZonedDateTimeISO('Test/Nowhere'); console.log('no error'); } catch (e) { console.log(e.name); }
            """);

        Assert.That(lines, Is.EqualTo(new[] { "-03:00", "-03:00", "RangeError" }));
    }

    private async Task<string[]> RunAsync(string source)
    {
        var script = Path.Combine(_zones, "probe.js");
        await File.WriteAllTextAsync(script, source);
        var start = JswsProcess.StartInfo("run", script);
        start.Environment["TZDIR"] = _zones;
        start.Environment["TZ"] = "Test/Plus5";
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.That(process.ExitCode, Is.EqualTo(0), await stderr);
        return (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    // A version 2 TZif file with no transitions: one local time type (the offset, no DST) and the POSIX TZ footer.
    private static byte[] FixedOffsetZone(int utcOffsetSeconds, string designation)
    {
        var chars = Encoding.ASCII.GetBytes(designation + "\0");
        using var file = new MemoryStream();
        for (var block = 0; block < 2; block++)
        {
            file.Write("TZif2"u8);
            file.Write(new byte[15]);
            foreach (var count in new[] { 0, 0, 0, 0, 1, chars.Length }) // isut, isstd, leap, time, type, char counts
            {
                WriteInt32(file, count);
            }

            WriteInt32(file, utcOffsetSeconds);
            file.WriteByte(0); // not DST
            file.WriteByte(0); // designation index
            file.Write(chars);
        }

        // POSIX TZ offsets count west of Greenwich as positive.
        var hours = -utcOffsetSeconds / 3600;
        file.Write(Encoding.ASCII.GetBytes($"\n<{designation}>{(hours >= 0 ? "+" : "-")}{Math.Abs(hours)}\n"));
        return file.ToArray();
    }

    private static void WriteInt32(Stream stream, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        stream.Write(bytes);
    }
}
