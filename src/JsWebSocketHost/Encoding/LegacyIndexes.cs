using System.Buffers.Binary;

namespace JsWebSocketHost.Encodings;

/// <summary>
/// The indexes of the legacy multi-byte encodings, each read from the assembly (<c>Encoding/Indexes/*.bin</c>, made by
/// <c>scripts/encoding/generate-cjk-indexes.py</c>) the first time a decoder needs it, so start-up pays nothing.
/// </summary>
/// <remarks>Spec: https://encoding.spec.whatwg.org/#indexes.</remarks>
internal static class LegacyIndexes
{
    private static readonly Lazy<ushort[]> Jis0208Table = new(() => Read16("jis0208"));
    private static readonly Lazy<ushort[]> Jis0212Table = new(() => Read16("jis0212"));
    private static readonly Lazy<ushort[]> EucKrTable = new(() => Read16("euc-kr"));
    private static readonly Lazy<ushort[]> Gb18030Table = new(() => Read16("gb18030"));
    private static readonly Lazy<int[]> Big5Table = new(() => Read32("big5"));

    /// <summary>Index jis0208, by pointer; 0 where it has no code point.</summary>
    public static ushort[] Jis0208 => Jis0208Table.Value;

    /// <summary>Index jis0212, by pointer; 0 where it has no code point.</summary>
    public static ushort[] Jis0212 => Jis0212Table.Value;

    /// <summary>Index EUC-KR, by pointer; 0 where it has no code point.</summary>
    public static ushort[] EucKr => EucKrTable.Value;

    /// <summary>Index gb18030 (the two-byte part), by pointer; every pointer has a code point.</summary>
    public static ushort[] Gb18030 => Gb18030Table.Value;

    /// <summary>Index Big5, by pointer; 0 where it has no code point.</summary>
    public static int[] Big5 => Big5Table.Value;

    /// <summary>The index code point for <paramref name="pointer"/> in a 16-bit index, or -1 for none.</summary>
    public static int CodePoint(ushort[] index, int pointer) =>
        (uint)pointer < (uint)index.Length && index[pointer] != 0 ? index[pointer] : -1;

    /// <summary>The index gb18030 ranges code point for <paramref name="pointer"/>, or -1 for none.</summary>
    /// <remarks>Spec: https://encoding.spec.whatwg.org/#index-gb18030-ranges-code-point.</remarks>
    public static int Gb18030RangesCodePoint(int pointer)
    {
        // Step 1: pointers between the BMP's ranges and the supplementary planes', or past them, have none.
        if ((pointer > 39419 && pointer < 189000) || pointer > 1237575 || pointer < 0)
        {
            return -1;
        }

        // Step 2: one pointer the ranges do not cover.
        if (pointer == 7457)
        {
            return 0xE7C7;
        }

        // Steps 3-4: the last range that starts at or before pointer; its code point plus the distance into it.
        var pointers = Gb18030Ranges.Pointers;
        var found = pointers.BinarySearch(pointer);
        var range = found >= 0 ? found : ~found - 1;
        return Gb18030Ranges.CodePoints[range] + pointer - pointers[range];
    }

    private static byte[] ReadResource(string name)
    {
        using var stream = typeof(LegacyIndexes).Assembly.GetManifestResourceStream("JsWebSocketHost.Encoding.Indexes." + name + ".bin")
            ?? throw new InvalidOperationException($"The index {name} is missing from the assembly.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static ushort[] Read16(string name)
    {
        var bytes = ReadResource(name);
        var table = new ushort[bytes.Length / 2];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i * 2));
        }

        return table;
    }

    private static int[] Read32(string name)
    {
        var bytes = ReadResource(name);
        var table = new int[bytes.Length / 4];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i * 4));
        }

        return table;
    }
}
