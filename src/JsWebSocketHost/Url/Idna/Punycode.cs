using System.Numerics;
using System.Text;

namespace JsWebSocketHost.Url.Idna;

/// <summary>
/// Punycode (RFC 3492) for one label, without the "xn--" prefix. Both directions take n log n time: the encoder counts
/// the smaller code points before each position, and the decoder places each inserted code point, with a Fenwick
/// tree over the label's positions rather than a rescan or a list insertion per code point, so a host of a million
/// code points costs milliseconds, not hours (the URL parser puts no limit on a host's length).
/// </summary>
/// <remarks>Spec: https://www.rfc-editor.org/rfc/rfc3492 (section 6).</remarks>
internal static class Punycode
{
    private const int Base = 36;
    private const int TMin = 1;
    private const int TMax = 26;
    private const int Skew = 38;
    private const int Damp = 700;
    private const int InitialBias = 72;
    private const int InitialN = 128;

    /// <summary>Encodes <paramref name="input"/> (code points); <see langword="null"/> on overflow.</summary>
    /// <remarks>Spec: RFC 3492 section 6.3.</remarks>
    public static string? Encode(ReadOnlySpan<int> input)
    {
        var output = new StringBuilder(input.Length + 8);

        // Copy the basic code points, followed by a delimiter if there were any; they count as smaller than n.
        var smaller = new PositionCounts(input.Length);
        var others = new List<long>();
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] < 0x80)
            {
                output.Append((char)input[i]);
                smaller.Add(i, 1);
            }
            else
            {
                others.Add(((long)input[i] << 32) | (uint)i);
            }
        }

        var basicCount = output.Length;
        var handled = basicCount;
        if (basicCount > 0)
        {
            output.Append('-');
        }

        // The main loop visits the non-basic code points by value (m), and each value's positions in order.
        others.Sort();
        long n = InitialN;
        long delta = 0;
        var bias = InitialBias;
        for (var group = 0; group < others.Count;)
        {
            var m = (int)(others[group] >> 32);

            // Increase delta enough to advance the decoder's <n,i> state to <m,0>, guarding against overflow.
            delta += (m - n) * (handled + 1);
            n = m;

            // For each code point c of the input in order: c < n adds one to delta; c == n emits delta. The code
            // points smaller than n between two positions are counted at once.
            var scanned = 0;
            var end = group;
            while (end < others.Count && (int)(others[end] >> 32) == m)
            {
                var position = (int)(uint)others[end];
                delta += smaller.CountBefore(position) - smaller.CountBefore(scanned);
                if (delta > int.MaxValue)
                {
                    return null;
                }

                AppendVariableLengthInteger(output, delta, bias);
                bias = Adapt(delta, handled + 1, handled == basicCount);
                delta = 0;
                handled++;
                scanned = position + 1;
                end++;
            }

            delta += smaller.CountBefore(input.Length) - smaller.CountBefore(scanned) + 1;
            if (delta > int.MaxValue)
            {
                return null;
            }

            n++;
            for (; group < end; group++)
            {
                smaller.Add((int)(uint)others[group], 1);
            }
        }

        return output.ToString();
    }

    /// <summary>Decodes <paramref name="input"/>; <see langword="null"/> if it is not valid Punycode.</summary>
    /// <remarks>Spec: RFC 3492 section 6.2.</remarks>
    public static List<int>? Decode(ReadOnlySpan<char> input)
    {
        // Each code point of the output as (index it was inserted at, value), in insertion order: first the basic
        // code points before the last delimiter, which must all be basic, each appended.
        var insertions = new List<(int Index, int CodePoint)>(input.Length);
        var delimiter = input.LastIndexOf('-');
        var position = 0;
        if (delimiter > 0)
        {
            for (var j = 0; j < delimiter; j++)
            {
                if (input[j] >= 0x80)
                {
                    return null;
                }

                insertions.Add((j, input[j]));
            }

            position = delimiter + 1;
        }

        long n = InitialN;
        long i = 0;
        var bias = InitialBias;

        // The main decoding loop.
        while (position < input.Length)
        {
            var oldI = i;
            long w = 1;
            for (var k = Base; ; k += Base)
            {
                if (position >= input.Length)
                {
                    return null;
                }

                var digit = DigitValue(input[position++]);
                if (digit < 0)
                {
                    return null;
                }

                i += digit * w;
                if (i > int.MaxValue)
                {
                    return null;
                }

                var t = k <= bias ? TMin : k >= bias + TMax ? TMax : k - bias;
                if (digit < t)
                {
                    break;
                }

                w *= Base - t;
                if (w > int.MaxValue)
                {
                    return null;
                }
            }

            var count = insertions.Count + 1;
            bias = Adapt(i - oldI, count, oldI == 0);
            n += i / count;
            i %= count;
            if (n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF) || n < 0x80)
            {
                return null;
            }

            // Insert n at position i of the output.
            insertions.Add(((int)i, (int)n));
            i++;
        }

        // Place the code points: the last one inserted sits at its index; going backwards, each earlier one takes
        // the (index + 1)-th position not yet taken, as the later insertions moved it right past theirs.
        var output = new int[insertions.Count];
        var free = new PositionCounts(output.Length);
        for (var j = 0; j < output.Length; j++)
        {
            free.Add(j, 1);
        }

        for (var j = insertions.Count - 1; j >= 0; j--)
        {
            var slot = free.FindNth(insertions[j].Index + 1);
            output[slot] = insertions[j].CodePoint;
            free.Add(slot, -1);
        }

        return [.. output];
    }

    // Represents delta as a generalized variable-length integer (RFC 3492 section 6.3, the inner loop).
    private static void AppendVariableLengthInteger(StringBuilder output, long delta, int bias)
    {
        var q = delta;
        for (var k = Base; ; k += Base)
        {
            var t = k <= bias ? TMin : k >= bias + TMax ? TMax : k - bias;
            if (q < t)
            {
                break;
            }

            output.Append(Digit((int)(t + ((q - t) % (Base - t)))));
            q = (q - t) / (Base - t);
        }

        output.Append(Digit((int)q));
    }

    // The bias adaptation function (RFC 3492 section 6.1).
    private static int Adapt(long delta, int numPoints, bool firstTime)
    {
        delta = firstTime ? delta / Damp : delta / 2;
        delta += delta / numPoints;
        var k = 0;
        while (delta > ((Base - TMin) * TMax) / 2)
        {
            delta /= Base - TMin;
            k += Base;
        }

        return (int)(k + (((Base - TMin + 1) * delta) / (delta + Skew)));
    }

    private static char Digit(int d) => (char)(d < 26 ? 'a' + d : '0' + (d - 26));

    private static int DigitValue(char ch) => ch switch
    {
        >= 'a' and <= 'z' => ch - 'a',
        >= 'A' and <= 'Z' => ch - 'A',
        >= '0' and <= '9' => ch - '0' + 26,
        _ => -1,
    };

    // A Fenwick (binary indexed) tree of counts over the positions 0..length-1.
    private readonly struct PositionCounts(int length)
    {
        private readonly int[] _tree = new int[length + 1];

        public void Add(int position, int value)
        {
            for (var i = position + 1; i < _tree.Length; i += i & -i)
            {
                _tree[i] += value;
            }
        }

        // The sum of the counts at positions 0..end-1.
        public int CountBefore(int end)
        {
            var sum = 0;
            for (var i = end; i > 0; i -= i & -i)
            {
                sum += _tree[i];
            }

            return sum;
        }

        // The position at which the running sum of counts reaches n (n >= 1, at most the total).
        public int FindNth(int n)
        {
            var position = 0;
            for (var step = _tree.Length <= 1 ? 0 : 1 << BitOperations.Log2((uint)(_tree.Length - 1)); step > 0; step >>= 1)
            {
                if (position + step < _tree.Length && _tree[position + step] < n)
                {
                    position += step;
                    n -= _tree[position];
                }
            }

            return position;
        }
    }
}
