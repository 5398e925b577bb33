using System.Globalization;
using System.Text;

namespace JsWebSocketHost.Tests.Url;

/// <summary>Writes .NET strings as JavaScript string literals, code unit for code unit (lone surrogates too).</summary>
internal static class JsLiteral
{
    /// <summary>A double-quoted literal; everything outside printable ASCII, quotes and backslashes as \uXXXX.</summary>
    public static string Quote(string? text)
    {
        if (text is null)
        {
            return "null";
        }

        var output = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (c is >= ' ' and <= '~' and not '"' and not '\\')
            {
                output.Append(c);
            }
            else
            {
                output.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        return output.Append('"').ToString();
    }
}
