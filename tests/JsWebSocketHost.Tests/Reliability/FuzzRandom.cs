namespace JsWebSocketHost.Tests.Reliability;

/// <summary>
/// A small seeded generator (SplitMix64) whose sequence is fixed by its seed on every platform and runtime, unlike
/// <see cref="System.Random"/>, whose algorithm may change between .NET versions.
/// </summary>
/// <param name="seed">The run's seed.</param>
/// <param name="stream">Which of the run's independent sequences (for example a case's index).</param>
internal sealed class FuzzRandom(uint seed, int stream)
{
    private ulong _state = ((ulong)seed << 32) ^ (uint)stream ^ 0x9E3779B97F4A7C15UL;

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A number from 0 to <paramref name="bound"/> - 1.</summary>
    public int Next(int bound) => bound <= 1 ? 0 : (int)(NextUInt64() % (ulong)bound);

    /// <summary>A number from <paramref name="min"/> to <paramref name="max"/>, both included.</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => (NextUInt64() >> 11) * (1.0 / (1UL << 53)) < p;

    /// <summary>One of <paramref name="items"/>.</summary>
    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary><paramref name="count"/> random bytes.</summary>
    public byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        for (var i = 0; i < count; i++)
        {
            bytes[i] = (byte)NextUInt64();
        }

        return bytes;
    }
}
