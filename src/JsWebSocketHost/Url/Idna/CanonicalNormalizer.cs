namespace JsWebSocketHost.Url.Idna;

/// <summary>
/// Unicode Normalization Form C (canonical decomposition, canonical ordering, canonical composition), on code points,
/// from <see cref="Uts46Data"/>. It exists because <see cref="string.Normalize()"/> does nothing under invariant
/// globalization, which the <c>jsws</c> command uses, and IDNA must normalize there too.
/// </summary>
/// <remarks>Spec: https://www.unicode.org/reports/tr15/#Norm_Forms and The Unicode Standard, section 3.11
/// (D108-D117, with the Hangul syllable algorithms of section 3.12).</remarks>
internal static class CanonicalNormalizer
{
    private const int SBase = 0xAC00;
    private const int LBase = 0x1100;
    private const int VBase = 0x1161;
    private const int TBase = 0x11A7;
    private const int LCount = 19;
    private const int VCount = 21;
    private const int TCount = 28;
    private const int NCount = VCount * TCount;
    private const int SCount = LCount * NCount;

    /// <summary>Returns the NFC form of <paramref name="codePoints"/>.</summary>
    public static List<int> ToNfc(IReadOnlyList<int> codePoints)
    {
        var data = Uts46Data.Instance;

        // D117's first step: the canonical decomposition, code point by code point, recursively.
        var decomposed = new List<int>(codePoints.Count + 8);
        foreach (var codePoint in codePoints)
        {
            Decompose(data, codePoint, decomposed);
        }

        // D109: the canonical ordering algorithm, a stable sort of each run of non-starters by combining class.
        // A run out of order is sorted on (class, position) keys, so a long run costs n log n, not n².
        var classes = new int[decomposed.Count];
        for (var i = 0; i < classes.Length; i++)
        {
            classes[i] = data.CombiningClass(decomposed[i]);
        }

        for (var start = 0; start < decomposed.Count; start++)
        {
            if (classes[start] == 0)
            {
                continue;
            }

            var end = start + 1;
            var ordered = true;
            while (end < decomposed.Count && classes[end] != 0)
            {
                ordered &= classes[end - 1] <= classes[end];
                end++;
            }

            if (!ordered)
            {
                SortRun(decomposed, classes, start, end);
            }

            start = end;
        }

        // D117: the canonical composition algorithm. A character composes with the last starter when nothing
        // between them blocks it (D115): no character of combining class 0, or of a class not below its own.
        var composed = new List<int>(decomposed.Count);
        var starter = -1;
        var lastClass = 0;
        for (var i = 0; i < decomposed.Count; i++)
        {
            var codePoint = decomposed[i];
            var combiningClass = classes[i];
            if (starter >= 0 && (composed.Count - 1 == starter || lastClass < combiningClass))
            {
                var composite = Compose(data, composed[starter], codePoint);
                if (composite >= 0)
                {
                    composed[starter] = composite;
                    continue;
                }
            }

            if (combiningClass == 0)
            {
                starter = composed.Count;
            }

            lastClass = combiningClass;
            composed.Add(codePoint);
        }

        return composed;
    }

    // Sorts decomposed[start..end) by combining class, keeping the order of equal classes.
    private static void SortRun(List<int> decomposed, int[] classes, int start, int end)
    {
        var keys = new long[end - start];
        for (var i = start; i < end; i++)
        {
            keys[i - start] = ((long)classes[i] << 32) | (uint)i;
        }

        Array.Sort(keys);
        var codePoints = new int[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            codePoints[i] = decomposed[(int)(uint)keys[i]];
        }

        for (var i = 0; i < keys.Length; i++)
        {
            decomposed[start + i] = codePoints[i];
            classes[start + i] = (int)(keys[i] >> 32);
        }
    }

    private static void Decompose(Uts46Data data, int codePoint, List<int> output)
    {
        // Section 3.12: a precomposed Hangul syllable decomposes into its jamo arithmetically.
        var syllable = codePoint - SBase;
        if (syllable is >= 0 and < SCount)
        {
            output.Add(LBase + (syllable / NCount));
            output.Add(VBase + (syllable % NCount / TCount));
            if (syllable % TCount != 0)
            {
                output.Add(TBase + (syllable % TCount));
            }

            return;
        }

        if (!data.TryDecompose(codePoint, out var mapping))
        {
            output.Add(codePoint);
            return;
        }

        Decompose(data, mapping.First, output);
        if (mapping.Second >= 0)
        {
            Decompose(data, mapping.Second, output);
        }
    }

    private static int Compose(Uts46Data data, int first, int second)
    {
        // Section 3.12: a leading and a vowel jamo make an LV syllable; an LV syllable and a trailing jamo an LVT one.
        if (first is >= LBase and < LBase + LCount && second is >= VBase and < VBase + VCount)
        {
            return SBase + ((((first - LBase) * VCount) + (second - VBase)) * TCount);
        }

        var syllable = first - SBase;
        if (syllable is >= 0 and < SCount && syllable % TCount == 0 && second is > TBase and < TBase + TCount)
        {
            return first + (second - TBase);
        }

        return data.Compose(first, second);
    }
}
