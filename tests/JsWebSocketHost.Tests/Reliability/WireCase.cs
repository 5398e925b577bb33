namespace JsWebSocketHost.Tests.Reliability;

/// <summary>
/// One case of the wire fuzzer: the bytes a raw server sends after a correct 101, in which writes, and how the server
/// ends the TCP connection afterwards.
/// </summary>
/// <param name="Index">The case's number (its path is <c>/case/{Index}</c>).</param>
/// <param name="Bytes">Everything sent after the 101 response.</param>
/// <param name="Splits">Offsets at which the bytes are split into separate writes (a few ms apart); empty for one write.</param>
/// <param name="Reset">True to end with a TCP reset right after writing; false to end with FIN (after the client's Close reply when one is due).</param>
/// <param name="Steps">How the bytes were made, for a failure message.</param>
internal sealed record WireCase(int Index, byte[] Bytes, IReadOnlyList<int> Splits, bool Reset, IReadOnlyList<string> Steps)
{
    /// <summary>The bytes as hex, cut after <paramref name="max"/> bytes.</summary>
    public string Hex(int max = 600) =>
        Convert.ToHexString(Bytes.AsSpan(0, Math.Min(Bytes.Length, max))) + (Bytes.Length > max ? $"…({Bytes.Length} bytes)" : "");
}
