using System.Buffers;
using System.Buffers.Text;
using System.Text;
using Jint;
using Jint.Native;
using Jint.Runtime;
using JsWebSocketHost.WebIdl;

namespace JsWebSocketHost.Hosting;

/// <summary><c>atob</c> and <c>btoa</c>, with HTML's forgiving-base64 rules and their DOMExceptions.</summary>
/// <remarks>Spec: https://html.spec.whatwg.org/multipage/webappapis.html#atob.</remarks>
internal static class Base64Functions
{
    public static void Install(Engine engine)
    {
        Define.Operation(engine, engine.Global, "btoa", 1, (_, args) => Btoa(engine, args));
        Define.Operation(engine, engine.Global, "atob", 1, (_, args) => Atob(engine, args));
    }

    // btoa(DOMString data): throw InvalidCharacterError if data has a code point above U+00FF; otherwise
    // forgiving-base64 encode the bytes those code points stand for.
    private static JsString Btoa(Engine engine, JsValue[] args)
    {
        if (args.Length == 0)
        {
            throw ScriptErrors.NotEnoughArguments(engine, "Window", "btoa", 1, 0);
        }

        var data = TypeConverter.ToString(args[0]);
        var bytes = ArrayPool<byte>.Shared.Rent(Math.Max(data.Length, 1));
        try
        {
            for (var i = 0; i < data.Length; i++)
            {
                if (data[i] > 0xFF)
                {
                    throw ScriptErrors.DomException(engine, "InvalidCharacterError",
                        $"Failed to execute 'btoa': the string has a character outside Latin-1 (U+{(int)data[i]:X4}) at index {i}.");
                }

                bytes[i] = (byte)data[i];
            }

            return new JsString(Convert.ToBase64String(bytes, 0, data.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    // atob(DOMString data): forgiving-base64 decode; failure throws InvalidCharacterError.
    private static JsString Atob(Engine engine, JsValue[] args)
    {
        if (args.Length == 0)
        {
            throw ScriptErrors.NotEnoughArguments(engine, "Window", "atob", 1, 0);
        }

        var data = TypeConverter.ToString(args[0]);
        var decoded = ForgivingBase64Decode(data)
            ?? throw ScriptErrors.DomException(engine, "InvalidCharacterError",
                "Failed to execute 'atob': the string to be decoded is not correctly encoded.");
        return new JsString(Encoding.Latin1.GetString(decoded));
    }

    /// <summary>Forgiving-base64 decode; null on failure.</summary>
    /// <remarks>Spec: https://infra.spec.whatwg.org/#forgiving-base64-decode.</remarks>
    internal static byte[]? ForgivingBase64Decode(string data)
    {
        // Step 1: remove all ASCII whitespace from data.
        var text = new StringBuilder(data.Length);
        foreach (var c in data)
        {
            if (c is not ('\t' or '\n' or '\f' or '\r' or ' '))
            {
                text.Append(c);
            }
        }

        // Step 2: if data's length divides by 4, remove one or two '=' from its end.
        if (text.Length % 4 == 0)
        {
            if (text.Length > 0 && text[^1] == '=')
            {
                text.Length--;
                if (text.Length > 0 && text[^1] == '=')
                {
                    text.Length--;
                }
            }
        }

        // Step 3: if data's length divides by 4 leaving a remainder of 1, return failure.
        if (text.Length % 4 == 1)
        {
            return null;
        }

        // Step 4: if data contains a code point that is not in the base64 alphabet, return failure.
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!(c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '+' or '/'))
            {
                return null;
            }
        }

        // Steps 5-9: decode, discarding the bits left over after the last full byte.
        var padded = text.Append('=', (4 - (text.Length % 4)) % 4).ToString();
        var utf8 = Encoding.ASCII.GetBytes(padded);
        var output = new byte[Base64.GetMaxDecodedFromUtf8Length(utf8.Length)];
        var status = Base64.DecodeFromUtf8(utf8, output, out _, out var written);
        if (status != OperationStatus.Done)
        {
            // .NET rejects non-zero leftover bits, which the forgiving decoder discards: clear them and retry.
            return DecodeDiscardingLeftoverBits(padded);
        }

        return output.AsSpan(0, written).ToArray();
    }

    private static byte[] DecodeDiscardingLeftoverBits(string padded)
    {
        var output = new List<byte>(padded.Length * 3 / 4);
        int buffer = 0, bits = 0;
        foreach (var c in padded)
        {
            if (c == '=')
            {
                break;
            }

            var value = c switch
            {
                >= 'A' and <= 'Z' => c - 'A',
                >= 'a' and <= 'z' => c - 'a' + 26,
                >= '0' and <= '9' => c - '0' + 52,
                '+' => 62,
                _ => 63,
            };
            buffer = (buffer << 6) | value;
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                output.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }

        return [.. output];
    }
}
