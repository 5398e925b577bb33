using System.Collections.Frozen;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Encodings;

/// <summary>
/// An encoding of the Encoding Standard that this host can decode: its name, how its decoder is made, and the
/// labels that select it.
/// </summary>
/// <remarks>
/// Spec: https://encoding.spec.whatwg.org/#names-and-labels. Supported: UTF-8, UTF-16LE, UTF-16BE, windows-1252
/// (which "latin1", "ascii" and "iso-8859-1" select) and x-user-defined. The other legacy encodings (the remaining
/// single-byte ones, GBK, gb18030, Big5, EUC-JP, ISO-2022-JP, Shift_JIS, EUC-KR) are not included: their labels
/// are unknown here, so <c>new TextDecoder(label)</c> throws a RangeError as it does for an unknown label.
/// </remarks>
internal sealed class WebEncoding
{
    private readonly Func<EncodingDecoder> _createDecoder;

    private WebEncoding(string name, bool isUnicode, Func<EncodingDecoder> createDecoder)
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

    /// <summary>windows-1252, the encoding every Latin-1 and ASCII label selects.</summary>
    public static WebEncoding Windows1252 { get; } = new("windows-1252", isUnicode: false, static () => new SingleByteDecoder(SingleByteDecoder.Windows1252));

    /// <summary>x-user-defined.</summary>
    public static WebEncoding UserDefined { get; } = new("x-user-defined", isUnicode: false, static () => new SingleByteDecoder(SingleByteDecoder.UserDefined));

    /// <summary>The encoding's name, ASCII lowercased (what <c>TextDecoder.encoding</c> returns).</summary>
    public string Name { get; }

    /// <summary>Whether this is UTF-8, UTF-16BE or UTF-16LE, the encodings whose decoders strip a leading BOM.</summary>
    /// <remarks>Spec: https://encoding.spec.whatwg.org/#concept-td-serialize (step 2.1).</remarks>
    public bool IsUnicode { get; }

    /// <summary>A new instance of the encoding's decoder.</summary>
    public EncodingDecoder CreateDecoder() => _createDecoder();

    /// <summary>"Get an encoding": strip ASCII whitespace, ASCII lowercase, and look the label up.</summary>
    /// <returns>The encoding, or null for failure (an unknown or unsupported label, or a replacement label).</returns>
    /// <remarks>Spec: https://encoding.spec.whatwg.org/#concept-encoding-get.</remarks>
    public static WebEncoding? ForLabel(string label)
    {
        // Steps 1-2: remove leading and trailing ASCII whitespace; match an ASCII case-insensitive label.
        var key = InfraStrings.AsciiLowercase(InfraStrings.StripLeadingAndTrailingAsciiWhitespace(label));
        return Labels.GetValueOrDefault(key);
    }

    // The labels of each supported encoding, from the Encoding Standard's table.
    private static readonly FrozenDictionary<string, WebEncoding> Labels = new (string[] Labels, WebEncoding Encoding)[]
    {
        (["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"], Utf8),
        (["unicodefffe", "utf-16be"], Utf16BE),
        (["csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le"], Utf16LE),
        ([
            "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100",
            "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252",
            "x-cp1252",
        ], Windows1252),
        (["x-user-defined"], UserDefined),
    }
    .SelectMany(static entry => entry.Labels.Select(label => KeyValuePair.Create(label, entry.Encoding)))
    .ToFrozenDictionary(StringComparer.Ordinal);
}
