namespace JsWebSocketHost.Url.Idna;

/// <summary>The values of the Unicode property Bidi_Class, in the order uts46.bin numbers them.</summary>
/// <remarks>Spec: https://www.unicode.org/reports/tr9/#Bidirectional_Character_Types.</remarks>
internal enum BidiClass : byte
{
    /// <summary>Left_To_Right.</summary>
    L,

    /// <summary>Right_To_Left.</summary>
    R,

    /// <summary>Arabic_Letter.</summary>
    AL,

    /// <summary>Arabic_Number.</summary>
    AN,

    /// <summary>European_Number.</summary>
    EN,

    /// <summary>European_Separator.</summary>
    ES,

    /// <summary>Common_Separator.</summary>
    CS,

    /// <summary>European_Terminator.</summary>
    ET,

    /// <summary>Other_Neutral.</summary>
    ON,

    /// <summary>Boundary_Neutral.</summary>
    BN,

    /// <summary>Nonspacing_Mark.</summary>
    NSM,

    /// <summary>Any other class (separators, white space, embeddings, overrides, isolates): never allowed in a label
    /// of a Bidi domain name.</summary>
    Other,
}
