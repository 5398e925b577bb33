namespace JsWebSocketHost.Url.Idna;

/// <summary>A code point's status in the IDNA Mapping Table.</summary>
/// <remarks>Spec: https://www.unicode.org/reports/tr46/#IDNA_Mapping_Table.</remarks>
internal enum Uts46Status : byte
{
    /// <summary>The code point is valid, and not modified.</summary>
    Valid,

    /// <summary>The code point is replaced by its mapping.</summary>
    Mapped,

    /// <summary>The code point is kept in nontransitional processing (ß, ς, ZWNJ, ZWJ).</summary>
    Deviation,

    /// <summary>The code point is removed.</summary>
    Ignored,

    /// <summary>The code point is not allowed; a label holding it fails validation.</summary>
    Disallowed,
}
