using System.Collections.Frozen;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Encodings;

/// <summary>
/// An encoding of the Encoding Standard: its name, how its decoder is made, and (through <see cref="ForLabel"/>) the
/// labels that select it.
/// </summary>
/// <remarks>
/// Spec: https://encoding.spec.whatwg.org/#names-and-labels. Every encoding and label of the standard is known (see
/// <see cref="EncodingRegistry"/>), and every one but replacement has a decoder: UTF-8, UTF-16LE, UTF-16BE, every
/// legacy single-byte encoding, x-user-defined, and the legacy multi-byte ones (GBK, gb18030, Big5, EUC-JP,
/// ISO-2022-JP, Shift_JIS, EUC-KR), whose indexes are read when first used (<see cref="LegacyIndexes"/>).
/// </remarks>
internal sealed class WebEncoding
{
    private readonly Func<EncodingDecoder>? _createDecoder;

    private WebEncoding(string name, bool isUnicode, Func<EncodingDecoder>? createDecoder)
    {
        Name = name;
        IsUnicode = isUnicode;
        _createDecoder = createDecoder;
    }

    /// <summary>UTF-8, the encoding of the web.</summary>
    public static WebEncoding Utf8 { get; } = new("utf-8", isUnicode: true, static () => new Utf8Decoder());

    /// <summary>UTF-16LE.</summary>
    public static WebEncoding Utf16LE { get; } = new("utf-16le", isUnicode: true, static () => new Utf16Decoder(bigEndian: false));

    /// <summary>UTF-16BE.</summary>
    public static WebEncoding Utf16BE { get; } = new("utf-16be", isUnicode: true, static () => new Utf16Decoder(bigEndian: true));

    /// <summary>x-user-defined.</summary>
    public static WebEncoding UserDefined { get; } = new("x-user-defined", isUnicode: false, static () => new SingleByteDecoder(SingleByteDecoder.UserDefined));

    /// <summary>The replacement encoding, which labels of insecure encodings (ISO-2022-KR, HZ-GB-2312...) select.</summary>
    /// <remarks>Spec: https://encoding.spec.whatwg.org/#replacement.</remarks>
    public static WebEncoding Replacement { get; } = new("replacement", isUnicode: false, createDecoder: null);

    /// <summary>The encoding's name, ASCII lowercased (what <c>TextDecoder.encoding</c> returns).</summary>
    public string Name { get; }

    /// <summary>Whether this is UTF-8, UTF-16BE or UTF-16LE, the encodings whose decoders strip a leading BOM.</summary>
    /// <remarks>Spec: https://encoding.spec.whatwg.org/#concept-td-serialize (step 2.1).</remarks>
    public bool IsUnicode { get; }

    /// <summary>A new instance of the encoding's decoder.</summary>
    /// <exception cref="NotSupportedException">The encoding is replacement, which has no decoder that script can reach.</exception>
    public EncodingDecoder CreateDecoder() =>
        _createDecoder is { } create ? create() : throw new NotSupportedException($"This host has no decoder for {Name}.");

    /// <summary>"Get an encoding": strip ASCII whitespace, ASCII lowercase, and look the label up.</summary>
    /// <returns>The encoding (possibly <see cref="Replacement"/>, or one not supported here), or null for failure.</returns>
    /// <remarks>Spec: https://encoding.spec.whatwg.org/#concept-encoding-get.</remarks>
    public static WebEncoding? ForLabel(string label)
    {
        // Steps 1-2: remove leading and trailing ASCII whitespace; match an ASCII case-insensitive label.
        var key = InfraStrings.AsciiLowercase(InfraStrings.StripLeadingAndTrailingAsciiWhitespace(label));
        return Labels.GetValueOrDefault(key);
    }

    // Every label of the standard's table, to its encoding.
    private static readonly FrozenDictionary<string, WebEncoding> Labels = BuildLabels();

    private static FrozenDictionary<string, WebEncoding> BuildLabels()
    {
        var labels = new Dictionary<string, WebEncoding>(StringComparer.Ordinal);
        foreach (var (name, names, index) in EncodingRegistry.SingleByte)
        {
            var encoding = new WebEncoding(name, isUnicode: false, () => new SingleByteDecoder(index));
            foreach (var label in names)
            {
                labels.Add(label, encoding);
            }
        }

        foreach (var (name, names) in EncodingRegistry.Others)
        {
            var encoding = name switch
            {
                "utf-8" => Utf8,
                "utf-16le" => Utf16LE,
                "utf-16be" => Utf16BE,
                "x-user-defined" => UserDefined,
                "replacement" => Replacement,
                "gbk" or "gb18030" => new WebEncoding(name, isUnicode: false, static () => new Gb18030Decoder()),
                "big5" => new WebEncoding(name, isUnicode: false, static () => new Big5Decoder()),
                "euc-jp" => new WebEncoding(name, isUnicode: false, static () => new EucJpDecoder()),
                "iso-2022-jp" => new WebEncoding(name, isUnicode: false, static () => new Iso2022JpDecoder()),
                "shift_jis" => new WebEncoding(name, isUnicode: false, static () => new ShiftJisDecoder()),
                "euc-kr" => new WebEncoding(name, isUnicode: false, static () => new EucKrDecoder()),
                _ => new WebEncoding(name, isUnicode: false, createDecoder: null),
            };
            foreach (var label in names)
            {
                labels.Add(label, encoding);
            }
        }

        return labels.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
