using System.Buffers.Binary;

namespace JsWebSocketHost.Url.Idna;

/// <summary>
/// The data UTS #46 processing needs: the IDNA Mapping Table, the canonical decompositions, compositions and combining
/// classes of Unicode normalization, Bidi_Class, Joining_Type and which code points are marks, all on one Unicode
/// repertoire. Read from the assembly (<c>Url/Idna/uts46.bin</c>,
/// made by <c>scripts/idna/generate-uts46-data.py</c>, whose header gives the layout and sources) the first time a
/// domain with a non-ASCII code point or an "xn--" label is parsed, so start-up pays nothing.
/// </summary>
internal sealed class Uts46Data
{
    private static readonly Lazy<Uts46Data> Loaded = new(Read);

    private readonly int[] _mappingStarts;
    private readonly Uts46Status[] _statuses;
    private readonly int[] _mappings;
    private readonly string _mappingText;
    // Sorted keys, each with its value at the same index, searched by binary search.
    private readonly long[] _compositionPairs;
    private readonly int[] _composites;
    private readonly int[] _decomposed;
    private readonly (int First, int Second)[] _decompositions;
    private readonly int[] _combiningCodePoints;
    private readonly byte[] _combiningClasses;
    private readonly int[] _bidiStarts;
    private readonly BidiClass[] _bidiClasses;
    private readonly int[] _joiningStarts;
    private readonly JoiningType[] _joiningTypes;
    private readonly int[] _markStarts;
    private readonly byte[] _marks;

    private Uts46Data(ReadOnlySpan<byte> data)
    {
        var reader = new Reader(data);

        var count = reader.Int32();
        _mappingStarts = reader.Int32s(count);
        _statuses = [.. reader.Bytes(count).ToArray().Select(status => (Uts46Status)status)];
        _mappings = reader.Int32s(count);

        count = reader.Int32();
        var units = new char[count];
        for (var i = 0; i < count; i++)
        {
            units[i] = (char)reader.UInt16();
        }

        _mappingText = new string(units);

        // The generator writes compositions sorted by (first, second), the other two sorted by code point.
        count = reader.Int32();
        _compositionPairs = new long[count];
        _composites = new int[count];
        for (var i = 0; i < count; i++)
        {
            var first = reader.Int32();
            _compositionPairs[i] = PairKey(first, reader.Int32());
            _composites[i] = reader.Int32();
        }

        count = reader.Int32();
        _decomposed = new int[count];
        _decompositions = new (int, int)[count];
        for (var i = 0; i < count; i++)
        {
            _decomposed[i] = reader.Int32();
            var first = reader.Int32();
            _decompositions[i] = (first, reader.Int32());
        }

        count = reader.Int32();
        _combiningCodePoints = new int[count];
        _combiningClasses = new byte[count];
        for (var i = 0; i < count; i++)
        {
            _combiningCodePoints[i] = reader.Int32();
            _combiningClasses[i] = reader.Bytes(1)[0];
        }

        (_bidiStarts, var bidi) = reader.Runs();
        _bidiClasses = [.. bidi.Select(value => value > (byte)BidiClass.NSM ? BidiClass.Other : (BidiClass)value)];
        (_joiningStarts, var joining) = reader.Runs();
        _joiningTypes = [.. joining.Select(value => (JoiningType)value)];
        (_markStarts, _marks) = reader.Runs();
    }

    /// <summary>The data, read on first use.</summary>
    public static Uts46Data Instance => Loaded.Value;

    /// <summary>The status of <paramref name="codePoint"/> in the IDNA Mapping Table, and its mapping if it has
    /// one (the empty span otherwise).</summary>
    public Uts46Status Lookup(int codePoint, out ReadOnlySpan<char> mapping)
    {
        var row = FindRun(_mappingStarts, codePoint);
        var entry = _mappings[row];
        mapping = entry < 0 ? default : _mappingText.AsSpan(entry >> 8, entry & 0xFF);
        return _statuses[row];
    }

    /// <summary>The primary composite of <paramref name="first"/> and <paramref name="second"/>, or -1.</summary>
    public int Compose(int first, int second)
    {
        var found = Array.BinarySearch(_compositionPairs, PairKey(first, second));
        return found >= 0 ? _composites[found] : -1;
    }

    /// <summary>The canonical decomposition mapping of <paramref name="codePoint"/> (one step, not recursive);
    /// <c>Second</c> is -1 for a singleton. <see langword="false"/> when it has none.</summary>
    public bool TryDecompose(int codePoint, out (int First, int Second) mapping)
    {
        var found = Array.BinarySearch(_decomposed, codePoint);
        mapping = found >= 0 ? _decompositions[found] : default;
        return found >= 0;
    }

    /// <summary>The Canonical_Combining_Class of <paramref name="codePoint"/>.</summary>
    public int CombiningClass(int codePoint)
    {
        if (codePoint < 0x300)
        {
            return 0;
        }

        var found = Array.BinarySearch(_combiningCodePoints, codePoint);
        return found >= 0 ? _combiningClasses[found] : 0;
    }

    /// <summary>The Bidi_Class of <paramref name="codePoint"/>.</summary>
    public BidiClass Bidi(int codePoint) => _bidiClasses[FindRun(_bidiStarts, codePoint)];

    /// <summary>The Joining_Type of <paramref name="codePoint"/>.</summary>
    public JoiningType Joining(int codePoint) => _joiningTypes[FindRun(_joiningStarts, codePoint)];

    /// <summary>Whether <paramref name="codePoint"/>'s General_Category is a Mark (Mn, Mc or Me).</summary>
    public bool IsMark(int codePoint) => _marks[FindRun(_markStarts, codePoint)] != 0;

    private static long PairKey(int first, int second) => ((long)first << 21) | (uint)second;

    // The last run starting at or before codePoint; every table starts at U+0000.
    private static int FindRun(int[] starts, int codePoint)
    {
        var found = Array.BinarySearch(starts, codePoint);
        return found >= 0 ? found : ~found - 1;
    }

    private static Uts46Data Read()
    {
        using var stream = typeof(Uts46Data).Assembly.GetManifestResourceStream("JsWebSocketHost.Url.Idna.uts46.bin")
            ?? throw new InvalidOperationException("The UTS #46 data is missing from the assembly.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return new Uts46Data(bytes);
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public int Int32()
        {
            var value = BinaryPrimitives.ReadInt32LittleEndian(_data[_position..]);
            _position += 4;
            return value;
        }

        public ushort UInt16()
        {
            var value = BinaryPrimitives.ReadUInt16LittleEndian(_data[_position..]);
            _position += 2;
            return value;
        }

        public ReadOnlySpan<byte> Bytes(int count)
        {
            var bytes = _data.Slice(_position, count);
            _position += count;
            return bytes;
        }

        public int[] Int32s(int count)
        {
            var values = new int[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = Int32();
            }

            return values;
        }

        public (int[] Starts, byte[] Values) Runs()
        {
            var count = Int32();
            var starts = new int[count];
            var values = new byte[count];
            for (var i = 0; i < count; i++)
            {
                starts[i] = Int32();
                values[i] = Bytes(1)[0];
            }

            return (starts, values);
        }
    }
}
