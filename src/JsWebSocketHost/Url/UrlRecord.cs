using System.Globalization;
using System.Text;

namespace JsWebSocketHost.Url;

/// <summary>
/// A URL record of the URL Standard: scheme, credentials, host, port, path, query and fragment,
/// with the serializer, the origin and the getters and setters of the <c>URL</c> interface.
/// </summary>
/// <remarks>
/// <para>Spec: <see href="https://url.spec.whatwg.org/#concept-url"/>; the interface members follow
/// <see href="https://url.spec.whatwg.org/#url-class"/>.</para>
/// <para>Create instances with <see cref="UrlParser.Parse(string, UrlRecord?)"/>. The record is
/// mutable through the <c>Set*</c> methods, which behave like the <c>URL</c> attribute setters
/// (invalid values are ignored, except by <see cref="SetHref(string)"/>).</para>
/// </remarks>
internal sealed class UrlRecord
{
    private readonly List<string> _path = [];

    internal UrlRecord()
    {
    }

    /// <summary>Gets the scheme, an ASCII lowercase string such as <c>https</c> (no colon).</summary>
    public string Scheme { get; internal set; } = string.Empty;

    /// <summary>Gets the percent-encoded username, or the empty string.</summary>
    /// <remarks>This is both the record's username and the <c>URL.username</c> getter.</remarks>
    public string Username { get; internal set; } = string.Empty;

    /// <summary>Gets the percent-encoded password, or the empty string.</summary>
    /// <remarks>This is both the record's password and the <c>URL.password</c> getter.</remarks>
    public string Password { get; internal set; } = string.Empty;

    /// <summary>
    /// Gets the serialized host (a domain, dotted IPv4 address, bracketed IPv6 address, opaque host
    /// or the empty host <c>""</c>), or <see langword="null"/> when the URL has no host.
    /// </summary>
    public string? Host { get; internal set; }

    /// <summary>Gets the port, or <see langword="null"/> when absent or the scheme's default.</summary>
    public int? Port { get; internal set; }

    /// <summary>
    /// Gets the path segments when the path is a list; empty when the URL has an opaque path.
    /// </summary>
    public IReadOnlyList<string> PathSegments => _path;

    /// <summary>
    /// Gets the opaque path (e.g. <c>isbn:9780307476463</c> for <c>urn:isbn:9780307476463</c>), or
    /// <see langword="null"/> when the path is a list of segments.
    /// </summary>
    public string? OpaquePath { get; internal set; }

    /// <summary>
    /// Gets or sets the query without the leading <c>?</c>, or <see langword="null"/>. The setter
    /// stores the value as is (no percent-encoding); it is meant for <c>URLSearchParams</c>'s
    /// "update" steps, which store an already serialized query. Use <see cref="SetSearch"/> for
    /// the <c>URL.search</c> setter.
    /// </summary>
    public string? Query { get; set; }

    /// <summary>Gets the fragment without the leading <c>#</c>, or <see langword="null"/>.</summary>
    public string? Fragment { get; internal set; }

    /// <summary>Gets a value indicating whether the scheme is a special scheme (ftp, file, http,
    /// https, ws or wss).</summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#is-special"/>.</remarks>
    public bool IsSpecial => UrlParser.IsSpecialScheme(Scheme);

    /// <summary>Gets a value indicating whether the username or password is non-empty.</summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#include-credentials"/>.</remarks>
    public bool HasCredentials => Username.Length > 0 || Password.Length > 0;

    /// <summary>Gets a value indicating whether the host is null or empty, or the scheme is
    /// <c>file</c>.</summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#cannot-have-a-username-password-port"/>.</remarks>
    public bool CannotHaveUsernamePasswordPort => string.IsNullOrEmpty(Host) || Scheme == "file";

    /// <summary>Gets a value indicating whether the path is an opaque path.</summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#url-opaque-path"/>.</remarks>
    public bool HasOpaquePath => OpaquePath is not null;

    /// <summary>Gets the ASCII serialization of the URL's origin, as returned by
    /// <c>URL.origin</c>: <c>scheme://host[:port]</c> for ftp, http, https, ws and wss (and for a
    /// blob URL wrapping an http or https URL), otherwise <c>null</c>.</summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#concept-url-origin"/> and
    /// <see href="https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin"/>.
    /// File URLs get an opaque origin.</remarks>
    public string Origin
    {
        get
        {
            switch (Scheme)
            {
                case "blob":
                    // Step 2 to 5: parse the path serialization; its origin counts for http(s).
                    UrlRecord? pathUrl = UrlParser.Parse(SerializePath());
                    if (pathUrl is not null && (pathUrl.Scheme == "http" || pathUrl.Scheme == "https"))
                    {
                        return pathUrl.Origin;
                    }

                    return "null";
                case "ftp":
                case "http":
                case "https":
                case "ws":
                case "wss":
                    // Tuple origin (scheme, host, port, null), serialized.
                    return Port is null
                        ? Scheme + "://" + Host
                        : string.Create(CultureInfo.InvariantCulture, $"{Scheme}://{Host}:{Port.Value}");
                default:
                    // "file" and all other schemes: an opaque origin, serialized as "null".
                    return "null";
            }
        }
    }

    /// <summary>Gets the <c>URL.href</c> value: the URL serialization.</summary>
    public string Href => Serialize();

    /// <summary>Gets the <c>URL.protocol</c> value: the scheme followed by <c>:</c>.</summary>
    public string Protocol => Scheme + ":";

    /// <summary>Gets the <c>URL.host</c> value: the serialized host and, if there is a port,
    /// <c>:</c> and the port; the empty string when the host is null.</summary>
    public string HostAndPort
    {
        get
        {
            // Step 2: if url's host is null, then return the empty string.
            if (Host is null)
            {
                return string.Empty;
            }

            // Step 3 and 4: the host, followed by ":" and the port when there is one.
            return Port is null ? Host : string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port.Value}");
        }
    }

    /// <summary>Gets the <c>URL.hostname</c> value: the serialized host, or the empty string.</summary>
    public string Hostname => Host ?? string.Empty;

    /// <summary>Gets the <c>URL.port</c> value: the port in decimal, or the empty string.</summary>
    public string PortString => Port is null ? string.Empty : Port.Value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Gets the <c>URL.pathname</c> value: the URL path serialization.</summary>
    public string Pathname => SerializePath();

    /// <summary>Gets the <c>URL.search</c> value: <c>?</c> and the query, or the empty string when
    /// the query is null or empty.</summary>
    public string Search => string.IsNullOrEmpty(Query) ? string.Empty : "?" + Query;

    /// <summary>Gets the <c>URL.hash</c> value: <c>#</c> and the fragment, or the empty string when
    /// the fragment is null or empty.</summary>
    public string Hash => string.IsNullOrEmpty(Fragment) ? string.Empty : "#" + Fragment;

    /// <summary>Gets the mutable path list used by the parser.</summary>
    internal List<string> Path => _path;

    /// <summary>Runs the URL serializer.</summary>
    /// <param name="excludeFragment">Whether to leave out the fragment.</param>
    /// <returns>The serialized URL (an ASCII string).</returns>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#concept-url-serializer"/>.</remarks>
    public string Serialize(bool excludeFragment = false)
    {
        // Step 1: let output be url's scheme and U+003A (:) concatenated.
        var output = new StringBuilder(Scheme.Length + 32);
        output.Append(Scheme).Append(':');

        // Step 2: if url's host is non-null:
        if (Host is not null)
        {
            // Step 2.1: append "//".
            output.Append("//");

            // Step 2.2: if url includes credentials, append username[:password]@.
            if (HasCredentials)
            {
                output.Append(Username);
                if (Password.Length > 0)
                {
                    output.Append(':').Append(Password);
                }

                output.Append('@');
            }

            // Step 2.3: append url's host, serialized.
            output.Append(Host);

            // Step 2.4: if url's port is non-null, append ":" and the port.
            if (Port is not null)
            {
                output.Append(':').Append(Port.Value.ToString(CultureInfo.InvariantCulture));
            }
        }

        // Step 3: if host is null, the path is a list of more than one item and path[0] is the
        // empty string, append "/." so the path cannot be read back as a host.
        if (Host is null && !HasOpaquePath && _path.Count > 1 && _path[0].Length == 0)
        {
            output.Append("/.");
        }

        // Step 4: append the result of URL path serializing url.
        AppendPath(output);

        // Step 5: if url's query is non-null, append "?" and the query.
        if (Query is not null)
        {
            output.Append('?').Append(Query);
        }

        // Step 6: if exclude fragment is false and url's fragment is non-null, append "#" and it.
        if (!excludeFragment && Fragment is not null)
        {
            output.Append('#').Append(Fragment);
        }

        // Step 7: return output.
        return output.ToString();
    }

    /// <summary>Returns the URL serialization (<see cref="Href"/>).</summary>
    /// <returns>The serialized URL.</returns>
    public override string ToString() => Serialize();

    /// <summary>Returns a deep copy of this record.</summary>
    /// <returns>A new record with the same components.</returns>
    public UrlRecord Clone()
    {
        var copy = new UrlRecord();
        copy.CopyFrom(this);
        return copy;
    }

    /// <summary>
    /// The <c>URL.href</c> setter: replaces every component with those of the parsed value.
    /// </summary>
    /// <param name="value">An absolute URL string.</param>
    /// <exception cref="ArgumentException">The value does not parse (the <c>URL</c> binding throws
    /// a <c>TypeError</c> for this).</exception>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#dom-url-href"/>.</remarks>
    public void SetHref(string value)
    {
        ArgumentNullException.ThrowIfNull(value);

        // Step 1 and 2: parse; throw on failure.
        UrlRecord parsed = UrlParser.Parse(value) ?? throw new ArgumentException("Invalid URL: " + value, nameof(value));

        // Step 3: set this's URL to parsedURL.
        CopyFrom(parsed);
    }

    /// <summary>The <c>URL.protocol</c> setter: basic URL parses the value followed by <c>:</c>
    /// with the scheme start state as state override.</summary>
    /// <param name="value">The new scheme, with or without a trailing colon.</param>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#dom-url-protocol"/>.</remarks>
    public void SetProtocol(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        UrlParser.BasicParse(value + ":", null, this, ParserState.SchemeStart);
    }

    /// <summary>The <c>URL.username</c> setter.</summary>
    /// <param name="value">The new username; it is UTF-8 percent-encoded with the userinfo set.</param>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#dom-url-username"/>.</remarks>
    public void SetUsername(string value)
    {
        ArgumentNullException.ThrowIfNull(value);

        // Step 1: if this's URL cannot have a username/password/port, then return.
        if (CannotHaveUsernamePasswordPort)
        {
            return;
        }

        // Step 2: set the username given this's URL and the given value.
        Username = PercentEncoding.Utf8PercentEncode(value, PercentEncodeSet.Userinfo);
    }

    /// <summary>The <c>URL.password</c> setter.</summary>
    /// <param name="value">The new password; it is UTF-8 percent-encoded with the userinfo set.</param>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#dom-url-password"/>.</remarks>
    public void SetPassword(string value)
    {
        ArgumentNullException.ThrowIfNull(value);

        // Step 1: if this's URL cannot have a username/password/port, then return.
        if (CannotHaveUsernamePasswordPort)
        {
            return;
        }

        // Step 2: set the password given this's URL and the given value.
        Password = PercentEncoding.Utf8PercentEncode(value, PercentEncodeSet.Userinfo);
    }

    /// <summary>The <c>URL.host</c> setter (host and optional port).</summary>
    /// <param name="value">The new host, optionally followed by <c>:</c> and a port.</param>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#dom-url-host"/>.</remarks>
    public void SetHost(string value)
    {
        ArgumentNullException.ThrowIfNull(value);

        // Step 1: if this's URL has an opaque path, then return.
        if (HasOpaquePath)
        {
            return;
        }

        // Step 2: basic URL parse the given value with host state as state override.
        UrlParser.BasicParse(value, null, this, ParserState.Host);
    }

    /// <summary>The <c>URL.hostname</c> setter (host only).</summary>
    /// <param name="value">The new host.</param>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#dom-url-hostname"/>.</remarks>
    public void SetHostname(string value)
    {
        ArgumentNullException.ThrowIfNull(value);

        // Step 1: if this's URL has an opaque path, then return.
        if (HasOpaquePath)
        {
            return;
        }

        // Step 2: basic URL parse the given value with hostname state as state override.
        UrlParser.BasicParse(value, null, this, ParserState.Hostname);
    }

    /// <summary>The <c>URL.port</c> setter.</summary>
    /// <param name="value">The new port; the empty string removes it, and leading digits are
    /// used (<c>"8080abc"</c> sets 8080).</param>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#dom-url-port"/>.</remarks>
    public void SetPort(string value)
    {
        ArgumentNullException.ThrowIfNull(value);

        // Step 1: if this's URL cannot have a username/password/port, then return.
        if (CannotHaveUsernamePasswordPort)
        {
            return;
        }

        // Step 2: if the given value is the empty string, set the port to null.
        if (value.Length == 0)
        {
            Port = null;
            return;
        }

        // Step 3: otherwise, basic URL parse the given value with port state as state override.
        UrlParser.BasicParse(value, null, this, ParserState.Port);
    }

    /// <summary>The <c>URL.pathname</c> setter.</summary>
    /// <param name="value">The new path.</param>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#dom-url-pathname"/>.</remarks>
    public void SetPathname(string value)
    {
        ArgumentNullException.ThrowIfNull(value);

        // Step 1: if this's URL has an opaque path, then return.
        if (HasOpaquePath)
        {
            return;
        }

        // Step 2: empty this's URL's path.
        _path.Clear();

        // Step 3: basic URL parse the given value with path start state as state override.
        UrlParser.BasicParse(value, null, this, ParserState.PathStart);
    }

    /// <summary>The <c>URL.search</c> setter. The caller owning a <c>URLSearchParams</c> should
    /// re-parse <see cref="Query"/> afterwards.</summary>
    /// <param name="value">The new query, with or without a leading <c>?</c>; the empty string
    /// removes the query.</param>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#dom-url-search"/>.</remarks>
    public void SetSearch(string value)
    {
        ArgumentNullException.ThrowIfNull(value);

        // Step 2: if the given value is the empty string, set url's query to null and return.
        if (value.Length == 0)
        {
            Query = null;
            return;
        }

        // Step 3: let input be the given value with a single leading U+003F (?) removed, if any.
        string input = value[0] == '?' ? value[1..] : value;

        // Step 4: set url's query to the empty string.
        Query = string.Empty;

        // Step 5: basic URL parse input with query state as state override.
        UrlParser.BasicParse(input, null, this, ParserState.Query);
    }

    /// <summary>The <c>URL.hash</c> setter.</summary>
    /// <param name="value">The new fragment, with or without a leading <c>#</c>; the empty string
    /// removes the fragment.</param>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#dom-url-hash"/>.</remarks>
    public void SetHash(string value)
    {
        ArgumentNullException.ThrowIfNull(value);

        // Step 1: if the given value is the empty string, set the fragment to null and return.
        if (value.Length == 0)
        {
            Fragment = null;
            return;
        }

        // Step 2: let input be the given value with a single leading U+0023 (#) removed, if any.
        string input = value[0] == '#' ? value[1..] : value;

        // Step 3: set this's URL's fragment to the empty string.
        Fragment = string.Empty;

        // Step 4: basic URL parse input with fragment state as state override.
        UrlParser.BasicParse(input, null, this, ParserState.Fragment);
    }

    /// <summary>Runs the URL path serializer.</summary>
    /// <remarks>Spec: <see href="https://url.spec.whatwg.org/#url-path-serializer"/>.</remarks>
    internal string SerializePath()
    {
        // Step 1: if url has an opaque path, then return url's path.
        if (OpaquePath is not null)
        {
            return OpaquePath;
        }

        var output = new StringBuilder();
        AppendPath(output);
        return output.ToString();
    }

    /// <summary>Copies every component of <paramref name="other"/> into this record.</summary>
    internal void CopyFrom(UrlRecord other)
    {
        Scheme = other.Scheme;
        Username = other.Username;
        Password = other.Password;
        Host = other.Host;
        Port = other.Port;
        OpaquePath = other.OpaquePath;
        if (!ReferenceEquals(other, this))
        {
            _path.Clear();
            _path.AddRange(other._path);
        }

        Query = other.Query;
        Fragment = other.Fragment;
    }

    private void AppendPath(StringBuilder output)
    {
        // Step 1: if url has an opaque path, then return url's path.
        if (OpaquePath is not null)
        {
            output.Append(OpaquePath);
            return;
        }

        // Step 3: for each segment of url's path: append U+002F (/) followed by segment.
        foreach (string segment in _path)
        {
            output.Append('/').Append(segment);
        }
    }
}
