using System.Buffers.Binary;
using System.Text;

namespace JsWebSocketHost.Tests.Reliability;

/// <summary>
/// The wire fuzzer's oracle: reads a server's bytes as RFC 6455 says a client must (section 5 framing, 5.5 control
/// frames, 7.4 status codes, 8.1 UTF-8), plus the host's <c>MaxMessageSize</c>, and says which messages the script
/// gets and how the connection ends.
/// </summary>
/// <remarks>
/// <para>One point leaves the client a choice: when it finds invalid UTF-8 in a text message still in progress. An
/// eager decoder fails at the first byte that cannot continue a valid sequence; the managed WebSocket sometimes sees
/// it a byte or two later (an overlong or out-of-range sequence once it is complete), so a frame boundary, a Close or
/// the end of the bytes may come first. Both readings are returned when they differ, and either is accepted.</para>
/// <para>The host refuses a data frame whose declared length takes its message past the limit as soon as its header
/// is in (Close 1009), before its payload; a frame that also breaks the framing rules may be answered with either
/// status.</para>
/// </remarks>
internal static class WireModel
{
    /// <summary>The outcomes a correct client may produce for <paramref name="bytes"/>: one, or two (see remarks).</summary>
    public static IReadOnlyList<WireOutcome> Predict(byte[] bytes, long maxMessageSize)
    {
        var eager = Read(bytes, maxMessageSize, lateUtf8: false);
        var late = Read(bytes, maxMessageSize, lateUtf8: true);
        var same = eager.Events().SequenceEqual(late.Events()) && eager.Ending == late.Ending
            && eager.ClientCloseCodes.SetEquals(late.ClientCloseCodes)
            && eager.Pings.Select(Convert.ToHexString).SequenceEqual(late.Pings.Select(Convert.ToHexString));
        return same ? [eager] : [eager, late];
    }

    private static WireOutcome Read(byte[] s, long max, bool lateUtf8)
    {
        var messages = new List<WireMessage>();
        var pings = new List<byte[]>();
        var pos = 0;
        var frame = 0;
        var inMessage = false;
        var text = false;
        var message = new MemoryStream();
        var eagerState = new StrictUtf8();
        var lateState = new ManagedUtf8();
        long declared = 0; // the message's length by its frames' declared lengths, as the host counts it

        WireOutcome End(WireEnding ending, string why, int code = 0, string reason = "", params int[] codes) =>
            new(messages, ending, code, reason, codes.ToHashSet(), pings, why);

        while (true)
        {
            var at = $"frame {frame} at byte {pos}";
            var left = s.Length - pos;
            if (left == 0)
            {
                return End(WireEnding.Eof, $"the bytes end after {frame} frames, with no Close");
            }

            if (left < 2)
            {
                return End(WireEnding.Eof, at + ": the bytes end inside its header");
            }

            var b0 = s[pos];
            var b1 = s[pos + 1];
            var fin = (b0 & 0x80) != 0;
            var opcode = b0 & 0x0F;
            var masked = (b1 & 0x80) != 0;
            var length7 = b1 & 0x7F;
            var extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
            if (left < 2 + extended)
            {
                return End(WireEnding.Eof, at + ": the bytes end inside its length");
            }

            var length = length7 switch
            {
                126 => BinaryPrimitives.ReadUInt16BigEndian(s.AsSpan(pos + 2)),
                127 => BinaryPrimitives.ReadUInt64BigEndian(s.AsSpan(pos + 2)),
                _ => (ulong)length7,
            };

            var faults = new SortedSet<int>();
            var problems = new List<string>();
            void Fault(int code, string problem)
            {
                faults.Add(code);
                problems.Add(problem);
            }

            // Section 5.2: RSV1-3 must be 0 without an extension; the 64-bit length's top bit must be 0; section 5.1:
            // a client must fail on a masked frame; section 5.4/5.5: continuation rules, control frames final and
            // at most 125 bytes; unknown opcodes fail.
            if ((b0 & 0x70) != 0)
            {
                Fault(1002, "reserved bits set");
            }

            if (length > long.MaxValue)
            {
                Fault(1002, "a 64-bit length with the top bit set");
            }

            if (masked)
            {
                Fault(1002, "masked");
            }

            switch (opcode)
            {
                case 0x0 when !inMessage:
                    Fault(1002, "a continuation with no message to continue");
                    break;
                case 0x1 or 0x2 when inMessage:
                    Fault(1002, "a new data frame inside a fragmented message");
                    break;
                case 0x8 or 0x9 or 0xA when !fin || length > 125:
                    Fault(1002, "a control frame fragmented or over 125 bytes");
                    break;
                case 0x0 or 0x1 or 0x2 or 0x8 or 0x9 or 0xA:
                    break;
                default:
                    Fault(1002, $"the reserved opcode {opcode:X}");
                    break;
            }

            // The host's limit, once the whole header (with any mask key) is in.
            if (opcode < 0x8 && left >= 2 + extended + (masked ? 4 : 0))
            {
                declared = unchecked(declared + (long)length);
                if ((long)length < 0 || declared > max)
                {
                    Fault(1009, "a message past MaxMessageSize");
                }
                else if (fin)
                {
                    declared = 0;
                }
            }

            if (faults.Count > 0)
            {
                return End(WireEnding.Fail, at + ": " + string.Join(", ", problems), codes: [.. faults]);
            }

            var payloadStart = pos + 2 + extended;
            if ((ulong)(s.Length - payloadStart) < length)
            {
                return End(WireEnding.Eof, $"{at}: the bytes end inside its payload of {length}");
            }

            var payload = s[payloadStart..(payloadStart + (int)length)];
            pos = payloadStart + (int)length;
            frame++;
            switch (opcode)
            {
                case 0x9:
                    pings.Add(payload);
                    continue;
                case 0xA:
                    continue;
                case 0x8:
                    // Section 5.5.1 and 7.4: no body (1005), or a valid status and a UTF-8 reason.
                    if (payload.Length == 0)
                    {
                        return End(WireEnding.Clean, at + ": a Close with no status", 1005, "");
                    }

                    if (payload.Length == 1)
                    {
                        return End(WireEnding.Fail, at + ": a Close with a 1-byte body", codes: 1002);
                    }

                    var code = BinaryPrimitives.ReadUInt16BigEndian(payload);
                    if (!IsValidStatus(code))
                    {
                        return End(WireEnding.Fail, $"{at}: a Close with the invalid status {code}", codes: 1002);
                    }

                    if (!StrictUtf8.IsValid(payload.AsSpan(2)))
                    {
                        return End(WireEnding.Fail, at + ": a Close whose reason is not UTF-8", codes: [1002, 1007]);
                    }

                    return End(WireEnding.Clean, $"{at}: Close {code}", code, Encoding.UTF8.GetString(payload.AsSpan(2)));
            }

            if (opcode != 0x0)
            {
                inMessage = true;
                text = opcode == 0x1;
                message.SetLength(0);
                eagerState = new StrictUtf8();
                lateState = new ManagedUtf8();
            }

            message.Write(payload);
            if (text)
            {
                var valid = lateUtf8
                    ? payload.Length == 0 || lateState.Validate(payload, fin)
                    : eagerState.Feed(payload);
                if (!valid || (fin && !StrictUtf8.IsValid(message.ToArray())))
                {
                    return End(WireEnding.Fail, at + ": invalid UTF-8 in a text message", codes: 1007);
                }
            }

            if (fin)
            {
                messages.Add(new WireMessage(text, message.ToArray()));
                inMessage = false;
            }
        }
    }

    // RFC 6455 section 7.4 and the IANA registry: the statuses an endpoint may receive.
    private static bool IsValidStatus(int code) => code is (>= 1000 and <= 1003) or (>= 1007 and <= 1014) or (>= 3000 and <= 4999);

    /// <summary>An eager UTF-8 check (Unicode table 3-7): fails at the first byte no valid sequence can have.</summary>
    private sealed class StrictUtf8
    {
        private int _needed;
        private byte _low = 0x80;
        private byte _high = 0xBF;

        public static bool IsValid(ReadOnlySpan<byte> bytes)
        {
            var state = new StrictUtf8();
            return state.Feed(bytes) && state._needed == 0;
        }

        public bool Feed(ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes)
            {
                if (_needed > 0)
                {
                    if (b < _low || b > _high)
                    {
                        return false;
                    }

                    (_low, _high) = ((byte)0x80, (byte)0xBF);
                    _needed--;
                    continue;
                }

                switch (b)
                {
                    case <= 0x7F:
                        break;
                    case >= 0xC2 and <= 0xDF:
                        _needed = 1;
                        break;
                    case 0xE0:
                        (_needed, _low) = (2, 0xA0);
                        break;
                    case 0xED:
                        (_needed, _high) = (2, 0x9F);
                        break;
                    case >= 0xE1 and <= 0xEF:
                        _needed = 2;
                        break;
                    case 0xF0:
                        (_needed, _low) = (3, 0x90);
                        break;
                    case 0xF4:
                        (_needed, _high) = (3, 0x8F);
                        break;
                    case >= 0xF1 and <= 0xF3:
                        _needed = 3;
                        break;
                    default:
                        return false;
                }
            }

            return true;
        }
    }

    /// <summary>
    /// The managed WebSocket's stateful check, per frame: a sequence's first byte and each continuation byte are
    /// checked at once, its value (overlong, surrogate, range) partly only when complete; the last frame is checked
    /// whole when no sequence is open. (The host checks each whole text message again.)
    /// </summary>
    private sealed class ManagedUtf8
    {
        private bool _inSequence;
        private int _expected;
        private int _minimum;
        private int _bits;

        public bool Validate(ReadOnlySpan<byte> span, bool endOfMessage)
        {
            if (endOfMessage && !_inSequence)
            {
                return StrictUtf8.IsValid(span);
            }

            for (var i = 0; i < span.Length;)
            {
                if (!_inSequence)
                {
                    var b = span[i++];
                    if (b <= 0x7F)
                    {
                        continue;
                    }

                    _inSequence = true;
                    if ((b & 0xC0) == 0x80)
                    {
                        return false;
                    }
                    else if ((b & 0xE0) == 0xC0)
                    {
                        (_expected, _bits, _minimum) = (1, b & 0x1F, 0x80);
                    }
                    else if ((b & 0xF0) == 0xE0)
                    {
                        (_expected, _bits, _minimum) = (2, b & 0x0F, 0x800);
                    }
                    else if ((b & 0xF8) == 0xF0)
                    {
                        (_expected, _bits, _minimum) = (3, b & 0x07, 0x10000);
                    }
                    else
                    {
                        return false;
                    }
                }

                while (_expected > 0 && i < span.Length)
                {
                    var b = span[i];
                    if ((b & 0xC0) != 0x80)
                    {
                        return false;
                    }

                    i++;
                    _expected--;
                    _bits = (_bits << 6) | (b & 0x3F);
                    if ((_expected == 1 && _bits is >= 0x360 and <= 0x37F) || (_expected == 2 && _bits >= 0x110))
                    {
                        return false;
                    }
                }

                if (_expected == 0)
                {
                    _inSequence = false;
                    if (_bits < _minimum)
                    {
                        return false;
                    }
                }
            }

            return !endOfMessage || !_inSequence;
        }
    }
}
