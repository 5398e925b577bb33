using System.Globalization;
using System.Text;
using JsWebSocketHost.Url.Idna;

namespace JsWebSocketHost.Url;

/// <summary>
/// The host parser of the URL Standard: domains (with IDNA), IPv4 and IPv6 addresses and opaque
/// hosts, plus their serializers. Hosts are returned in serialized form.
/// </summary>
/// <remarks>
/// <para>Spec: <see href="https://url.spec.whatwg.org/#host-parsing"/>.</para>
/// <para>
/// IDNA ("domain to ASCII" with beStrict false): ASCII domains without an "xn--" label are just lowercased (the spec's
/// fast path); every other domain goes through UTS #46 ToASCII (<see cref="Uts46"/>), this host's own implementation
/// with its own Unicode data, so it gives the same results with or without ICU.
/// </para>
/// </remarks>
internal static class HostParser
{

    /// <summary>
    /// Parses a host string and returns the serialized host, or <see langword="null"/> on failure.
    /// </summary>
    /// <param name="input">The host string, e.g. <c>EXAMPLE.com</c>, <c>[::1]</c> or <c>0x7f.1</c>.
    /// It must be a scalar value string (no lone surrogates).</param>
    /// <param name="isOpaque"><see langword="true"/> for URLs that are not special: the host is then
    /// an opaque host (percent-encoded, no IDNA or IPv4 processing).</param>
    /// <returns>The serialized host (a domain, dotted IPv4, bracketed IPv6, opaque host or the empty
    /// string), or <see langword="null"/> on failure.</returns>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#concept-host-parser"/>.</remarks>
    public static string? Parse(string input, bool isOpaque = false)
    {
        ArgumentNullException.ThrowIfNull(input);

        // Step 1: if input starts with U+005B ([), then:
        if (input.Length > 0 && input[0] == '[')
        {
            // Step 1.1: if input does not end with U+005D (]), IPv6-unclosed, return failure.
            if (input.Length < 2 || input[^1] != ']')
            {
                return null;
            }

            // Step 1.2: return the result of IPv6 parsing input without the brackets.
            ushort[]? address = ParseIPv6(input.AsSpan(1, input.Length - 2));
            return address is null ? null : "[" + SerializeIPv6(address) + "]";
        }

        // Step 2: if isOpaque is true, then return the result of opaque-host parsing input.
        if (isOpaque)
        {
            return ParseOpaqueHost(input);
        }

        // Step 3: assert: input is not the empty string.
        if (input.Length == 0)
        {
            return null;
        }

        // Step 5: let domain be the UTF-8 decode without BOM of the percent-decoding of input.
        string domain = input.AsSpan().IndexOf('%') >= 0 ? PercentEncoding.PercentDecodeToString(input) : input;

        // Step 6 and 7: let asciiDomain be the result of running the domain parser with domain and
        // false; if it is failure, return failure.
        string? asciiDomain = DomainToAscii(domain);
        if (asciiDomain is null)
        {
            return null;
        }

        // Step 8: if asciiDomain ends in a number, return the result of IPv4 parsing asciiDomain.
        if (EndsInANumber(asciiDomain))
        {
            uint? address = ParseIPv4(asciiDomain);
            return address is null ? null : SerializeIPv4(address.Value);
        }

        // Step 9: return asciiDomain.
        return asciiDomain;
    }

    /// <summary>
    /// Runs the domain parser ("domain to ASCII") with beStrict false: lowercases ASCII domains,
    /// and maps and Punycode-encodes non-ASCII ones.
    /// </summary>
    /// <param name="domain">The domain, already percent-decoded.</param>
    /// <returns>The ASCII domain, or <see langword="null"/> on failure (including an empty result
    /// or a forbidden domain code point).</returns>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#concept-domain-to-ascii"/>. See the
    /// class remarks for how IDNA is done.</remarks>
    public static string? DomainToAscii(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);

        string? result;

        // Step 1 (its note): for an ASCII domain none of whose labels starts with "xn--", UTS #46 ToASCII is ASCII
        // lowercasing.
        if (IsAscii(domain) && !HasAcePrefixedLabel(domain))
        {
            result = AsciiLowercase(domain);
        }
        else
        {
            // Step 1: let result be the result of running UTS #46 ToASCII with domain and the options above.
            // Step 2: if result is a failure value, domain-to-ASCII validation error, return failure.
            result = Uts46.ToAscii(domain);
            if (result is null)
            {
                return null;
            }
        }

        // Step 3.1: if result is the empty string, domain-to-ASCII validation error, return failure.
        if (result.Length == 0)
        {
            return null;
        }

        // Step 3.2: if result contains a forbidden domain code point, domain-invalid-code-point validation error,
        // return failure.
        foreach (char ch in result)
        {
            if (IsForbiddenDomainCodePoint(ch))
            {
                return null;
            }
        }

        // Step 5: return result.
        return result;
    }

    // Whether strictly splitting domain on U+002E gives an item that starts with an ASCII case-insensitive "xn--".
    private static bool HasAcePrefixedLabel(string domain)
    {
        foreach (var range in domain.AsSpan().Split('.'))
        {
            if (domain.AsSpan(range).StartsWith("xn--", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns whether <paramref name="c"/> is a forbidden host code point.</summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#forbidden-host-code-point"/>.</remarks>
    internal static bool IsForbiddenHostCodePoint(int c) => c switch
    {
        0x00 or 0x09 or 0x0A or 0x0D or ' ' or '#' or '/' or ':' or '<' or '>' or '?' or '@' or '[' or '\\' or ']' or '^' or '|' => true,
        _ => false,
    };

    /// <summary>Returns whether <paramref name="c"/> is a forbidden domain code point.</summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#forbidden-domain-code-point"/>.</remarks>
    internal static bool IsForbiddenDomainCodePoint(int c) =>
        IsForbiddenHostCodePoint(c) || c <= 0x1F || c == '%' || c == 0x7F;

    /// <summary>The ends in a number checker.</summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#ends-in-a-number-checker"/>.</remarks>
    internal static bool EndsInANumber(string input)
    {
        // Step 2 and 3: split on U+002E (.) and drop a trailing empty part.
        ReadOnlySpan<char> span = input.AsSpan();
        if (span.Length > 0 && span[^1] == '.')
        {
            span = span[..^1];
        }

        // Step 4: let last be the last item in parts.
        int lastDot = span.LastIndexOf('.');
        ReadOnlySpan<char> last = lastDot >= 0 ? span[(lastDot + 1)..] : span;

        // Step 5: if last is non-empty and contains only ASCII digits, then return true.
        if (last.Length > 0)
        {
            bool allDigits = true;
            foreach (char ch in last)
            {
                if (!char.IsAsciiDigit(ch))
                {
                    allDigits = false;
                    break;
                }
            }

            if (allDigits)
            {
                return true;
            }
        }

        // Step 6: if parsing last as an IPv4 number does not return failure, then return true.
        // Step 7: return false.
        return ParseIPv4Number(last, out _, out _);
    }

    /// <summary>The IPv4 parser; returns the address or <see langword="null"/> on failure.</summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#concept-ipv4-parser"/>.</remarks>
    internal static uint? ParseIPv4(string input)
    {
        // Step 1: let parts be the result of strictly splitting input on U+002E (.).
        ReadOnlySpan<char> span = input.AsSpan();

        // Step 2: if the last item in parts is the empty string, IPv4-empty-part validation error,
        // and remove it if parts has more than one item.
        if (span.Length > 0 && span[^1] == '.')
        {
            span = span[..^1];
        }

        // Steps 3 to 5: at most 4 parts, each an IPv4 number.
        Span<ulong> numbers = stackalloc ulong[4];
        int count = 0;
        while (true)
        {
            int dot = span.IndexOf('.');
            ReadOnlySpan<char> part = dot >= 0 ? span[..dot] : span;

            // Step 4: if parts's size is greater than 4, IPv4-too-many-parts, return failure.
            if (count == 4)
            {
                return null;
            }

            // Step 6.1 and 6.2: if parsing part fails, IPv4-non-numeric-part, return failure.
            if (!ParseIPv4Number(part, out ulong number, out _))
            {
                return null;
            }

            // Step 6.4: append result[0] to numbers.
            numbers[count++] = number;
            if (dot < 0)
            {
                break;
            }

            span = span[(dot + 1)..];
        }

        // Step 8: if any but the last item in numbers is greater than 255, return failure.
        for (int i = 0; i < count - 1; i++)
        {
            if (numbers[i] > 255)
            {
                return null;
            }
        }

        // Step 9: if the last item is greater than or equal to 256^(5 - size), return failure.
        ulong limit = 1UL << (8 * (5 - count));
        if (numbers[count - 1] >= limit)
        {
            return null;
        }

        // Steps 10 to 13: ipv4 is the last number plus each other number times 256^(3 - index).
        ulong ipv4 = numbers[count - 1];
        for (int counter = 0; counter < count - 1; counter++)
        {
            ipv4 += numbers[counter] << (8 * (3 - counter));
        }

        // Step 14: return ipv4.
        return (uint)ipv4;
    }

    /// <summary>
    /// The IPv4 number parser. Values above 2^32 are clamped to 2^32, which every caller treats as
    /// out of range exactly as it would the mathematical value.
    /// </summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#ipv4-number-parser"/>.</remarks>
    internal static bool ParseIPv4Number(ReadOnlySpan<char> input, out ulong value, out bool validationError)
    {
        value = 0;

        // Step 1: if input is the empty string, then return failure.
        if (input.IsEmpty)
        {
            validationError = false;
            return false;
        }

        // Step 2 and 3: validationError is false and R is 10.
        validationError = false;
        int radix = 10;

        // Step 4: a "0x" or "0X" prefix selects radix 16.
        if (input.Length >= 2 && input[0] == '0' && (input[1] == 'x' || input[1] == 'X'))
        {
            validationError = true;
            input = input[2..];
            radix = 16;
        }

        // Step 5: otherwise a leading "0" (with more after it) selects radix 8.
        else if (input.Length >= 2 && input[0] == '0')
        {
            validationError = true;
            input = input[1..];
            radix = 8;
        }

        // Step 6: if input is the empty string, then return (0, true).
        if (input.IsEmpty)
        {
            return true;
        }

        // Step 7 and 8: every code point must be a radix-R digit; compute the value.
        const ulong Clamp = 1UL << 32;
        ulong result = 0;
        foreach (char ch in input)
        {
            int digit;
            if (ch >= '0' && ch <= '9')
            {
                digit = ch - '0';
            }
            else if (radix == 16 && PercentEncoding.IsAsciiHexDigit(ch))
            {
                digit = PercentEncoding.HexValue(ch);
            }
            else
            {
                return false;
            }

            if (digit >= radix)
            {
                return false;
            }

            result = (result * (ulong)radix) + (ulong)digit;
            if (result > Clamp)
            {
                result = Clamp;
            }
        }

        // Step 9: return (output, validationError).
        value = result;
        return true;
    }

    /// <summary>The IPv4 serializer.</summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#concept-ipv4-serializer"/>.</remarks>
    internal static string SerializeIPv4(uint address)
    {
        // Step 3: for each i in 1 to 4, prepend n % 256 and a dot; n = floor(n / 256). Written
        // front to back here.
        return string.Create(CultureInfo.InvariantCulture, $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}");
    }

    /// <summary>The IPv6 parser; returns the 8 pieces or <see langword="null"/> on failure.</summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#concept-ipv6-parser"/>.</remarks>
    internal static ushort[]? ParseIPv6(ReadOnlySpan<char> input)
    {
        // Step 1 to 4: address is all zeros, pieceIndex 0, compress null, pointer at the start.
        var address = new ushort[8];
        int pieceIndex = 0;
        int compress = -1;
        int pointer = 0;

        // Step 5: if c is U+003A (:), then:
        if (At(input, pointer) == ':')
        {
            // Step 5.1: if remaining does not start with U+003A (:), IPv6-invalid-compression.
            if (At(input, pointer + 1) != ':')
            {
                return null;
            }

            // Step 5.2 and 5.3: increase pointer by 2, pieceIndex by 1, and set compress.
            pointer += 2;
            pieceIndex++;
            compress = pieceIndex;
        }

        // Step 6: while c is not the EOF code point:
        while (At(input, pointer) != -1)
        {
            // Step 6.1: if pieceIndex is 8, IPv6-too-many-pieces, return failure.
            if (pieceIndex == 8)
            {
                return null;
            }

            // Step 6.2: if c is U+003A (:), then:
            if (At(input, pointer) == ':')
            {
                // Step 6.2.1: if compress is non-null, IPv6-multiple-compression, return failure.
                if (compress != -1)
                {
                    return null;
                }

                // Step 6.2.2: increase pointer and pieceIndex by 1, set compress, continue.
                pointer++;
                pieceIndex++;
                compress = pieceIndex;
                continue;
            }

            // Step 6.3 and 6.4: read up to 4 ASCII hex digits into value.
            int value = 0;
            int length = 0;
            while (length < 4 && PercentEncoding.IsAsciiHexDigit(At(input, pointer)))
            {
                value = (value * 0x10) + PercentEncoding.HexValue(At(input, pointer));
                pointer++;
                length++;
            }

            // Step 6.5: if c is U+002E (.), then parse an IPv4 address in the last 2 pieces.
            if (At(input, pointer) == '.')
            {
                // Step 6.5.1: if length is 0, IPv4-in-IPv6-invalid-code-point, return failure.
                if (length == 0)
                {
                    return null;
                }

                // Step 6.5.2: decrease pointer by length.
                pointer -= length;

                // Step 6.5.3: if pieceIndex is greater than 6, IPv4-in-IPv6-too-many-pieces.
                if (pieceIndex > 6)
                {
                    return null;
                }

                // Step 6.5.4: let numbersSeen be 0.
                int numbersSeen = 0;

                // Step 6.5.5: while c is not the EOF code point:
                while (At(input, pointer) != -1)
                {
                    // Step 6.5.5.1: let ipv4Piece be null.
                    int ipv4Piece = -1;

                    // Step 6.5.5.2: after the first number a U+002E (.) must follow (at most 4).
                    if (numbersSeen > 0)
                    {
                        if (At(input, pointer) == '.' && numbersSeen < 4)
                        {
                            pointer++;
                        }
                        else
                        {
                            return null;
                        }
                    }

                    // Step 6.5.5.3: if c is not an ASCII digit, IPv4-in-IPv6-invalid-code-point.
                    if (!IsAsciiDigit(At(input, pointer)))
                    {
                        return null;
                    }

                    // Step 6.5.5.4: while c is an ASCII digit:
                    while (IsAsciiDigit(At(input, pointer)))
                    {
                        // Step 6.5.5.4.1: let number be c interpreted as a decimal number.
                        int number = At(input, pointer) - '0';

                        // Step 6.5.5.4.2: no leading zeros.
                        if (ipv4Piece == -1)
                        {
                            ipv4Piece = number;
                        }
                        else if (ipv4Piece == 0)
                        {
                            return null;
                        }
                        else
                        {
                            ipv4Piece = (ipv4Piece * 10) + number;
                        }

                        // Step 6.5.5.4.3: if ipv4Piece is greater than 255, return failure.
                        if (ipv4Piece > 255)
                        {
                            return null;
                        }

                        // Step 6.5.5.4.4: increase pointer by 1.
                        pointer++;
                    }

                    // Step 6.5.5.5: address[pieceIndex] = address[pieceIndex] * 0x100 + ipv4Piece.
                    address[pieceIndex] = (ushort)((address[pieceIndex] * 0x100) + ipv4Piece);

                    // Step 6.5.5.6 and 6.5.5.7: count the number; move on after 2 and 4 numbers.
                    numbersSeen++;
                    if (numbersSeen == 2 || numbersSeen == 4)
                    {
                        pieceIndex++;
                    }
                }

                // Step 6.5.6: if numbersSeen is not 4, IPv4-in-IPv6-too-few-parts, return failure.
                if (numbersSeen != 4)
                {
                    return null;
                }

                // Step 6.5.7: break.
                break;
            }

            // Step 6.6: otherwise, if c is U+003A (:), increase pointer; EOF after it fails.
            else if (At(input, pointer) == ':')
            {
                pointer++;
                if (At(input, pointer) == -1)
                {
                    return null;
                }
            }

            // Step 6.7: otherwise, if c is not the EOF code point, IPv6-invalid-code-point.
            else if (At(input, pointer) != -1)
            {
                return null;
            }

            // Step 6.9 and 6.10: set address[pieceIndex] to value and increase pieceIndex.
            address[pieceIndex] = (ushort)value;
            pieceIndex++;
        }

        // Step 7: if compress is non-null, move the pieces after it to the end.
        if (compress != -1)
        {
            // Step 7.1 to 7.3: swap pieces from the end.
            int swaps = pieceIndex - compress;
            pieceIndex = 7;
            while (pieceIndex != 0 && swaps > 0)
            {
                (address[pieceIndex], address[compress + swaps - 1]) = (address[compress + swaps - 1], address[pieceIndex]);
                pieceIndex--;
                swaps--;
            }
        }

        // Step 8: otherwise, if pieceIndex is not 8, IPv6-too-few-pieces, return failure.
        else if (pieceIndex != 8)
        {
            return null;
        }

        // Step 9: return address.
        return address;
    }

    /// <summary>The IPv6 serializer (without the brackets).</summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#concept-ipv6-serializer"/>.</remarks>
    internal static string SerializeIPv6(ushort[] address)
    {
        // Step 1: let output be the empty string.
        var output = new StringBuilder(41);

        // Step 2: let compress be the compressed piece index.
        int compress = FindCompressedPieceIndex(address);

        // Step 3: let ignore0 be false.
        bool ignore0 = false;

        // Step 4: for each pieceIndex:
        for (int pieceIndex = 0; pieceIndex < 8; pieceIndex++)
        {
            // Step 4.1 and 4.2: skip the zeros of the compressed run.
            if (ignore0 && address[pieceIndex] == 0)
            {
                continue;
            }

            ignore0 = false;

            // Step 4.3: at the compressed piece, append "::" (or ":" after a piece) and skip.
            if (compress == pieceIndex)
            {
                output.Append(pieceIndex == 0 ? "::" : ":");
                ignore0 = true;
                continue;
            }

            // Step 4.4: append the piece as the shortest lowercase hexadecimal number.
            output.Append(address[pieceIndex].ToString("x", CultureInfo.InvariantCulture));

            // Step 4.5: if pieceIndex is not 7, append U+003A (:).
            if (pieceIndex != 7)
            {
                output.Append(':');
            }
        }

        // Step 5: return output.
        return output.ToString();
    }

    /// <summary>The opaque-host parser.</summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#concept-opaque-host-parser"/>.</remarks>
    internal static string? ParseOpaqueHost(string input)
    {
        // Step 1: if input contains a forbidden host code point, return failure.
        foreach (char ch in input)
        {
            if (IsForbiddenHostCodePoint(ch))
            {
                return null;
            }
        }

        // Step 2 and 3 only report validation errors.
        // Step 4: return the UTF-8 percent-encoding of input using the C0 control set.
        return PercentEncoding.Utf8PercentEncode(input, PercentEncodeSet.C0Control);
    }



    private static int At(ReadOnlySpan<char> input, int pointer) => pointer < input.Length ? input[pointer] : -1;

    private static bool IsAsciiDigit(int c) => c >= '0' && c <= '9';

    private static bool IsAscii(string text)
    {
        foreach (char ch in text)
        {
            if (ch >= 0x80)
            {
                return false;
            }
        }

        return true;
    }

    private static string AsciiLowercase(string text)
    {
        foreach (char ch in text)
        {
            if (char.IsAsciiLetterUpper(ch))
            {
                return string.Create(text.Length, text, static (span, source) =>
                {
                    for (int i = 0; i < source.Length; i++)
                    {
                        char c = source[i];
                        span[i] = char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
                    }
                });
            }
        }

        return text;
    }

    private static int FindCompressedPieceIndex(ushort[] address)
    {
        // Step 1 to 4: longestIndex null, longestSize 1, foundIndex null, foundSize 0.
        int longestIndex = -1;
        int longestSize = 1;
        int foundIndex = -1;
        int foundSize = 0;

        // Step 5: for each pieceIndex, track runs of zero pieces.
        for (int pieceIndex = 0; pieceIndex < 8; pieceIndex++)
        {
            if (address[pieceIndex] != 0)
            {
                if (foundSize > longestSize)
                {
                    longestIndex = foundIndex;
                    longestSize = foundSize;
                }

                foundIndex = -1;
                foundSize = 0;
            }
            else
            {
                if (foundIndex == -1)
                {
                    foundIndex = pieceIndex;
                }

                foundSize++;
            }
        }

        // Step 6: if foundSize is greater than longestSize, return foundIndex.
        if (foundSize > longestSize)
        {
            return foundIndex;
        }

        // Step 7: return longestIndex.
        return longestIndex;
    }
}
