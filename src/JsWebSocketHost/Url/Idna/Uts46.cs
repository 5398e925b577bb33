using System.Text;

namespace JsWebSocketHost.Url.Idna;

/// <summary>
/// UTS #46 ToASCII, with the options the URL Standard's "domain to ASCII" gives it when beStrict is false:
/// CheckHyphens false, CheckBidi true, CheckJoiners true, UseSTD3ASCIIRules false, Transitional_Processing false,
/// VerifyDnsLength false, IgnoreInvalidPunycode false.
/// </summary>
/// <remarks>
/// <para>Spec: https://www.unicode.org/reports/tr46/#ToASCII and https://url.spec.whatwg.org/#concept-domain-to-ascii.
/// </para>
/// <para>All of it is this host's own code and data (<see cref="Uts46Data"/>), so it behaves the same with or without
/// ICU: .NET's <see cref="System.Globalization.IdnMapping"/> maps nothing under invariant globalization, cannot turn CheckHyphens and
/// VerifyDnsLength off, and does not apply the Bidi rule.</para>
/// </remarks>
internal static class Uts46
{
    /// <summary>Runs ToASCII on <paramref name="domain"/>, a scalar value string.</summary>
    /// <returns>The ASCII domain, or <see langword="null"/> when processing records an error.</returns>
    public static string? ToAscii(string domain)
    {
        var data = Uts46Data.Instance;

        // Processing step 1: map each code point by its status in the IDNA Mapping Table.
        var mapped = new List<int>(domain.Length);
        foreach (var rune in domain.EnumerateRunes())
        {
            switch (data.Lookup(rune.Value, out var mapping))
            {
                case Uts46Status.Mapped:
                    foreach (var mappedRune in mapping.EnumerateRunes())
                    {
                        mapped.Add(mappedRune.Value);
                    }

                    break;
                case Uts46Status.Ignored:
                    break;
                default:
                    // Valid, deviation (nontransitional processing keeps it) and disallowed (left for the
                    // validity criteria to report) code points stay as they are.
                    mapped.Add(rune.Value);
                    break;
            }
        }

        // Processing step 2: normalize the domain name string to Unicode Normalization Form C.
        var normalized = CanonicalNormalizer.ToNfc(mapped);

        // Processing step 3: break the string into labels at U+002E FULL STOP.
        var labels = new List<List<int>>();
        var start = 0;
        for (var i = 0; i <= normalized.Count; i++)
        {
            if (i == normalized.Count || normalized[i] == '.')
            {
                labels.Add(normalized.GetRange(start, i - start));
                start = i + 1;
            }
        }

        // Processing step 4: convert and validate each label.
        for (var i = 0; i < labels.Count; i++)
        {
            var label = labels[i];
            if (StartsWithAcePrefix(label))
            {
                // Step 4.1.1: a label with a non-ASCII code point is an error.
                if (label.Exists(codePoint => codePoint > 0x7F))
                {
                    return null;
                }

                // Step 4.1.2: remove the "xn--" prefix and decode the rest with Punycode; a failure is an error.
                var ace = new StringBuilder(label.Count - 4);
                for (var j = 4; j < label.Count; j++)
                {
                    ace.Append((char)label[j]);
                }

                var decoded = Punycode.Decode(ace.ToString());

                // Step 4.1.3: an empty or all-ASCII result is an error.
                if (decoded is null || decoded.Count == 0 || !decoded.Exists(codePoint => codePoint > 0x7F))
                {
                    return null;
                }

                // Step 4.1.4-5: the decoded label must meet the validity criteria, with its NFC form checked,
                // and replaces the original label.
                if (!IsValidLabel(data, decoded, checkNfc: true))
                {
                    return null;
                }

                labels[i] = decoded;
            }
            else if (!IsValidLabel(data, label, checkNfc: false))
            {
                // Step 4.2: a label without the prefix must meet the validity criteria too.
                return null;
            }
        }

        // Validity criterion 9 (CheckBidi): when the domain name is a Bidi domain name, each label must satisfy
        // the six conditions of RFC 5893 section 2. A Bidi domain name holds a code point of class R, AL or AN
        // (RFC 5893 section 1.4).
        if (labels.Exists(label => label.Exists(codePoint => data.Bidi(codePoint) is BidiClass.R or BidiClass.AL or BidiClass.AN))
            && !labels.TrueForAll(label => SatisfiesBidiRule(data, label)))
        {
            return null;
        }

        // ToASCII step 2: convert each label with a non-ASCII code point to Punycode, with the "xn--" prefix.
        var output = new StringBuilder(domain.Length + 16);
        for (var i = 0; i < labels.Count; i++)
        {
            if (i > 0)
            {
                output.Append('.');
            }

            var label = labels[i];
            if (label.TrueForAll(codePoint => codePoint <= 0x7F))
            {
                foreach (var codePoint in label)
                {
                    output.Append((char)codePoint);
                }

                continue;
            }

            var encoded = Punycode.Encode(label.ToArray());
            if (encoded is null)
            {
                return null;
            }

            output.Append("xn--").Append(encoded);
        }

        // ToASCII steps 3-4 (VerifyDnsLength) do not apply.
        return output.ToString();
    }

    private static bool StartsWithAcePrefix(List<int> label) =>
        label.Count >= 4 && label[0] == 'x' && label[1] == 'n' && label[2] == '-' && label[3] == '-';

    // UTS #46 section 4.1, the validity criteria, with the options above.
    private static bool IsValidLabel(Uts46Data data, List<int> label, bool checkNfc)
    {
        if (label.Count == 0)
        {
            return true;
        }

        // Criterion 1: the label must be in Unicode Normalization Form C.
        if (checkNfc && !CanonicalNormalizer.ToNfc(label).SequenceEqual(label))
        {
            return false;
        }

        // Criteria 2-3 are CheckHyphens'. Criterion 4: without CheckHyphens, the label must not begin with "xn--".
        if (StartsWithAcePrefix(label))
        {
            return false;
        }

        // Criterion 6: the label must not begin with a combining mark (General_Category Mark).
        if (data.IsMark(label[0]))
        {
            return false;
        }

        for (var i = 0; i < label.Count; i++)
        {
            var codePoint = label[i];

            // Criterion 5: the label must not contain U+002E FULL STOP. Criterion 7: each code point must be valid
            // or, in nontransitional processing, a deviation.
            if (codePoint == '.' || data.Lookup(codePoint, out _) is not (Uts46Status.Valid or Uts46Status.Deviation))
            {
                return false;
            }

            // Criterion 8 (CheckJoiners): ZWNJ and ZWJ only in the contexts of RFC 5892 appendix A.1 and A.2.
            if (codePoint is 0x200C or 0x200D && !JoinerIsAllowed(data, label, i))
            {
                return false;
            }
        }

        return true;
    }

    // RFC 5892 appendix A.1 (ZERO WIDTH NON-JOINER) and A.2 (ZERO WIDTH JOINER).
    private static bool JoinerIsAllowed(Uts46Data data, List<int> label, int index)
    {
        // A.1 and A.2 rule 1: if Canonical_Combining_Class(Before(cp)) .eq. Virama then True.
        const int Virama = 9;
        if (index > 0 && data.CombiningClass(label[index - 1]) == Virama)
        {
            return true;
        }

        // A.2: otherwise a ZWJ is not allowed.
        if (label[index] == 0x200D)
        {
            return false;
        }

        // A.1 rule 2: RegExpMatch((Joining_Type:{L,D})(Joining_Type:T)*\u200C(Joining_Type:T)*(Joining_Type:{R,D})).
        var before = index - 1;
        while (before >= 0 && data.Joining(label[before]) == JoiningType.T)
        {
            before--;
        }

        var after = index + 1;
        while (after < label.Count && data.Joining(label[after]) == JoiningType.T)
        {
            after++;
        }

        return before >= 0 && data.Joining(label[before]) is JoiningType.L or JoiningType.D
            && after < label.Count && data.Joining(label[after]) is JoiningType.R or JoiningType.D;
    }

    // RFC 5893 section 2, the Bidi rule. An empty label has no characters the rule can test.
    private static bool SatisfiesBidiRule(Uts46Data data, List<int> label)
    {
        if (label.Count == 0)
        {
            return true;
        }

        // Rule 1: the first character must have Bidi property L, R or AL; R and AL make an RTL label, L an LTR one.
        var first = data.Bidi(label[0]);
        if (first is not (BidiClass.L or BidiClass.R or BidiClass.AL))
        {
            return false;
        }

        var rightToLeft = first != BidiClass.L;
        var hasEuropeanNumber = false;
        var hasArabicNumber = false;
        var last = BidiClass.NSM;
        foreach (var codePoint in label)
        {
            var bidi = data.Bidi(codePoint);

            // Rule 2: an RTL label holds only R, AL, AN, EN, ES, CS, ET, ON, BN and NSM.
            // Rule 5: an LTR label holds only L, EN, ES, CS, ET, ON, BN and NSM.
            var allowed = bidi switch
            {
                BidiClass.R or BidiClass.AL or BidiClass.AN => rightToLeft,
                BidiClass.L => !rightToLeft,
                BidiClass.EN or BidiClass.ES or BidiClass.CS or BidiClass.ET or BidiClass.ON or BidiClass.BN
                    or BidiClass.NSM => true,
                _ => false,
            };
            if (!allowed)
            {
                return false;
            }

            hasEuropeanNumber |= bidi == BidiClass.EN;
            hasArabicNumber |= bidi == BidiClass.AN;
            if (bidi != BidiClass.NSM)
            {
                last = bidi;
            }
        }

        // Rule 3: an RTL label ends with R, AL, EN or AN, then any NSMs; rule 4: it holds EN or AN, not both.
        // Rule 6: an LTR label ends with L or EN, then any NSMs.
        return rightToLeft
            ? last is BidiClass.R or BidiClass.AL or BidiClass.EN or BidiClass.AN && !(hasEuropeanNumber && hasArabicNumber)
            : last is BidiClass.L or BidiClass.EN;
    }
}
