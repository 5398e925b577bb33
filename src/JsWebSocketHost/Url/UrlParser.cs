using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace JsWebSocketHost.Url;

/// <summary>
/// The URL parser of the URL Standard (the "API URL parser" and the basic URL parser state
/// machine, including the state overrides used by the <c>URL</c> setters).
/// </summary>
/// <remarks>
/// <para>Spec: <see href="https://url.spec.whatwg.org/#concept-basic-url-parser"/> and
/// <see href="https://url.spec.whatwg.org/#api-url-parser"/>.</para>
/// <para>Only UTF-8 is supported as query encoding (the encoding argument is a legacy HTML
/// concept). Validation errors are not reported; only failures are. Blob URL entries are not
/// resolved.</para>
/// </remarks>
internal static class UrlParser
{
    private const int Eof = -1;

    /// <summary>
    /// Parses <paramref name="input"/> against an optional base URL record.
    /// </summary>
    /// <param name="input">The URL string. Lone surrogates are treated as U+FFFD, as after
    /// conversion to a USVString.</param>
    /// <param name="baseUrl">The base URL, or <see langword="null"/>.</param>
    /// <returns>The URL record, or <see langword="null"/> on failure.</returns>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#concept-basic-url-parser"/>.</remarks>
    public static UrlRecord? Parse(string input, UrlRecord? baseUrl = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return BasicParse(input, baseUrl, null, null);
    }

    /// <summary>
    /// The API URL parser: parses <paramref name="baseUrl"/> (when given) and then
    /// <paramref name="input"/> against it, as <c>new URL(input, base)</c> does.
    /// </summary>
    /// <param name="input">The URL string.</param>
    /// <param name="baseUrl">The base URL string, or <see langword="null"/>.</param>
    /// <param name="url">The parsed URL record, or <see langword="null"/> on failure.</param>
    /// <returns><see langword="true"/> when both the base (if any) and the input parse.</returns>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#api-url-parser"/>.</remarks>
    public static bool TryParse(string input, string? baseUrl, [NotNullWhen(true)] out UrlRecord? url)
    {
        ArgumentNullException.ThrowIfNull(input);

        // Step 1: let parsedBase be null.
        UrlRecord? parsedBase = null;

        // Step 2: if base is non-null, parse it; on failure, return failure.
        if (baseUrl is not null)
        {
            parsedBase = BasicParse(baseUrl, null, null, null);
            if (parsedBase is null)
            {
                url = null;
                return false;
            }
        }

        // Step 3: return the result of running the basic URL parser on url with parsedBase.
        url = BasicParse(input, parsedBase, null, null);
        return url is not null;
    }

    /// <summary>
    /// Returns whether <paramref name="input"/> parses against <paramref name="baseUrl"/>, as
    /// <c>URL.canParse(input, base)</c> does.
    /// </summary>
    /// <param name="input">The URL string.</param>
    /// <param name="baseUrl">The base URL string, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when parsing succeeds.</returns>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#dom-url-canparse"/>.</remarks>
    public static bool CanParse(string input, string? baseUrl = null) => TryParse(input, baseUrl, out _);

    /// <summary>Returns whether <paramref name="scheme"/> is a special scheme.</summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#special-scheme"/>.</remarks>
    internal static bool IsSpecialScheme(string scheme) =>
        scheme is "ftp" or "file" or "http" or "https" or "ws" or "wss";

    /// <summary>Returns the default port of a scheme, or <see langword="null"/>.</summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#default-port"/>.</remarks>
    internal static int? DefaultPort(string scheme) => scheme switch
    {
        "ftp" => 21,
        "http" or "ws" => 80,
        "https" or "wss" => 443,
        _ => null,
    };

    /// <summary>
    /// The basic URL parser. Without <paramref name="url"/> it returns a new record or
    /// <see langword="null"/> on failure; with <paramref name="url"/> and
    /// <paramref name="stateOverride"/> it modifies <paramref name="url"/> in place and returns it,
    /// or <see langword="null"/> when the spec returns failure (changes made before the failure
    /// are kept, as in the spec).
    /// </summary>
    [SuppressMessage("Maintainability", "CA1502:Avoid excessive complexity", Justification = "A direct transcription of the spec's state machine.")]
    [SuppressMessage("Maintainability", "CA1505:Avoid unmaintainable code", Justification = "A direct transcription of the spec's state machine.")]
    internal static UrlRecord? BasicParse(string input, UrlRecord? baseUrl, UrlRecord? url, ParserState? stateOverride)
    {
        // The input is a scalar value string: lone surrogates become U+FFFD.
        input = ToScalarValueString(input);

        // Step 1: if url is not given:
        if (url is null)
        {
            // Step 1.1: set url to a new URL.
            url = new UrlRecord();

            // Step 1.2 and 1.3: remove any leading and trailing C0 control or space.
            input = TrimControlOrSpace(input);
        }

        // Step 2 and 3: remove all ASCII tab or newline from input.
        input = RemoveTabAndNewline(input);

        // Whether url is special, kept in step with url's scheme (checked for most code points).
        bool special = IsSpecialScheme(url.Scheme);

        // Step 4: let state be state override if given, or scheme start state otherwise.
        ParserState state = stateOverride ?? ParserState.SchemeStart;

        // Step 5: the encoding is always UTF-8 here.
        // Step 6: let buffer be the empty string.
        var buffer = new StringBuilder();

        // Step 7: let atSignSeen, insideBrackets, and passwordTokenSeen be false.
        bool atSignSeen = false;
        bool insideBrackets = false;
        bool passwordTokenSeen = false;

        // Step 8: let pointer be a pointer for input.
        int pointer = 0;

        // Step 9: keep running the state machine; after a run, stop if pointer points to EOF,
        // otherwise increase pointer by 1.
        while (true)
        {
            int c = pointer < input.Length ? input[pointer] : Eof;
            switch (state)
            {
                case ParserState.SchemeStart:
                    // Step 1: if c is an ASCII alpha, append c, lowercased, and go to scheme state.
                    if (IsAsciiAlpha(c))
                    {
                        buffer.Append((char)(c | 0x20));
                        state = ParserState.Scheme;
                    }

                    // Step 2: otherwise, if state override is not given, go to no scheme state.
                    else if (stateOverride is null)
                    {
                        state = ParserState.NoScheme;
                        pointer--;
                    }

                    // Step 3: otherwise, return failure.
                    else
                    {
                        return null;
                    }

                    break;

                case ParserState.Scheme:
                    // Step 1: if c is an ASCII alphanumeric, "+", "-" or ".", append c, lowercased.
                    if (IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '+' || c == '-' || c == '.')
                    {
                        buffer.Append(IsAsciiAlpha(c) ? (char)(c | 0x20) : (char)c);
                    }

                    // Step 2: otherwise, if c is U+003A (:), then:
                    else if (c == ':')
                    {
                        string newScheme = buffer.ToString();

                        // Step 2.1: if state override is given, then:
                        if (stateOverride is not null)
                        {
                            bool urlSpecial = IsSpecialScheme(url.Scheme);
                            bool bufferSpecial = IsSpecialScheme(newScheme);

                            // Step 2.1.1 and 2.1.2: special-ness cannot change.
                            if (urlSpecial != bufferSpecial)
                            {
                                return url;
                            }

                            // Step 2.1.3: no "file" with credentials or a port.
                            if ((url.HasCredentials || url.Port is not null) && newScheme == "file")
                            {
                                return url;
                            }

                            // Step 2.1.4: a file URL with an empty host keeps its scheme.
                            if (url.Scheme == "file" && url.Host is { Length: 0 })
                            {
                                return url;
                            }
                        }

                        // Step 2.2: set url's scheme to buffer.
                        url.Scheme = newScheme;
                        special = IsSpecialScheme(newScheme);

                        // Step 2.3: if state override is given, drop a default port and return.
                        if (stateOverride is not null)
                        {
                            if (url.Port == DefaultPort(url.Scheme))
                            {
                                url.Port = null;
                            }

                            return url;
                        }

                        // Step 2.4: set buffer to the empty string.
                        buffer.Clear();

                        // Step 2.5: if url's scheme is "file", go to file state.
                        if (url.Scheme == "file")
                        {
                            state = ParserState.File;
                        }

                        // Step 2.6: otherwise, if url is special and base has the same scheme, go
                        // to special relative or authority state.
                        else if (special && baseUrl is not null && baseUrl.Scheme == url.Scheme)
                        {
                            state = ParserState.SpecialRelativeOrAuthority;
                        }

                        // Step 2.7: otherwise, if url is special, go to special authority slashes.
                        else if (special)
                        {
                            state = ParserState.SpecialAuthoritySlashes;
                        }

                        // Step 2.8: otherwise, if remaining starts with "/", go to path or
                        // authority state and increase pointer by 1.
                        else if (Remaining(input, pointer, 0) == '/')
                        {
                            state = ParserState.PathOrAuthority;
                            pointer++;
                        }

                        // Step 2.9: otherwise, set url's path to the empty string and go to
                        // opaque path state.
                        else
                        {
                            url.OpaquePath = string.Empty;
                            state = ParserState.OpaquePath;
                        }
                    }

                    // Step 3: otherwise, if state override is not given, start over in no scheme
                    // state from the first code point.
                    else if (stateOverride is null)
                    {
                        buffer.Clear();
                        state = ParserState.NoScheme;
                        pointer = -1;
                    }

                    // Step 4: otherwise, return failure.
                    else
                    {
                        return null;
                    }

                    break;

                case ParserState.NoScheme:
                    // Step 1: without a usable base, missing-scheme-non-relative-URL, failure.
                    if (baseUrl is null || (baseUrl.HasOpaquePath && c != '#'))
                    {
                        return null;
                    }

                    // Step 2: a fragment-only reference to a base with an opaque path.
                    else if (baseUrl.HasOpaquePath && c == '#')
                    {
                        url.Scheme = baseUrl.Scheme;
                        special = IsSpecialScheme(url.Scheme);
                        url.OpaquePath = baseUrl.OpaquePath;
                        url.Query = baseUrl.Query;
                        url.Fragment = string.Empty;
                        state = ParserState.Fragment;
                    }

                    // Step 3: otherwise, if base's scheme is not "file", go to relative state.
                    else if (baseUrl.Scheme != "file")
                    {
                        state = ParserState.Relative;
                        pointer--;
                    }

                    // Step 4: otherwise, go to file state.
                    else
                    {
                        state = ParserState.File;
                        pointer--;
                    }

                    break;

                case ParserState.SpecialRelativeOrAuthority:
                    // Step 1: "//" continues with special authority ignore slashes state.
                    if (c == '/' && Remaining(input, pointer, 0) == '/')
                    {
                        state = ParserState.SpecialAuthorityIgnoreSlashes;
                        pointer++;
                    }

                    // Step 2: otherwise, go to relative state.
                    else
                    {
                        state = ParserState.Relative;
                        pointer--;
                    }

                    break;

                case ParserState.PathOrAuthority:
                    // Step 1: if c is "/", go to authority state.
                    if (c == '/')
                    {
                        state = ParserState.Authority;
                    }

                    // Step 2: otherwise, go to path state.
                    else
                    {
                        state = ParserState.Path;
                        pointer--;
                    }

                    break;

                case ParserState.Relative:
                    // Step 1: assert: base's scheme is not "file".
                    // Step 2: set url's scheme to base's scheme.
                    url.Scheme = baseUrl!.Scheme;
                    special = IsSpecialScheme(url.Scheme);

                    // Step 3: if c is "/", go to relative slash state.
                    if (c == '/')
                    {
                        state = ParserState.RelativeSlash;
                    }

                    // Step 4: otherwise, if url is special and c is "\", go to relative slash.
                    else if (special && c == '\\')
                    {
                        state = ParserState.RelativeSlash;
                    }

                    // Step 5: otherwise:
                    else
                    {
                        // Step 5.1: copy credentials, host, port, path and query from base.
                        url.Username = baseUrl.Username;
                        url.Password = baseUrl.Password;
                        url.Host = baseUrl.Host;
                        url.Port = baseUrl.Port;
                        url.Path.Clear();
                        url.Path.AddRange(baseUrl.Path);
                        url.Query = baseUrl.Query;

                        // Step 5.2: if c is "?", set query to "" and go to query state.
                        if (c == '?')
                        {
                            url.Query = string.Empty;
                            state = ParserState.Query;
                        }

                        // Step 5.3: otherwise, if c is "#", set fragment to "" and go to fragment.
                        else if (c == '#')
                        {
                            url.Fragment = string.Empty;
                            state = ParserState.Fragment;
                        }

                        // Step 5.4: otherwise, if c is not EOF: null query, shorten the path and
                        // go to path state.
                        else if (c != Eof)
                        {
                            url.Query = null;
                            Shorten(url);
                            state = ParserState.Path;
                            pointer--;
                        }
                    }

                    break;

                case ParserState.RelativeSlash:
                    // Step 1: if url is special and c is "/" or "\", go to special authority
                    // ignore slashes state.
                    if (special && (c == '/' || c == '\\'))
                    {
                        state = ParserState.SpecialAuthorityIgnoreSlashes;
                    }

                    // Step 2: otherwise, if c is "/", go to authority state.
                    else if (c == '/')
                    {
                        state = ParserState.Authority;
                    }

                    // Step 3: otherwise, copy credentials, host and port from base and go to
                    // path state.
                    else
                    {
                        url.Username = baseUrl!.Username;
                        url.Password = baseUrl.Password;
                        url.Host = baseUrl.Host;
                        url.Port = baseUrl.Port;
                        state = ParserState.Path;
                        pointer--;
                    }

                    break;

                case ParserState.SpecialAuthoritySlashes:
                    // Step 1: if c is "/" and remaining starts with "/", skip both.
                    if (c == '/' && Remaining(input, pointer, 0) == '/')
                    {
                        state = ParserState.SpecialAuthorityIgnoreSlashes;
                        pointer++;
                    }

                    // Step 2: otherwise, special-scheme-missing-following-solidus, carry on.
                    else
                    {
                        state = ParserState.SpecialAuthorityIgnoreSlashes;
                        pointer--;
                    }

                    break;

                case ParserState.SpecialAuthorityIgnoreSlashes:
                    // Step 1: if c is neither "/" nor "\", go to authority state.
                    // Step 2: otherwise, special-scheme-missing-following-solidus (skip c).
                    if (c != '/' && c != '\\')
                    {
                        state = ParserState.Authority;
                        pointer--;
                    }

                    break;

                case ParserState.Authority:
                    // Step 1: if c is "@", then:
                    if (c == '@')
                    {
                        // Step 1.2: if atSignSeen is true, prepend "%40" to buffer.
                        if (atSignSeen)
                        {
                            buffer.Insert(0, "%40");
                        }

                        // Step 1.3: set atSignSeen to true.
                        atSignSeen = true;

                        // Step 1.4: for each code point in buffer, split at the first ":" and
                        // percent-encode into username or password.
                        var username = new StringBuilder();
                        var password = new StringBuilder();
                        string bufferText = buffer.ToString();
                        for (int i = 0; i < bufferText.Length; i++)
                        {
                            // Step 1.4.1: the first ":" starts the password.
                            if (bufferText[i] == ':' && !passwordTokenSeen)
                            {
                                passwordTokenSeen = true;
                                continue;
                            }

                            // Step 1.4.2 to 1.4.4: UTF-8 percent-encode with the userinfo set.
                            int length = char.IsHighSurrogate(bufferText[i]) && i + 1 < bufferText.Length ? 2 : 1;
                            PercentEncoding.AppendUtf8PercentEncoded(passwordTokenSeen ? password : username, bufferText.AsSpan(i, length), PercentEncodeSet.Userinfo);
                            i += length - 1;
                        }

                        url.Username += username.ToString();
                        url.Password += password.ToString();

                        // Step 1.5: set buffer to the empty string.
                        buffer.Clear();
                    }

                    // Step 2: otherwise, at the end of the authority:
                    else if (c == Eof || c == '/' || c == '?' || c == '#' || (special && c == '\\'))
                    {
                        // Step 2.1: credentials without a host, host-missing, return failure.
                        if (atSignSeen && buffer.Length == 0)
                        {
                            return null;
                        }

                        // Step 2.2: rewind pointer to the start of the host and go to host state.
                        pointer -= buffer.Length + 1;
                        buffer.Clear();
                        state = ParserState.Host;
                    }

                    // Step 3: otherwise, append c to buffer.
                    else
                    {
                        buffer.Append((char)c);
                    }

                    break;

                case ParserState.Host:
                case ParserState.Hostname:
                    // Step 1: a state override on a file URL goes to file host state.
                    if (stateOverride is not null && url.Scheme == "file")
                    {
                        pointer--;
                        state = ParserState.FileHost;
                    }

                    // Step 2: otherwise, if c is ":" and insideBrackets is false, then:
                    else if (c == ':' && !insideBrackets)
                    {
                        // Step 2.1: if buffer is the empty string, host-missing, return failure.
                        if (buffer.Length == 0)
                        {
                            return null;
                        }

                        // Step 2.2: the hostname setter does not take a port.
                        if (stateOverride == ParserState.Hostname)
                        {
                            return null;
                        }

                        // Step 2.3 and 2.4: host parse buffer; on failure, return failure.
                        string? host = HostParser.Parse(buffer.ToString(), !special);
                        if (host is null)
                        {
                            return null;
                        }

                        // Step 2.5: set url's host, empty buffer, go to port state.
                        url.Host = host;
                        buffer.Clear();
                        state = ParserState.Port;
                    }

                    // Step 3: otherwise, at the end of the host:
                    else if (c == Eof || c == '/' || c == '?' || c == '#' || (special && c == '\\'))
                    {
                        pointer--;

                        // Step 3.1: a special URL needs a host, host-missing, return failure.
                        if (special && buffer.Length == 0)
                        {
                            return null;
                        }

                        // Step 3.2: a setter cannot empty the host of a URL with credentials or a
                        // port.
                        else if (stateOverride is not null && buffer.Length == 0 && (url.HasCredentials || url.Port is not null))
                        {
                            return null;
                        }

                        // Step 3.3 and 3.4: host parse buffer; on failure, return failure.
                        string? host = HostParser.Parse(buffer.ToString(), !special);
                        if (host is null)
                        {
                            return null;
                        }

                        // Step 3.5: set url's host, empty buffer, go to path start state.
                        url.Host = host;
                        buffer.Clear();
                        state = ParserState.PathStart;

                        // Step 3.6: if state override is given, then return.
                        if (stateOverride is not null)
                        {
                            return url;
                        }
                    }

                    // Step 4: otherwise, track brackets and append c to buffer.
                    else
                    {
                        if (c == '[')
                        {
                            insideBrackets = true;
                        }

                        if (c == ']')
                        {
                            insideBrackets = false;
                        }

                        buffer.Append((char)c);
                    }

                    break;

                case ParserState.Port:
                    // Step 1: if c is an ASCII digit, append c to buffer.
                    if (IsAsciiDigit(c))
                    {
                        buffer.Append((char)c);
                    }

                    // Step 2: otherwise, at the end of the port (or any code point with a state
                    // override):
                    else if (c == Eof || c == '/' || c == '?' || c == '#' || (special && c == '\\') || stateOverride is not null)
                    {
                        // Step 2.1: if buffer is not the empty string:
                        if (buffer.Length != 0)
                        {
                            // Step 2.1.1 and 2.1.2: the port must be a 16-bit unsigned integer.
                            int port = 0;
                            for (int i = 0; i < buffer.Length; i++)
                            {
                                port = (port * 10) + (buffer[i] - '0');
                                if (port > 65535)
                                {
                                    return null;
                                }
                            }

                            // Step 2.1.3: the scheme's default port is stored as null.
                            url.Port = port == DefaultPort(url.Scheme) ? null : port;

                            // Step 2.1.4: set buffer to the empty string.
                            buffer.Clear();

                            // Step 2.1.5: if state override is given, then return.
                            if (stateOverride is not null)
                            {
                                return url;
                            }
                        }

                        // Step 2.2: if state override is given, then return failure.
                        if (stateOverride is not null)
                        {
                            return null;
                        }

                        // Step 2.3: go to path start state and decrease pointer by 1.
                        state = ParserState.PathStart;
                        pointer--;
                    }

                    // Step 3: otherwise, port-invalid, return failure.
                    else
                    {
                        return null;
                    }

                    break;

                case ParserState.File:
                    // Step 1 and 2: set url's scheme to "file" and host to the empty string.
                    url.Scheme = "file";
                    special = true;
                    url.Host = string.Empty;

                    // Step 3: if c is "/" or "\", go to file slash state.
                    if (c == '/' || c == '\\')
                    {
                        state = ParserState.FileSlash;
                    }

                    // Step 4: otherwise, if base is a file URL, then:
                    else if (baseUrl is not null && baseUrl.Scheme == "file")
                    {
                        // Step 4.1: copy host, path and query from base.
                        url.Host = baseUrl.Host;
                        url.Path.Clear();
                        url.Path.AddRange(baseUrl.Path);
                        url.Query = baseUrl.Query;

                        // Step 4.2: if c is "?", set query to "" and go to query state.
                        if (c == '?')
                        {
                            url.Query = string.Empty;
                            state = ParserState.Query;
                        }

                        // Step 4.3: otherwise, if c is "#", set fragment to "" and go to fragment.
                        else if (c == '#')
                        {
                            url.Fragment = string.Empty;
                            state = ParserState.Fragment;
                        }

                        // Step 4.4: otherwise, if c is not the EOF code point:
                        else if (c != Eof)
                        {
                            // Step 4.4.1: set url's query to null.
                            url.Query = null;

                            // Step 4.4.2: shorten the path unless the rest starts with a Windows
                            // drive letter.
                            if (!StartsWithWindowsDriveLetter(input, pointer))
                            {
                                Shorten(url);
                            }

                            // Step 4.4.3: otherwise, file-invalid-Windows-drive-letter, set path
                            // to the empty list.
                            else
                            {
                                url.Path.Clear();
                            }

                            // Step 4.4.4: go to path state and decrease pointer by 1.
                            state = ParserState.Path;
                            pointer--;
                        }
                    }

                    // Step 5: otherwise, go to path state and decrease pointer by 1.
                    else
                    {
                        state = ParserState.Path;
                        pointer--;
                    }

                    break;

                case ParserState.FileSlash:
                    // Step 1: if c is "/" or "\", go to file host state.
                    if (c == '/' || c == '\\')
                    {
                        state = ParserState.FileHost;
                    }

                    // Step 2: otherwise:
                    else
                    {
                        // Step 2.1: if base is a file URL, take its host and drive letter.
                        if (baseUrl is not null && baseUrl.Scheme == "file")
                        {
                            // Step 2.1.1: set url's host to base's host.
                            url.Host = baseUrl.Host;

                            // Step 2.1.2: keep base's normalized Windows drive letter.
                            if (!StartsWithWindowsDriveLetter(input, pointer)
                                && baseUrl.Path.Count > 0
                                && IsWindowsDriveLetter(baseUrl.Path[0], normalizedOnly: true))
                            {
                                url.Path.Add(baseUrl.Path[0]);
                            }
                        }

                        // Step 2.2: go to path state and decrease pointer by 1.
                        state = ParserState.Path;
                        pointer--;
                    }

                    break;

                case ParserState.FileHost:
                    // Step 1: if c is EOF, "/", "\", "?" or "#", then decrease pointer and:
                    if (c == Eof || c == '/' || c == '\\' || c == '?' || c == '#')
                    {
                        pointer--;

                        // Step 1.1: a Windows drive letter is not a host; it stays in buffer for
                        // the path state.
                        if (stateOverride is null && IsWindowsDriveLetter(buffer, normalizedOnly: false))
                        {
                            state = ParserState.Path;
                        }

                        // Step 1.2: otherwise, if buffer is the empty string, then:
                        else if (buffer.Length == 0)
                        {
                            // Step 1.2.1: set url's host to the empty string.
                            url.Host = string.Empty;

                            // Step 1.2.2: if state override is given, then return.
                            if (stateOverride is not null)
                            {
                                return url;
                            }

                            // Step 1.2.3: go to path start state.
                            state = ParserState.PathStart;
                        }

                        // Step 1.3: otherwise:
                        else
                        {
                            // Step 1.3.1 and 1.3.2: host parse buffer; on failure, return failure.
                            string? host = HostParser.Parse(buffer.ToString(), !special);
                            if (host is null)
                            {
                                return null;
                            }

                            // Step 1.3.3: "localhost" becomes the empty host.
                            if (host == "localhost")
                            {
                                host = string.Empty;
                            }

                            // Step 1.3.4: set url's host to host.
                            url.Host = host;

                            // Step 1.3.5: if state override is given, then return.
                            if (stateOverride is not null)
                            {
                                return url;
                            }

                            // Step 1.3.6: empty buffer and go to path start state.
                            buffer.Clear();
                            state = ParserState.PathStart;
                        }
                    }

                    // Step 2: otherwise, append c to buffer.
                    else
                    {
                        buffer.Append((char)c);
                    }

                    break;

                case ParserState.PathStart:
                    // Step 1: if url is special, then:
                    if (special)
                    {
                        // Step 1.2: go to path state.
                        state = ParserState.Path;

                        // Step 1.3: if c is neither "/" nor "\", decrease pointer by 1.
                        if (c != '/' && c != '\\')
                        {
                            pointer--;
                        }
                    }

                    // Step 2: otherwise, without state override, "?" starts the query.
                    else if (stateOverride is null && c == '?')
                    {
                        url.Query = string.Empty;
                        state = ParserState.Query;
                    }

                    // Step 3: otherwise, without state override, "#" starts the fragment.
                    else if (stateOverride is null && c == '#')
                    {
                        url.Fragment = string.Empty;
                        state = ParserState.Fragment;
                    }

                    // Step 4: otherwise, if c is not the EOF code point:
                    else if (c != Eof)
                    {
                        // Step 4.1: go to path state.
                        state = ParserState.Path;

                        // Step 4.2: if c is not "/", decrease pointer by 1.
                        if (c != '/')
                        {
                            pointer--;
                        }
                    }

                    // Step 5: otherwise, with state override and a null host, append "" to path.
                    else if (stateOverride is not null && url.Host is null)
                    {
                        url.Path.Add(string.Empty);
                    }

                    break;

                case ParserState.Path:
                    // Step 1: at the end of a segment:
                    if (c == Eof || c == '/' || (special && c == '\\') || (stateOverride is null && (c == '?' || c == '#')))
                    {
                        bool slash = c == '/' || (special && c == '\\');

                        // Step 1.2: if buffer is a double-dot segment, then:
                        if (IsDoubleDotSegment(buffer))
                        {
                            // Step 1.2.1: shorten url's path.
                            Shorten(url);

                            // Step 1.2.2: unless c is a slash, append the empty string.
                            if (!slash)
                            {
                                url.Path.Add(string.Empty);
                            }
                        }

                        // Step 1.3: otherwise, a single-dot segment not followed by a slash
                        // appends the empty string.
                        else if (IsSingleDotSegment(buffer) && !slash)
                        {
                            url.Path.Add(string.Empty);
                        }

                        // Step 1.4: otherwise, if buffer is not a single-dot segment, then:
                        else if (!IsSingleDotSegment(buffer))
                        {
                            // Step 1.4.1: normalize a Windows drive letter as first file segment.
                            if (url.Scheme == "file" && url.Path.Count == 0 && IsWindowsDriveLetter(buffer, normalizedOnly: false))
                            {
                                buffer[1] = ':';
                            }

                            // Step 1.4.2: append buffer to url's path.
                            url.Path.Add(buffer.ToString());
                        }

                        // Step 1.5: set buffer to the empty string.
                        buffer.Clear();

                        // Step 1.6: if c is "?", set query to "" and go to query state.
                        if (c == '?')
                        {
                            url.Query = string.Empty;
                            state = ParserState.Query;
                        }

                        // Step 1.7: if c is "#", set fragment to "" and go to fragment state.
                        if (c == '#')
                        {
                            url.Fragment = string.Empty;
                            state = ParserState.Fragment;
                        }
                    }

                    // Step 2: otherwise, UTF-8 percent-encode c with the path set into buffer.
                    else
                    {
                        pointer = AppendEncodedCodePoint(buffer, input, pointer, PercentEncodeSet.Path);
                    }

                    break;

                case ParserState.OpaquePath:
                    // The opaque path is collected in buffer and stored when the state ends.
                    // Step 1: if c is "?", set query to "" and go to query state.
                    if (c == '?')
                    {
                        url.OpaquePath = buffer.ToString();
                        buffer.Clear();
                        url.Query = string.Empty;
                        state = ParserState.Query;
                    }

                    // Step 2: otherwise, if c is "#", set fragment to "" and go to fragment state.
                    else if (c == '#')
                    {
                        url.OpaquePath = buffer.ToString();
                        buffer.Clear();
                        url.Fragment = string.Empty;
                        state = ParserState.Fragment;
                    }

                    // Step 3: otherwise, if c is U+0020 SPACE: before "?" or "#" append "%20",
                    // otherwise append a space.
                    else if (c == ' ')
                    {
                        int next = Remaining(input, pointer, 0);
                        if (next == '?' || next == '#')
                        {
                            buffer.Append("%20");
                        }
                        else
                        {
                            buffer.Append(' ');
                        }
                    }

                    // Step 4: otherwise, if c is not EOF, UTF-8 percent-encode c with the C0
                    // control set.
                    else if (c != Eof)
                    {
                        pointer = AppendEncodedCodePoint(buffer, input, pointer, PercentEncodeSet.C0Control);
                    }
                    else
                    {
                        url.OpaquePath = buffer.ToString();
                        buffer.Clear();
                    }

                    break;

                case ParserState.Query:
                    // Step 1: the encoding is UTF-8 for every URL here.
                    // Step 2: at "#" (without state override) or EOF, encode buffer into query:
                    if ((stateOverride is null && c == '#') || c == Eof)
                    {
                        // Step 2.1: the special-query set for special URLs, else the query set.
                        PercentEncodeSet set = special ? PercentEncodeSet.SpecialQuery : PercentEncodeSet.Query;

                        // Step 2.2: percent-encode after encoding and append to url's query.
                        var encoded = new StringBuilder(url.Query ?? string.Empty, buffer.Length + (url.Query?.Length ?? 0));
                        PercentEncoding.AppendUtf8PercentEncoded(encoded, buffer.ToString().AsSpan(), set);
                        url.Query = encoded.ToString();

                        // Step 2.3: set buffer to the empty string.
                        buffer.Clear();

                        // Step 2.4: if c is "#", set fragment to "" and go to fragment state.
                        if (c == '#')
                        {
                            url.Fragment = string.Empty;
                            state = ParserState.Fragment;
                        }
                    }

                    // Step 3: otherwise, if c is not the EOF code point, append c to buffer.
                    else if (c != Eof)
                    {
                        buffer.Append((char)c);
                    }

                    break;

                case ParserState.Fragment:
                    // Step 1: if c is not EOF, UTF-8 percent-encode c with the fragment set and
                    // append it to url's fragment (collected in buffer, stored at EOF).
                    if (c != Eof)
                    {
                        pointer = AppendEncodedCodePoint(buffer, input, pointer, PercentEncodeSet.Fragment);
                    }
                    else
                    {
                        url.Fragment = (url.Fragment ?? string.Empty) + buffer.ToString();
                        buffer.Clear();
                    }

                    break;
            }

            if (pointer >= input.Length)
            {
                break;
            }

            pointer++;
        }

        // Step 10: return url.
        return url;
    }

    /// <summary>Shortens a URL's path.</summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#shorten-a-urls-path"/>.</remarks>
    private static void Shorten(UrlRecord url)
    {
        // Step 1 and 2: url does not have an opaque path; let path be url's path.
        List<string> path = url.Path;

        // Step 3: a file URL's lone normalized Windows drive letter stays.
        if (url.Scheme == "file" && path.Count == 1 && IsWindowsDriveLetter(path[0], normalizedOnly: true))
        {
            return;
        }

        // Step 4: remove path's last item, if any.
        if (path.Count > 0)
        {
            path.RemoveAt(path.Count - 1);
        }
    }

    /// <summary>
    /// UTF-8 percent-encodes the code point at <paramref name="pointer"/> (a surrogate pair counts as
    /// one) and returns the pointer of its last UTF-16 unit.
    /// </summary>
    private static int AppendEncodedCodePoint(StringBuilder output, string input, int pointer, PercentEncodeSet set)
    {
        char ch = input[pointer];
        if (char.IsHighSurrogate(ch) && pointer + 1 < input.Length && char.IsLowSurrogate(input[pointer + 1]))
        {
            PercentEncoding.AppendUtf8PercentEncoded(output, char.ConvertToUtf32(ch, input[pointer + 1]), set);
            return pointer + 1;
        }

        PercentEncoding.AppendUtf8PercentEncoded(output, ch, set);
        return pointer;
    }

    /// <summary>Returns the code unit at offset <paramref name="offset"/> of remaining, or EOF.</summary>
    private static int Remaining(string input, int pointer, int offset)
    {
        int index = pointer + 1 + offset;
        return index >= 0 && index < input.Length ? input[index] : Eof;
    }

    /// <summary>Whether the text is a (normalized) Windows drive letter.</summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#windows-drive-letter"/>.</remarks>
    private static bool IsWindowsDriveLetter(string text, bool normalizedOnly) =>
        text.Length == 2 && IsAsciiAlpha(text[0]) && (text[1] == ':' || (!normalizedOnly && text[1] == '|'));

    private static bool IsWindowsDriveLetter(StringBuilder text, bool normalizedOnly) =>
        text.Length == 2 && IsAsciiAlpha(text[0]) && (text[1] == ':' || (!normalizedOnly && text[1] == '|'));

    /// <summary>Whether the code point substring from <paramref name="pointer"/> starts with a
    /// Windows drive letter.</summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#start-with-a-windows-drive-letter"/>.</remarks>
    private static bool StartsWithWindowsDriveLetter(string input, int pointer)
    {
        int length = input.Length - pointer;

        // Its length is greater than or equal to 2 and its first two code points are a drive letter.
        if (length < 2 || !IsAsciiAlpha(input[pointer]) || (input[pointer + 1] != ':' && input[pointer + 1] != '|'))
        {
            return false;
        }

        // Its length is 2 or its third code point is "/", "\", "?" or "#".
        return length == 2 || input[pointer + 2] is '/' or '\\' or '?' or '#';
    }

    /// <summary>Whether buffer is "." or an ASCII case-insensitive "%2e".</summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#single-dot-path-segment"/>.</remarks>
    private static bool IsSingleDotSegment(StringBuilder buffer) => buffer.Length switch
    {
        1 => buffer[0] == '.',
        3 => IsEncodedDot(buffer, 0),
        _ => false,
    };

    /// <summary>Whether buffer is "..", ".%2e", "%2e." or "%2e%2e" (ASCII case-insensitive).</summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#double-dot-path-segment"/>.</remarks>
    private static bool IsDoubleDotSegment(StringBuilder buffer) => buffer.Length switch
    {
        2 => buffer[0] == '.' && buffer[1] == '.',
        4 => (buffer[0] == '.' && IsEncodedDot(buffer, 1)) || (IsEncodedDot(buffer, 0) && buffer[3] == '.'),
        6 => IsEncodedDot(buffer, 0) && IsEncodedDot(buffer, 3),
        _ => false,
    };

    private static bool IsEncodedDot(StringBuilder buffer, int index) =>
        buffer[index] == '%' && buffer[index + 1] == '2' && (buffer[index + 2] == 'e' || buffer[index + 2] == 'E');

    private static bool IsAsciiAlpha(int c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    private static bool IsAsciiDigit(int c) => c >= '0' && c <= '9';

    /// <summary>Replaces lone surrogates with U+FFFD (USVString conversion).</summary>
    private static string ToScalarValueString(string input)
    {
        int i = 0;
        for (; i < input.Length; i++)
        {
            char ch = input[i];
            if (char.IsSurrogate(ch))
            {
                if (char.IsHighSurrogate(ch) && i + 1 < input.Length && char.IsLowSurrogate(input[i + 1]))
                {
                    i++;
                    continue;
                }

                break;
            }
        }

        if (i >= input.Length)
        {
            return input;
        }

        char[] chars = input.ToCharArray();
        for (int j = i; j < chars.Length; j++)
        {
            if (char.IsHighSurrogate(chars[j]) && j + 1 < chars.Length && char.IsLowSurrogate(chars[j + 1]))
            {
                j++;
            }
            else if (char.IsSurrogate(chars[j]))
            {
                chars[j] = '\uFFFD';
            }
        }

        return new string(chars);
    }

    /// <summary>Removes leading and trailing C0 control or space (U+0000 to U+0020).</summary>
    private static string TrimControlOrSpace(string input)
    {
        int start = 0;
        int end = input.Length;
        while (start < end && input[start] <= 0x20)
        {
            start++;
        }

        while (end > start && input[end - 1] <= 0x20)
        {
            end--;
        }

        return start == 0 && end == input.Length ? input : input[start..end];
    }

    /// <summary>Removes all ASCII tab or newline (U+0009, U+000A, U+000D).</summary>
    private static string RemoveTabAndNewline(string input)
    {
        if (input.AsSpan().IndexOfAny('\t', '\n', '\r') < 0)
        {
            return input;
        }

        var builder = new StringBuilder(input.Length);
        foreach (char ch in input)
        {
            if (ch != '\t' && ch != '\n' && ch != '\r')
            {
                builder.Append(ch);
            }
        }

        return builder.ToString();
    }
}

/// <summary>The states of the basic URL parser.</summary>
/// <remarks>Spec: <see href="https://url.spec.whatwg.org/#concept-basic-url-parser"/>.</remarks>
internal enum ParserState
{
    /// <summary>Scheme start state.</summary>
    SchemeStart,

    /// <summary>Scheme state.</summary>
    Scheme,

    /// <summary>No scheme state.</summary>
    NoScheme,

    /// <summary>Special relative or authority state.</summary>
    SpecialRelativeOrAuthority,

    /// <summary>Path or authority state.</summary>
    PathOrAuthority,

    /// <summary>Relative state.</summary>
    Relative,

    /// <summary>Relative slash state.</summary>
    RelativeSlash,

    /// <summary>Special authority slashes state.</summary>
    SpecialAuthoritySlashes,

    /// <summary>Special authority ignore slashes state.</summary>
    SpecialAuthorityIgnoreSlashes,

    /// <summary>Authority state.</summary>
    Authority,

    /// <summary>Host state.</summary>
    Host,

    /// <summary>Hostname state.</summary>
    Hostname,

    /// <summary>Port state.</summary>
    Port,

    /// <summary>File state.</summary>
    File,

    /// <summary>File slash state.</summary>
    FileSlash,

    /// <summary>File host state.</summary>
    FileHost,

    /// <summary>Path start state.</summary>
    PathStart,

    /// <summary>Path state.</summary>
    Path,

    /// <summary>Opaque path state.</summary>
    OpaquePath,

    /// <summary>Query state.</summary>
    Query,

    /// <summary>Fragment state.</summary>
    Fragment,
}
