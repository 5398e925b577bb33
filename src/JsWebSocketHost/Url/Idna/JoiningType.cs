namespace JsWebSocketHost.Url.Idna;

/// <summary>The values of the Unicode property Joining_Type, in the order uts46.bin numbers them.</summary>
/// <remarks>Spec: https://www.unicode.org/versions/latest/core-spec/chapter-9/#G50034 (Joining_Type), as
/// RFC 5892 appendix A.1 uses it.</remarks>
internal enum JoiningType : byte
{
    /// <summary>Non_Joining.</summary>
    U,

    /// <summary>Join_Causing.</summary>
    C,

    /// <summary>Dual_Joining.</summary>
    D,

    /// <summary>Left_Joining.</summary>
    L,

    /// <summary>Right_Joining.</summary>
    R,

    /// <summary>Transparent.</summary>
    T,
}
