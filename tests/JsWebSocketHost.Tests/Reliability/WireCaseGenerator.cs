using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace JsWebSocketHost.Tests.Reliability;

/// <summary>
/// Makes the wire fuzzer's cases from a seed: valid server frames (text, binary, fragmented messages with control
/// frames between the fragments, pings, pongs, large frames with 16- and 64-bit lengths, closes), then sometimes
/// frames that break RFC 6455 on purpose, then sometimes mutations of the bytes (bit flips, lengths that lie,
/// reserved bits and opcodes, masks, truncation, inserted, dropped and swapped frames).
/// </summary>
/// <remarks>
/// Whether the result is valid is not tracked here: <see cref="WireModel"/> reads the final bytes as a client must.
/// A case depends only on the seed and its index, so one case can be made again alone.
/// </remarks>
internal static class WireCaseGenerator
{
    /// <summary>The host's <c>MaxMessageSize</c> in the wire fuzzer, small enough for cases to pass it.</summary>
    public const long MaxMessageSize = 60_000;

    private static readonly int[] ValidCloseCodes = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999];
    private static readonly int[] InvalidCloseCodes = [0, 1, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535];
    private static readonly int[] LargeSizes = [126, 127, 1000, 65535, 65536, 59_999, 60_000, 60_001, 70_000];
    private static readonly string[] TextPieces = ["a", "hello", " ", "0", "\u00E9", "\u4E2D", "\uD83D\uDE00", "\u0000", "\uFFFD", "\uFEFF", "\u07FF", "\u0800", "\uFFFF", "\uDBFF\uDFFF", "\r\n"];

    // Byte sequences a UTF-8 decoder must refuse: stray continuation, bad continuation, overlong, surrogate, past
    // U+10FFFF, bytes never used, and sequences cut off at the end.
    private static readonly byte[][] BadUtf8 =
    [
        [0x80], [0xBF], [0xC3, 0x28], [0xE2, 0x28, 0xA1], [0xE2, 0x82, 0x28], [0xF0, 0x28, 0x8C, 0xBC], [0xF0, 0x90, 0x28, 0xBC],
        [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF], [0xF0, 0x80, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF],
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
        [0xFE], [0xFF], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98],
    ];

    /// <summary>Makes case <paramref name="index"/> of the run with <paramref name="seed"/>.</summary>
    public static WireCase Generate(uint seed, int index)
    {
        var r = new FuzzRandom(seed, index);
        var frames = new List<Frame>();
        var steps = new List<string>();

        var units = r.Between(0, 6);
        for (var i = 0; i < units; i++)
        {
            AddUnit(r, frames, steps);
        }

        var ending = r.Next(10);
        if (ending < 5)
        {
            frames.Add(ValidClose(r, steps));
        }
        else if (ending == 5)
        {
            frames.Add(InvalidClose(r, steps));
        }

        if (ending <= 5 && r.Chance(0.3))
        {
            // After a Close, a client reads nothing more (RFC 6455 section 5.5.1): these must not matter.
            steps.Add("then after the Close:");
            for (var i = r.Between(1, 3); i > 0; i--)
            {
                if (r.Chance(0.3))
                {
                    frames.Add(new Frame([0x88, 0x00], [], "empty Close"));
                    steps.Add("  empty Close");
                }
                else
                {
                    AddUnit(r, frames, steps, indent: "  ");
                }
            }
        }

        if (r.Chance(0.4))
        {
            for (var i = r.Between(1, 2); i > 0 && frames.Count > 0; i--)
            {
                MutateFrames(r, frames, steps);
            }
        }

        var bytes = frames.SelectMany(f => f.Header.Concat(f.Payload)).ToArray();
        if (r.Chance(0.25) && bytes.Length > 0)
        {
            bytes = MutateBytes(r, bytes, steps);
        }

        var splits = new List<int>();
        if (r.Chance(0.3) && bytes.Length > 1)
        {
            for (var i = r.Between(1, 3); i > 0; i--)
            {
                splits.Add(r.Between(1, bytes.Length - 1));
            }

            splits = [.. splits.Distinct().Order()];
            steps.Add("written in parts split at " + string.Join(", ", splits));
        }

        var reset = r.Chance(0.25);
        steps.Add(reset ? "then TCP reset" : "then FIN");
        return new WireCase(index, bytes, splits, reset, steps);
    }

    private static void AddUnit(FuzzRandom r, List<Frame> frames, List<string> steps, string indent = "")
    {
        var kind = r.Next(100);
        if (kind < 22)
        {
            var text = Text(r);
            frames.Add(DataFrame(r, true, 0x1, Encoding.UTF8.GetBytes(text), "text"));
            steps.Add($"{indent}text {Describe(text)} ({frames[^1].Form})");
        }
        else if (kind < 40)
        {
            var payload = r.Bytes(r.Between(0, 200));
            frames.Add(DataFrame(r, true, 0x2, payload, "binary"));
            steps.Add($"{indent}binary of {payload.Length} bytes ({frames[^1].Form})");
        }
        else if (kind < 60)
        {
            Fragmented(r, frames, steps, indent);
        }
        else if (kind < 70)
        {
            var payload = r.Bytes(r.Chance(0.05) ? 126 : r.Between(0, 125));
            frames.Add(DataFrame(r, true, 0x9, payload, "ping"));
            steps.Add($"{indent}ping of {payload.Length} bytes");
        }
        else if (kind < 75)
        {
            var payload = r.Bytes(r.Between(0, 125));
            frames.Add(DataFrame(r, true, 0xA, payload, "pong"));
            steps.Add($"{indent}pong of {payload.Length} bytes");
        }
        else if (kind < 80)
        {
            var text = r.Chance(0.5);
            frames.Add(DataFrame(r, true, text ? 0x1 : 0x2, [], "empty"));
            steps.Add($"{indent}empty {(text ? "text" : "binary")} ({frames[^1].Form})");
        }
        else if (kind < 88)
        {
            var size = r.Pick(LargeSizes);
            var text = r.Chance(0.3);
            var payload = text ? Encoding.UTF8.GetBytes(new string('x', size)) : r.Bytes(size);
            frames.Add(DataFrame(r, true, text ? 0x1 : 0x2, payload, "large"));
            steps.Add($"{indent}large {(text ? "text" : "binary")} of {size} bytes ({frames[^1].Form})");
        }
        else if (kind < 95)
        {
            var payload = InvalidText(r, out var what);
            frames.Add(DataFrame(r, true, 0x1, payload, "bad text"));
            steps.Add($"{indent}text with invalid UTF-8 {what}");
        }
        else
        {
            var opcode = r.Pick(new[] { 0x3, 0x7, 0xB, 0xF });
            frames.Add(DataFrame(r, true, opcode, r.Bytes(r.Between(0, 10)), "reserved opcode"));
            steps.Add($"{indent}frame with reserved opcode {opcode:X}");
        }
    }

    private static void Fragmented(FuzzRandom r, List<Frame> frames, List<string> steps, string indent)
    {
        var text = r.Chance(0.5);
        var large = r.Chance(0.1);
        byte[] message;
        string what;
        if (text && r.Chance(0.15))
        {
            message = InvalidText(r, out what);
            what = "text with invalid UTF-8 " + what;
        }
        else if (text)
        {
            var s = large ? new string('y', r.Pick(LargeSizes)) : Text(r);
            message = Encoding.UTF8.GetBytes(s);
            what = "text " + Describe(message);
        }
        else
        {
            message = r.Bytes(large ? r.Pick(LargeSizes) : r.Between(0, 300));
            what = $"binary of {message.Length} bytes";
        }

        // Cut anywhere, even inside a UTF-8 sequence: a message's text is decoded whole.
        var parts = r.Between(2, 4);
        var cuts = Enumerable.Range(0, parts - 1).Select(_ => r.Between(0, message.Length)).Order().ToList();
        cuts.Insert(0, 0);
        cuts.Add(message.Length);
        var controls = 0;
        for (var i = 0; i < parts; i++)
        {
            var piece = message[cuts[i]..cuts[i + 1]];
            frames.Add(DataFrame(r, i == parts - 1, i == 0 ? (text ? 0x1 : 0x2) : 0x0, piece, "fragment"));
            if (i < parts - 1 && r.Chance(0.3))
            {
                var ping = r.Chance(0.7);
                frames.Add(DataFrame(r, true, ping ? 0x9 : 0xA, r.Bytes(r.Between(0, 20)), ping ? "ping" : "pong"));
                controls++;
            }
            else if (i < parts - 1 && r.Chance(0.04))
            {
                // A Close between fragments: legal, and the message in progress is never delivered.
                frames.Add(DataFrame(r, true, 0x8, ClosePayload(1000, "mid"u8.ToArray()), "Close", minimal: true));
                steps.Add($"{indent}Close 1000 \"mid\" after fragment {i}:");
            }
        }

        steps.Add($"{indent}fragmented {what} in {parts} frames at {string.Join(",", cuts)}" + (controls > 0 ? $", {controls} control frames between" : ""));
    }

    // A Close with a valid status and reason, or none; now and then any status at all.
    private static Frame ValidClose(FuzzRandom r, List<string> steps)
    {
        if (r.Chance(0.2))
        {
            steps.Add("Close with no status");
            return new Frame([0x88, 0x00], [], "Close");
        }

        var code = r.Chance(0.15) ? r.Next(65536) : r.Pick(ValidCloseCodes);
        var reason = r.Chance(0.5) ? "" : TrimToBytes(Text(r, 8), 123);
        steps.Add($"Close {code} {Describe(reason)}");
        return DataFrame(r, true, 0x8, ClosePayload(code, Encoding.UTF8.GetBytes(reason)), "Close", minimal: true);
    }

    private static Frame InvalidClose(FuzzRandom r, List<string> steps)
    {
        switch (r.Next(4))
        {
            case 0:
                steps.Add("Close with a 1-byte payload");
                return DataFrame(r, true, 0x8, [0x03], "Close", minimal: true);
            case 1:
                var code = r.Pick(InvalidCloseCodes);
                steps.Add($"Close with the invalid code {code}");
                return DataFrame(r, true, 0x8, ClosePayload(code, "bye"u8.ToArray()), "Close", minimal: true);
            case 2:
                var bad = r.Pick(BadUtf8);
                steps.Add("Close 1000 with a reason of invalid UTF-8 " + Convert.ToHexString(bad));
                return DataFrame(r, true, 0x8, ClosePayload(1000, [.. "ab"u8, .. bad]), "Close", minimal: true);
            default:
                steps.Add("Close with a payload of 126 bytes");
                return DataFrame(r, true, 0x8, ClosePayload(1000, new byte[124]), "Close");
        }
    }

    private static byte[] ClosePayload(int code, byte[] reason)
    {
        var payload = new byte[2 + reason.Length];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)code);
        reason.CopyTo(payload, 2);
        return payload;
    }

    // A frame from the server: not masked; the length in its shortest form, or now and then a longer one (legal).
    private static Frame DataFrame(FuzzRandom r, bool fin, int opcode, byte[] payload, string what, bool minimal = false)
    {
        var longer = !minimal && r.Chance(0.15);
        var form = payload.Length < 126 ? (longer ? r.Pick(new[] { 16, 64 }) : 7)
            : payload.Length < 65536 ? (longer ? 64 : 16)
            : 64;

        return new Frame(Header((byte)((fin ? 0x80 : 0) | opcode), payload.Length, form), payload, what) { Form = form == 7 ? "7-bit length" : $"{form}-bit length" };
    }

    private static byte[] Header(byte first, long length, int form, bool masked = false)
    {
        var mask = masked ? (byte)0x80 : (byte)0;
        switch (form)
        {
            case 7:
                return [first, (byte)(mask | length)];
            case 16:
                var h16 = new byte[] { first, (byte)(mask | 126), 0, 0 };
                BinaryPrimitives.WriteUInt16BigEndian(h16.AsSpan(2), (ushort)length);
                return h16;
            default:
                var h64 = new byte[10];
                h64[0] = first;
                h64[1] = (byte)(mask | 127);
                BinaryPrimitives.WriteUInt64BigEndian(h64.AsSpan(2), (ulong)length);
                return h64;
        }
    }

    private static void MutateFrames(FuzzRandom r, List<Frame> frames, List<string> steps)
    {
        var i = r.Next(frames.Count);
        var f = frames[i];
        var kind = r.Next(9);
        switch (f.Header.Length < 2 && kind < 5 ? 5 : kind) // inserted random bytes have no header to change
        {
            case 0:
            {
                // A length that lies, in any of the three forms.
                long length = r.Next(8) switch
                {
                    0 => 0,
                    1 => f.Payload.Length + 1,
                    2 => Math.Max(0, f.Payload.Length - 1),
                    3 => 125,
                    4 => 65536,
                    5 => 1L << 32,
                    6 => long.MinValue, // the most significant bit set
                    _ => r.Between(0, 100_000),
                };
                var form = length is < 0 or > 65535 ? 64 : length > 125 ? r.Pick(new[] { 16, 64 }) : r.Pick(new[] { 7, 16, 64 });
                frames[i] = f with { Header = Header(f.Header[0], length, form) };
                steps.Add($"mutation: frame {i} ({f.What}) declares length {(length < 0 ? "with the top bit set" : length.ToString(CultureInfo.InvariantCulture))} ({form}-bit) over {f.Payload.Length} bytes");
                break;
            }

            case 1:
                var rsv = r.Pick(new byte[] { 0x40, 0x20, 0x10 });
                frames[i] = f with { Header = [(byte)(f.Header[0] | rsv), .. f.Header[1..]] };
                steps.Add($"mutation: frame {i} ({f.What}) gets reserved bit {rsv:X2}");
                break;
            case 2:
                var opcode = r.Pick(new[] { 0x0, 0x1, 0x2, 0x3, 0x7, 0x8, 0x9, 0xA, 0xB, 0xF });
                frames[i] = f with { Header = [(byte)((f.Header[0] & 0xF0) | opcode), .. f.Header[1..]] };
                steps.Add($"mutation: frame {i} ({f.What}) gets opcode {opcode:X}");
                break;
            case 3:
                // A masked frame from a server, with a real key and masked payload or with no key at all.
                var withKey = r.Chance(0.5);
                var key = r.Bytes(4);
                var header = (byte[])f.Header.Clone();
                header[1] |= 0x80;
                frames[i] = withKey
                    ? f with { Header = [.. header, .. key], Payload = f.Payload.Select((b, k) => (byte)(b ^ key[k % 4])).ToArray() }
                    : f with { Header = header };
                steps.Add($"mutation: frame {i} ({f.What}) masked{(withKey ? "" : " without a key")}");
                break;
            case 4:
                frames[i] = f with { Header = [(byte)(f.Header[0] ^ 0x80), .. f.Header[1..]] };
                steps.Add($"mutation: frame {i} ({f.What}) FIN flipped");
                break;
            case 5:
                frames.Insert(i, new Frame(r.Bytes(r.Between(1, 8)), [], "random bytes"));
                steps.Add($"mutation: random bytes inserted before frame {i}");
                break;
            case 6:
                frames.Insert(i, f);
                steps.Add($"mutation: frame {i} ({f.What}) sent twice");
                break;
            case 7 when frames.Count > 1:
                var j = i == frames.Count - 1 ? i - 1 : i + 1;
                (frames[i], frames[j]) = (frames[j], frames[i]);
                steps.Add($"mutation: frames {Math.Min(i, j)} and {Math.Max(i, j)} swapped");
                break;
            default:
                frames.RemoveAt(i);
                steps.Add($"mutation: frame {i} ({f.What}) left out");
                break;
        }
    }

    private static byte[] MutateBytes(FuzzRandom r, byte[] bytes, List<string> steps)
    {
        switch (r.Next(3))
        {
            case 0:
                var flips = r.Between(1, 3);
                var flipped = (byte[])bytes.Clone();
                var at = new List<string>();
                for (var i = 0; i < flips; i++)
                {
                    var bit = r.Next(bytes.Length * 8);
                    flipped[bit / 8] ^= (byte)(1 << (bit % 8));
                    at.Add($"{bit / 8}.{bit % 8}");
                }

                steps.Add("mutation: bits flipped at " + string.Join(", ", at));
                return flipped;
            case 1:
                var position = r.Next(bytes.Length);
                var set = (byte[])bytes.Clone();
                set[position] = (byte)r.Next(256);
                steps.Add($"mutation: byte {position} set to {set[position]:X2}");
                return set;
            default:
                var cut = r.Next(bytes.Length);
                steps.Add($"mutation: cut after {cut} of {bytes.Length} bytes");
                return bytes[..cut];
        }
    }

    private static string Text(FuzzRandom r, int maxPieces = 12)
    {
        var text = new StringBuilder();
        for (var i = r.Between(0, maxPieces); i > 0; i--)
        {
            text.Append(r.Pick(TextPieces));
        }

        return text.ToString();
    }

    private static byte[] InvalidText(FuzzRandom r, out string what)
    {
        var bad = r.Pick(BadUtf8);
        var before = Encoding.UTF8.GetBytes(Text(r, 4));
        var after = r.Chance(0.5) ? Encoding.UTF8.GetBytes(Text(r, 4)) : [];
        what = Convert.ToHexString(bad) + (after.Length > 0 ? " in the middle" : " at the end");
        return [.. before, .. bad, .. after];
    }

    private static string TrimToBytes(string text, int max)
    {
        while (Encoding.UTF8.GetByteCount(text) > max)
        {
            text = text[..^1];
        }

        return char.IsHighSurrogate(text.LastOrDefault()) ? text[..^1] : text;
    }

    private static string Describe(string text) => Describe(Encoding.UTF8.GetBytes(text));

    private static string Describe(byte[] utf8) => utf8.Length <= 24 ? "\"" + Convert.ToHexString(utf8) + "\"(hex)" : $"of {utf8.Length} bytes";

    /// <summary>One frame as built, before its bytes are joined: a header and a payload (which a mutation may make disagree).</summary>
    private sealed record Frame(byte[] Header, byte[] Payload, string What)
    {
        public string Form { get; init; } = "";
    }
}
