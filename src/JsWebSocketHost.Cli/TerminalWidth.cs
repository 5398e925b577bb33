using System.Globalization;
using System.Text;

namespace JsWebSocketHost.Cli;

/// <summary>
/// How many terminal columns text takes: East Asian wide and fullwidth characters (CJK, Hangul, fullwidth forms) and
/// most emoji take two, combining marks and format characters none, everything else one; and where the characters
/// of a string start, so that the cursor moves by whole characters (a surrogate pair is one).
/// </summary>
internal static class TerminalWidth
{
    /// <summary>The columns <paramref name="rune"/> takes.</summary>
    public static int Of(Rune rune)
    {
        var value = rune.Value;
        if (value < 0x300)
        {
            return value < 0x20 ? 0 : 1;
        }

        switch (Rune.GetUnicodeCategory(rune))
        {
            case UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format:
                return 0;
        }

        return value is (>= 0x1100 and <= 0x115F) or (>= 0x2E80 and <= 0x303E) or (>= 0x3041 and <= 0x33FF)
            or (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xA000 and <= 0xA4CF)
            or (>= 0xAC00 and <= 0xD7A3) or (>= 0xF900 and <= 0xFAFF) or (>= 0xFE30 and <= 0xFE4F)
            or (>= 0xFF00 and <= 0xFF60) or (>= 0xFFE0 and <= 0xFFE6) or (>= 0x1F300 and <= 0x1F64F)
            or (>= 0x1F900 and <= 0x1F9FF) or (>= 0x20000 and <= 0x3FFFD)
            ? 2
            : 1;
    }

    /// <summary>The columns <paramref name="text"/> takes.</summary>
    public static int Of(ReadOnlySpan<char> text)
    {
        var columns = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            columns += Of(rune);
        }

        return columns;
    }

    /// <summary>Where the character before <paramref name="index"/> starts (a surrogate pair is one character).</summary>
    public static int Previous(string text, int index) =>
        index >= 2 && char.IsLowSurrogate(text[index - 1]) && char.IsHighSurrogate(text[index - 2]) ? index - 2 : Math.Max(0, index - 1);

    /// <summary>Where the character after the one at <paramref name="index"/> starts.</summary>
    public static int Next(string text, int index) =>
        index + 1 < text.Length && char.IsHighSurrogate(text[index]) && char.IsLowSurrogate(text[index + 1]) ? index + 2 : Math.Min(text.Length, index + 1);
}
